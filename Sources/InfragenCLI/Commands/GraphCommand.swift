import InfragenCore
import InfragenValidation

/// `infragen graph`: the reachability graph of a template, with policy violations marked.
enum GraphCommand {
  static let spec = CommandSpec(
    name: "graph",
    abstract: "Draw which workloads reach which, and on which ports, as Graphviz DOT or Mermaid.",
    usage: "infragen graph [FILE] [--config FILE] [--env NAME] [--format mermaid|dot] [--output FILE]",
    options: CommandSpec.configurationOptions + [
      .init(
        name: "--format", valueName: "format", allowed: ["mermaid", "dot"], defaultValue: "mermaid",
        help: "The graph language."),
      .init(
        name: "--output", short: "-o", valueName: "file",
        help: "Write the graph to this file (atomically) instead of standard output."),
    ],
    arguments: (
      name: "file", help: "A CloudFormation template, JSON or YAML. Without it, the reference stack as configured."
    ),
    discussion:
      "Nodes are workloads (with the groups they carry) and the sources that reach them; edges are flows. Flows the policy does not allow are drawn red and dashed, labelled with the rule."
  )

  static func run(_ arguments: ParsedArguments) throws(CLIError) -> CommandResult {
    guard arguments.positionals.count <= 1 else {
      throw .usage("Expected at most one template, found \(arguments.positionals.count)", command: spec.name)
    }
    try TemplateInput.refuseConfigurationWithFiles(arguments.positionals, arguments, command: spec.name)
    let output = OutputTarget(arguments.value("--output"))
    let template: Template
    if let file = arguments.positionals.first {
      try output.check(inputs: [(file, "a template")])
      template = try TemplateInput.read(file)
    } else {
      try output.check(
        inputs: try TemplateInput.configurationPath(arguments).map { [($0, "the configuration file")] } ?? [])
      template = try TemplateInput.lowered(arguments).0
    }
    let graph = ReachabilityGraph(template)
    return try output.deliver(arguments.value("--format") == "dot" ? graph.dot() : graph.mermaid())
  }
}

/// Nodes and edges of a template's reachability: the internet and other sources, each workload
/// with the groups it carries, each flow with its protocol and ports.
struct ReachabilityGraph {
  struct Node: Hashable {
    var id: String
    var label: String
  }

  struct Edge: Hashable {
    var from: String
    var to: String
    var label: String
    var violation: String?
  }

  var nodes: [Node] = []
  var edges: [Edge] = []

  init(_ template: Template) {
    let context = ValidationContext(template: template)
    let topology = context.topology
    let findings = Validator().validate(context).filter { $0.suppression == nil && $0.severity == .error }
    var violations: [Diagnostic.Location: String] = [:]
    for finding in findings where violations[finding.location] == nil { violations[finding.location] = finding.rule }
    var nodeIDs = Set<String>()
    func add(_ id: String, _ label: String) -> String {
      if nodeIDs.insert(id).inserted { nodes.append(Node(id: id, label: label)) }
      return id
    }
    func node(_ source: Flow.Source) -> String {
      switch source {
      case .internet(let block): return add("internet", "Internet (\(block))")
      case .cidr(let block): return add("cidr_" + Self.sanitize(block), block)
      case .workload(let id): return workload(id)
      case .group(let id): return add("group_" + Self.sanitize(id.rawValue), "\(id.rawValue)<br/>(no workload)")
      case .prefixList(let list): return add("prefix_" + Self.sanitize(list), "prefix list \(list)")
      case .external(let what): return add("external_" + Self.sanitize(what), "external: \(what)")
      }
    }
    func workload(_ id: LogicalID) -> String {
      guard let workload = topology.workload(id) else { return add(Self.sanitize(id.rawValue), id.rawValue) }
      let groups = workload.groups.map { peer -> String in
        if case .group(let group) = peer { return group.rawValue }
        return peer.description
      }
      let label = (["\(workload.role.rawValue) \(id.rawValue)"] + groups).joined(separator: "<br/>")
      return add(Self.sanitize(id.rawValue), label)
    }
    for item in topology.workloads { _ = workload(item.resource) }
    var seen = Set<Edge>()
    for flow in topology.flows.flows {
      let rule = topology.rules[flow.rule]
      let edge = Edge(
        from: node(flow.source), to: workload(flow.target), label: flow.portDescription,
        violation: violations[rule.location])
      if seen.insert(edge).inserted { edges.append(edge) }
    }
  }

  static func sanitize(_ text: String) -> String {
    String(
      text.unicodeScalars.map { scalar -> Character in
        (scalar.properties.isAlphabetic && scalar.isASCII) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
      })
  }

  static func escape(_ text: String) -> String {
    text.replacing("\"", with: "#quot;")
  }

  func mermaid() -> String {
    var text = "flowchart LR\n"
    for node in nodes {
      text +=
        node.id == "internet"
        ? "  internet((\"\(Self.escape(node.label))\"))\n" : "  \(node.id)[\"\(Self.escape(node.label))\"]\n"
    }
    var red: [Int] = []
    for (index, edge) in edges.enumerated() {
      if let rule = edge.violation {
        text += "  \(edge.from) -. \"\(Self.escape(edge.label)) ✗ \(rule)\" .-> \(edge.to)\n"
        red.append(index)
      } else {
        text += "  \(edge.from) -- \"\(Self.escape(edge.label))\" --> \(edge.to)\n"
      }
    }
    if !red.isEmpty {
      text += "  linkStyle \(red.map(String.init).joined(separator: ",")) stroke:#d00,stroke-width:2px\n"
    }
    return text
  }

  func dot() -> String {
    func quoted(_ text: String) -> String {
      "\"" + text.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"") + "\""
    }
    var text = "digraph reachability {\n  rankdir=LR;\n  node [shape=box];\n"
    for node in nodes {
      let shape = node.id == "internet" ? ", shape=ellipse" : ""
      text += "  \(quoted(node.id)) [label=\(quoted(node.label.replacing("<br/>", with: "\n")))\(shape)];\n"
    }
    for edge in edges {
      if let rule = edge.violation {
        text +=
          "  \(quoted(edge.from)) -> \(quoted(edge.to)) [label=\(quoted("\(edge.label) ✗ \(rule)")), color=red, style=dashed];\n"
      } else {
        text += "  \(quoted(edge.from)) -> \(quoted(edge.to)) [label=\(quoted(edge.label))];\n"
      }
    }
    return text + "}\n"
  }
}
