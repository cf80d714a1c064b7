import InfragenCore

/// An SNS topic. Lowers to `AWS::SNS::Topic`.
public struct Topic: Resource, Hashable {
  /// `AWS::SNS::Topic`.
  public static let typeName = "AWS::SNS::Topic"
  /// The topic's logical ID.
  public var logicalID: LogicalID
  /// The name shown in notifications.
  public var displayName: String

  /// A topic.
  public init(_ logicalID: LogicalID, displayName: String) {
    self.logicalID = logicalID
    self.displayName = displayName
  }
}
