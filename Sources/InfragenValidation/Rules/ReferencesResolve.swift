import InfragenCore

/// Every `Ref`, `Fn::GetAtt` and `Fn::Sub` placeholder names something the template declares.
///
/// Lint: a reference to an undeclared resource or parameter, in a resource, an output or a
/// condition, is an error. Typed references in the DSL cannot point at the wrong kind of
/// resource, but they can point at one never added to the stack; this rule catches that, and the
/// same mistake in any template. Names that a transform or a module makes are declared too:
/// with the SAM transform, those that start with a serverless resource's logical ID
/// (`MyFunctionRole`, `MyFunction.Version`) or with `ServerlessRestApi` / `ServerlessHttpApi`;
/// for a module (a type ending in `::MODULE`), those that start with the module's logical ID.
public struct ReferencesResolve: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary = "Ref, Fn::GetAtt and Fn::Sub name declared resources or parameters (cfn-lint E1012)"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error
  /// Reads only the template.
  public static let readsTopology = false

  /// The rule.
  public init() {}

  /// Walks every resource and output.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    let template = context.template
    let resources = Set(template.resources.map(\.logicalID.rawValue))
    var declared = resources
    for field in template.parameters { declared.insert(field.key) }
    let prefixes = Self.generatedPrefixes(template)
    /// Whether a name is declared, or made by a transform or a module.
    func known(_ name: String) -> Bool {
      if declared.contains(name) { return true }
      guard !prefixes.isEmpty else { return false }
      let root = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
      return prefixes.contains { root.hasPrefix($0) }
    }
    var findings: [Diagnostic] = []
    var path: [PathComponent] = []
    path.reserveCapacity(32)
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
        if !name.hasPrefix("AWS::") && !known(name) {
          report("Ref names '\(name)', which is not a declared resource or parameter")
        }
      case .intrinsic(.getAtt(let name, let attribute)):
        if !resources.contains(name) && !(prefixes.contains { name.hasPrefix($0) }) {
          report("Fn::GetAtt names '\(name).\(attribute)', but '\(name)' is not a declared resource")
        }
      case .intrinsic(.sub(let text, let variables)):
        for placeholder in Self.placeholders(text) where !placeholder.hasPrefix("AWS::") {
          let root = String(placeholder.split(separator: ".", maxSplits: 1).first ?? "")
          if !known(root) && variables[placeholder] == nil && variables[root] == nil {
            report("Fn::Sub names '${\(placeholder)}', which is not a declared resource, parameter or variable")
          }
        }
        for field in variables { visit(field.value) }
      case .intrinsic(.if(_, let whenTrue, let whenFalse)):
        visit(whenTrue)
        visit(whenFalse)
      case .intrinsic(.function(_, let argument)), .intrinsic(.other(_, let argument)):
        visit(argument)
      default:
        break
      }
    }

    for resource in template.resources {
      guard let properties = resource.properties else { continue }
      owner = Diagnostic.Location(resource.logicalID)
      path.removeAll(keepingCapacity: true)
      path.append(.key("Properties"))
      visit(.object(properties))
    }
    for (section, fields) in [("Conditions", template.conditions), ("Outputs", template.outputs)] {
      for field in fields {
        owner = Diagnostic.Location(LogicalID(field.key), section: section)
        path.removeAll(keepingCapacity: true)
        visit(field.value)
      }
    }
    return findings
  }

  /// The prefixes of the names a transform or module makes: each serverless resource's logical
  /// ID and SAM's implicit APIs with the SAM transform; each module's logical ID.
  static func generatedPrefixes(_ template: Template) -> [String] {
    var prefixes: [String] = []
    if template.transformNames.contains(Template.serverlessTransform) {
      prefixes += ["ServerlessRestApi", "ServerlessHttpApi"]
      prefixes += template.resources.filter { $0.type.hasPrefix("AWS::Serverless::") }.map(\.logicalID.rawValue)
    }
    prefixes += template.resources.filter { $0.type.hasSuffix("::MODULE") }.map(\.logicalID.rawValue)
    return prefixes
  }

  /// The `${Name}` placeholders of an `Fn::Sub` string; `${!Literal}` is not one.
  static func placeholders(_ text: String) -> [String] {
    Intrinsic.subPlaceholders(text).map { String($0.trimming(" ")) }
  }
}
