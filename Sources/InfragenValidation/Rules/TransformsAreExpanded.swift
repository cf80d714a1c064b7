import InfragenCore

/// What infragen cannot expand is named, once each: the template is validated as written.
///
/// Lint: a macro in `Transform` (any but the SAM transform and `AWS::LanguageExtensions`, whose
/// effects infragen reads itself), an `Fn::Transform` call (`AWS::Include` or a macro), a
/// preprocessor's tag (`!Rain::Embed`) and an `Fn::ForEach` over a collection known only at deploy
/// time are warnings: what they make is not in the template infragen reads, so it is not proven.
public struct TransformsAreExpanded: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Macros, Fn::Transform and loops infragen cannot expand are named; the rest of the template is validated"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning
  /// Reads only the template.
  public static let readsTopology = false

  /// The transforms infragen reads itself.
  static let understood: Set<String> = [Template.serverlessTransform, Template.languageExtensionsTransform]

  /// The rule.
  public init() {}

  /// Names each macro, call and loop once.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    let template = context.template
    var findings: [Diagnostic] = []
    let advice =
      "infragen validates the template as written; to check what is deployed, validate the processed template (aws cloudformation get-template --template-stage Processed)"
    for (index, name) in template.transformNames.enumerated() where !Self.understood.contains(name) {
      let path: [PathComponent] =
        template.transform?.listValue != nil ? [.key("Transform"), .index(index)] : [.key("Transform")]
      findings.append(
        finding(.init(nil, path, section: "Transform"), "the macro '\(name)' is not expanded; \(advice)"))
    }
    var named = Set<String>()
    var path: [PathComponent] = []
    var owner = Diagnostic.Location(nil)
    func visit(_ value: TemplateValue) {
      switch value {
      case .list(let items):
        for (index, item) in items.enumerated() {
          path.append(.index(index))
          visit(item)
          path.removeLast()
        }
      case .object(let fields):
        for field in fields {
          path.append(.key(field.key))
          visit(field.value)
          path.removeLast()
        }
      case .intrinsic(let call):
        var label: String?
        switch call {
        case .function(.transform, let argument):
          let name = argument["Name"]?.stringValue ?? "a computed name"
          label = "Fn::Transform of '\(name)'"
        case .other(let name, _) where !["Ref", "Fn::GetAtt", "Fn::Sub"].contains(name):
          label = "the '\(name)' directive, which is not CloudFormation (a preprocessor's),"
        default: break
        }
        if let label, named.insert(label).inserted {
          findings.append(
            finding(.init(owner.logicalID, path, section: owner.section), "\(label) is not expanded; \(advice)"))
        }
        path.append(.key(call.name))
        visit(call.argument)
        path.removeLast()
      default: break
      }
    }
    for resource in template.resources {
      owner = .init(resource.logicalID)
      path = []
      if let properties = resource.properties {
        path = [.key("Properties")]
        visit(.object(properties))
      }
    }
    for field in template.outputs {
      owner = .init(LogicalID(field.key), section: "Outputs")
      path = []
      visit(field.value)
    }
    for loop in template.unexpanded {
      findings.append(
        Diagnostic(
          Self.defaultSeverity, rule: Self.name, at: .init(nil, loop.path, section: "Resources"),
          "'\(loop.name)' is not expanded: \(loop.reason)"))
    }
    return findings
  }
}
