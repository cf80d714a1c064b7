import InfragenCore

/// An ECS cluster with Container Insights. Lowers to `AWS::ECS::Cluster`.
public struct Cluster: Resource, Hashable {
  /// `AWS::ECS::Cluster`.
  public static let typeName = "AWS::ECS::Cluster"
  /// The cluster's logical ID.
  public var logicalID: LogicalID
  /// Whether Container Insights collects metrics. Defaults to `true`.
  public var containerInsights: Bool
  /// Tags.
  public var tags: [Tag]

  /// A cluster.
  public init(_ logicalID: LogicalID, containerInsights: Bool = true, tags: [Tag] = []) {
    self.logicalID = logicalID
    self.containerInsights = containerInsights
    self.tags = tags
  }
}

/// A plain environment variable of a container. Never a secret: see ``ContainerSecret``.
public struct EnvironmentVariable: Hashable, Sendable {
  /// The variable's name.
  public var name: String
  /// Its value.
  public var value: TemplateString

  /// A variable.
  public init(_ name: String, _ value: TemplateString) {
    self.name = name
    self.value = value
  }
}

/// A secret that ECS reads from Secrets Manager at start and injects as an environment variable.
public struct ContainerSecret: Hashable, Sendable {
  /// The environment variable's name.
  public var name: String
  /// The secret.
  public var secret: Reference<Secret>
  /// The JSON key to read, or `nil` for the whole value.
  public var jsonKey: String?

  /// A secret injected as `name`.
  public init(_ name: String, from secret: Secret, jsonKey: String? = nil) {
    self.name = name
    self.secret = secret.ref
    self.jsonKey = jsonKey
  }
}

/// One container of a task.
public struct ContainerDefinition: Hashable, Sendable {
  /// The container's name.
  public var name: String
  /// The image.
  public var image: TemplateString
  /// The port the container listens on; `nil` for a container that takes no connections (a worker).
  public var port: Int?
  /// The port's name, which Service Connect refers to; `nil` leaves it unnamed.
  public var portName: String?
  /// Plain environment variables.
  public var environment: [EnvironmentVariable]
  /// Secrets, injected through `ValueFrom`.
  public var secrets: [ContainerSecret]
  /// The log group for stdout and stderr (the `awslogs` driver).
  public var logGroup: Reference<LogGroup>
  /// The log stream prefix. Defaults to the container's name.
  public var logStreamPrefix: String
  /// Whether the root file system is read-only. Defaults to `true`.
  public var readonlyRootFilesystem: Bool

  /// A container.
  public init(
    name: String, image: TemplateString, port: Int? = nil, portName: String? = nil,
    environment: [EnvironmentVariable] = [], secrets: [ContainerSecret] = [], logGroup: LogGroup,
    logStreamPrefix: String? = nil, readonlyRootFilesystem: Bool = true
  ) {
    self.name = name
    self.image = image
    self.port = port
    self.portName = portName
    self.environment = environment
    self.secrets = secrets
    self.logGroup = logGroup.ref
    self.logStreamPrefix = logStreamPrefix ?? name
    self.readonlyRootFilesystem = readonlyRootFilesystem
  }
}

/// A Fargate task definition in `awsvpc` network mode. Lowers to `AWS::ECS::TaskDefinition`.
public struct TaskDefinition: Resource, Hashable {
  /// `AWS::ECS::TaskDefinition`.
  public static let typeName = "AWS::ECS::TaskDefinition"
  /// The task definition's logical ID.
  public var logicalID: LogicalID
  /// CPU and memory.
  public var size: FargateSize
  /// The role ECS uses to pull the image, write logs and read the secrets.
  public var executionRole: Attribute<Role>
  /// The role the application's code runs as.
  public var taskRole: Attribute<Role>
  /// The containers.
  public var containers: [ContainerDefinition]
  /// Tags.
  public var tags: [Tag]

  /// A task definition.
  public init(
    _ logicalID: LogicalID, size: FargateSize, executionRole: Role, taskRole: Role,
    containers: [ContainerDefinition], tags: [Tag] = []
  ) {
    self.logicalID = logicalID
    self.size = size
    self.executionRole = executionRole.arn
    self.taskRole = taskRole.arn
    self.containers = containers
    self.tags = tags
  }
}

/// An ECS service on Fargate in private subnets, without public IPs, with a deployment circuit
/// breaker that rolls back. Lowers to `AWS::ECS::Service`.
public struct FargateService: Resource, Hashable {
  /// `AWS::ECS::Service`.
  public static let typeName = "AWS::ECS::Service"
  /// The service's logical ID.
  public var logicalID: LogicalID
  /// The cluster.
  public var cluster: Reference<Cluster>
  /// The task definition.
  public var taskDefinition: Reference<TaskDefinition>
  /// Tasks to run.
  public var desiredCount: Int
  /// The subnets the tasks run in.
  public var subnets: [Reference<Subnet>]
  /// The tasks' security groups.
  public var securityGroups: [Reference<SecurityGroup>]
  /// Whether tasks get a public IP. Defaults to `false`.
  public var assignPublicIP: Bool
  /// Where the load balancer reaches a service: a container's port, registered in a target group.
  public struct Registration: Hashable, Sendable {
    /// The container registered with the target group.
    public var containerName: String
    /// Its port.
    public var containerPort: Int
    /// The target group.
    public var targetGroup: Reference<TargetGroup>
  }

  /// The service's registration behind a load balancer; `nil` for a service without one.
  public var registration: Registration?
  /// Seconds the load balancer's health checks are ignored after a task starts. Defaults to 60.
  public var healthCheckGracePeriodSeconds: Int
  /// What must exist before the service starts: the listeners and listener rules that forward to
  /// its target group, so that it registers targets only once traffic can reach them.
  public var dependsOn: [LogicalID]
  /// Its part in ECS Service Connect; `nil` for none.
  public var serviceConnect: ServiceConnect?
  /// Tags.
  public var tags: [Tag]

  /// A service whose `container` is registered with `targetGroup`, started after `listeners`
  /// (listeners or listener rules) exist. A container without a port registers on the target
  /// group's port.
  public init(
    _ logicalID: LogicalID, cluster: Cluster, taskDefinition: TaskDefinition, desiredCount: Int,
    subnets: [Subnet], securityGroups: [SecurityGroup], assignPublicIP: Bool = false,
    container: ContainerDefinition, targetGroup: TargetGroup, after listeners: [any Resource],
    healthCheckGracePeriodSeconds: Int = 60, tags: [Tag] = []
  ) {
    self.init(
      logicalID, cluster: cluster, taskDefinition: taskDefinition, desiredCount: desiredCount, subnets: subnets,
      securityGroups: securityGroups, assignPublicIP: assignPublicIP, tags: tags)
    registration = Registration(
      containerName: container.name, containerPort: container.port ?? targetGroup.port, targetGroup: targetGroup.ref)
    dependsOn = listeners.map(\.logicalID)
    self.healthCheckGracePeriodSeconds = healthCheckGracePeriodSeconds
  }

  /// A service without a load balancer: a worker, or a backend reached by other services.
  public init(
    _ logicalID: LogicalID, cluster: Cluster, taskDefinition: TaskDefinition, desiredCount: Int,
    subnets: [Subnet], securityGroups: [SecurityGroup], assignPublicIP: Bool = false, tags: [Tag] = []
  ) {
    self.logicalID = logicalID
    self.cluster = cluster.ref
    self.taskDefinition = taskDefinition.ref
    self.desiredCount = desiredCount
    self.subnets = subnets.map(\.ref)
    self.securityGroups = securityGroups.map(\.ref)
    self.assignPublicIP = assignPublicIP
    self.registration = nil
    self.dependsOn = []
    self.healthCheckGracePeriodSeconds = 60
    self.tags = tags
  }

  /// The service's name.
  public var name: Attribute<FargateService> { Attribute(logicalID, "Name") }
}
