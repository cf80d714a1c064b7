import InfragenCore

/// RDS instances publish enhanced monitoring: operating-system metrics every few seconds.
///
/// Lint: an `AWS::RDS::DBInstance` (in a cluster or not) whose `MonitoringInterval` is absent or
/// 0 in any branch of an `Fn::If` raises a warning, as does one with an interval but no
/// `MonitoringRoleArn`, without which RDS cannot publish the metrics.
public struct DatabaseHasEnhancedMonitoring: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "RDS instances have enhanced monitoring, with a monitoring role (checkov CKV_AWS_118; cdk-nag NIST.800.53.R5-RDSEnhancedMonitoringEnabled)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning

  /// The rule.
  public init() {}

  /// Checks each instance.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for resource in context.template.resources where resource.type == "AWS::RDS::DBInstance" {
      let name = "database '\(resource.logicalID)'"
      let interval = Setting.judge(Setting.values(resource, ["MonitoringInterval"])) { value in
        guard let value else { return false }
        return Values.integer(value).map { $0 > 0 }
      }
      if let lapse = interval {
        findings.append(
          finding(
            .init(resource.logicalID, Setting.location(resource, ["MonitoringInterval"], lapse)),
            "\(name) \(lapse.phrase("MonitoringInterval")), so it has no enhanced monitoring; set MonitoringInterval to 1, 5, 10, 15, 30 or 60 seconds, with a MonitoringRoleArn"
          ))
      } else if let lapse = Setting.mustBePresent(resource, ["MonitoringRoleArn"]) {
        findings.append(
          finding(
            .init(resource.logicalID, Setting.location(resource, ["MonitoringRoleArn"], lapse)),
            "\(name) \(lapse.phrase("MonitoringRoleArn")), so RDS cannot publish its enhanced monitoring; set MonitoringRoleArn to a role with AmazonRDSEnhancedMonitoringRole"
          ))
      }
    }
    return findings
  }
}
