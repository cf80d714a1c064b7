import InfragenCore
import InfragenModel

/// The stack infragen ships: a VPC over two or three zones, an internet-facing load balancer in
/// front of a Fargate service, MySQL, Redis and OpenSearch in private subnets, security groups
/// chained internet → load balancer → service → each data store, secrets from Secrets Manager,
/// and alarms to SNS and Slack.
///
/// It is a composition of the public components: an ``Environment``, an ``RDSDatabase``, a
/// ``RedisCache``, an ``OpenSearch`` domain and one ``WebService`` that uses all three, so its
/// wiring (rules on both sides, grants, environment, flows) comes from that one `uses` list. The
/// stack keeps the logical IDs it had before it was made of components (`Service`,
/// `TaskDefinition`, `ContainerImage`, ...) through ``Stack/overridingLogicalIDs(_:)``, so a
/// deployed stack updates in place.
public struct ReferenceStack: StackComponent {
  /// The options.
  public var options: Options

  /// The reference stack with these options.
  public init(options: Options = Options()) { self.options = options }

  /// The network, load balancer, cluster, alarm topic and Slack channel.
  public var environment: Environment {
    Environment(
      options: options, defaultService: options.serviceName, defaultPort: options.containerPort,
      healthCheckPath: options.healthCheckPath, alarmTopicName: "\(options.serviceName) alarms",
      slack: options.slack)
  }

  /// MySQL, Multi-AZ unless the options turn it off; its users see `DB_HOST`, `DB_PORT`,
  /// `DB_USERNAME` and `DB_PASSWORD`.
  public var database: RDSDatabase {
    RDSDatabase(
      "Database", in: environment, engine: .mysql, engineVersion: options.databaseEngineVersion,
      instanceClass: options.databaseInstanceClass, allocatedStorage: options.databaseStorage,
      maxAllocatedStorage: options.databaseMaxStorage, multiAZ: options.databaseMultiAZ,
      singleAZReason:
        "Multi-AZ is turned off by configuration (database.multiAz: false), to save cost where a standby is not needed",
      backupRetentionDays: options.databaseBackupDays, environmentPrefix: "DB")
  }

  /// Redis; its users see `REDIS_HOST`, `REDIS_PORT`, `REDIS_TLS` and `REDIS_AUTH_TOKEN`.
  public var cache: RedisCache {
    RedisCache(
      "Cache", in: environment, replicas: options.cacheReplicas, nodeType: options.cacheNodeType,
      description: "Redis for \(options.serviceName)", environmentPrefix: "REDIS")
  }

  /// OpenSearch, administered by the service's task role; its users see `OPENSEARCH_URL`.
  public var search: OpenSearch {
    OpenSearch(
      "Search", in: environment, engineVersion: options.searchEngineVersion,
      instanceType: options.searchInstanceType, instanceCount: options.searchInstanceCount,
      volumeSize: options.searchVolumeSize, administrator: settings.taskRole,
      logPolicyName: "\(PseudoParameter.stackName)-opensearch-logs", environmentPrefix: "OPENSEARCH")
  }

  /// The service's settings; it uses the database, the cache and the search domain.
  public var settings: ServiceSettings {
    ServiceSettings(
      options.serviceName, size: options.size, count: options.desiredCount, minimum: options.minimumCount,
      maximum: options.maximumCount, environment: options.environment, secrets: options.applicationSecrets,
      cpuTarget: options.cpuScalingTarget, memoryTarget: options.memoryScalingTarget)
  }

  /// The service, the listener's default, scaling on CPU and memory.
  public var service: WebService {
    var settings = settings
    settings.uses = [database, cache, search]
    return WebService(
      settings, in: environment, port: options.containerPort, healthCheckPath: options.healthCheckPath,
      requestsPerTarget: nil)
  }

  /// The whole stack.
  public var body: [StackElement] {
    service
    environment
    database
    cache
    search
    Output(
      "LoadBalancerDnsName", description: "The load balancer's DNS name; point the service's domain here",
      value: TemplateString(environment.loadBalancer.dnsName))
    Output("ServiceName", description: "The ECS service's name", value: TemplateString(service.service.name))
    Output(
      "DatabaseEndpoint", description: "The MySQL endpoint address",
      value: TemplateString(database.instance.endpointAddress))
    Output(
      "CacheEndpoint", description: "The Redis primary endpoint address",
      value: TemplateString(cache.group.primaryEndpointAddress))
    Output(
      "SearchEndpoint", description: "The OpenSearch domain endpoint",
      value: TemplateString(search.domain.domainEndpoint))
  }

  /// The reference stack as a ``Stack``, ready to lower: the flows it declares are the only ones
  /// allowed, and its resources keep the logical IDs of the stack before components.
  public var stack: Stack {
    let id = ServiceNames.pascal(options.serviceName)
    var stack = Stack(
      description:
        "infragen reference stack: \(options.serviceName) on ECS Fargate behind an ALB, with MySQL, Redis and OpenSearch",
      tags: options.tags, exactFlows: true
    ) { self }
    .overridingLogicalIDs([
      LogicalID("\(id)Image"): "ContainerImage",
      LogicalID("\(id)Service"): "Service",
      LogicalID("\(id)SecurityGroup"): "ServiceSecurityGroup",
      LogicalID("\(id)LogGroup"): "ServiceLogGroup",
      LogicalID("\(id)TaskDefinition"): "TaskDefinition",
      LogicalID("\(id)ExecutionRole"): "TaskExecutionRole",
      LogicalID("\(id)TaskRole"): "TaskRole",
      LogicalID("\(id)TargetGroup"): "TargetGroup",
      LogicalID("\(id)ScalableTarget"): "ServiceScalableTarget",
      LogicalID("\(id)CpuScaling"): "ServiceCpuScalingPolicy",
      LogicalID("\(id)MemoryScaling"): "ServiceMemoryScalingPolicy",
      LogicalID("\(id)CpuAlarm"): "ServiceCpuAlarm",
      LogicalID("\(id)MemoryAlarm"): "ServiceMemoryAlarm",
      LogicalID("\(id)Target5xxAlarm"): "Target5xxAlarm",
      LogicalID("\(id)UnhealthyTargetsAlarm"): "UnhealthyTargetsAlarm",
      LogicalID("\(id)ServiceFromLoadBalancer"): "ServiceIngressFromLoadBalancer",
      LogicalID("LoadBalancerTo\(id)Service"): "LoadBalancerEgressToService",
      LogicalID("\(id)ServiceToDatabase"): "ServiceEgressToDatabase",
      LogicalID("DatabaseFrom\(id)Service"): "DatabaseIngressFromService",
      LogicalID("\(id)ServiceToCache"): "ServiceEgressToCache",
      LogicalID("CacheFrom\(id)Service"): "CacheIngressFromService",
      LogicalID("\(id)ServiceToSearchDomain"): "ServiceEgressToSearch",
      LogicalID("SearchDomainFrom\(id)Service"): "SearchIngressFromService",
      LogicalID("\(id)ServiceQueriesSearch"): "TaskRoleSearchPolicy",
    ])
    .keeping(Self.createOnlyProperties)
    // The application secrets were `AppSecret<Name>` whatever the service's name: a new ID
    // would generate a new value.
    for name in options.applicationSecrets where id != "App" {
      let secret = ServiceNames.pascal(constant: name)
      stack.logicalIDOverrides.append(
        LogicalIDOverride(from: LogicalID("\(id)Secret\(secret)"), to: LogicalID("AppSecret\(secret)")))
    }
    return stack
  }

  /// What the stack wrote before it was made of components, where the components write otherwise
  /// and CloudFormation cannot change the value in place: a group's description and a scaling
  /// policy's name. Kept, so that updating a deployed stack replaces none of them.
  static let createOnlyProperties: [(id: LogicalID, property: String, value: TemplateValue)] = [
    ("ServiceSecurityGroup", "GroupDescription", "Service tasks: the container port from the load balancer only"),
    ("DatabaseSecurityGroup", "GroupDescription", "MySQL: port 3306 from the service only"),
    ("CacheSecurityGroup", "GroupDescription", "Redis: port 6379 from the service only"),
    ("SearchSecurityGroup", "GroupDescription", "OpenSearch: port 443 from the service only"),
    ("ServiceCpuScalingPolicy", "PolicyName", TemplateString("\(PseudoParameter.stackName)-cpu-target-tracking").value),
    (
      "ServiceMemoryScalingPolicy", "PolicyName",
      TemplateString("\(PseudoParameter.stackName)-memory-target-tracking").value
    ),
  ]
}

extension Stack {
  /// The stack with each `property` of the resource `id` set to `value`.
  func keeping(_ properties: [(id: LogicalID, property: String, value: TemplateValue)]) -> Stack {
    properties.reduce(self) { stack, kept in
      stack.overriding(kept.id) { $0.properties?[kept.property] = kept.value }
    }
  }
}
