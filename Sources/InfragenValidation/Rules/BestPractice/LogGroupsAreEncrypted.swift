import InfragenCore

/// Log groups are encrypted with a KMS key of the account's own.
///
/// Lint: an `AWS::Logs::LogGroup` without `KmsKeyId`, in any branch of an `Fn::If`, raises a
/// warning.
public struct LogGroupsAreEncrypted: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Log groups are encrypted with a KMS key (checkov CKV_AWS_158; cfn_nag W84; cdk-nag NIST.800.53.R5-CloudWatchLogGroupEncrypted)"
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
      guard let lapse = Setting.mustBePresent(resource, ["KmsKeyId"]) else { continue }
      findings.append(
        finding(
          .init(resource.logicalID, Setting.location(resource, ["KmsKeyId"], lapse)),
          "log group '\(resource.logicalID)' \(lapse.phrase("KmsKeyId")), so its logs are encrypted only with a key the account does not control; set KmsKeyId to a customer managed KMS key"
        ))
    }
    return findings
  }
}
