import InfragenCore

/// An SNS topic. Lowers to `AWS::SNS::Topic`.
public struct Topic: Resource, Hashable {
  /// `AWS::SNS::Topic`.
  public static let typeName = "AWS::SNS::Topic"
  /// The topic's logical ID.
  public var logicalID: LogicalID
  /// The name shown in notifications.
  public var displayName: String
  /// The customer-managed key that encrypts messages at rest, if any.
  public var kmsKey: Attribute<KMSKey>?

  /// A topic, encrypted with `kmsKey` when given.
  public init(_ logicalID: LogicalID, displayName: String, kmsKey: KMSKey? = nil) {
    self.logicalID = logicalID
    self.displayName = displayName
    self.kmsKey = kmsKey?.arn
  }
}
