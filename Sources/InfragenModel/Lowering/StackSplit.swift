import InfragenCore

/// One template divided into stacks that deploy one after another: a first part (the
/// environment) and parts seeded with the resources that are theirs (a service's), linked by
/// `Export` and `Fn::ImportValue`.
///
/// Where each resource goes:
/// - a seeded resource goes to its part; one seeded nowhere to the first part, unless it refers
///   to a later one (below);
/// - a resource that the first part's seeds refer to, directly or not, goes to the first part
///   (the load balancer's default target group goes with its listener), so the environment
///   refers to nothing of the services;
/// - a resource that refers to a later part goes to the latest part it refers to (a database's
///   ingress rule from a service's group goes with that service), so every reference points to
///   an earlier part, and the parts deploy in order.
///
/// A reference across parts becomes an `Fn::ImportValue` of an export of the earlier part, named
/// `${Scope}-<LogicalID>` (`-<Attribute>` for an attribute), where `Scope` is a parameter of every
/// part whose default is the environment's name: two environments in one account and region
/// never share a name. A `DependsOn` across parts is dropped (the import orders the deployment).
/// Each part keeps the parameters, conditions and mappings it refers to, the outputs that refer
/// to it, and the declared flows (`Metadata.infragen.flows`) that name one of its resources.
public struct StackSplit: Sendable {
  /// One part: its name and the resources seeded into it.
  public struct Part: Sendable {
    /// The part's name, such as `api` (its file is `api.json`).
    public var name: String
    /// What its template's `Description` says.
    public var description: String
    /// The resources that are its own.
    public var seeds: [LogicalID]

    /// A part.
    public init(_ name: String, description: String, seeds: [LogicalID]) {
      self.name = name
      self.description = description
      self.seeds = seeds
    }
  }

  /// The parameter that scopes the export names.
  public var scopeParameter = "EnvironmentName"
  /// The parameter's default: the environment's name, such as `shop-staging`.
  public var scope: String
  /// The parts in deployment order; the first is the environment, which also takes what its
  /// seeds refer to and every resource seeded nowhere that refers to no later part.
  public var parts: [Part]

  /// A split of `parts` under `scope`.
  public init(scope: String, parts: [Part]) {
    self.scope = scope
    self.parts = parts
  }

  /// The templates of the parts, in order; a part left with no resource is left out.
  public func split(_ template: Template) -> [(name: String, template: Template)] {
    let resourceIDs = Set(template.resources.map(\.logicalID.rawValue))
    var part: [String: Int] = [:]
    for (index, seeded) in parts.enumerated().reversed() {
      for id in seeded.seeds where resourceIDs.contains(id.rawValue) { part[id.rawValue] = index }
    }
    var references: [String: [String]] = [:]
    for resource in template.resources {
      references[resource.logicalID.rawValue] = Names.of(resource, dependsOn: false).resources.filter(
        resourceIDs.contains)
    }
    // What the first part's seeds refer to is the first part's.
    var pending = template.resources.map(\.logicalID.rawValue).filter { part[$0] == 0 }
    while let id = pending.popLast() {
      for target in references[id] ?? [] where (part[target] ?? 0) != 0 {
        part[target] = 0
        pending.append(target)
      }
    }
    // What refers to a later part goes to the latest one it refers to.
    var changed = true
    while changed {
      changed = false
      for resource in template.resources {
        let id = resource.logicalID.rawValue
        let latest = (references[id] ?? []).map { part[$0] ?? 0 }.max() ?? 0
        if latest > part[id] ?? 0 {
          part[id] = latest
          changed = true
        }
      }
    }
    for id in resourceIDs where part[id] == nil { part[id] = 0 }
    var exports: [Int: [Export]] = [:]
    var built: [Template] = []
    for index in parts.indices {
      var output = Template(formatVersion: template.formatVersion, description: parts[index].description)
      output.transform = template.transform
      for resource in template.resources where (part[resource.logicalID.rawValue] ?? 0) == index {
        output.resources.append(
          importing(resource, into: index, part: part, exports: &exports))
      }
      for entry in template.outputs {
        let names = Names.in(entry.value).resources.filter(resourceIDs.contains)
        guard (names.map { part[$0] ?? 0 }.max() ?? 0) == index else { continue }
        output.outputs.appendUnchecked(entry.key, importing(entry.value, into: index, part: part, exports: &exports))
      }
      built.append(output)
    }
    var result: [(name: String, template: Template)] = []
    for index in parts.indices where !built[index].resources.isEmpty {
      var output = built[index]
      for export in (exports[index] ?? []).sorted(by: { $0.outputID < $1.outputID }) {
        output.outputs.appendUnchecked(
          export.outputID,
          .object([
            "Description": .string("\(export.what) for the stacks that deploy after this one"),
            "Value": export.value,
            "Export": .object(["Name": exportName(export.suffix)]),
          ]))
      }
      sections(of: template, into: &output)
      output.metadata = metadata(of: template, for: Set(output.resources.map(\.logicalID.rawValue)))
      result.append((parts[index].name, output))
    }
    return result
  }

  /// An export of a part: its output's ID, its value and the end of its name.
  struct Export: Hashable {
    var outputID: String
    var value: TemplateValue
    var suffix: String
    var what: String
  }

  /// `${Scope}-suffix`.
  func exportName(_ suffix: String) -> TemplateValue {
    .intrinsic(.sub("${\(scopeParameter)}-\(suffix)", [:]))
  }

  /// The import of `id` (its `attribute`, if any) from the part that holds it, recording the
  /// export that part needs.
  func imported(_ id: String, attribute: String?, from holder: Int, exports: inout [Int: [Export]]) -> TemplateValue {
    let attributeWords = attribute.map { $0.split(separator: ".").joined(separator: "-") }
    let suffix = [id, attributeWords].compactMap(\.self).joined(separator: "-")
    let outputID = id + (attribute.map { $0.split(separator: ".").joined() } ?? "") + "Export"
    let value: TemplateValue = attribute.map { .intrinsic(.getAtt(id, $0)) } ?? .intrinsic(.ref(id))
    let what = attribute.map { "\(id).\($0)" } ?? id
    let export = Export(outputID: outputID, value: value, suffix: suffix, what: what)
    if !(exports[holder] ?? []).contains(export) { exports[holder, default: []].append(export) }
    return .intrinsic(.importValue(exportName(suffix)))
  }

  func importing(
    _ resource: Template.Resource, into index: Int, part: [String: Int], exports: inout [Int: [Export]]
  ) -> Template.Resource {
    var copy = resource
    copy.dependsOn = resource.dependsOn.filter { (part[$0.rawValue] ?? 0) == index }
    if let properties = resource.properties,
      case .object(let rewritten) = importing(.object(properties), into: index, part: part, exports: &exports)
    {
      copy.properties = rewritten
    }
    return copy
  }

  /// `value` with each reference to a resource of another part replaced by its import.
  func importing(
    _ value: TemplateValue, into index: Int, part: [String: Int], exports: inout [Int: [Export]]
  ) -> TemplateValue {
    func elsewhere(_ id: String) -> Int? {
      guard let holder = part[id], holder != index else { return nil }
      return holder
    }
    switch value {
    case .list(let items): return .list(items.map { importing($0, into: index, part: part, exports: &exports) })
    case .object(let fields):
      var result = Fields()
      for field in fields {
        result.appendUnchecked(field.key, importing(field.value, into: index, part: part, exports: &exports))
      }
      return .object(result)
    case .intrinsic(.ref(let id)):
      guard let holder = elsewhere(id) else { return value }
      return imported(id, attribute: nil, from: holder, exports: &exports)
    case .intrinsic(.getAtt(let id, let attribute)):
      guard let holder = elsewhere(id) else { return value }
      return imported(id, attribute: attribute, from: holder, exports: &exports)
    case .intrinsic(.sub(let text, let variables)):
      var bound = Fields()
      for variable in variables {
        bound.appendUnchecked(variable.key, importing(variable.value, into: index, part: part, exports: &exports))
      }
      var added: [(String, TemplateValue)] = []
      let rewritten = Intrinsic.rewritingSubReferences(text) { name, attribute in
        guard variables[name] == nil, let holder = elsewhere(name) else { return nil }
        let variable = name + (attribute.map { $0.split(separator: ".").joined() } ?? "") + "Import"
        if !added.contains(where: { $0.0 == variable }) {
          added.append((variable, imported(name, attribute: attribute, from: holder, exports: &exports)))
        }
        return variable
      }
      for (key, imported) in added { bound.appendUnchecked(key, imported) }
      return .intrinsic(.sub(rewritten, bound))
    case .intrinsic(.if(let condition, let whenTrue, let whenFalse)):
      return .intrinsic(
        .if(
          condition, importing(whenTrue, into: index, part: part, exports: &exports),
          importing(whenFalse, into: index, part: part, exports: &exports)))
    case .intrinsic(.function(let function, let argument)):
      return .intrinsic(.function(function, importing(argument, into: index, part: part, exports: &exports)))
    case .intrinsic(.other(let name, let argument)):
      return .intrinsic(.other(name, importing(argument, into: index, part: part, exports: &exports)))
    default: return value
    }
  }

  /// The parameters, conditions and mappings `output` refers to, in the order of `template`,
  /// and the scope parameter when it imports or exports.
  func sections(of template: Template, into output: inout Template) {
    var names = Names()
    for resource in output.resources { names.add(Names.of(resource)) }
    for entry in output.outputs { names.add(Names.in(entry.value)) }
    // Conditions refer to parameters, mappings and other conditions.
    var conditions = Set<String>()
    var pending = names.conditions
    while let condition = pending.popLast() {
      guard conditions.insert(condition).inserted, let definition = template.conditions[condition] else { continue }
      let inner = Names.in(definition)
      names.add(inner)
      pending += inner.conditions
    }
    let parameters = Set(names.resources)
    for parameter in template.parameters where parameters.contains(parameter.key) {
      output.parameters.appendUnchecked(parameter.key, parameter.value)
    }
    if parameters.contains(scopeParameter) || !output.outputs.filter({ $0.value["Export"] != nil }).isEmpty {
      var scoped = Fields()
      scoped.appendUnchecked(scopeParameter, output.parameters[scopeParameter] ?? scopeParameterValue)
      for parameter in output.parameters where parameter.key != scopeParameter {
        scoped.appendUnchecked(parameter.key, parameter.value)
      }
      output.parameters = scoped
    }
    for condition in template.conditions where conditions.contains(condition.key) {
      output.conditions.appendUnchecked(condition.key, condition.value)
    }
    let mappings = Set(names.mappings)
    for mapping in template.mappings where mappings.contains(mapping.key) {
      output.mappings.appendUnchecked(mapping.key, mapping.value)
    }
  }

  /// The scope parameter's declaration.
  var scopeParameterValue: TemplateValue {
    .object([
      "Type": "String",
      "Description": "The environment's name: the prefix of the names this stack exports and imports",
      "Default": .string(scope),
      "AllowedPattern": "^[A-Za-z][A-Za-z0-9-]*$",
    ])
  }

  /// The template's metadata for a part: the declared flows that name one of `resources`, the
  /// mode as declared.
  func metadata(of template: Template, for resources: Set<String>) -> Fields {
    guard let infragen = template.metadata["infragen"]?.objectValue else { return template.metadata }
    var result = Fields()
    for entry in template.metadata where entry.key != "infragen" { result.appendUnchecked(entry.key, entry.value) }
    var kept = Fields()
    for entry in infragen {
      guard entry.key == "flows", let flows = entry.value.listValue else {
        kept.appendUnchecked(entry.key, entry.value)
        continue
      }
      let mine = flows.filter { flow in
        [flow["from"], flow["to"]].contains { $0?.stringValue.map(resources.contains) ?? false }
      }
      kept.appendUnchecked("flows", .list(mine))
    }
    result.appendUnchecked("infragen", .object(kept))
    return result
  }
}

/// The names a value refers to: resources and parameters (`Ref`, `Fn::GetAtt`, `Fn::Sub`),
/// conditions (`Fn::If`, `Condition`) and mappings (`Fn::FindInMap`), in order, with repeats.
struct Names {
  var resources: [String] = []
  var conditions: [String] = []
  var mappings: [String] = []

  mutating func add(_ other: Names) {
    resources += other.resources
    conditions += other.conditions
    mappings += other.mappings
  }

  /// What a resource refers to: its properties, its condition and (unless told) its `DependsOn`.
  static func of(_ resource: Template.Resource, dependsOn: Bool = true) -> Names {
    var names = Names()
    if let properties = resource.properties { names.collect(.object(properties)) }
    if let condition = resource.condition { names.conditions.append(condition) }
    if dependsOn { names.resources += resource.dependsOn.map(\.rawValue) }
    return names
  }

  static func `in`(_ value: TemplateValue) -> Names {
    var names = Names()
    names.collect(value)
    return names
  }

  mutating func collect(_ value: TemplateValue) {
    switch value {
    case .list(let items): for item in items { collect(item) }
    case .object(let fields): for field in fields { collect(field.value) }
    case .intrinsic(.ref(let name)): resources.append(name)
    case .intrinsic(.getAtt(let name, _)): resources.append(name)
    case .intrinsic(.sub(let text, let variables)):
      resources += Intrinsic.subNames(text).filter { variables[$0] == nil }
      collect(.object(variables))
    case .intrinsic(.if(let condition, let whenTrue, let whenFalse)):
      conditions.append(condition)
      collect(whenTrue)
      collect(whenFalse)
    case .intrinsic(.condition(let name)): conditions.append(name)
    case .intrinsic(.function(.findInMap, let argument)):
      if let map = argument.listValue?.first?.stringValue { mappings.append(map) }
      collect(argument)
    case .intrinsic(.function(_, let argument)), .intrinsic(.other(_, let argument)): collect(argument)
    default: break
    }
  }
}
