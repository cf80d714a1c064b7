import InfragenCore

/// Log groups expire their logs.
///
/// Lint: an `AWS::Logs::LogGroup` without `RetentionInDays`, in any branch of an `Fn::If`, raises
/// a warning: its logs are kept, and billed, forever.
public struct LogGroupsHaveRetention: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Log groups set RetentionInDays (checkov CKV_AWS_66; cfn_nag W86; cdk-nag NIST.800.53.R5-CloudWatchLogGroupRetentionPeriod)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning
  /// Reads only the template.
  public static let readsTopology = false

  /// The rule.
  public init() {}

  /// Checks each log group.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for resource in context.template.resources where resource.type == "AWS::Logs::LogGroup" {
      guard let lapse = Setting.mustBePresent(resource, ["RetentionInDays"]) else { continue }
      findings.append(
        finding(
          .init(resource.logicalID, Setting.location(resource, ["RetentionInDays"], lapse)),
          "log group '\(resource.logicalID)' \(lapse.phrase("RetentionInDays")), so its logs are kept, and billed, forever; set RetentionInDays"
        ))
    }
    return findings
  }
}
