import InfragenCore

/// Every `Ref`, `Fn::GetAtt` and `Fn::Sub` placeholder names something the template declares.
///
/// Lint: a reference to an undeclared resource or parameter is an error. Typed references in the
/// DSL cannot point at the wrong kind of resource, but they can point at one never added to the
/// stack; this rule catches that, and the same mistake in any template.
public struct ReferencesResolve: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary = "Ref, Fn::GetAtt and Fn::Sub name declared resources or parameters (cfn-lint E1012)"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// Walks every resource and output.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    let template = context.template
    let resources = Set(template.resources.map(\.logicalID.rawValue))
    var declared = resources
    for field in template.parameters { declared.insert(field.key) }
    var findings: [Diagnostic] = []
    var path: [PathComponent] = []
    var owner = Diagnostic.Location(nil)

    func report(_ message: String) {
      findings.append(finding(.init(owner.logicalID, path, section: owner.section), message))
    }

    func visit(_ value: TemplateValue) {
      switch value {
      case .list(let elements):
        for (index, element) in elements.enumerated() {
          path.append(.index(index))
          visit(element)
          path.removeLast()
        }
      case .object(let fields):
        for field in fields {
          path.append(.key(field.key))
          visit(field.value)
          path.removeLast()
        }
      case .intrinsic(.ref(let name)):
        if !name.hasPrefix("AWS::") && !declared.contains(name) {
          report("Ref names '\(name)', which is not a declared resource or parameter")
        }
      case .intrinsic(.getAtt(let name, let attribute)):
        if !resources.contains(name) {
          report("Fn::GetAtt names '\(name).\(attribute)', but '\(name)' is not a declared resource")
        }
      case .intrinsic(.sub(let text, let variables)):
        for placeholder in Self.placeholders(text) where !placeholder.hasPrefix("AWS::") {
          let root = String(placeholder.split(separator: ".", maxSplits: 1).first ?? "")
          if !declared.contains(root) && variables[placeholder] == nil && variables[root] == nil {
            report("Fn::Sub names '${\(placeholder)}', which is not a declared resource, parameter or variable")
          }
        }
        for field in variables { visit(field.value) }
      case .intrinsic(.if(_, let whenTrue, let whenFalse)):
        visit(whenTrue)
        visit(whenFalse)
      case .intrinsic(.function(_, let argument)):
        visit(argument)
      default:
        break
      }
    }

    for resource in template.resources {
      guard let properties = resource.properties else { continue }
      owner = Diagnostic.Location(resource.logicalID)
      path = [.key("Properties")]
      visit(.object(properties))
    }
    for field in template.outputs {
      owner = Diagnostic.Location(LogicalID(field.key), section: "Outputs")
      path = []
      visit(field.value)
    }
    return findings
  }

  /// The `${Name}` placeholders of an `Fn::Sub` string; `${!Literal}` is not one.
  static func placeholders(_ text: String) -> [String] {
    var result: [String] = []
    let scalars = Array(text.unicodeScalars)
    var index = 0
    while index + 1 < scalars.count {
      guard scalars[index] == "$", scalars[index + 1] == "{" else {
        index += 1
        continue
      }
      var end = index + 2
      while end < scalars.count && scalars[end] != "}" { end += 1 }
      guard end < scalars.count else { break }
      let name = String(String.UnicodeScalarView(scalars[(index + 2)..<end]))
      if !name.hasPrefix("!") { result.append(String(name.trimming(" "))) }
      index = end + 1
    }
    return result
  }
}
