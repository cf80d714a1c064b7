import InfragenCore
import InfragenModel

/// The parts every service has, named from the service's name (`api` gives `ApiService`,
/// `ApiSecurityGroup`, `ApiTaskDefinition`, `ApiLogGroup`, `ApiExecutionRole`, `ApiTaskRole`,
/// `ApiImage`, ...): its own group (egress HTTPS to AWS APIs, and to what it uses), its log group,
/// an execution role that reads exactly the secrets injected into it, a task role with the
/// grants of what it uses, the task definition, and scaling on CPU between `minimum` and
/// `maximum` tasks.
public struct ServiceSettings: Sendable {
  /// The service's name.
  public var name: String
  /// The CPU and memory of a task.
  public var size: FargateSize
  /// Tasks at start, and the scaling bounds.
  public var count: Int
  /// The fewest tasks.
  public var minimum: Int
  /// The most tasks.
  public var maximum: Int
  /// Plain environment variables, besides those of what it uses.
  public var environment: [EnvironmentVariable]
  /// What it uses: stores, queues.
  public var uses: [any ServiceUse]

  /// Settings for the service `name`.
  public init(
    _ name: String, size: FargateSize = .small, count: Int = 2, minimum: Int = 2, maximum: Int = 6,
    environment: [EnvironmentVariable] = [], uses: [any ServiceUse] = []
  ) {
    self.name = name
    self.size = size
    self.count = count
    self.minimum = minimum
    self.maximum = maximum
    self.environment = environment
    self.uses = uses
  }

  var id: String { ServiceNames.pascal(name) }
}

/// What web and worker services share.
struct ServiceParts {
  let settings: ServiceSettings
  let environment: Environment
  let port: Int?

  var id: String { settings.id }
  var serviceID: LogicalID { LogicalID("\(id)Service") }

  var image: Parameter {
    Parameter(
      LogicalID("\(id)Image"), description: "The container image of \(settings.name), such as repo/image:tag",
      minLength: 1)
  }
  var securityGroup: SecurityGroup {
    SecurityGroup(
      LogicalID("\(id)SecurityGroup"), description: "\(settings.name) tasks", vpc: environment.network.vpc,
      egress: .only([.tcp(443, to: .anyIPv4, description: "HTTPS to AWS APIs and the image registry")]))
  }
  var logGroup: LogGroup {
    LogGroup(
      LogicalID("\(id)LogGroup"), retentionInDays: environment.options.logRetentionDays,
      kmsKey: environment.protection.key)
  }
  var secrets: [ContainerSecret] { settings.uses.flatMap(\.injectedSecrets) }
  var executionRole: Role {
    var statements = [
      PolicyStatement(actions: ["kms:Decrypt"], resources: [TemplateString(environment.protection.key.arn)])
    ]
    var secretARNs: [TemplateString] = []
    for secret in secrets.map({ TemplateString($0.secret) }) where !secretARNs.contains(secret) {
      secretARNs.append(secret)
    }
    if !secretARNs.isEmpty {
      statements.insert(PolicyStatement(actions: ["secretsmanager:GetSecretValue"], resources: secretARNs), at: 0)
    }
    return Role(
      LogicalID("\(id)ExecutionRole"), assumedBy: .ecsTasks,
      description: "Starts \(settings.name) tasks: pulls the image, writes logs, reads the secrets injected into it",
      managedPolicies: ["service-role/AmazonECSTaskExecutionRolePolicy"],
      policies: [Policy("ReadInjectedSecrets", statements: statements)])
  }
  var taskRole: Role {
    Role(
      LogicalID("\(id)TaskRole"), assumedBy: .ecsTasks, description: "The \(settings.name) application's permissions")
  }
  var container: ContainerDefinition {
    var variables = settings.environment
    if let port { variables.append(EnvironmentVariable("PORT", "\(port)")) }
    variables += settings.uses.flatMap(\.connectionEnvironment)
    return ContainerDefinition(
      name: settings.name, image: TemplateString(image.ref), port: port, environment: variables, secrets: secrets,
      logGroup: logGroup)
  }
  var taskDefinition: TaskDefinition {
    TaskDefinition(
      LogicalID("\(id)TaskDefinition"), size: settings.size, executionRole: executionRole, taskRole: taskRole,
      containers: [container])
  }
  var point: ConnectionPoint {
    ConnectionPoint(RawResource(serviceID, type: FargateService.typeName), group: securityGroup, port: port)
  }

  func scalableTarget(_ service: FargateService) -> ScalableTarget {
    ScalableTarget(
      LogicalID("\(id)ScalableTarget"), service: service, cluster: environment.cluster,
      minCapacity: settings.minimum, maxCapacity: settings.maximum)
  }

  func cpuScaling(_ target: ScalableTarget) -> ScalingPolicy {
    ScalingPolicy(
      LogicalID("\(id)CpuScaling"), name: "\(PseudoParameter.stackName)-\(settings.name)-cpu", target: target,
      metric: .averageCPU, targetValue: 70)
  }

  func alarm(_ service: FargateService) -> Alarm {
    Alarm(
      LogicalID("\(id)CpuAlarm"), description: "\(settings.name) CPU above 85% for 15 minutes", namespace: "AWS/ECS",
      metricName: "CPUUtilization",
      dimensions: [
        .init("ClusterName", TemplateString(environment.cluster.ref)),
        .init("ServiceName", TemplateString(service.name)),
      ], statistic: .average, comparison: .greaterThan, threshold: 85, notify: [environment.alarmTopic])
  }

  /// The parts, and what the uses write.
  func elements(_ service: FargateService) -> [StackElement] {
    let target = scalableTarget(service)
    var elements: [StackElement] = [
      .parameter(image), .resource(securityGroup), .resource(logGroup), .resource(executionRole),
      .resource(taskRole), .resource(taskDefinition), .resource(service), .resource(target),
      .resource(cpuScaling(target)), .resource(alarm(service)),
    ]
    for use in settings.uses { elements += use.wiring(for: point, taskRole: taskRole) }
    return elements
  }
}

/// A service behind the environment's load balancer: the listener's default (when its name is the
/// environment's `defaultService`) or a listener rule matching `conditions` at `priority`. The
/// load balancer reaches it on `port`, and only it, through a connection; it scales on CPU and on
/// requests per target.
public struct WebService: StackComponent, Connectable {
  /// Its settings.
  public var settings: ServiceSettings
  /// The environment.
  public var environment: Environment
  /// The container port.
  public var port: Int
  /// What the listener rule matches; empty for the default service.
  public var conditions: [ListenerRule.Condition]
  /// The rule's priority.
  public var priority: Int
  /// The health check path.
  public var healthCheckPath: String

  /// A web service; a service other than the default one needs `conditions` and a `priority`.
  public init(
    _ settings: ServiceSettings, in environment: Environment, port: Int, conditions: [ListenerRule.Condition] = [],
    priority: Int = 0, healthCheckPath: String = "/health"
  ) {
    self.settings = settings
    self.environment = environment
    self.port = port
    self.conditions = conditions
    self.priority = priority
    self.healthCheckPath = healthCheckPath
  }

  var parts: ServiceParts { ServiceParts(settings: settings, environment: environment, port: port) }
  var isDefault: Bool { settings.name == environment.defaultService }

  /// Its target group: the environment's default one, or its own.
  public var targetGroup: TargetGroup {
    isDefault
      ? environment.defaultTargetGroup
      : TargetGroup(
        LogicalID("\(parts.id)TargetGroup"), vpc: environment.network.vpc, port: port,
        healthCheck: TargetGroup.HealthCheck(path: healthCheckPath))
  }

  /// Its listener rule, unless it is the default service.
  public var listenerRule: ListenerRule? {
    isDefault
      ? nil
      : ListenerRule(
        LogicalID("\(parts.id)ListenerRule"), listener: environment.httpsListener, priority: priority,
        conditions: conditions, forwardTo: targetGroup)
  }

  /// The ECS service, started after the listener (and its rule).
  public var service: FargateService {
    let after: [any Resource] = [environment.httpsListener] + (listenerRule.map { [$0] } ?? [])
    return FargateService(
      parts.serviceID, cluster: environment.cluster, taskDefinition: parts.taskDefinition,
      desiredCount: settings.count, subnets: environment.network.privateSubnets, securityGroups: [parts.securityGroup],
      container: parts.container, targetGroup: targetGroup, after: after)
  }

  /// The service.
  public var workloadID: LogicalID { parts.serviceID }
  /// Its group.
  public var connectionGroup: Reference<SecurityGroup> { parts.securityGroup.ref }
  /// Its port.
  public var defaultPort: Int? { port }

  /// The parts, the target group and rule, the connection from the load balancer, the scaling
  /// on requests.
  public var body: [StackElement] {
    parts.elements(service)
    if !isDefault { targetGroup }
    if let listenerRule { listenerRule }
    allowConnections(from: environment.loadBalancerPoint)
    ScalingPolicy(
      LogicalID("\(parts.id)RequestScaling"), name: "\(PseudoParameter.stackName)-\(settings.name)-requests",
      target: parts.scalableTarget(service),
      metric: .requests(to: targetGroup, behind: environment.loadBalancer), targetValue: 1000)
  }
}

/// A service without a load balancer that takes no connections and consumes a queue: it scales
/// on the queue's depth.
public struct WorkerService: StackComponent, Connectable {
  /// Its settings; `uses` should include `queue`.
  public var settings: ServiceSettings
  /// The environment.
  public var environment: Environment
  /// The queue it consumes and scales on.
  public var queue: JobQueue

  /// A worker consuming `queue` (which is added to its uses).
  public init(_ settings: ServiceSettings, in environment: Environment, consuming queue: JobQueue) {
    var settings = settings
    settings.uses.append(queue)
    self.settings = settings
    self.environment = environment
    self.queue = queue
  }

  var parts: ServiceParts { ServiceParts(settings: settings, environment: environment, port: nil) }

  /// The ECS service.
  public var service: FargateService {
    FargateService(
      parts.serviceID, cluster: environment.cluster, taskDefinition: parts.taskDefinition,
      desiredCount: settings.count, subnets: environment.network.privateSubnets, securityGroups: [parts.securityGroup])
  }

  /// The service.
  public var workloadID: LogicalID { parts.serviceID }
  /// Its group.
  public var connectionGroup: Reference<SecurityGroup> { parts.securityGroup.ref }
  /// None: a worker takes no connections.
  public var defaultPort: Int? { nil }

  /// The parts and the scaling on the queue's depth.
  public var body: [StackElement] {
    parts.elements(service)
    ScalingPolicy(
      LogicalID("\(parts.id)QueueScaling"), name: "\(PseudoParameter.stackName)-\(settings.name)-queue",
      target: parts.scalableTarget(service), metric: .depth(of: queue.queue), targetValue: 100)
  }
}
