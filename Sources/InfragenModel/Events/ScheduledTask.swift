import InfragenCore

/// An ECS task on Fargate that EventBridge starts on a schedule, in private subnets with the
/// given groups and no public IP. Lowers to an `AWS::Events::Rule` whose one target is the
/// cluster, with `EcsParameters` (`RunTask`); the rule assumes `role`, which
/// ``ScheduledTask/role(_:taskDefinition:executionRole:taskRole:)`` makes with exactly the
/// permissions that needs.
/// See [AWS::Events::Rule](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-events-rule.html).
public struct ScheduledTask: Resource, Hashable {
  /// `AWS::Events::Rule`.
  public static let typeName = "AWS::Events::Rule"
  /// The rule's logical ID.
  public var logicalID: LogicalID
  /// When to run: `rate(1 hour)` or `cron(0 3 * * ? *)`.
  public var schedule: String
  /// The cluster the task runs in.
  public var cluster: Attribute<Cluster>
  /// The task definition.
  public var taskDefinition: Reference<TaskDefinition>
  /// Tasks started each time. Defaults to 1.
  public var taskCount: Int
  /// The subnets the task runs in.
  public var subnets: [Reference<Subnet>]
  /// The task's security groups.
  public var securityGroups: [Reference<SecurityGroup>]
  /// The role EventBridge assumes to start the task.
  public var role: Attribute<Role>
  /// The rule's description.
  public var description: String?

  /// A task of `taskDefinition` started on `schedule`, by `role`.
  public init(
    _ logicalID: LogicalID, schedule: String, cluster: Cluster, taskDefinition: TaskDefinition, taskCount: Int = 1,
    subnets: [Subnet], securityGroups: [SecurityGroup], role: Role, description: String? = nil
  ) {
    self.logicalID = logicalID
    self.schedule = schedule
    self.cluster = Attribute(cluster.logicalID, "Arn")
    self.taskDefinition = taskDefinition.ref
    self.taskCount = taskCount
    self.subnets = subnets.map(\.ref)
    self.securityGroups = securityGroups.map(\.ref)
    self.role = role.arn
    self.description = description
  }

  /// The role EventBridge assumes: `ecs:RunTask` of `taskDefinition` in `cluster` only,
  /// `ecs:TagResource` of the tasks it starts there (the rule propagates tags, which ECS
  /// authorizes separately), and `iam:PassRole` of the task's two roles only; it trusts only
  /// EventBridge rules of the stack's account and region (`aws:SourceAccount`, `aws:SourceArn`).
  public static func role(
    _ logicalID: LogicalID, cluster: Cluster, taskDefinition: TaskDefinition, executionRole: Role, taskRole: Role
  ) -> Role {
    let tasks: TemplateString =
      "arn:\(PseudoParameter.partition):ecs:\(PseudoParameter.region):\(PseudoParameter.accountID):task/\(cluster.ref)/*"
    var role = Role(
      logicalID, assumedBy: .events, description: "Lets EventBridge start the scheduled task",
      policies: [
        Policy(
          "RunTask",
          statements: [
            PolicyStatement(
              actions: ["ecs:RunTask"], resources: [TemplateString(taskDefinition.ref)],
              conditions: ["ArnEquals": ["ecs:cluster": Attribute<Cluster>(cluster.logicalID, "Arn").value]]),
            PolicyStatement(
              actions: ["ecs:TagResource"], resources: [tasks],
              conditions: ["StringEquals": ["ecs:CreateAction": "RunTask"]]),
            PolicyStatement(
              actions: ["iam:PassRole"], resources: [TemplateString(executionRole.arn), TemplateString(taskRole.arn)]),
          ])
      ])
    // Only EventBridge rules of this account and region may assume it (the confused deputy);
    // the rule's own ARN would make the role and the rule refer to each other.
    let rules: TemplateString =
      "arn:\(PseudoParameter.partition):events:\(PseudoParameter.region):\(PseudoParameter.accountID):rule/*"
    role.trustConditions = [
      "StringEquals": ["aws:SourceAccount": TemplateString(PseudoParameter.accountID).value],
      "ArnLike": ["aws:SourceArn": rules.value],
    ]
    return role
  }
}

extension ScheduledTask: ValueChecked {
  /// A schedule that is neither `rate(...)` nor `cron(...)`, or a task count outside 1 to 10.
  public var problems: [String] {
    var result: [String] = []
    if !(schedule.hasPrefix("rate(") || schedule.hasPrefix("cron(")) || !schedule.hasSuffix(")") {
      result.append("ScheduleExpression '\(schedule)' is neither rate(...) nor cron(...)")
    }
    if !(1...10).contains(taskCount) { result.append("TaskCount \(taskCount) is outside 1 to 10") }
    if subnets.isEmpty { result.append("AwsVpcConfiguration.Subnets is empty") }
    return result
  }
}
