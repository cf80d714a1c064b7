import InfragenCore

/// Every logical ID is ASCII letters and digits, at most 255 of them.
///
/// Lint: a resource, parameter or output whose name CloudFormation would reject is an error.
/// Condition names are not logical IDs: CloudFormation accepts other characters in them.
public struct LogicalIDsAreValid: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary = "Logical IDs are alphanumeric and at most 255 characters"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error
  /// Reads only the template.
  public static let readsTopology = false

  /// The rule.
  public init() {}

  /// Checks every section's names.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    let template = context.template
    for resource in template.resources {
      if let problem = resource.logicalID.problem { findings.append(finding(.init(resource.logicalID), problem)) }
    }
    for (section, fields) in [
      ("Parameters", template.parameters), ("Outputs", template.outputs),
    ] {
      for field in fields {
        let id = LogicalID(field.key)
        if let problem = id.problem { findings.append(finding(.init(id, section: section), problem)) }
      }
    }
    return findings
  }
}
