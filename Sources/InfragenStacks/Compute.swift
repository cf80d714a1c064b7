import InfragenCore
import InfragenModel

/// The ECS cluster, the Fargate task and service in the private subnets, and their auto scaling.
public struct Compute: StackComponent {
  let options: ReferenceStack.Options
  let network: Network
  let isolation: Isolation
  let edge: Edge
  let secrets: Secrets
  let data: DataStores
  let parameters: StackParameters
  let protection: Protection

  var cluster: Cluster { Cluster("Cluster") }
  var logGroup: LogGroup {
    LogGroup("ServiceLogGroup", retentionInDays: options.logRetentionDays, kmsKey: protection.key)
  }

  /// The role ECS uses to start tasks: pull the image, write logs, read exactly the stack's secrets.
  var executionRole: Role {
    Role(
      "TaskExecutionRole", assumedBy: .ecsTasks,
      description: "Starts \(options.serviceName) tasks: pulls the image, writes logs, reads the stack's secrets",
      managedPolicies: ["service-role/AmazonECSTaskExecutionRolePolicy"],
      policies: [
        Policy(
          "ReadStackSecrets",
          statements: [
            PolicyStatement(
              actions: ["secretsmanager:GetSecretValue"],
              resources: secrets.all.map { TemplateString($0.ref) }),
            PolicyStatement(actions: ["kms:Decrypt"], resources: [TemplateString(protection.key.arn)]),
          ])
      ])
  }

  /// The role the application runs as. It administers the search domain through fine-grained
  /// access control, and may call the domain's HTTP API through ``searchPolicy``.
  static func taskRole(_ options: ReferenceStack.Options) -> Role {
    Role("TaskRole", assumedBy: .ecsTasks, description: "The \(options.serviceName) application's own permissions")
  }

  var taskRole: Role { Self.taskRole(options) }

  /// The task role's access to the search domain: a policy of its own, because the domain names
  /// the role as its administrator.
  var searchPolicy: RolePolicy {
    RolePolicy(
      "TaskRoleSearchPolicy",
      policy: Policy(
        "QuerySearchDomain",
        statements: [
          PolicyStatement(
            actions: ["es:ESHttpDelete", "es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut"],
            resources: ["\(data.search.arn)/*"])
        ]),
      roles: [taskRole])
  }

  /// The application's container.
  var container: ContainerDefinition {
    let port = options.containerPort
    var environment = options.environment
    environment += [
      EnvironmentVariable("PORT", "\(port)"),
      EnvironmentVariable("DB_HOST", TemplateString(data.database.endpointAddress)),
      EnvironmentVariable("DB_PORT", TemplateString(data.database.endpointPort)),
      EnvironmentVariable("REDIS_HOST", TemplateString(data.cache.primaryEndpointAddress)),
      EnvironmentVariable("REDIS_PORT", TemplateString(data.cache.primaryEndpointPort)),
      EnvironmentVariable("REDIS_TLS", "true"),
      EnvironmentVariable("OPENSEARCH_URL", "https://\(data.search.domainEndpoint)"),
    ]
    var injected = [
      ContainerSecret("DB_USERNAME", from: secrets.database, jsonKey: "username"),
      ContainerSecret("DB_PASSWORD", from: secrets.database, jsonKey: "password"),
      ContainerSecret("REDIS_AUTH_TOKEN", from: secrets.cacheAuthToken),
    ]
    injected += secrets.application.map { ContainerSecret($0.variable, from: $0.secret) }
    return ContainerDefinition(
      name: options.serviceName, image: TemplateString(parameters.containerImage.ref), port: port,
      environment: environment, secrets: injected, logGroup: logGroup)
  }

  var taskDefinition: TaskDefinition {
    TaskDefinition(
      "TaskDefinition", size: options.size, executionRole: executionRole, taskRole: taskRole,
      containers: [container])
  }

  /// The service.
  public var service: FargateService {
    FargateService(
      "Service", cluster: cluster, taskDefinition: taskDefinition, desiredCount: options.desiredCount,
      subnets: network.privateSubnets, securityGroups: [isolation.service], container: container,
      targetGroup: edge.targetGroup, after: [edge.httpsListener])
  }

  var scalableTarget: ScalableTarget {
    ScalableTarget(
      "ServiceScalableTarget", service: service, cluster: cluster,
      minCapacity: options.minimumCount, maxCapacity: options.maximumCount)
  }

  /// The cluster, roles, task definition, service and scaling.
  public var body: [StackElement] {
    cluster
    logGroup
    executionRole
    taskRole
    searchPolicy
    taskDefinition
    service
    scalableTarget
    ScalingPolicy(
      "ServiceCpuScalingPolicy", name: "\(PseudoParameter.stackName)-cpu-target-tracking",
      target: scalableTarget, metric: .averageCPU, targetValue: options.cpuScalingTarget)
    ScalingPolicy(
      "ServiceMemoryScalingPolicy", name: "\(PseudoParameter.stackName)-memory-target-tracking",
      target: scalableTarget, metric: .averageMemory, targetValue: options.memoryScalingTarget)
  }
}
