import InfragenCore

/// Sends an SNS topic's notifications to a Slack channel through AWS Chatbot.
/// Lowers to `AWS::Chatbot::SlackChannelConfiguration`.
public struct SlackChannelConfiguration: Resource, Hashable {
  /// `AWS::Chatbot::SlackChannelConfiguration`.
  public static let typeName = "AWS::Chatbot::SlackChannelConfiguration"
  /// The configuration's logical ID.
  public var logicalID: LogicalID
  /// The configuration's name.
  public var name: TemplateString
  /// The role Chatbot assumes.
  public var role: Attribute<Role>
  /// The Slack workspace (team) ID.
  public var workspaceID: TemplateString
  /// The Slack channel ID.
  public var channelID: TemplateString
  /// The topics whose messages go to the channel.
  public var topics: [Reference<Topic>]

  /// A Slack channel configuration.
  public init(
    _ logicalID: LogicalID, name: TemplateString, role: Role, workspaceID: TemplateString,
    channelID: TemplateString, topics: [Topic]
  ) {
    self.logicalID = logicalID
    self.name = name
    self.role = role.arn
    self.workspaceID = workspaceID
    self.channelID = channelID
    self.topics = topics.map(\.ref)
  }
}
