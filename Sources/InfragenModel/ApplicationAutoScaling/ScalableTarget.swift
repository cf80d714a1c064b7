import InfragenCore

/// The desired count of an ECS service as an Application Auto Scaling target.
/// Lowers to `AWS::ApplicationAutoScaling::ScalableTarget`.
public struct ScalableTarget: Resource, Hashable {
  /// `AWS::ApplicationAutoScaling::ScalableTarget`.
  public static let typeName = "AWS::ApplicationAutoScaling::ScalableTarget"
  /// The target's logical ID.
  public var logicalID: LogicalID
  /// The cluster.
  public var cluster: Reference<Cluster>
  /// The service.
  public var serviceName: Attribute<FargateService>
  /// The fewest tasks.
  public var minCapacity: Int
  /// The most tasks.
  public var maxCapacity: Int

  /// A scalable target.
  public init(
    _ logicalID: LogicalID, service: FargateService, cluster: Cluster, minCapacity: Int,
    maxCapacity: Int
  ) {
    self.logicalID = logicalID
    self.cluster = cluster.ref
    self.serviceName = service.name
    self.minCapacity = minCapacity
    self.maxCapacity = maxCapacity
  }
}

/// A target-tracking scaling policy. Lowers to `AWS::ApplicationAutoScaling::ScalingPolicy`.
public struct ScalingPolicy: Resource, Hashable {
  /// The metric the policy tracks.
  public enum Metric: Hashable, Sendable {
    /// The service's average CPU utilization, in percent.
    case averageCPU
    /// The service's average memory utilization, in percent.
    case averageMemory
    /// Requests per target of the service's target group behind the load balancer, per minute.
    case requestsPerTarget(loadBalancer: Attribute<LoadBalancer>, targetGroup: Attribute<TargetGroup>)
    /// The messages waiting in a queue (`ApproximateNumberOfMessagesVisible`), for a worker.
    case queueDepth(Attribute<Queue>)

    /// Requests per target of `targetGroup` behind `loadBalancer`.
    public static func requests(to targetGroup: TargetGroup, behind loadBalancer: LoadBalancer) -> Metric {
      .requestsPerTarget(loadBalancer: loadBalancer.fullName, targetGroup: targetGroup.fullName)
    }

    /// The messages waiting in `queue`.
    public static func depth(of queue: Queue) -> Metric { .queueDepth(queue.name) }
  }

  /// `AWS::ApplicationAutoScaling::ScalingPolicy`.
  public static let typeName = "AWS::ApplicationAutoScaling::ScalingPolicy"
  /// The policy's logical ID.
  public var logicalID: LogicalID
  /// The policy's name.
  public var policyName: TemplateString
  /// The target.
  public var target: Reference<ScalableTarget>
  /// The metric.
  public var metric: Metric
  /// The value to hold the metric at: a percentage, requests per target, or messages.
  public var targetValue: Int
  /// Seconds after a scale-in before another. Defaults to 300.
  public var scaleInCooldownSeconds: Int
  /// Seconds after a scale-out before another. Defaults to 60.
  public var scaleOutCooldownSeconds: Int

  /// A policy that holds `metric` at `targetValue` percent.
  public init(
    _ logicalID: LogicalID, name: TemplateString, target: ScalableTarget, metric: Metric,
    targetValue: Int, scaleInCooldownSeconds: Int = 300, scaleOutCooldownSeconds: Int = 60
  ) {
    self.logicalID = logicalID
    self.policyName = name
    self.target = target.ref
    self.metric = metric
    self.targetValue = targetValue
    self.scaleInCooldownSeconds = scaleInCooldownSeconds
    self.scaleOutCooldownSeconds = scaleOutCooldownSeconds
  }
}
