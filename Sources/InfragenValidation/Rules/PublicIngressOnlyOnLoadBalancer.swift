import InfragenCore

/// The internet reaches only internet-facing load balancers, and only on their listener ports.
///
/// Lint: a flow from the internet (`0.0.0.0/0`, `::/0`, any block that covers public
/// addresses, to a workload with a path from the internet) that the policy does not allow is an
/// error: into a load balancer off its listener ports, into an instance or function with a public
/// IP, into a group no workload of the template carries. Flows into services and data stores are
/// reported by their own rules, so that one rule reports each flow. A view of ``FlowCheck``.
public struct PublicIngressOnlyOnLoadBalancer: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "The internet reaches only internet-facing load balancers, on their listener ports (checkov CKV_AWS_24, CKV_AWS_25, CKV_AWS_260; cfn_nag W2; cdk-nag AwsSolutions-EC23)"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// Internet flows the policy does not allow, and internet ingress into groups nothing carries.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    let topology = context.topology
    var findings = context.flowCheck.findings(self)
    let loadBalancers = topology.workloads(.loadBalancer).filter(\.internetFacing).map(\.resource)
    // A group the template declares but no workload of it carries: it may belong to a load
    // balancer of another stack, so the web's ports (and those of listeners on foreign load
    // balancers) are accepted when the template has no load balancer of its own.
    let foreign = Set([80, 443]).union(topology.wiring.foreignListenerPorts)
    for rule in topology.rules where rule.direction == .ingress && rule.peer.isInternet {
      guard case .group(let group) = rule.owner else {
        // A group of another stack: the web's ports are its load balancer's business (and
        // SourcesAreResolvable names the group); any other port open to the internet is not.
        if rule.isTCP(within: foreign) { continue }
        findings.append(
          finding(
            rule.location,
            "ingress from \(rule.peer) on \(rule.portDescription) into \(rule.owner), which cannot be resolved statically; the internet may reach only load balancers, on their listener ports"
          ))
        continue
      }
      guard topology.members[group] == nil else { continue }
      if context.flowCheck.policy.flows.contains(where: { $0.to == group.rawValue }) { continue }
      if loadBalancers.isEmpty && rule.isTCP(within: foreign) { continue }
      let allowed =
        loadBalancers.isEmpty
        ? "nothing in this template" : "only load balancer \(FlowCheck.list(loadBalancers))"
      findings.append(
        finding(
          rule.location,
          "ingress from \(rule.peer) on \(rule.portDescription) into '\(group)', which no internet-facing load balancer carries; the internet may reach \(allowed)"
        ))
    }
    return findings
  }
}
