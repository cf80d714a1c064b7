import InfragenCore

/// The flows declared in `Metadata.infragen` are well formed and name what the template has.
///
/// Lint: an unknown key, a flow without `from` or `to`, ports that are not ports, and a `to`
/// that names no workload or group of the template are errors.
public struct DeclaredFlowsAreWellFormed: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Flows declared in Metadata.infragen (or --policy) are well formed and name workloads of the template"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// Problems of the declaration.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings = context.policyProblems.map { problem in
      finding(.init(nil, [.key("Metadata")] + problem.path, section: "Metadata"), problem.message)
    }
    let topology = context.topology
    for flow in context.policy.flows {
      let to = LogicalID(flow.to)
      if topology.workload(to) == nil && topology.members[to] == nil {
        findings.append(
          finding(
            flow.location,
            "the flow's 'to' names '\(flow.to)', which is no workload of the template, nor a group one carries"))
      }
    }
    return findings
  }
}
