import InfragenCore

/// Caches accept only the workloads that use them, on their own port (no peer checks the chain).
///
/// Lint: every flow into a cache's groups must come from a workload that uses it, over TCP on the cache's port, or be declared. Any other flow (a CIDR, even the VPC's, another group, the internet, a
/// wider port range, another protocol) is an error on the rule that opens it. A view of the one
/// flow check (``FlowCheck``).
public struct CacheIngressOnlyFromService: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Caches accept only the workloads that use them, on their own port (no peer checks the chain)"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// The flows into caches that the policy does not allow.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    context.flowCheck.findings(self)
  }
}
