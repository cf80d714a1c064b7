import InfragenCore

/// An SQS queue, encrypted, with an optional dead-letter queue. Lowers to `AWS::SQS::Queue`.
///
/// Secure defaults: encrypted with the given KMS key, or with SQS-managed keys when none is
/// given; messages kept 4 days (a dead-letter queue keeps them the maximum, 14 days).
/// See [AWS::SQS::Queue](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-sqs-queue.html).
public struct Queue: Resource, Hashable {
  /// Where messages go after failing `maxReceiveCount` times.
  public struct DeadLetter: Hashable, Sendable {
    /// The dead-letter queue's ARN.
    public var arn: Attribute<Queue>
    /// Receives before a message moves there.
    public var maxReceiveCount: Int
  }

  /// `AWS::SQS::Queue`.
  public static let typeName = "AWS::SQS::Queue"
  /// The queue's logical ID.
  public var logicalID: LogicalID
  /// The customer-managed key; `nil` uses SQS-managed encryption.
  public var kmsKey: Attribute<KMSKey>?
  /// Seconds a message is kept. Defaults to 345600 (4 days).
  public var retentionSeconds: Int
  /// Seconds a received message is hidden from other consumers. Defaults to 30.
  public var visibilityTimeoutSeconds: Int
  /// The dead-letter queue, if any.
  public var deadLetter: DeadLetter?

  /// A queue; with `deadLetter`, messages received `maxReceiveCount` times move there.
  public init(
    _ logicalID: LogicalID, kmsKey: KMSKey? = nil, retentionSeconds: Int = 345_600,
    visibilityTimeoutSeconds: Int = 30, deadLetter: Queue? = nil, maxReceiveCount: Int = 5
  ) {
    self.logicalID = logicalID
    self.kmsKey = kmsKey?.arn
    self.retentionSeconds = retentionSeconds
    self.visibilityTimeoutSeconds = visibilityTimeoutSeconds
    self.deadLetter = deadLetter.map { DeadLetter(arn: $0.arn, maxReceiveCount: maxReceiveCount) }
  }

  /// A dead-letter queue for `queue`, named `<queue>DeadLetterQueue`, keeping messages 14 days.
  public static func deadLetterQueue(for logicalID: LogicalID, kmsKey: KMSKey? = nil) -> Queue {
    Queue(LogicalID("\(logicalID)DeadLetterQueue"), kmsKey: kmsKey, retentionSeconds: 1_209_600)
  }

  /// The queue's ARN.
  public var arn: Attribute<Queue> { Attribute(logicalID, "Arn") }
  /// The queue's name, the `QueueName` dimension of its CloudWatch metrics.
  public var name: Attribute<Queue> { Attribute(logicalID, "QueueName") }
  /// The queue's URL (its `Ref`), which clients send to and receive from.
  public var url: TemplateString { TemplateString(ref) }

  /// A policy for `roles` to receive, delete and re-time messages of this queue (and decrypt them,
  /// with the key only through SQS: `kms:ViaService`).
  public func grantConsume(_ logicalID: LogicalID, to roles: [Role]) -> RolePolicy {
    grant(
      logicalID, "Consume\(self.logicalID)", to: roles,
      actions: ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"],
      kmsActions: ["kms:Decrypt"])
  }

  /// A policy for `roles` to send messages to this queue (and encrypt them, with the key only
  /// through SQS).
  public func grantSend(_ logicalID: LogicalID, to roles: [Role]) -> RolePolicy {
    grant(
      logicalID, "SendTo\(self.logicalID)", to: roles, actions: ["sqs:GetQueueAttributes", "sqs:SendMessage"],
      kmsActions: ["kms:Decrypt", "kms:GenerateDataKey"])
  }

  func grant(
    _ logicalID: LogicalID, _ name: String, to roles: [Role], actions: [String], kmsActions: [String]
  ) -> RolePolicy {
    var statements = [PolicyStatement(actions: actions, resources: [TemplateString(arn)])]
    if let kmsKey {
      // The key only through SQS, for this queue's messages: not to decrypt anything else with it.
      let sqs: TemplateString = "sqs.\(PseudoParameter.region).amazonaws.com"
      statements.append(
        PolicyStatement(
          actions: kmsActions, resources: [TemplateString(kmsKey)],
          conditions: ["StringEquals": ["kms:ViaService": sqs.value]]))
    }
    return RolePolicy(logicalID, policy: Policy(name, statements: statements), roles: roles)
  }
}

extension Queue: ValueChecked {
  /// Retention outside 60 seconds to 14 days, a visibility timeout over 12 hours, a receive count
  /// outside 1 to 1000.
  public var problems: [String] {
    var result: [String] = []
    if !(60...1_209_600).contains(retentionSeconds) {
      result.append("MessageRetentionPeriod \(retentionSeconds) is outside 60 to 1209600 seconds")
    }
    if !(0...43_200).contains(visibilityTimeoutSeconds) {
      result.append("VisibilityTimeout \(visibilityTimeoutSeconds) is outside 0 to 43200 seconds")
    }
    if let deadLetter, !(1...1000).contains(deadLetter.maxReceiveCount) {
      result.append("maxReceiveCount \(deadLetter.maxReceiveCount) is outside 1 to 1000")
    }
    return result
  }
}
