import InfragenCore

/// Every declared flow can happen: an ingress rule opens it, the source's egress lets it out and
/// no network ACL denies it.
///
/// Lint: a declared flow with a port that no flow of the template carries is an error on the
/// declaration, naming what blocks it.
public struct FlowIsDeclaredButBlocked: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Every declared flow can happen: an ingress rule opens it, egress lets it out, no network ACL denies it (no peer checks this)"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// Declared flows that cannot happen.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    let topology = context.topology
    let check = context.flowCheck
    var findings: [Diagnostic] = []
    for declaration in context.policy.flows where DeclaredFlowsAreWellFormed.problem(declaration, topology) == nil {
      let to = LogicalID(declaration.to)
      let targets = topology.workload(to) != nil ? [to] : topology.members[to] ?? []
      for target in targets {
        guard let workload = topology.workload(target) else { continue }
        let wanted: [ClosedRange<Int>]
        if let ports = declaration.ports {
          wanted = ports
        } else {
          let ports = workload.role == .loadBalancer ? check.listenerPorts(target).ports : workload.ports
          wanted = ports.sorted().map { $0...$0 }
        }
        let candidates = topology.flows.flows.filter {
          $0.target == target && check.sourceMatches(declaration.from, $0)
            && (declaration.ipProtocol == .all || $0.ipProtocol == .all || $0.ipProtocol == declaration.ipProtocol)
        }
        let missing = wanted.filter { range in !candidates.contains { $0.ports.contains(range) } }
        guard !missing.isEmpty else { continue }
        let ports = missing.map { NetworkRule.describe(declaration.ipProtocol, $0) }.joined(separator: ", ")
        let blocked = topology.flows.blocked.filter {
          $0.flow.target == target && check.sourceMatches(declaration.from, $0.flow)
        }
        let why =
          blocked.first.map(\.reason)
          ?? "no ingress rule into the groups of '\(target)' (\(Self.groups(workload))) admits '\(declaration.from)' there"
        findings.append(
          finding(
            declaration.location,
            "the declared flow from '\(declaration.from)' to '\(target)' on \(ports) cannot happen: \(why)"))
      }
    }
    return findings
  }

  static func groups(_ workload: Topology.Workload) -> String {
    let names = workload.groups.map(\.description)
    return names.isEmpty ? "it carries none" : names.joined(separator: ", ")
  }
}
