import InfragenCore

/// RDS databases survive mistakes: deletion protection and automated backups.
///
/// Lint: an `AWS::RDS::DBInstance` outside a cluster, or an `AWS::RDS::DBCluster`, raises one
/// warning for each setting that falls short in any branch of an `Fn::If`: `DeletionProtection`
/// absent or false; `BackupRetentionPeriod` explicitly 0 (absent means the default of 1 day).
/// Instances in a cluster are left to their cluster. A standby in a second zone is
/// ``DatabaseIsMultiAZ``'s concern, so that it can be waived on its own.
public struct DatabaseIsProtected: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "RDS databases have deletion protection and automated backups (cdk-nag AwsSolutions-RDS10, AwsSolutions-RDS13)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning

  /// The rule.
  public init() {}

  /// Checks each instance and cluster.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for resource in context.template.resources {
      guard let kind = DatabaseKind(resource), kind != .clusterMember else { continue }
      let name = "\(kind.noun) '\(resource.logicalID)'"
      if let lapse = Setting.mustBeTrue(resource, ["DeletionProtection"]) {
        findings.append(
          finding(
            .init(resource.logicalID, Setting.location(resource, ["DeletionProtection"], lapse)),
            "\(name) \(lapse.phrase("DeletionProtection")), so a stack update or deletion can destroy it; set DeletionProtection to true"
          ))
      }
      let retention = Setting.judge(Setting.values(resource, ["BackupRetentionPeriod"])) { value in
        guard let value else { return true }
        return Values.integer(value).map { $0 >= 1 }
      }
      if let lapse = retention {
        findings.append(
          finding(
            .init(resource.logicalID, Setting.location(resource, ["BackupRetentionPeriod"], lapse)),
            "\(name) \(lapse.phrase("BackupRetentionPeriod")), which turns off automated backups and point-in-time recovery; keep BackupRetentionPeriod at 1 day or more"
          ))
      }
    }
    return findings
  }
}
