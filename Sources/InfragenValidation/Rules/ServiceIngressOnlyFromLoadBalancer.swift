import InfragenCore

/// ECS services accept only their load balancer's forwarding and the workloads that use them, on their container ports (no peer checks the chain).
///
/// Lint: every flow into a service's groups must be one its load balancer forwards (listener, rule, target group, on the target port), one from a workload that uses the service (its task definition names it, or its Service Connect or Cloud Map name), or a declared flow. Any other flow (a CIDR, even the VPC's, another group, the internet, a
/// wider port range, another protocol) is an error on the rule that opens it. A view of the one
/// flow check (``FlowCheck``).
public struct ServiceIngressOnlyFromLoadBalancer: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "ECS services accept only their load balancer's forwarding and the workloads that use them, on their container ports (no peer checks the chain)"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// The flows into services that the policy does not allow.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    context.flowCheck.findings(self)
  }
}
