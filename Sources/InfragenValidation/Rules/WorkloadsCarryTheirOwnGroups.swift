import InfragenCore

/// A workload carries only groups of its own tier: an instance, a function or a load balancer
/// that carries a service's group (or a service that carries a database's) reaches what that tier
/// may reach, and is reachable as it is.
///
/// Lint: a group carried by workloads of different roles belongs to the most guarded of them
/// (data stores, then services, load balancers, clusters, endpoints, functions, instances); each
/// other workload that carries it is an error on that workload's groups. The nodes of an EKS
/// cluster (instances that name it, or a node group's launch template) may carry its group.
public struct WorkloadsCarryTheirOwnGroups: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "A workload carries only groups of its own tier: no instance, function or load balancer in a service's or store's group (no peer checks this)"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// Workloads in another tier's group.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    let topology = context.topology
    var findings: [Diagnostic] = []
    for group in topology.groups {
      guard let members = topology.members[group], members.count > 1 else { continue }
      let carriers = members.compactMap(topology.workload)
      guard let owner = carriers.min(by: { $0.role.precedence < $1.role.precedence }) else { continue }
      for carrier in carriers where carrier.role != owner.role {
        guard let index = carrier.groups.firstIndex(of: .group(group)) else { continue }
        // The nodes of an EKS cluster carry its cluster security group, as EKS itself arranges.
        if owner.role == .cluster, carrier.role == .instance,
          topology.uses.uses[carrier.resource]?[owner.resource] != nil
        {
          continue
        }
        let same = carriers.filter { $0.role == owner.role }.map(\.resource)
        findings.append(
          finding(
            .init(carrier.resource, carrier.groupPaths[index]),
            "\(carrier.role.rawValue) '\(carrier.resource)' carries '\(group)', the group of \(owner.role.rawValue) \(FlowCheck.list(same)); it reaches what that \(owner.role.rawValue) may reach and is reachable as it is: give it a group of its own"
          ))
      }
    }
    return findings
  }
}
