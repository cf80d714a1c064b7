import InfragenCore

/// Every flow into a workload that has no rule of its own (functions, instances, file systems,
/// streams, warehouses, endpoints, Kubernetes clusters, load balancers from inside) is allowed by
/// the policy.
///
/// Lint: a flow the policy does not allow, into such a workload, is an error on the rule that
/// opens it. A template with security groups but no workload that carries them is noted: the
/// chain was not checked. A view of ``FlowCheck``.
public struct FlowsAreAllowed: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Every other workload (function, instance, file system, stream, endpoint, cluster) accepts only the flows the policy allows (no peer checks flows)"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// Flows the policy does not allow, and a note when nothing could be checked.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    let topology = context.topology
    var findings = context.flowCheck.findings(self)
    if topology.workloads.isEmpty && !topology.groups.isEmpty {
      findings.append(
        Diagnostic(
          .note, rule: Self.name, at: .init(nil, [], section: "Resources"),
          "the chain was not checked: no workloads carry the template's \(topology.groups.count) security group\(topology.groups.count == 1 ? "" : "s")"
        ))
    }
    return findings
  }
}
