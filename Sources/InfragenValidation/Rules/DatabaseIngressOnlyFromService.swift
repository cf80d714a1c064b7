import InfragenCore

/// Databases accept only the workloads that use them, on their own port: no CIDR, no other group (no peer checks the chain).
///
/// Lint: every flow into a database's groups must come from a workload that uses it (its task definition, function or instance references the database, its endpoint or its secret), over TCP on the database's port, or be declared; with one service in the template, that service uses every store. Any other flow (a CIDR, even the VPC's, another group, the internet, a
/// wider port range, another protocol) is an error on the rule that opens it. A view of the one
/// flow check (``FlowCheck``).
public struct DatabaseIngressOnlyFromService: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Databases accept only the workloads that use them, on their own port: no CIDR, no other group (no peer checks the chain)"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// The flows into databases that the policy does not allow.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    context.flowCheck.findings(self)
  }
}
