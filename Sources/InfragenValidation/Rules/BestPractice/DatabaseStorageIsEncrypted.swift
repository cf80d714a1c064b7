import InfragenCore

/// RDS databases encrypt their storage at rest.
///
/// Lint: an `AWS::RDS::DBInstance` outside a cluster, or an `AWS::RDS::DBCluster`, whose
/// `StorageEncrypted` is absent or false in any branch of an `Fn::If` raises a warning. An
/// instance in a cluster follows its cluster. A database restored from a snapshot, created as a
/// replica, or an Aurora Serverless v1 cluster inherits or forces its encryption, so there only an
/// explicit false is flagged.
public struct DatabaseStorageIsEncrypted: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "RDS instances and clusters encrypt their storage (checkov CKV_AWS_16, CKV_AWS_96; cfn_nag F27, F26; cdk-nag AwsSolutions-RDS2)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning
  /// Reads only the template.
  public static let readsTopology = false

  /// The properties through which a database takes its encryption from a source.
  static let inheriting: [DatabaseKind: [String]] = [
    .instance: [
      "SourceDBInstanceIdentifier", "DBSnapshotIdentifier", "SourceDBInstanceAutomatedBackupsArn",
      "SourceDbiResourceId",
    ],
    .cluster: ["SnapshotIdentifier", "SourceDBClusterIdentifier"],
  ]

  /// The rule.
  public init() {}

  /// Checks `StorageEncrypted` on each instance and cluster.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for resource in context.template.resources {
      guard let kind = DatabaseKind(resource), kind != .clusterMember else { continue }
      let inherits =
        (Self.inheriting[kind] ?? []).contains { Setting.isPresent(resource, $0) }
        || Setting.values(resource, ["EngineMode"]).contains { Setting.text($0)?.lowercased() == "serverless" }
      let path = ["StorageEncrypted"]
      let lapse = Setting.judge(Setting.values(resource, path)) { value in
        value == nil && inherits ? nil : Setting.isTrue(value)
      }
      guard let lapse else { continue }
      findings.append(
        finding(
          .init(resource.logicalID, Setting.location(resource, path, lapse)),
          "\(kind.noun) '\(resource.logicalID)' \(lapse.phrase("StorageEncrypted")), so its storage, backups and snapshots are not encrypted; set StorageEncrypted to true"
        ))
    }
    return findings
  }
}
