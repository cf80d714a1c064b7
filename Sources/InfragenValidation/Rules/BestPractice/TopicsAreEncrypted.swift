import InfragenCore

/// SNS topics encrypt their messages at rest.
///
/// Lint: an `AWS::SNS::Topic` without `KmsMasterKeyId`, in any branch of an `Fn::If`, raises a
/// warning.
public struct TopicsAreEncrypted: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "SNS topics are encrypted with KMS (checkov CKV_AWS_26; cfn_nag W47; cdk-nag AwsSolutions-SNS2)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning

  /// The rule.
  public init() {}

  /// Checks each topic.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for resource in context.template.resources where resource.type == "AWS::SNS::Topic" {
      guard let lapse = Setting.mustBePresent(resource, ["KmsMasterKeyId"]) else { continue }
      findings.append(
        finding(
          .init(resource.logicalID, Setting.location(resource, ["KmsMasterKeyId"], lapse)),
          "topic '\(resource.logicalID)' \(lapse.phrase("KmsMasterKeyId")), so its messages are stored unencrypted; set KmsMasterKeyId to a customer managed KMS key (CloudWatch alarms cannot publish to a topic under alias/aws/sns)"
        ))
    }
    return findings
  }
}
