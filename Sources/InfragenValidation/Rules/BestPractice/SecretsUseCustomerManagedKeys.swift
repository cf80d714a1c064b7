import InfragenCore

/// Secrets Manager secrets are encrypted with a KMS key the account manages.
///
/// Lint: an `AWS::SecretsManager::Secret` without `KmsKeyId`, or with the AWS managed
/// `alias/aws/secretsmanager`, in any branch of an `Fn::If`, raises a warning: the AWS managed key
/// cannot be shared across accounts, and its key policy cannot be narrowed.
public struct SecretsUseCustomerManagedKeys: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Secrets Manager secrets use a customer managed KMS key (checkov CKV_AWS_149; cdk-nag NIST.800.53.R5-SecretsManagerUsingKMSKey)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning

  /// The rule.
  public init() {}

  /// Checks each secret.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for resource in context.template.resources where resource.type == "AWS::SecretsManager::Secret" {
      let lapse = Setting.judge(Setting.values(resource, ["KmsKeyId"])) { value in
        guard let value else { return false }
        return Setting.text(value).map { !$0.hasSuffix("alias/aws/secretsmanager") } ?? true
      }
      guard let lapse else { continue }
      findings.append(
        finding(
          .init(resource.logicalID, Setting.location(resource, ["KmsKeyId"], lapse)),
          "secret '\(resource.logicalID)' \(lapse.phrase("KmsKeyId")), so it is encrypted with the AWS managed key aws/secretsmanager; set KmsKeyId to a customer managed KMS key"
        ))
    }
    return findings
  }
}
