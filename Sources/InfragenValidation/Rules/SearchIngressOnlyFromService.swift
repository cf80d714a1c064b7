import InfragenCore

/// Search domains accept only the workloads that use them, on HTTPS (443) (no peer checks the chain).
///
/// Lint: every flow into a search domain's groups must come from a workload that uses it, over TCP 443, or be declared. Any other flow (a CIDR, even the VPC's, another group, the internet, a
/// wider port range, another protocol) is an error on the rule that opens it. A view of the one
/// flow check (``FlowCheck``).
public struct SearchIngressOnlyFromService: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Search domains accept only the workloads that use them, on HTTPS (443) (no peer checks the chain)"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// The flows into search domains that the policy does not allow.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    context.flowCheck.findings(self)
  }
}
