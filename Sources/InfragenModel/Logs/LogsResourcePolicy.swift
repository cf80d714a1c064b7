import InfragenCore

/// A CloudWatch Logs resource policy that lets OpenSearch Service write to log groups.
/// Lowers to `AWS::Logs::ResourcePolicy`.
public struct SearchLogsResourcePolicy: Resource, Hashable {
  /// `AWS::Logs::ResourcePolicy`.
  public static let typeName = "AWS::Logs::ResourcePolicy"
  /// The policy's logical ID.
  public var logicalID: LogicalID
  /// The policy's name.
  public var name: TemplateString
  /// The log groups OpenSearch may write to.
  public var logGroups: [Attribute<LogGroup>]

  /// A policy for `logGroups`.
  public init(_ logicalID: LogicalID, name: TemplateString, logGroups: [LogGroup]) {
    self.logicalID = logicalID
    self.name = name
    self.logGroups = logGroups.map(\.arn)
  }
}

/// A VPC flow log to a CloudWatch Logs group. Lowers to `AWS::EC2::FlowLog`.
public struct FlowLog: Resource, Hashable {
  /// `AWS::EC2::FlowLog`.
  public static let typeName = "AWS::EC2::FlowLog"
  /// The flow log's logical ID.
  public var logicalID: LogicalID
  /// The VPC.
  public var vpc: Reference<VPC>
  /// The log group.
  public var logGroup: Reference<LogGroup>
  /// The role that delivers the records.
  public var role: Attribute<Role>

  /// A flow log of all traffic of `vpc`.
  public init(_ logicalID: LogicalID, vpc: VPC, logGroup: LogGroup, role: Role) {
    self.logicalID = logicalID
    self.vpc = vpc.ref
    self.logGroup = logGroup.ref
    self.role = role.arn
  }
}
