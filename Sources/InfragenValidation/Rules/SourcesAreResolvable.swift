import InfragenCore

/// Every security group that guards the chain, and every source that may reach one, is known
/// from the template itself.
///
/// Lint: a load balancer, service or data store that carries a group the template does not
/// declare (a parameter, an import, a literal `sg-…`), an ingress rule into one of their groups
/// from such a source or from a prefix list, and an ingress rule on a group that cannot be
/// resolved, are errors: what cannot be resolved statically is never assumed safe.
public struct SourcesAreResolvable: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Groups and ingress sources of the chain are declared in the template, never parameters, imports or literal IDs"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// Checks attachments and rules.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    let topology = context.topology
    var findings: [Diagnostic] = []
    var guarded = Set<LogicalID>()
    for attachment in topology.attachments {
      for (index, group) in attachment.groups.enumerated() {
        switch group {
        case .group(let id): guarded.insert(id)
        default:
          findings.append(
            finding(
              .init(attachment.resource, attachment.groupsPath + [.index(index)]),
              "\(attachment.role.rawValue) '\(attachment.resource)' carries \(group), which cannot be resolved statically; its rules cannot be checked"
            ))
        }
      }
    }
    for rule in topology.rules where rule.direction == .ingress {
      switch (rule.owner, rule.peer) {
      case (.group(let group), .unresolved), (.group(let group), .prefixList):
        guard guarded.contains(group) else { continue }
        let kind =
          topology.attachments.first { $0.groups.contains(.group(group)) }.map {
            "the group of \($0.role.rawValue) '\($0.resource)'"
          } ?? "a guarded group"
        findings.append(
          finding(
            rule.location,
            "ingress from \(rule.peer) on \(rule.portDescription) into '\(group)', \(kind); a source that cannot be resolved statically is never assumed safe"
          ))
      case (.group, _):
        continue
      default:
        findings.append(
          finding(
            rule.location,
            "ingress rule on \(rule.owner), which cannot be resolved statically; declare the group in the template or reference it with Ref or Fn::GetAtt GroupId"
          ))
      }
    }
    return findings
  }
}
