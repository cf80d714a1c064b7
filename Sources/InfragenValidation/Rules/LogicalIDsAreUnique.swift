import InfragenCore

/// Every logical ID names one thing.
///
/// Lint: a resource declared twice (a template built in memory can hold two; a reader refuses
/// the duplicate key), or a parameter and a resource of the same name, is an error: CloudFormation
/// rejects the template, and a `Ref` to the name could mean either.
public struct LogicalIDsAreUnique: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary = "Logical IDs are unique: no resource twice, no parameter named like a resource"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error
  /// Reads only the template.
  public static let readsTopology = false

  /// The rule.
  public init() {}

  /// Checks resources against each other and against parameters.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    var seen = Set<LogicalID>()
    var reported = Set<LogicalID>()
    for resource in context.template.resources where !seen.insert(resource.logicalID).inserted {
      guard reported.insert(resource.logicalID).inserted else { continue }
      findings.append(
        finding(
          .init(resource.logicalID),
          "'\(resource.logicalID)' is declared more than once in Resources; logical IDs must be unique"))
    }
    for field in context.template.parameters where seen.contains(LogicalID(field.key)) {
      findings.append(
        finding(
          .init(LogicalID(field.key), section: "Parameters"),
          "'\(field.key)' names both a parameter and a resource; logical IDs must be unique"))
    }
    return findings
  }
}
