import InfragenCore

/// The result of lowering a stack: its template and what was wrong with it.
public struct LoweredStack: Sendable {
  /// The template, with resources and outputs sorted by logical ID.
  public var template: Template
  /// Invalid or duplicate logical IDs; empty when the stack is sound.
  public var diagnostics: [Diagnostic]
}

extension Stack {
  /// Lowers the stack into a template.
  ///
  /// Order is decided here and nowhere else: parameters in declaration order, resources and
  /// outputs by logical ID. An invalid logical ID, or one used twice in a section, is an error
  /// diagnostic; the first declaration is kept, never the last.
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
    for element in elements {
      switch element {
      case .resource(let resource):
        if admit(resource.logicalID, section: "Resources", into: &resourceIDs) {
          var entry = resource.lowered()
          Tagging.apply(tags, to: &entry)
          entry.properties = entry.properties.map(Self.sortedDeeply)
          entry.metadata = entry.metadata.map(Self.sortedDeeply)
          resources.append(entry)
        }
      case .parameter(let parameter):
        if admit(parameter.logicalID, section: "Parameters", into: &parameterIDs) {
          parameters.appendUnchecked(parameter.logicalID.rawValue, .object(parameter.lowered()))
        }
      case .output(let output):
        if admit(output.logicalID, section: "Outputs", into: &outputIDs) { outputs.append(output) }
      case .mapping(let mapping):
        if admit(mapping.logicalID, section: "Mappings", into: &mappingIDs) {
          mappings.appendUnchecked(mapping.logicalID.rawValue, .object(mapping.entries))
        }
      case .condition(let condition):
        if admit(condition.logicalID, section: "Conditions", into: &conditionIDs) {
          conditions.appendUnchecked(condition.logicalID.rawValue, condition.expression)
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
      outputSection.appendUnchecked(output.logicalID.rawValue, .object(output.lowered()))
    }
    let template = Template(
      description: description, parameters: parameters, mappings: mappings, conditions: conditions,
      resources: resources, outputs: outputSection)
    return LoweredStack(template: template, diagnostics: Diagnostic.sorted(diagnostics))
  }
}

extension Stack {
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
    fields.setIfPresent("AllowedPattern", allowedPattern.map(TemplateValue.string))
    fields.setIfPresent("ConstraintDescription", constraintDescription.map(TemplateValue.string))
    fields.setIfPresent("MinLength", minLength.map(TemplateValue.integer))
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
