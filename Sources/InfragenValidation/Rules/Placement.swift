import InfragenCore

/// Findings about where a resource is placed, shared by ``DataStoresArePrivate`` and
/// ``TasksArePrivate``: a warning for each subnet that cannot be resolved, an error for each
/// public subnet.
enum Placement {
  /// - Parameters:
  ///   - subject: How the message begins, such as `database 'Db' is placed in`.
  ///   - belongs: What the message ends with, such as `data stores belong in private subnets`.
  static func subnetFindings<Rule: ValidationRule>(
    _ attachment: Topology.Workload, _ topology: Topology, rule: Rule, subject: String, belongs: String
  ) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for unresolved in attachment.unresolvedSubnets {
      findings.append(
        Diagnostic(
          .warning, rule: Rule.name, at: .init(attachment.resource, unresolved.path),
          "\(subject) subnets that cannot be resolved statically (\(unresolved.what)); infragen cannot show they are private"
        ))
    }
    for subnet in attachment.subnets {
      if let reason = topology.publicSubnets[subnet.id] {
        findings.append(
          rule.finding(
            .init(attachment.resource, subnet.path), "\(subject) public subnet '\(subnet.id)' (\(reason)); \(belongs)"))
      }
    }
    return findings
  }
}
