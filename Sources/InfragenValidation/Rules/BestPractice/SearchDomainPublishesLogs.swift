import InfragenCore

/// Search domains publish audit logs, and slow or error logs, to CloudWatch Logs.
///
/// Lint: an `AWS::OpenSearchService::Domain` or `AWS::Elasticsearch::Domain` raises a warning when
/// `LogPublishingOptions.AUDIT_LOGS.Enabled` is absent or false (audit logs need fine-grained
/// access control), and another when none of `INDEX_SLOW_LOGS`, `SEARCH_SLOW_LOGS` and
/// `ES_APPLICATION_LOGS` is enabled, in any branch of an `Fn::If`.
public struct SearchDomainPublishesLogs: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Search domains publish audit logs and slow or error logs (checkov CKV_AWS_317, CKV_AWS_84; cdk-nag AwsSolutions-OS9)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning
  /// Reads only the template.
  public static let readsTopology = false

  /// The logs besides the audit log, any one of which will do.
  static let operationalLogs = ["INDEX_SLOW_LOGS", "SEARCH_SLOW_LOGS", "ES_APPLICATION_LOGS"]

  /// The rule.
  public init() {}

  /// Checks each domain.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for resource in context.template.resources where SearchDomainIsEncrypted.types.contains(resource.type) {
      let name = "search domain '\(resource.logicalID)'"
      let audit = ["LogPublishingOptions", "AUDIT_LOGS", "Enabled"]
      if let lapse = Setting.mustBeTrue(resource, audit) {
        findings.append(
          finding(
            .init(resource.logicalID, Setting.location(resource, audit, lapse)),
            "\(name) \(lapse.phrase(audit.joined(separator: "."))), so no record is kept of who read or changed what; publish AUDIT_LOGS to CloudWatch Logs (it needs fine-grained access control)"
          ))
      }
      let operational = Setting.judge(Setting.values(resource, ["LogPublishingOptions"])) { options in
        guard let options else { return false }
        guard case .object = options else { return nil }
        return Self.operationalLogs.contains { log in
          Setting.values(options, at: [log, "Enabled"]).contains { Setting.isTrue($0) != false }
        }
      }
      if let lapse = operational {
        findings.append(
          finding(
            .init(resource.logicalID, Setting.location(resource, ["LogPublishingOptions"], lapse)),
            "\(name) publishes none of INDEX_SLOW_LOGS, SEARCH_SLOW_LOGS and ES_APPLICATION_LOGS\(lapse.conditional ? " in one branch of an Fn::If" : ""), so slow queries and errors go unseen; enable one of them in LogPublishingOptions"
          ))
      }
    }
    return findings
  }
}
