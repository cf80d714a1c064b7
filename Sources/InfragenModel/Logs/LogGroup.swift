import InfragenCore

/// A CloudWatch Logs log group with a retention period. Lowers to `AWS::Logs::LogGroup`.
public struct LogGroup: Resource, Hashable {
  /// `AWS::Logs::LogGroup`.
  public static let typeName = "AWS::Logs::LogGroup"
  /// The retention periods CloudWatch Logs accepts, in days.
  public static let retentionDays: [Int] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
  ]

  /// The log group's logical ID.
  public var logicalID: LogicalID
  /// Days to keep events; one of ``retentionDays``.
  public var retentionInDays: Int
  /// What happens to it when it is deleted or replaced. Defaults to ``RemovalPolicy/retain``: logs outlive the stack until their retention ends.
  public var removalPolicy: RemovalPolicy = .retain

  /// The customer-managed key that encrypts the events, if any.
  public var kmsKey: Attribute<KMSKey>?

  /// A log group, encrypted with `kmsKey` when given.
  public init(_ logicalID: LogicalID, retentionInDays: Int, kmsKey: KMSKey? = nil) {
    self.logicalID = logicalID
    self.retentionInDays = retentionInDays
    self.kmsKey = kmsKey?.arn
  }

  /// The log group's ARN.
  public var arn: Attribute<LogGroup> { Attribute(logicalID, "Arn") }
}
