import InfragenCore

/// An AWS service that may assume a role, such as `ecs-tasks.amazonaws.com`.
public struct ServicePrincipal: Hashable, Sendable {
  /// The principal's name.
  public var name: String

  /// A service principal.
  public init(_ name: String) { self.name = name }

  /// ECS tasks.
  public static let ecsTasks = ServicePrincipal("ecs-tasks.amazonaws.com")
  /// AWS Chatbot.
  public static let chatbot = ServicePrincipal("chatbot.amazonaws.com")
  /// RDS enhanced monitoring.
  public static let rdsMonitoring = ServicePrincipal("monitoring.rds.amazonaws.com")
  /// EventBridge, for the targets of its rules.
  public static let events = ServicePrincipal("events.amazonaws.com")
}

/// One statement of an IAM policy.
public struct PolicyStatement: Hashable, Sendable {
  /// Allow or deny.
  public enum Effect: String, Hashable, Sendable {
    /// Grants the actions.
    case allow = "Allow"
    /// Denies the actions.
    case deny = "Deny"
  }

  /// The effect. Defaults to ``Effect/allow``.
  public var effect: Effect
  /// The actions, such as `secretsmanager:GetSecretValue`.
  public var actions: [String]
  /// The resources' ARNs.
  public var resources: [TemplateString]
  /// The statement's `Condition` block, such as `["StringLike": ["s3:prefix": "reports/*"]]`; empty for none.
  public var conditions: Fields

  /// A statement.
  public init(
    effect: Effect = .allow, actions: [String], resources: [TemplateString], conditions: Fields = Fields()
  ) {
    self.effect = effect
    self.actions = actions
    self.resources = resources
    self.conditions = conditions
  }
}

/// An inline policy of a role.
public struct Policy: Hashable, Sendable {
  /// The policy's name.
  public var name: String
  /// Its statements.
  public var statements: [PolicyStatement]

  /// A policy.
  public init(_ name: String, statements: [PolicyStatement]) {
    self.name = name
    self.statements = statements
  }
}

/// An IAM role that a service assumes. Lowers to `AWS::IAM::Role`.
///
/// See [AWS::IAM::Role](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html).
public struct Role: Resource, Hashable {
  /// `AWS::IAM::Role`.
  public static let typeName = "AWS::IAM::Role"
  /// The role's logical ID.
  public var logicalID: LogicalID
  /// The service that assumes it.
  public var assumedBy: ServicePrincipal
  /// AWS managed policies by path, such as `service-role/AmazonECSTaskExecutionRolePolicy`.
  public var managedPolicies: [String]
  /// Inline policies.
  public var policies: [Policy]
  /// What the role is for.
  public var description: String?
  /// The `Condition` of its trust policy, such as `aws:SourceAccount`; empty for none.
  public var trustConditions: Fields = Fields()

  /// A role.
  public init(
    _ logicalID: LogicalID, assumedBy: ServicePrincipal, description: String? = nil,
    managedPolicies: [String] = [], policies: [Policy] = []
  ) {
    self.logicalID = logicalID
    self.assumedBy = assumedBy
    self.description = description
    self.managedPolicies = managedPolicies
    self.policies = policies
  }

  /// The role's ARN.
  public var arn: Attribute<Role> { Attribute(logicalID, "Arn") }
}
