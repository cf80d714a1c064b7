import InfragenCore
import InfragenModel

/// Alarms on the service, the load balancer and each data store, all notifying one SNS topic,
/// which AWS Chatbot forwards to Slack.
public struct Observability: StackComponent {
  let options: ReferenceStack.Options
  let edge: Edge
  let compute: Compute
  let data: DataStores
  let parameters: StackParameters
  let protection: Protection

  var topic: Topic { Topic("AlarmTopic", displayName: "\(options.serviceName) alarms", kmsKey: protection.key) }

  var chatbotRole: Role {
    Role(
      "ChatbotRole", assumedBy: .chatbot, description: "Lets AWS Chatbot read alarm details for Slack",
      managedPolicies: ["CloudWatchReadOnlyAccess"])
  }

  private func alarm(
    _ id: LogicalID, _ description: String, namespace: String, metric: String,
    dimensions: [Alarm.Dimension], statistic: Alarm.Statistic = .average,
    comparison: Alarm.Comparison = .greaterThan, threshold: Int,
    missingData: Alarm.MissingData = .missing, evaluationPeriods: Int = 3
  ) -> Alarm {
    Alarm(
      id, description: description, namespace: namespace, metricName: metric, dimensions: dimensions,
      statistic: statistic, comparison: comparison, threshold: Double(threshold),
      evaluationPeriods: evaluationPeriods, missingData: missingData, notify: [topic])
  }

  /// The alarms.
  public var alarms: [Alarm] {
    let thresholds = options.alarms
    let service: [Alarm.Dimension] = [
      .init("ClusterName", TemplateString(compute.cluster.ref)),
      .init("ServiceName", TemplateString(compute.service.name)),
    ]
    let loadBalancer = Alarm.Dimension("LoadBalancer", TemplateString(edge.loadBalancer.fullName))
    let database = [Alarm.Dimension("DBInstanceIdentifier", TemplateString(data.database.ref))]
    let cache = [Alarm.Dimension("CacheClusterId", "\(data.cache.ref)-001")]
    let search: [Alarm.Dimension] = [
      .init("ClientId", TemplateString(PseudoParameter.accountID)),
      .init("DomainName", TemplateString(data.search.ref)),
    ]
    return [
      alarm(
        "ServiceCpuAlarm", "Service CPU above \(thresholds.serviceCPU)% for 15 minutes",
        namespace: "AWS/ECS", metric: "CPUUtilization", dimensions: service, threshold: thresholds.serviceCPU),
      alarm(
        "ServiceMemoryAlarm", "Service memory above \(thresholds.serviceMemory)% for 15 minutes",
        namespace: "AWS/ECS", metric: "MemoryUtilization", dimensions: service,
        threshold: thresholds.serviceMemory),
      alarm(
        "LoadBalancer5xxAlarm", "Load balancer answered more than \(thresholds.loadBalancer5xx) 5xx in 5 minutes",
        namespace: "AWS/ApplicationELB", metric: "HTTPCode_ELB_5XX_Count", dimensions: [loadBalancer],
        statistic: .sum, threshold: thresholds.loadBalancer5xx, missingData: .notBreaching,
        evaluationPeriods: 1),
      alarm(
        "Target5xxAlarm", "Service answered more than \(thresholds.loadBalancer5xx) 5xx in 5 minutes",
        namespace: "AWS/ApplicationELB", metric: "HTTPCode_Target_5XX_Count",
        dimensions: [loadBalancer, .init("TargetGroup", TemplateString(edge.targetGroup.fullName))],
        statistic: .sum, threshold: thresholds.loadBalancer5xx, missingData: .notBreaching,
        evaluationPeriods: 1),
      alarm(
        "UnhealthyTargetsAlarm", "At least one service task failed its health check",
        namespace: "AWS/ApplicationELB", metric: "UnHealthyHostCount",
        dimensions: [loadBalancer, .init("TargetGroup", TemplateString(edge.targetGroup.fullName))],
        statistic: .maximum, threshold: 0, evaluationPeriods: 2),
      alarm(
        "DatabaseCpuAlarm", "MySQL CPU above \(thresholds.databaseCPU)% for 15 minutes",
        namespace: "AWS/RDS", metric: "CPUUtilization", dimensions: database, threshold: thresholds.databaseCPU),
      alarm(
        "DatabaseFreeStorageAlarm", "MySQL has less than \(thresholds.databaseFreeStorageGiB) GiB of free storage",
        namespace: "AWS/RDS", metric: "FreeStorageSpace", dimensions: database, statistic: .minimum,
        comparison: .lessThan, threshold: thresholds.databaseFreeStorageGiB * 1_073_741_824,
        evaluationPeriods: 1),
      alarm(
        "CacheCpuAlarm", "Redis engine CPU above \(thresholds.cacheCPU)% for 15 minutes",
        namespace: "AWS/ElastiCache", metric: "EngineCPUUtilization", dimensions: cache,
        threshold: thresholds.cacheCPU),
      alarm(
        "CacheMemoryAlarm", "Redis memory above \(thresholds.cacheMemory)% for 15 minutes",
        namespace: "AWS/ElastiCache", metric: "DatabaseMemoryUsagePercentage", dimensions: cache,
        threshold: thresholds.cacheMemory),
      alarm(
        "SearchClusterRedAlarm", "OpenSearch cluster status is red: a primary shard is unassigned",
        namespace: "AWS/ES", metric: "ClusterStatus.red", dimensions: search, statistic: .maximum,
        comparison: .greaterThanOrEqual, threshold: 1, evaluationPeriods: 1),
    ]
  }

  /// The topic, the alarms and the Slack channel.
  public var body: [StackElement] {
    topic
    alarms
    if options.slack {
      chatbotRole
      SlackChannelConfiguration(
        "SlackChannel", name: "\(PseudoParameter.stackName)-alarms", role: chatbotRole,
        workspaceID: TemplateString(parameters.slackWorkspaceID.ref),
        channelID: TemplateString(parameters.slackChannelID.ref), topics: [topic])
    }
  }
}
