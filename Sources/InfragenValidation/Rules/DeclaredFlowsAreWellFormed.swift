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
    var names = Names()
    for flow in context.policy.flows {
      if let problem = Self.problem(flow, context.topology, names: &names) {
        findings.append(finding(flow.location, problem))
      }
    }
    return findings
  }

  /// The names a flow's `from` may take besides workloads and groups, and every name a hint
  /// may suggest: computed once per template, when a flow first needs them.
  struct Names {
    fileprivate var externals: Set<String>?
    fileprivate var candidates: [String] = []
  }

  /// What a declared flow names that the template does not have, or `nil`.
  static func problem(_ flow: FlowPolicy.DeclaredFlow, _ topology: Topology) -> String? {
    var names = Names()
    return problem(flow, topology, names: &names)
  }

  /// What a declared flow names that the template does not have, or `nil`; `names` keeps what
  /// one flow computed for the next.
  static func problem(_ flow: FlowPolicy.DeclaredFlow, _ topology: Topology, names: inout Names) -> String? {
    let from = LogicalID(flow.from)
    let known =
      flow.from == "internet" || flow.from.contains("/") || flow.from.hasPrefix("sg-")
      || topology.workload(from) != nil || topology.members[from] != nil || topology.groups.contains(from)
    if !known {
      // Besides workloads and groups: the template's parameters, and the imports its rules name.
      if names.externals == nil {
        var externals = Set(topology.template.parameters.keys)
        for rule in topology.rules {
          if case .unresolved = rule.peer, let name = FlowCheck.externalName(of: rule.peer, topology.template) {
            externals.insert(name)
          }
        }
        names.externals = externals
        names.candidates = ["internet"] + topology.workloads.map(\.resource.rawValue) + externals.sorted()
      }
      if names.externals?.contains(flow.from) != true {
        let hint = Suggestion.closest(to: flow.from, in: names.candidates).map { " (did you mean '\($0)'?)" } ?? ""
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
