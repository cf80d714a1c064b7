import InfragenCore

/// A customer-managed KMS key with yearly rotation. Lowers to `AWS::KMS::Key`.
///
/// Its key policy gives the account's administrators the key (so that IAM policies decide), and
/// lets the listed services use it for this account's resources only: CloudWatch Logs for this
/// region's log groups, SNS and Secrets Manager through their own APIs, and CloudWatch alarms
/// to publish to encrypted topics.
/// See [AWS::KMS::Key](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-kms-key.html).
public struct KMSKey: Resource, Hashable {
  /// A service the key policy lets use the key.
  public enum Service: String, Hashable, Sendable, CaseIterable {
    /// CloudWatch Logs, for log groups of this account and region.
    case logs
    /// SNS, for topics.
    case sns
    /// Secrets Manager, for secrets.
    case secretsManager
    /// CloudWatch alarms, to publish to encrypted topics.
    case cloudWatchAlarms
  }

  /// `AWS::KMS::Key`.
  public static let typeName = "AWS::KMS::Key"
  /// The key's logical ID.
  public var logicalID: LogicalID
  /// What the key is for.
  public var description: String
  /// The services allowed to use it.
  public var services: [Service]
  /// Days before a deleted key is gone. Defaults to 30.
  public var pendingWindowInDays: Int

  /// A key.
  public init(_ logicalID: LogicalID, description: String, services: [Service], pendingWindowInDays: Int = 30) {
    self.logicalID = logicalID
    self.description = description
    self.services = services
    self.pendingWindowInDays = pendingWindowInDays
  }

  /// The key's ARN.
  public var arn: Attribute<KMSKey> { Attribute(logicalID, "Arn") }
}
