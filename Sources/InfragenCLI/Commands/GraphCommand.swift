import InfragenCore
import InfragenValidation

/// `infragen graph`: the reachability graph of a template, with policy violations marked.
enum GraphCommand {
  static let spec = CommandSpec(
    name: "graph",
    abstract: "Draw who can reach whom, and on which ports, as Graphviz DOT or Mermaid.",
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
    discussion: "Edges that break the isolation policy are drawn red and dashed, labelled with the rule.")

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

/// Nodes and edges of a template's reachability: the internet, each group with what carries it,
/// each ingress flow with its protocol and ports.
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
    let topology = Topology(template)
    let findings = Validator().validate(template).filter { $0.suppression == nil && $0.severity == .error }
    var violations: [Diagnostic.Location: String] = [:]
    for finding in findings where violations[finding.location] == nil { violations[finding.location] = finding.rule }
    var nodeIDs = Set<String>()
    func node(_ peer: Peer) -> String {
      let id: String
      let label: String
      switch peer {
      case .group(let group):
        id = group.rawValue
        let carriers = topology.workloads.filter { $0.groups.contains(peer) }.map {
          "\($0.role.rawValue) \($0.resource)"
        }
        label = ([group.rawValue] + carriers).joined(separator: "<br/>")
      case .cidr(let block) where peer.isInternet:
        id = "internet"
        label = "Internet (\(block))"
      case .cidr(let block):
        id = "cidr_" + Self.sanitize(block)
        label = block
      case .prefixList(let list):
        id = "prefix_" + Self.sanitize(list)
        label = "prefix list \(list)"
      case .unresolved(let what):
        id = "unresolved_" + Self.sanitize(what)
        label = "unresolved: \(what)"
      }
      if nodeIDs.insert(id).inserted { nodes.append(Node(id: id, label: label)) }
      return id
    }
    for group in topology.groups { _ = node(.group(group)) }
    for rule in topology.rules where rule.direction == .ingress {
      let to = node(rule.owner)
      let from = node(rule.peer)
      edges.append(Edge(from: from, to: to, label: rule.portDescription, violation: violations[rule.location]))
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
