import InfragenCore
import InfragenModel

/// The parts every service has, named from the service's name (`api` gives `ApiService`,
/// `ApiSecurityGroup`, `ApiTaskDefinition`, `ApiLogGroup`, `ApiExecutionRole`, `ApiTaskRole`,
/// `ApiImage`, ...): its own group (egress HTTPS to AWS APIs, and to what it uses), its log group,
/// its application secrets, an execution role that reads exactly the secrets injected into it, a
/// task role with the grants of what it uses, the task definition, scaling between `minimum` and
/// `maximum` tasks on CPU (and memory, when given), and alarms on CPU and memory at the
/// environment's thresholds.
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
  /// What it uses: stores, queues, backend services.
  public var uses: [any ServiceUse]
  /// Application secrets: each name becomes a secret generated in Secrets Manager
  /// (`<Name>Secret<Pascal>`: `api` and `SESSION_SECRET` give `ApiSecretSessionSecret`), injected
  /// under that name.
  public var secrets: [String]
  /// The average CPU percent scaling holds; `nil` for no CPU scaling. Defaults to 70.
  public var cpuTarget: Int?
  /// The average memory percent scaling holds; `nil` (the default) for no memory scaling.
  public var memoryTarget: Int?

  /// Settings for the service `name`.
  public init(
    _ name: String, size: FargateSize = .small, count: Int = 2, minimum: Int = 2, maximum: Int = 6,
    environment: [EnvironmentVariable] = [], uses: [any ServiceUse] = [], secrets: [String] = [],
    cpuTarget: Int? = 70, memoryTarget: Int? = nil
  ) {
    self.name = name
    self.size = size
    self.count = count
    self.minimum = minimum
    self.maximum = maximum
    self.environment = environment
    self.uses = uses
    self.secrets = secrets
    self.cpuTarget = cpuTarget
    self.memoryTarget = memoryTarget
  }

  var id: String { ServiceNames.pascal(name) }

  /// The role the service's application runs as, `<Name>TaskRole`, which the grants of what it
  /// uses name: a store that must name its users' role (a search domain's administrator) takes
  /// it from here before the service exists.
  public var taskRole: Role {
    Role(LogicalID("\(id)TaskRole"), assumedBy: .ecsTasks, description: "The \(name) application's permissions")
  }
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
      LogicalID("\(id)Image"),
      description:
        "The container image of \(settings.name), such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/\(settings.name):1.4.2",
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
  /// The application secrets, with the variable each is injected as.
  var applicationSecrets: [(variable: String, secret: Secret)] {
    settings.secrets.map { name in
      (
        name,
        Secret(
          LogicalID("\(id)Secret\(ServiceNames.pascal(constant: name))"), description: "\(name) for \(settings.name)",
          generated: .token(length: 48), kmsKey: environment.protection.key)
      )
    }
  }
  var secrets: [ContainerSecret] {
    settings.uses.flatMap(\.injectedSecrets) + applicationSecrets.map { ContainerSecret($0.variable, from: $0.secret) }
  }
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
  var taskRole: Role { settings.taskRole }
  var container: ContainerDefinition {
    var variables = settings.environment
    if let port { variables.append(EnvironmentVariable("PORT", "\(port)")) }
    variables += settings.uses.flatMap(\.connectionEnvironment)
    return ContainerDefinition(
      name: settings.name, image: TemplateString(image.ref), port: port, portName: portName,
      environment: variables, secrets: secrets, logGroup: logGroup)
  }
  var taskDefinition: TaskDefinition {
    TaskDefinition(
      LogicalID("\(id)TaskDefinition"), size: settings.size, executionRole: executionRole, taskRole: taskRole,
      containers: [container])
  }
  /// The port's name, for Service Connect: the service's name.
  var portName: String? { environment.namespace != nil && port != nil ? settings.name : nil }

  /// The backend services it uses: it starts after them, so that their Service Connect names
  /// resolve when its tasks start.
  var backends: [LogicalID] { settings.uses.compactMap { ($0 as? BackendService)?.workloadID } }

  /// Its part in Service Connect: a server reached as `discoveryName` when given, else a client;
  /// `nil` when the environment has no namespace.
  func serviceConnect(server discoveryName: String? = nil) -> ServiceConnect? {
    guard let namespace = environment.namespace else { return nil }
    guard let discoveryName, let port, let portName else { return .client(of: namespace) }
    return .server(in: namespace, discoveryName: discoveryName, portName: portName, port: port)
  }

  /// An ECS service of the task in the private subnets, without a load balancer: a Service
  /// Connect server reached as `discoveryName` when given.
  func serviceWithoutLoadBalancer(server discoveryName: String? = nil) -> FargateService {
    var service = FargateService(
      serviceID, cluster: environment.cluster, taskDefinition: taskDefinition, desiredCount: settings.count,
      subnets: environment.network.privateSubnets, securityGroups: [securityGroup])
    service.serviceConnect = serviceConnect(server: discoveryName)
    service.dependsOn += backends
    return service
  }

  var point: ConnectionPoint {
    ConnectionPoint(
      RawResource(serviceID, type: FargateService.typeName), group: securityGroup, port: port, name: settings.name)
  }

  func scalableTarget(_ service: FargateService) -> ScalableTarget {
    ScalableTarget(
      LogicalID("\(id)ScalableTarget"), service: service, cluster: environment.cluster,
      minCapacity: settings.minimum, maxCapacity: settings.maximum)
  }

  /// Target tracking on `metric`, named `<Name><kind>Scaling` and `<stack>-<name>-<suffix>`.
  func scaling(
    _ kind: String, _ suffix: String, metric: ScalingPolicy.Metric, targetValue: Int, on service: FargateService
  ) -> ScalingPolicy {
    ScalingPolicy(
      LogicalID("\(id)\(kind)Scaling"), name: "\(PseudoParameter.stackName)-\(settings.name)-\(suffix)",
      target: scalableTarget(service), metric: metric, targetValue: targetValue)
  }

  /// The dimensions of the ECS service's metrics.
  func dimensions(_ service: FargateService) -> [Alarm.Dimension] {
    [
      .init("ClusterName", TemplateString(environment.cluster.ref)),
      .init("ServiceName", TemplateString(service.name)),
    ]
  }

  /// CPU and memory above the environment's thresholds for 15 minutes.
  func alarms(_ service: FargateService) -> [Alarm] {
    let thresholds = environment.options.alarms
    return [
      environment.alarm(
        LogicalID("\(id)CpuAlarm"), "\(settings.name) CPU above \(thresholds.serviceCPU)% for 15 minutes",
        namespace: "AWS/ECS", metric: "CPUUtilization", dimensions: dimensions(service),
        threshold: thresholds.serviceCPU),
      environment.alarm(
        LogicalID("\(id)MemoryAlarm"), "\(settings.name) memory above \(thresholds.serviceMemory)% for 15 minutes",
        namespace: "AWS/ECS", metric: "MemoryUtilization", dimensions: dimensions(service),
        threshold: thresholds.serviceMemory),
    ]
  }

  /// The parts of a service, its scaling on CPU and memory, its alarms, and what the uses write.
  func elements(_ service: FargateService) -> [StackElement] {
    var elements = taskElements(for: point) + [.resource(service), .resource(scalableTarget(service))]
    if let target = settings.cpuTarget {
      elements.append(.resource(scaling("Cpu", "cpu", metric: .averageCPU, targetValue: target, on: service)))
    }
    if let target = settings.memoryTarget {
      elements.append(.resource(scaling("Memory", "memory", metric: .averageMemory, targetValue: target, on: service)))
    }
    return elements + alarms(service).map(StackElement.resource)
  }

  /// The parts of a task (image, group, logs, roles, task definition), and what the uses write
  /// for the workload `point` that runs it.
  func taskElements(for point: any Connectable) -> [StackElement] {
    var elements: [StackElement] = [.parameter(image), .resource(securityGroup), .resource(logGroup)]
    elements += applicationSecrets.map { .resource($0.secret) }
    elements += [.resource(executionRole), .resource(taskRole), .resource(taskDefinition)]
    for use in settings.uses { elements += use.wiring(for: point, taskRole: taskRole) }
    return elements
  }
}

/// A service behind the environment's load balancer: the listener's default (when its name is the
/// environment's `defaultService`) or a listener rule matching `conditions` at `priority`. The
/// load balancer reaches it on `port`, and only it, through a connection; it scales on CPU (and
/// memory) and on `requestsPerTarget`, and alarms on its targets' 5xx answers and failed health
/// checks besides CPU and memory.
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
  /// The requests per target per minute scaling holds; `nil` for no request scaling.
  public var requestsPerTarget: Int?

  /// A web service; a service other than the default one needs `conditions` and a `priority`.
  public init(
    _ settings: ServiceSettings, in environment: Environment, port: Int, conditions: [ListenerRule.Condition] = [],
    priority: Int = 0, healthCheckPath: String = "/health", requestsPerTarget: Int? = 1000
  ) {
    self.settings = settings
    self.environment = environment
    self.port = port
    self.conditions = conditions
    self.priority = priority
    self.healthCheckPath = healthCheckPath
    self.requestsPerTarget = requestsPerTarget
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
    var service = FargateService(
      parts.serviceID, cluster: environment.cluster, taskDefinition: parts.taskDefinition,
      desiredCount: settings.count, subnets: environment.network.privateSubnets, securityGroups: [parts.securityGroup],
      container: parts.container, targetGroup: targetGroup, after: after)
    service.serviceConnect = parts.serviceConnect()
    service.dependsOn += parts.backends
    return service
  }

  /// The service.
  public var workloadID: LogicalID { parts.serviceID }
  /// Its group.
  public var connectionGroup: Reference<SecurityGroup> { parts.securityGroup.ref }
  /// Its port.
  public var defaultPort: Int? { port }

  /// Its role.
  public var taskRole: Role { parts.taskRole }
  /// What its rules' descriptions call it: its name.
  public var connectionName: String { settings.name }

  /// Its targets' 5xx answers above the environment's threshold in 5 minutes, and a target
  /// failing its health check.
  public var alarms: [Alarm] {
    let dimensions = [
      environment.loadBalancerDimension, Alarm.Dimension("TargetGroup", TemplateString(targetGroup.fullName)),
    ]
    let threshold = environment.options.alarms.loadBalancer5xx
    return [
      environment.alarm(
        LogicalID("\(parts.id)Target5xxAlarm"), "\(settings.name) answered more than \(threshold) 5xx in 5 minutes",
        namespace: "AWS/ApplicationELB", metric: "HTTPCode_Target_5XX_Count", dimensions: dimensions,
        statistic: .sum, threshold: threshold, missingData: .notBreaching, evaluationPeriods: 1),
      environment.alarm(
        LogicalID("\(parts.id)UnhealthyTargetsAlarm"), "At least one \(settings.name) task failed its health check",
        namespace: "AWS/ApplicationELB", metric: "UnHealthyHostCount", dimensions: dimensions, statistic: .maximum,
        threshold: 0, evaluationPeriods: 2),
    ]
  }

  /// The parts, the target group and rule, the connection from the load balancer, the scaling
  /// on requests and the alarms.
  public var body: [StackElement] {
    parts.elements(service)
    if !isDefault { targetGroup }
    if let listenerRule { listenerRule }
    allowConnections(from: environment.loadBalancerPoint)
    if let requestsPerTarget {
      parts.scaling(
        "Request", "requests", metric: .requests(to: targetGroup, behind: environment.loadBalancer),
        targetValue: requestsPerTarget, on: service)
    }
    alarms
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
  public var service: FargateService { parts.serviceWithoutLoadBalancer() }

  /// The service.
  public var workloadID: LogicalID { parts.serviceID }
  /// Its group.
  public var connectionGroup: Reference<SecurityGroup> { parts.securityGroup.ref }
  /// What its rules' descriptions call it: its name.
  public var connectionName: String { settings.name }
  /// None: a worker takes no connections.
  public var defaultPort: Int? { nil }

  /// The parts and the scaling on the queue's depth.
  public var body: [StackElement] {
    parts.elements(service)
    parts.scaling("Queue", "queue", metric: .depth(of: queue.queue), targetValue: 100, on: service)
  }
}

/// A service without a load balancer that other services call: reached through ECS Service
/// Connect as `http://<name>:<port>` (the environment needs `serviceConnect`), and only by the
/// services that list it in their `uses`, which get the rules on both sides, the flow and
/// `<NAME>_URL`. It scales on CPU.
public struct BackendService: StackComponent, Connectable, ServiceUse {
  /// Its settings.
  public var settings: ServiceSettings
  /// The environment, which needs a Service Connect namespace.
  public var environment: Environment
  /// The container port, which callers use too.
  public var port: Int

  /// A backend service on `port`.
  public init(_ settings: ServiceSettings, in environment: Environment, port: Int) {
    self.settings = settings
    self.environment = environment
    self.port = port
  }

  var parts: ServiceParts { ServiceParts(settings: settings, environment: environment, port: port) }

  /// The ECS service, a Service Connect server named after the service.
  public var service: FargateService { parts.serviceWithoutLoadBalancer(server: settings.name) }

  /// The service.
  public var workloadID: LogicalID { parts.serviceID }
  /// Its group.
  public var connectionGroup: Reference<SecurityGroup> { parts.securityGroup.ref }
  /// What its rules' descriptions call it: its name.
  public var connectionName: String { settings.name }
  /// Its port.
  public var defaultPort: Int? { port }

  /// `<NAME>_URL`: `http://<name>:<port>`, the Service Connect alias.
  public var connectionEnvironment: [EnvironmentVariable] {
    [EnvironmentVariable("\(ServiceNames.constant(settings.name))_URL", "http://\(settings.name):\(port)")]
  }

  /// The parts; without a Service Connect namespace in the environment, an error.
  public var body: [StackElement] {
    if environment.namespace == nil {
      StackElement.problem(
        "the backend service '\(settings.name)' is reached through Service Connect, and its environment has none; give the Environment serviceConnect:"
      )
    }
    parts.elements(service)
  }
}

/// A task that EventBridge starts on a schedule (`rate(1 hour)`, `cron(0 3 * * ? *)`), with the
/// parts of a service (named from its name: `report` gives `ReportTaskDefinition`, ...) and what
/// it uses, but no ECS service: the rule `<Name>Schedule` runs it, assuming `<Name>ScheduleRole`,
/// which may start exactly this task definition. It takes no connections.
public struct ScheduledJob: StackComponent, Connectable {
  /// Its settings; `count` is the tasks started each time.
  public var settings: ServiceSettings
  /// The environment.
  public var environment: Environment
  /// When it runs.
  public var schedule: String

  /// A job run on `schedule`.
  public init(_ settings: ServiceSettings, in environment: Environment, schedule: String) {
    self.settings = settings
    self.environment = environment
    self.schedule = schedule
  }

  var parts: ServiceParts { ServiceParts(settings: settings, environment: environment, port: nil) }

  /// The role EventBridge assumes to start the task.
  public var role: Role {
    ScheduledTask.role(
      LogicalID("\(parts.id)ScheduleRole"), cluster: environment.cluster, taskDefinition: parts.taskDefinition,
      executionRole: parts.executionRole,
      taskRole: parts.taskRole)
  }

  /// The rule that starts the task.
  public var rule: ScheduledTask {
    ScheduledTask(
      LogicalID("\(parts.id)Schedule"), schedule: schedule, cluster: environment.cluster,
      taskDefinition: parts.taskDefinition, taskCount: settings.count, subnets: environment.network.privateSubnets,
      securityGroups: [parts.securityGroup], role: role, description: "Runs \(settings.name) on \(schedule)")
  }

  /// The rule, which carries the task's group.
  public var workloadID: LogicalID { rule.logicalID }
  /// Its group.
  public var connectionGroup: Reference<SecurityGroup> { parts.securityGroup.ref }
  /// What its rules' descriptions call it: its name.
  public var connectionName: String { settings.name }
  /// None: a job takes no connections.
  public var defaultPort: Int? { nil }

  /// The task's parts, the rule and its role; a backend service among its uses is an error.
  public var body: [StackElement] {
    for case let backend as BackendService in settings.uses {
      StackElement.problem(
        "the scheduled job '\(settings.name)' uses the backend service '\(backend.settings.name)', which it cannot reach: a task EventBridge starts is not a Service Connect client; make '\(backend.settings.name)' a web service behind the load balancer, or run the job as a worker service"
      )
    }
    parts.taskElements(for: self)
    role
    rule
  }
}
