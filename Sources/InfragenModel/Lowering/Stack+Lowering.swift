import InfragenCore

/// The result of lowering a stack: its template and what was wrong with it.
///
/// Fail closed: the template to emit comes only from ``template()``, which throws when lowering
/// found an error; ``draft`` is the template as lowered, errors and all, for reporting them.
public struct LoweredStack: Sendable {
  /// The template as lowered, with resources and outputs sorted by logical ID. With errors in
  /// ``diagnostics`` it is not the stack that was meant (a duplicate is dropped, a reference
  /// dangles): report from it, never emit it.
  public var draft: Template
  /// Invalid or duplicate logical IDs, invalid parameters, references to what is not in the
  /// stack; empty when the stack is sound.
  public var diagnostics: [Diagnostic]

  /// The template, when lowering found no error.
  public func template() throws(LoweringError) -> Template {
    let errors = diagnostics.filter { $0.severity == .error }
    guard errors.isEmpty else { throw LoweringError(diagnostics: errors) }
    return draft
  }
}

/// A stack that cannot be emitted: its lowering's errors.
public struct LoweringError: Error, Sendable, CustomStringConvertible {
  /// The errors, sorted.
  public var diagnostics: [Diagnostic]

  /// One line per error.
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension Stack {
  /// The stack's template, or the errors that keep it from being emitted.
  public func template() throws(LoweringError) -> Template { try lower().template() }

  /// Lowers the stack into a template.
  ///
  /// Order is decided here and nowhere else: parameters in declaration order, resources and
  /// outputs by logical ID. Errors: an invalid logical ID, one used twice in a section (the
  /// stack cannot be emitted: no declaration silently wins), a parameter CloudFormation refuses,
  /// a value it refuses (``ValueChecked``), and a `Ref`, `Fn::GetAtt`, `Fn::Sub` or `DependsOn`
  /// naming what is not in the stack.
  public func lower() -> LoweredStack {
    var diagnostics: [Diagnostic] = []
    var resourceIDs = Set<LogicalID>()
    var resources: [Template.Resource] = []
    var parameters = Fields()
    var outputs: [Output] = []
    var outputIDs = Set<LogicalID>()

    func admit(_ id: LogicalID, section: String, into seen: inout Set<LogicalID>) -> Bool {
      let location = Diagnostic.Location(id, section: section)
      guard seen.insert(id).inserted else {
        diagnostics.append(
          Diagnostic(
            .error, rule: "LogicalIDsAreUnique", at: location,
            "'\(id)' is declared more than once in \(section); logical IDs must be unique"))
        return false
      }
      if let problem = id.problem {
        diagnostics.append(Diagnostic(.error, rule: "LogicalIDsAreValid", at: location, problem))
      }
      return true
    }

    var parameterIDs = Set<LogicalID>()
    var mappings = Fields()
    var mappingIDs = Set<LogicalID>()
    var conditions = Fields()
    var conditionIDs = Set<LogicalID>()
    var flows: [DeclaredFlow] = []
    let overrides = LogicalIDOverrides(logicalIDOverrides, diagnostics: &diagnostics)
    var namedInCode = Set<LogicalID>()
    for element in elements {
      switch element {
      case .resource(let resource):
        let id = overrides.id(resource.logicalID)
        namedInCode.insert(resource.logicalID)
        if admit(id, section: "Resources", into: &resourceIDs) {
          for problem in resource.problems {
            diagnostics.append(Diagnostic(.error, rule: "ValuesAreValid", at: .init(id), "'\(id)': \(problem)"))
          }
          var entry = overrides.apply(to: resource.lowered())
          Tagging.apply(tags, to: &entry)
          for override in resourceOverrides where override.id == id { override.change(&entry) }
          entry.properties = entry.properties.map(Self.sortedDeeply)
          entry.metadata = entry.metadata.map(Self.sortedDeeply)
          resources.append(entry)
        }
      case .parameter(let parameter):
        let id = overrides.id(parameter.logicalID)
        namedInCode.insert(parameter.logicalID)
        if admit(id, section: "Parameters", into: &parameterIDs) {
          parameters.appendUnchecked(id.rawValue, .object(parameter.lowered()))
          if let problem = parameter.problem {
            diagnostics.append(
              Diagnostic(
                .error, rule: "ParametersAreValid", at: .init(id, section: "Parameters"),
                "parameter '\(id)': \(problem)"))
          }
        }
      case .output(let output):
        if admit(output.logicalID, section: "Outputs", into: &outputIDs) { outputs.append(output) }
      case .mapping(let mapping):
        if admit(mapping.logicalID, section: "Mappings", into: &mappingIDs) {
          mappings.appendUnchecked(mapping.logicalID.rawValue, .object(mapping.entries))
        }
      case .condition(let condition):
        if admit(condition.logicalID, section: "Conditions", into: &conditionIDs) {
          conditions.appendUnchecked(condition.logicalID.rawValue, overrides.apply(to: condition.expression))
        }
      case .problem(let message):
        diagnostics.append(Diagnostic(.error, rule: "ComponentsFitTogether", at: .init(nil), message))
      case .flow(var flow):
        flow.from = overrides.id(LogicalID(flow.from)).rawValue
        flow.to = overrides.id(LogicalID(flow.to)).rawValue
        if flow.ports.isEmpty {
          diagnostics.append(
            Diagnostic(
              .error, rule: "ConnectionsHavePorts",
              at: .init(nil, [.key("infragen"), .key("flows")], section: "Metadata"),
              "the connection from '\(flow.from)' to '\(flow.to)' has no port, and '\(flow.to)' has no default port; give ports:"
            ))
        } else if !flows.contains(flow) {
          flows.append(flow)
        }
      }
    }
    for id in parameterIDs.intersection(resourceIDs).sorted() {
      diagnostics.append(
        Diagnostic(
          .error, rule: "LogicalIDsAreUnique", at: .init(id, section: "Parameters"),
          "'\(id)' names both a parameter and a resource; logical IDs must be unique"))
    }

    resources.sort { $0.logicalID < $1.logicalID }
    outputs.sort { $0.logicalID < $1.logicalID }
    var outputSection = Fields()
    for output in outputs {
      outputSection.appendUnchecked(output.logicalID.rawValue, .object(overrides.apply(to: output.lowered())))
    }
    diagnostics += overrides.unused(declared: namedInCode)
    for override in resourceOverrides where !resourceIDs.contains(override.id) {
      diagnostics.append(
        Diagnostic(
          .error, rule: "LogicalIDOverridesApply", at: .init(override.id),
          "the override of '\(override.id)' names no resource of the stack"))
    }
    diagnostics += Self.danglingReferences(
      resources: resources, outputs: outputSection, parameters: parameterIDs, conditions: conditionIDs)
    var metadata = Fields()
    if !flows.isEmpty || exactFlows {
      var infragen: Fields = ["flows": .list(flows.map(\.lowered))]
      if exactFlows { infragen["mode"] = "exact" }
      metadata["infragen"] = .object(infragen)
    }
    let template = Template(
      description: description, metadata: metadata, parameters: parameters, mappings: mappings,
      conditions: conditions, resources: resources, outputs: outputSection)
    diagnostics += LoweredStack.quotaProblems(template)
    return LoweredStack(draft: template, diagnostics: Diagnostic.sorted(diagnostics))
  }
}

extension LoweredStack {
  /// The rule that a template fits CloudFormation's quotas.
  public static let quotaRule = "StackFitsCloudFormation"

  /// CloudFormation's quotas on one template: 500 resources, 200 parameters, outputs and
  /// mappings. Each one exceeded is an error that says how to split the stack.
  public static func quotaProblems(_ template: Template) -> [Diagnostic] {
    let counts = [
      ("Resources", "resources", template.resources.count, 500),
      ("Parameters", "parameters", template.parameters.count, 200),
      ("Outputs", "outputs", template.outputs.count, 200),
      ("Mappings", "mappings", template.mappings.count, 200),
    ]
    return counts.filter { $0.2 > $0.3 }.map { section, noun, count, limit in
      Diagnostic(
        .error, rule: quotaRule, at: .init(nil, section: section),
        "the stack has \(count) \(noun), and CloudFormation allows \(limit) in one template; split it into per-service stacks (infragen.yaml `stacks: per-service`, or `infragen render --stacks per-service --output-dir DIR`)"
      )
    }
  }
}

/// The stack's ``LogicalIDOverride``s, as lowering applies them.
struct LogicalIDOverrides {
  private var renames: [LogicalID: LogicalID] = [:]
  private var order: [LogicalID] = []

  /// The overrides; one that names an ID twice is an error.
  init(_ overrides: [LogicalIDOverride], diagnostics: inout [Diagnostic]) {
    for override in overrides {
      guard renames[override.from] == nil else {
        diagnostics.append(
          Diagnostic(
            .error, rule: "LogicalIDOverridesApply", at: .init(override.from),
            "the logical ID '\(override.from)' is overridden more than once"))
        continue
      }
      renames[override.from] = override.to
      order.append(override.from)
    }
  }

  /// The ID `id` is lowered as.
  func id(_ id: LogicalID) -> LogicalID { renames.isEmpty ? id : renames[id] ?? id }

  func apply(to value: TemplateValue) -> TemplateValue {
    renames.isEmpty ? value : value.renamingReferences { renames[LogicalID($0)]?.rawValue }
  }

  func apply(to fields: Fields) -> Fields {
    renames.isEmpty ? fields : fields.renamingReferences { renames[LogicalID($0)]?.rawValue }
  }

  /// `entry` under its ID, with its properties, metadata and `DependsOn` renamed.
  func apply(to entry: Template.Resource) -> Template.Resource {
    guard !renames.isEmpty else { return entry }
    var entry = entry
    entry.logicalID = id(entry.logicalID)
    entry.dependsOn = entry.dependsOn.map(id)
    entry.properties = entry.properties.map(apply(to:))
    entry.metadata = entry.metadata.map(apply(to:))
    return entry
  }

  /// Errors for the overrides whose ID no resource or parameter has in the code (`declared`).
  func unused(declared: Set<LogicalID>) -> [Diagnostic] {
    order.filter { !declared.contains($0) }.map { from in
      Diagnostic(
        .error, rule: "LogicalIDOverridesApply", at: .init(from),
        "the logical ID override of '\(from)' names no resource or parameter of the stack")
    }
  }
}

extension Stack {
  /// References to what the stack does not have: a resource that was never added (typed
  /// references make the wrong kind impossible, not the missing one), a parameter, a condition.
  static func danglingReferences(
    resources: [Template.Resource], outputs: Fields, parameters: Set<LogicalID>, conditions: Set<LogicalID>
  ) -> [Diagnostic] {
    let declared = Set(resources.map(\.logicalID))
    var diagnostics: [Diagnostic] = []
    func check(_ value: TemplateValue, at location: Diagnostic.Location) {
      for (name, how) in Self.names(in: value) where !name.hasPrefix("AWS::") {
        let id = LogicalID(name)
        if declared.contains(id) || (how != "Fn::GetAtt" && parameters.contains(id)) { continue }
        diagnostics.append(
          Diagnostic(
            .error, rule: "ReferencesResolve", at: location,
            "\(how) names '\(name)', which is not in the stack; add it to the stack, or reference one that is"))
      }
    }
    for resource in resources {
      for dependency in resource.dependsOn where !declared.contains(dependency) {
        diagnostics.append(
          Diagnostic(
            .error, rule: "ReferencesResolve", at: .init(resource.logicalID, [.key("DependsOn")]),
            "DependsOn names '\(dependency)', which is not in the stack; add it to the stack, or drop the dependency"))
      }
      if let condition = resource.condition, !conditions.contains(LogicalID(condition)) {
        diagnostics.append(
          Diagnostic(
            .error, rule: "ReferencesResolve", at: .init(resource.logicalID, [.key("Condition")]),
            "Condition names '\(condition)', which is not in the stack"))
      }
      if let properties = resource.properties {
        check(.object(properties), at: .init(resource.logicalID, [.key("Properties")]))
      }
    }
    for output in outputs { check(output.value, at: .init(LogicalID(output.key), section: "Outputs")) }
    return diagnostics
  }

  /// The names a value references, with how: `Ref`, `Fn::GetAtt`, `Fn::Sub`.
  static func names(in value: TemplateValue) -> [(name: String, how: String)] {
    var result: [(name: String, how: String)] = []
    func visit(_ value: TemplateValue) {
      switch value {
      case .list(let items): items.forEach(visit)
      case .object(let fields): for field in fields { visit(field.value) }
      case .intrinsic(.ref(let name)): result.append((name, "Ref"))
      case .intrinsic(.getAtt(let name, _)): result.append((name, "Fn::GetAtt"))
      case .intrinsic(.sub(let text, let variables)):
        for name in Intrinsic.subNames(text) where variables[name] == nil { result.append((name, "Fn::Sub")) }
        for field in variables { visit(field.value) }
      case .intrinsic(.if(_, let whenTrue, let whenFalse)):
        visit(whenTrue)
        visit(whenFalse)
      case .intrinsic(.function(_, let argument)), .intrinsic(.other(_, let argument)): visit(argument)
      default: return
      }
    }
    visit(value)
    return result
  }

  /// A mapping with its keys, and the keys of every mapping inside it, in byte order; lists keep
  /// their order. This is where property order is decided for everything the DSL lowers.
  static func sortedDeeply(_ fields: Fields) -> Fields {
    Fields(
      fields.pairs.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map {
        ($0.key, sortedDeeply($0.value))
      })
  }

  static func sortedDeeply(_ value: TemplateValue) -> TemplateValue {
    switch value {
    case .object(let fields): return .object(sortedDeeply(fields))
    case .list(let elements): return .list(elements.map(sortedDeeply))
    case .intrinsic(.if(let condition, let whenTrue, let whenFalse)):
      return .intrinsic(.if(condition, sortedDeeply(whenTrue), sortedDeeply(whenFalse)))
    case .intrinsic(.function(let function, let argument)):
      return .intrinsic(.function(function, sortedDeeply(argument)))
    default: return value
    }
  }
}

extension Parameter {
  func lowered() -> Fields {
    var fields: Fields = ["Type": .string(kind.rawValue), "Description": .string(description)]
    fields.setIfPresent("Default", defaultValue)
    if noEcho { fields["NoEcho"] = true }
    if !allowedValues.isEmpty { fields["AllowedValues"] = .list(allowedValues.map(TemplateValue.string)) }
    fields.setIfPresent("AllowedPattern", allowedPattern.map(TemplateValue.string))
    fields.setIfPresent("ConstraintDescription", constraintDescription.map(TemplateValue.string))
    fields.setIfPresent("MinLength", minLength.map(TemplateValue.integer))
    fields.setIfPresent("MaxLength", maxLength.map(TemplateValue.integer))
    fields.setIfPresent("MinValue", minValue.map(TemplateValue.integer))
    fields.setIfPresent("MaxValue", maxValue.map(TemplateValue.integer))
    return fields
  }
}

extension Output {
  func lowered() -> Fields {
    var fields: Fields = ["Description": .string(description), "Value": value.value]
    if let exportName { fields["Export"] = ["Name": exportName.value] }
    return fields
  }
}
