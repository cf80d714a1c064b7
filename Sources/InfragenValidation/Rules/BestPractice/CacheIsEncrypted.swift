import InfragenCore

/// ElastiCache replication groups encrypt data at rest and in transit.
///
/// Lint: an `AWS::ElastiCache::ReplicationGroup` whose `AtRestEncryptionEnabled` or
/// `TransitEncryptionEnabled` is absent or false in any branch of an `Fn::If` raises one warning
/// for each. A member of a global datastore (`GlobalReplicationGroupId`) takes its settings from
/// the global group, so there only an explicit false is flagged. Serverless caches are always
/// encrypted and are not checked.
public struct CacheIsEncrypted: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "ElastiCache replication groups encrypt at rest and in transit (checkov CKV_AWS_29, CKV_AWS_30; cfn_nag F25, F33; cdk-nag AwsSolutions-AEC3)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning

  /// The rule.
  public init() {}

  /// Checks each replication group.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for resource in context.template.resources where resource.type == "AWS::ElastiCache::ReplicationGroup" {
      let global = Setting.isPresent(resource, "GlobalReplicationGroupId")
      let settings = [
        ("AtRestEncryptionEnabled", "its data, backups and snapshots on disk are not encrypted"),
        ("TransitEncryptionEnabled", "clients and replicas talk to it in plaintext"),
      ]
      for (key, consequence) in settings {
        let lapse = Setting.judge(Setting.values(resource, [key])) { value in
          value == nil && global ? nil : Setting.isTrue(value)
        }
        guard let lapse else { continue }
        findings.append(
          finding(
            .init(resource.logicalID, Setting.location(resource, [key], lapse)),
            "replication group '\(resource.logicalID)' \(lapse.phrase(key)), so \(consequence); set \(key) to true"))
      }
    }
    return findings
  }
}
