import InfragenCore

/// Templates validated together as one network: `Fn::ImportValue` of another template's export
/// becomes the exported value, so a group, subnet or load balancer of another stack is known.
///
/// Each template is judged in a view of its own: its resources, parameters and sections as
/// written, beside the other templates' resources (renamed `ID@file` where a logical ID is taken).
struct StackSet: Sendable {
  /// One template's view of the network.
  struct View: Sendable {
    /// The template with the others' resources added and imports resolved.
    var template: Template
    /// The resources that are the template's own.
    var own: Set<LogicalID>
    /// The template each resource comes from.
    var origins: [LogicalID: Int]
  }

  let templates: [Template]
  /// The exports of every template.
  let exports: [Export]
  /// The templates each template is linked to: those it imports from, and those importing
  /// from it.
  let neighbors: [[Int]]
  /// The other templates of each template's network, which its view holds: not only its
  /// neighbours, since two stacks that import one group from a third reach each other.
  let others: [[Int]]

  /// The templates, their exports and their links.
  init(templates: [Template]) {
    self.templates = templates
    let exports = Self.exports(of: templates)
    self.exports = exports
    var linked = [Set<Int>](repeating: [], count: templates.count)
    if !exports.isEmpty {
      for (index, template) in templates.enumerated() {
        for name in Self.imports(template) {
          guard let text = Self.text(name, parameters: template.parameters, stackName: "*"),
            let export = Self.export(named: text, in: exports), export.stack != index
          else { continue }
          linked[index].insert(export.stack)
          linked[export.stack].insert(index)
        }
      }
    }
    neighbors = linked.map { $0.sorted() }
    var others = [[Int]](repeating: [], count: templates.count)
    for network in Self.networks(neighbors) {
      for index in network { others[index] = network.filter { $0 != index } }
    }
    self.others = others
  }

  /// An export: its name as a pattern (`*` for `${AWS::StackName}`), its value, its template.
  struct Export {
    var pattern: [Substring]
    var value: TemplateValue
    var stack: Int
  }

  /// The exports of every template.
  static func exports(of templates: [Template]) -> [Export] {
    var result: [Export] = []
    for (index, template) in templates.enumerated() {
      for output in template.outputs {
        guard let name = output.value["Export"]?["Name"], let value = output.value["Value"],
          let text = Self.text(name, parameters: template.parameters, stackName: "*")
        else { continue }
        result.append(
          Export(pattern: text.split(separator: "*", omittingEmptySubsequences: false), value: value, stack: index))
      }
    }
    return result
  }

  /// A name as text: a literal, or an `Fn::Sub` with parameters replaced by their defaults and
  /// `AWS::StackName` by `stackName`; `nil` when it depends on anything else.
  static func text(_ value: TemplateValue, parameters: Fields, stackName: String) -> String? {
    switch value {
    case .string(let text): return text
    case .intrinsic(.sub(let text, let variables)):
      var result = ""
      var rest = text[...]
      while let start = rest.firstIndex(of: "$"), rest[rest.index(after: start)...].first == "{" {
        result += rest[..<start]
        let open = rest.index(start, offsetBy: 2)
        guard let close = rest[open...].firstIndex(of: "}") else { return nil }
        let name = String(rest[open..<close])
        rest = rest[rest.index(after: close)...]
        if name == "AWS::StackName" {
          result += stackName
        } else if let variable = variables[name],
          let inner = Self.text(variable, parameters: parameters, stackName: stackName)
        {
          result += inner
        } else if let fallback = parameters[name]?["Default"]?.stringValue {
          result += fallback
        } else if name == "AWS::Region" || name == "AWS::AccountId" {
          result += "*"
        } else {
          return nil
        }
      }
      return result + rest
    case .intrinsic(.ref(let name)):
      return parameters[name]?["Default"]?.stringValue
    default: return nil
    }
  }

  /// Whether an import's name matches an export's pattern.
  static func matches(_ name: String, _ pattern: [Substring]) -> Bool {
    guard let first = pattern.first else { return false }
    if pattern.count == 1 { return name == first }
    guard name.hasPrefix(first), let last = pattern.last, name.hasSuffix(last),
      name.count >= first.count + last.count
    else { return false }
    var rest = name.dropFirst(first.count).dropLast(last.count)
    for middle in pattern.dropFirst().dropLast() where !middle.isEmpty {
      guard let range = rest.firstRange(of: middle) else { return false }
      rest = rest[range.upperBound...]
    }
    return true
  }

  /// The export an import of `name` (as text, `*` where unknown) takes.
  static func export(named name: String, in exports: [Export]) -> Export? {
    exports.first { Self.matches(name, $0.pattern) || Self.matches(name.replacing("*", with: ""), $0.pattern) }
  }

  /// The templates in networks: two templates are in one when one imports what the other
  /// exports, directly or through others. Each network lists its templates in order, and the
  /// networks are in the order of their first template.
  var networks: [[Int]] { Self.networks(neighbors) }

  /// The connected parts of a graph given by each node's neighbours, each in order, in the
  /// order of their first node.
  static func networks(_ neighbors: [[Int]]) -> [[Int]] {
    var network = [Int](repeating: -1, count: neighbors.count)
    var networks: [[Int]] = []
    for start in neighbors.indices where network[start] < 0 {
      var members: [Int] = []
      var queue = [start]
      network[start] = networks.count
      while let next = queue.popLast() {
        members.append(next)
        for other in neighbors[next] where network[other] < 0 {
          network[other] = networks.count
          queue.append(other)
        }
      }
      networks.append(members.sorted())
    }
    return networks
  }

  /// The names of every `Fn::ImportValue` in a template's resources, as written.
  static func imports(_ template: Template) -> [TemplateValue] {
    var names: [TemplateValue] = []
    func visit(_ value: TemplateValue) {
      switch value {
      case .intrinsic(.function(.importValue, let name)): names.append(name)
      case .list(let items): items.forEach(visit)
      case .object(let fields): fields.forEach { visit($0.value) }
      case .intrinsic(.if(_, let a, let b)):
        visit(a)
        visit(b)
      case .intrinsic(.sub(_, let variables)): variables.forEach { visit($0.value) }
      case .intrinsic(.function(_, let argument)): visit(argument)
      default: break
      }
    }
    for resource in template.resources {
      if let properties = resource.properties { visit(.object(properties)) }
    }
    return names
  }

  /// The view of template `index`.
  func view(_ index: Int) -> View {
    var merged = templates[index]
    let own = Set(merged.resources.map(\.logicalID))
    var taken = own
    var renames: [Int: [String: String]] = [:]
    for other in others[index] {
      let template = templates[other]
      let stem = Self.stem(template.source?.file ?? "stack\(other + 1)")
      var names: [String: String] = [:]
      for resource in template.resources {
        var name = resource.logicalID.rawValue
        if taken.contains(resource.logicalID) { name = "\(name)@\(stem)" }
        taken.insert(LogicalID(name))
        names[resource.logicalID.rawValue] = name
      }
      for parameter in template.parameters.keys where merged.parameters[parameter] != nil {
        names[parameter] = "\(parameter)@\(stem)"
      }
      renames[other] = names
    }
    func resolveImports(_ value: TemplateValue, parameters: Fields) -> TemplateValue {
      switch value {
      case .intrinsic(.function(.importValue, let name)):
        guard let text = Self.text(name, parameters: parameters, stackName: "*"),
          let export = Self.export(named: text, in: exports)
        else { return value }
        if export.stack == index { return export.value }
        return Self.rename(export.value, renames[export.stack] ?? [:])
      case .list(let items): return .list(items.map { resolveImports($0, parameters: parameters) })
      case .object(let fields):
        var result = Fields()
        for field in fields { result.appendUnchecked(field.key, resolveImports(field.value, parameters: parameters)) }
        return .object(result)
      case .intrinsic(.if(let condition, let a, let b)):
        return .intrinsic(
          .if(condition, resolveImports(a, parameters: parameters), resolveImports(b, parameters: parameters)))
      case .intrinsic(.sub(let text, let variables)):
        var resolved = Fields()
        for variable in variables {
          resolved.appendUnchecked(variable.key, resolveImports(variable.value, parameters: parameters))
        }
        return .intrinsic(.sub(text, resolved))
      case .intrinsic(.function(let function, let argument)):
        return .intrinsic(.function(function, resolveImports(argument, parameters: parameters)))
      default: return value
      }
    }
    for index in merged.resources.indices {
      if let properties = merged.resources[index].properties,
        case .object(let resolved) = resolveImports(.object(properties), parameters: merged.parameters)
      {
        merged.resources[index].properties = resolved
      }
    }
    for other in others[index] {
      let template = templates[other]
      let names = renames[other] ?? [:]
      for parameter in template.parameters {
        merged.parameters.appendUnchecked(names[parameter.key] ?? parameter.key, parameter.value)
      }
      for condition in template.conditions where merged.conditions[condition.key] == nil {
        merged.conditions.appendUnchecked(condition.key, condition.value)
      }
      for mapping in template.mappings where merged.mappings[mapping.key] == nil {
        merged.mappings.appendUnchecked(mapping.key, mapping.value)
      }
      for resource in template.resources {
        var copy = resource
        copy.logicalID = LogicalID(names[resource.logicalID.rawValue] ?? resource.logicalID.rawValue)
        copy.metadata = nil
        if let properties = resource.properties,
          case .object(let renamed) = Self.rename(.object(properties), names),
          case .object(let resolved) = resolveImports(.object(renamed), parameters: template.parameters)
        {
          copy.properties = resolved
        }
        copy.dependsOn = []
        merged.resources.append(copy)
      }
    }
    merged.source = templates[index].source
    var origins: [LogicalID: Int] = [:]
    for other in others[index] {
      for (_, name) in renames[other] ?? [:] { origins[LogicalID(name)] = other }
    }
    for id in own { origins[id] = index }
    return View(template: merged, own: own, origins: origins)
  }

  /// `api` for `stacks/api.json`.
  static func stem(_ file: String) -> String {
    let name = file.split(separator: "/").last.map(String.init) ?? file
    return name.split(separator: ".").first.map(String.init) ?? name
  }

  /// A value with its references renamed.
  static func rename(_ value: TemplateValue, _ names: [String: String]) -> TemplateValue {
    guard !names.isEmpty else { return value }
    switch value {
    case .list(let items): return .list(items.map { rename($0, names) })
    case .object(let fields):
      var result = Fields()
      for field in fields { result.appendUnchecked(field.key, rename(field.value, names)) }
      return .object(result)
    case .intrinsic(.ref(let id)): return .intrinsic(.ref(names[id] ?? id))
    case .intrinsic(.getAtt(let id, let attribute)): return .intrinsic(.getAtt(names[id] ?? id, attribute))
    case .intrinsic(.sub(let text, let variables)):
      var renamed = text
      for name in Uses.subNames(text) {
        guard let new = names[name] else { continue }
        renamed = renamed.replacing("${\(name)}", with: "${\(new)}").replacing("${\(name).", with: "${\(new).")
      }
      var fields = Fields()
      for variable in variables { fields.appendUnchecked(variable.key, rename(variable.value, names)) }
      return .intrinsic(.sub(renamed, fields))
    case .intrinsic(.if(let condition, let a, let b)):
      return .intrinsic(.if(condition, rename(a, names), rename(b, names)))
    case .intrinsic(.function(.importValue, _)):
      // An import's name is read with its own template's parameters, when imports resolve.
      return value
    case .intrinsic(.function(let function, let argument)):
      return .intrinsic(.function(function, rename(argument, names)))
    default: return value
    }
  }
}

extension Topology {
  /// The topology of each template in its view of the network that the templates form together
  /// (imports resolved to the exports of the others), with the logical IDs that are its own.
  public static func views(of templates: [Template]) -> [(topology: Topology, own: Set<LogicalID>)] {
    guard templates.count > 1 else {
      return templates.map { (Topology($0), Set($0.resources.map(\.logicalID))) }
    }
    let set = StackSet(templates: templates)
    return templates.indices.map { index in
      let view = set.view(index)
      return (Topology(view.template), view.own)
    }
  }
}
