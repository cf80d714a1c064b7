import InfragenCore

/// Every security group that guards a workload, and every source that may reach one, is known:
/// from the template itself, from the other templates validated with it, or declared.
///
/// Lint: a workload that carries a group the template does not declare (a parameter, an import,
/// a literal `sg-…`), an ingress rule into a workload's group from such a source or from a prefix
/// list, and an ingress rule on a group that cannot be resolved, are warnings that say what to do
/// (give the other stack alongside, or declare the external group with the flows it may have);
/// errors with `mode: exact`, and failures with `--strict`. A source named by a declared flow
/// (`from: AppSecurityGroupParam`) is known.
public struct SourcesAreResolvable: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Groups and ingress sources of workloads are known: declared in the template, given alongside, or declared as external groups"
  /// Warnings; errors with `mode: exact`.
  public static let defaultSeverity = Diagnostic.Severity.warning

  /// The rule.
  public init() {}

  /// What to do about a source that cannot be resolved: give the stack that declares it, or
  /// declare the flows it may have by its name.
  static func advice(_ peer: Peer, _ context: ValidationContext) -> String {
    let name = FlowCheck.externalName(of: peer, context.topology.template)
    let declare =
      "declare it as an external group with the flows it may have (Metadata.infragen.flows, from: \(name ?? "its name"))"
    if context.together, case .unresolved(let what) = peer, what.hasPrefix("the imported value") {
      return "none of the templates given exports it: check the export's name, or \(declare)"
    }
    return "validate the stack that declares it alongside this one, or \(declare)"
  }

  /// Checks workloads and rules.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    let topology = context.topology
    let severity: Diagnostic.Severity = context.policy.exact ? .error : .warning
    var declared = Set<String>()
    for flow in context.policy.flows {
      declared.insert(flow.from)
      declared.insert(flow.to)
    }
    func isDeclared(_ peer: Peer) -> Bool {
      if case .prefixList(let list) = peer { return declared.contains(list) }
      return FlowCheck.externalName(of: peer, topology.template).map(declared.contains) ?? false
    }
    var findings: [Diagnostic] = []
    var guarded = Set<LogicalID>()
    for workload in topology.workloads {
      for (index, group) in workload.groups.enumerated() {
        switch group {
        case .group(let id): guarded.insert(id)
        default:
          if isDeclared(group) { continue }
          findings.append(
            Diagnostic(
              severity, rule: Self.name, at: .init(workload.resource, workload.groupPaths[index]),
              "\(workload.role.rawValue) '\(workload.resource)' carries \(group), which cannot be resolved statically, so the flows into it cannot be checked; \(Self.advice(group, context))"
            ))
        }
      }
    }
    for rule in topology.rules where rule.direction == .ingress {
      switch (rule.owner, rule.peer) {
      case (.group(let group), .unresolved), (.group(let group), .prefixList):
        guard guarded.contains(group), !isDeclared(rule.peer) else { continue }
        let kind =
          topology.members[group]?.first.map { "the group of \(topology.name($0))" } ?? "a guarded group"
        findings.append(
          Diagnostic(
            severity, rule: Self.name, at: rule.location,
            "ingress from \(rule.peer) on \(rule.portDescription) into '\(group)', \(kind); a source that cannot be resolved statically is never assumed safe: \(Self.advice(rule.peer, context))"
          ))
      case (.group(let group), .group(let source)) where topology.exportedGroups.contains(source):
        guard guarded.contains(group), topology.members[source] == nil, !isDeclared(rule.peer) else { continue }
        findings.append(
          Diagnostic(
            severity, rule: Self.name, at: rule.location,
            "ingress from '\(source)' on \(rule.portDescription) into '\(group)': '\(source)' is exported and carried by no workload of this template, so the workloads of the stacks that import it cannot be checked; validate those stacks alongside this one, or declare the flows it may have (Metadata.infragen.flows, from: \(source))"
          ))
      case (.group, _):
        continue
      default:
        if isDeclared(rule.owner) { continue }
        findings.append(
          Diagnostic(
            severity, rule: Self.name, at: rule.location,
            "ingress rule on \(rule.owner), which cannot be resolved statically; declare the group in the template, reference it with Ref or Fn::GetAtt GroupId, or \(Self.advice(rule.owner, context))"
          ))
      }
    }
    return findings
  }
}
