import InfragenCore

/// An RDS instance keeps a standby in a second availability zone.
///
/// Lint: an `AWS::RDS::DBInstance` outside a cluster whose `MultiAZ` is absent or false in any
/// branch of an `Fn::If` raises a warning. Aurora clusters spread over zones by design, and their
/// instances are left to them.
public struct DatabaseIsMultiAZ: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary = "RDS instances are Multi-AZ (checkov CKV_AWS_157; cdk-nag AwsSolutions-RDS3)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning

  /// The rule.
  public init() {}

  /// Checks each instance.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for resource in context.template.resources {
      guard let kind = DatabaseKind(resource), kind == .instance else { continue }
      if let lapse = Setting.mustBeTrue(resource, ["MultiAZ"]) {
        findings.append(
          finding(
            .init(resource.logicalID, Setting.location(resource, ["MultiAZ"], lapse)),
            "\(kind.noun) '\(resource.logicalID)' \(lapse.phrase("MultiAZ")), so it runs in one availability zone without a standby; set MultiAZ to true"
          ))
      }
    }
    return findings
  }
}
