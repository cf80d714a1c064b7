import InfragenCore

/// The flows declared in `Metadata.infragen` are well formed and name what the template has.
///
/// Lint: an unknown key, a flow without `from` or `to`, ports that are not ports, a `from` that
/// is neither `internet`, a CIDR, a workload, a group, nor a parameter or import of the template,
/// and a `to` that names no workload or group of the template are errors.
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
    for flow in context.policy.flows {
      if let problem = Self.problem(flow, context.topology) { findings.append(finding(flow.location, problem)) }
    }
    return findings
  }

  /// What a declared flow names that the template does not have, or `nil`.
  static func problem(_ flow: FlowPolicy.DeclaredFlow, _ topology: Topology) -> String? {
    let from = LogicalID(flow.from)
    let known =
      flow.from == "internet" || flow.from.contains("/") || flow.from.hasPrefix("sg-")
      || topology.workload(from) != nil || topology.members[from] != nil || topology.groups.contains(from)
    if !known {
      // Besides workloads and groups: the template's parameters, and the imports its rules name.
      var externals = Set(topology.template.parameters.keys)
      for rule in topology.rules {
        if case .unresolved = rule.peer, let name = FlowCheck.externalName(of: rule.peer, topology.template) {
          externals.insert(name)
        }
      }
      if !externals.contains(flow.from) {
        let names = ["internet"] + topology.workloads.map(\.resource.rawValue) + externals.sorted()
        let hint = Suggestion.closest(to: flow.from, in: names).map { " (did you mean '\($0)'?)" } ?? ""
        return
          "the flow's 'from' names '\(flow.from)', which is not 'internet', a CIDR block, a workload or group of the template, nor a parameter or import it names\(hint)"
      }
    }
    let to = LogicalID(flow.to)
    if topology.workload(to) == nil && topology.members[to] == nil {
      return "the flow's 'to' names '\(flow.to)', which is no workload of the template, nor a group one carries"
    }
    return nil
  }
}
