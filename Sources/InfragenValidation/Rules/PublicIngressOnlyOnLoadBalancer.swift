import InfragenCore

/// The internet reaches only the load balancer, and only on its listener ports.
///
/// Lint: an ingress rule from `0.0.0.0/0` or `::/0` into any other group, or into a load
/// balancer's group on a port it does not listen on, is an error. Groups of services and data
/// stores are left to their own rules when those can judge them (a load balancer or a service
/// exists), so that one rule reports each flow.
public struct PublicIngressOnlyOnLoadBalancer: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "The internet reaches only internet-facing load balancers, on their listener ports (checkov CKV_AWS_24, CKV_AWS_25, CKV_AWS_260; cfn_nag W2; cdk-nag AwsSolutions-EC23)"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// Checks every internet ingress rule.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    let topology = context.topology
    let policy = IsolationPolicy(topology: topology)
    var listenerPorts: [LogicalID: Set<Int>] = [:]
    for attachment in topology.attachments(.loadBalancer) where attachment.internetFacing {
      for case .group(let group) in attachment.groups { listenerPorts[group, default: []].formUnion(attachment.ports) }
    }
    var covered = Set<LogicalID>()
    if !policy.loadBalancerGroups.isEmpty { covered.formUnion(policy.serviceGroups) }
    if !policy.serviceGroups.isEmpty {
      for role in [Topology.Role.database, .cache, .search] { covered.formUnion(topology.groups(of: role)) }
    }
    let loadBalancers = Set(topology.attachments(.loadBalancer).filter(\.internetFacing).map(\.resource))
    var findings: [Diagnostic] = []
    for rule in topology.rules where rule.direction == .ingress && rule.peer.isInternet {
      switch rule.owner {
      case .group(let group):
        if let ports = listenerPorts[group] {
          if !rule.isTCP(within: ports) {
            findings.append(
              finding(
                rule.location,
                "ingress from \(rule.peer) on \(rule.portDescription) into load balancer group '\(group)'; the internet may reach it only on its listener ports, tcp \(IsolationPolicy.ports(ports))"
              ))
          }
        } else if loadBalancers.isEmpty && rule.isTCP(within: [80, 443]) {
          // No load balancer here: the group may belong to one in another stack.
          continue
        } else if !covered.contains(group) {
          let allowed =
            loadBalancers.isEmpty
            ? "nothing in this template" : "only load balancer \(IsolationPolicy.list(loadBalancers))"
          findings.append(
            finding(
              rule.location,
              "ingress from \(rule.peer) on \(rule.portDescription) into '\(group)', which no internet-facing load balancer carries; the internet may reach \(allowed)"
            ))
        }
      default:
        findings.append(
          finding(
            rule.location,
            "ingress from \(rule.peer) on \(rule.portDescription) into \(rule.owner), which cannot be resolved statically; the internet may reach only a load balancer's group of this template"
          ))
      }
    }
    return findings
  }
}
