import InfragenCore

/// Fargate or ECS services accept only the target port, only from the load balancer's group (no peer checks the chain).
///
/// Lint: every ingress rule into the group of a service must come from the load balancer's group
/// over TCP on the port derived from the template's wiring; any other source (a CIDR, even the
/// VPC's, another group, the internet), a wider port range or another protocol is an error. The
/// rule stays silent when the template has no load balancer or no service.
public struct ServiceIngressOnlyFromLoadBalancer: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Fargate or ECS services accept only the target port, only from the load balancer's group (no peer checks the chain)"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// Checks ingress into each service's groups.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    let policy = IsolationPolicy(topology: context.topology)
    let allowed = policy.loadBalancerGroups
    guard !allowed.isEmpty else { return [] }
    return policy.checkIngress(into: .service, from: allowed, allowedName: "the load balancer's group", rule: self)
  }
}
