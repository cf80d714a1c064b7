import InfragenCore

/// Databases accept only their own port, only from the service's group: no CIDR, no other group (no peer checks the chain).
///
/// Lint: every ingress rule into the group of a database must come from the service's group
/// over TCP on the port derived from the template's wiring; any other source (a CIDR, even the
/// VPC's, another group, the internet), a wider port range or another protocol is an error. The
/// rule stays silent when the template has no service or no database.
public struct DatabaseIngressOnlyFromService: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Databases accept only their own port, only from the service's group: no CIDR, no other group (no peer checks the chain)"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// Checks ingress into each database's groups.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    let policy = IsolationPolicy(topology: context.topology)
    let allowed = policy.serviceGroups
    guard !allowed.isEmpty else { return [] }
    return policy.checkIngress(into: .database, from: allowed, allowedName: "the service's group", rule: self)
  }
}
