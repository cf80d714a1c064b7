import InfragenCore
import InfragenModel

/// Something a service uses. Listing it in a service's `uses` is the one declaration that writes
/// what the use needs: the security-group rules on both sides and the flow (for a store in the
/// VPC), the IAM grants, and the connection settings in the service's environment.
public protocol ServiceUse: Sendable {
  /// Environment variables of a service that uses it: `DB_HOST`, `REDIS_HOST`, `JOBS_QUEUE_URL`.
  var connectionEnvironment: [EnvironmentVariable] { get }
  /// Secrets injected into the service's container.
  var injectedSecrets: [ContainerSecret] { get }
  /// The rules, flows and grants for `service`, whose application runs as `taskRole`.
  func wiring(for service: any Connectable, taskRole: Role) -> [StackElement]
}

extension ServiceUse {
  /// No secrets.
  public var injectedSecrets: [ContainerSecret] { [] }
}

extension ServiceUse where Self: Connectable {
  /// The connection from the service on this store's port.
  public func wiring(for service: any Connectable, taskRole: Role) -> [StackElement] {
    allowConnections(from: service).body
  }
}

/// An Aurora cluster (PostgreSQL by default) in the private subnets, with a writer and readers,
/// its credentials generated in Secrets Manager and attached to it, and a group of its own that
/// admits exactly the services that use it. Logical IDs come from the name: `Database`,
/// `DatabaseSecurityGroup`, `DatabaseSecret`, `DatabaseSubnetGroup`, `DatabaseWriter`, ...
public struct AuroraDatabase: StackComponent, ServiceUse, Connectable {
  /// The cluster's logical ID, and the prefix of the others.
  public var name: LogicalID
  /// The environment it runs in.
  public var environment: Environment
  /// The engine: Aurora PostgreSQL or Aurora MySQL.
  public var engine: DatabaseEngine
  /// The engine version.
  public var engineVersion: String
  /// Instances: the writer and `instanceCount - 1` readers.
  public var instanceCount: Int
  /// The instances' class.
  public var instanceClass: String
  /// The prefix of its users' variables: `DB` gives `DB_HOST`, ...; by default the name's
  /// (`DATABASE` for `Database`).
  public var environmentPrefix: String

  /// A cluster named `name`.
  public init(
    _ name: LogicalID, in environment: Environment, engine: DatabaseEngine = .auroraPostgreSQL,
    engineVersion: String = "16.8", instanceCount: Int = 2, instanceClass: String = "db.t4g.medium",
    environmentPrefix: String? = nil
  ) {
    self.environmentPrefix = environmentPrefix ?? ServiceNames.constant(name.rawValue)
    self.name = name
    self.environment = environment
    self.engine = engine
    self.engineVersion = engineVersion
    self.instanceCount = instanceCount
    self.instanceClass = instanceClass
  }

  var parts: DatabaseParts { DatabaseParts(name: name, engine: engine, environment: environment) }
  /// Its group, which admits only the services that use it.
  public var securityGroup: SecurityGroup { parts.securityGroup }
  /// The master credentials.
  public var secret: Secret { parts.secret }
  var subnetGroup: DatabaseSubnetGroup { parts.subnetGroup }
  /// The cluster.
  public var cluster: DatabaseCluster {
    DatabaseCluster(
      name, engine: engine, engineVersion: engineVersion, subnetGroup: subnetGroup, securityGroups: [securityGroup],
      credentials: secret, kmsKey: environment.protection.key)
  }

  /// The role enhanced monitoring uses.
  var monitoringRole: Role { parts.monitoringRole }

  /// The cluster.
  public var workloadID: LogicalID { name }
  /// Its group.
  public var connectionGroup: Reference<SecurityGroup> { securityGroup.ref }
  /// The engine's port.
  public var defaultPort: Int? { engine.defaultPort }
  /// `Database (Aurora PostgreSQL)`, in its rules' descriptions.
  public var connectionName: String { "\(name) (\(engine.displayName))" }

  /// `<PREFIX>_HOST`, `<PREFIX>_PORT` (`DATABASE_HOST`, ...).
  public var connectionEnvironment: [EnvironmentVariable] {
    [
      EnvironmentVariable("\(environmentPrefix)_HOST", TemplateString(cluster.endpointAddress)),
      EnvironmentVariable("\(environmentPrefix)_PORT", TemplateString(cluster.endpointPort)),
    ]
  }
  /// `<PREFIX>_USERNAME` and `<PREFIX>_PASSWORD`, from the secret.
  public var injectedSecrets: [ContainerSecret] { credentialSecrets(environmentPrefix, secret) }

  /// The writer's CPU above the environment's threshold for 15 minutes.
  public var cpuAlarm: Alarm {
    let threshold = environment.options.alarms.databaseCPU
    return environment.alarm(
      LogicalID("\(name)CpuAlarm"), "\(name) (\(engine.displayName)) writer CPU above \(threshold)% for 15 minutes",
      namespace: "AWS/RDS", metric: "CPUUtilization",
      dimensions: [.init("DBClusterIdentifier", TemplateString(cluster.ref)), .init("Role", "WRITER")],
      threshold: threshold)
  }

  /// For Aurora MySQL, the cluster parameters that make the audit and slow query logs the
  /// cluster exports hold something (`<name>ClusterParameters`): connections, DDL and DCL
  /// audited, queries over 2 seconds logged. Aurora PostgreSQL writes its log without one.
  public var clusterParameters: RawResource? {
    guard engine == .auroraMySQL else { return nil }
    return RawResource(
      LogicalID("\(name)ClusterParameters"), type: "AWS::RDS::DBClusterParameterGroup",
      properties: [
        "Description": .string("\(name): audit and slow query logs"),
        "Family": .string(engineVersion.hasPrefix("5.7") ? "aurora-mysql5.7" : "aurora-mysql8.0"),
        "Parameters": [
          "server_audit_logging": "1", "server_audit_events": "CONNECT,QUERY_DCL,QUERY_DDL",
          "slow_query_log": "1", "long_query_time": "2",
        ],
      ])
  }

  /// The secret, group, subnet group, cluster (with its parameters), instances, attachment and
  /// alarm.
  public var body: [StackElement] {
    secret
    securityGroup
    subnetGroup
    if let clusterParameters {
      clusterParameters
      cluster.overriding { $0.properties?["DBClusterParameterGroupName"] = .ref(clusterParameters.logicalID) }
    } else {
      cluster
    }
    monitoringRole
    cluster.instances(count: instanceCount, instanceClass: instanceClass, monitoringRole: monitoringRole)
    SecretTargetAttachment(LogicalID("\(name)SecretAttachment"), secret: secret, cluster: cluster)
    cpuAlarm
  }
}

/// Redis in the private subnets: a replication group with automatic failover (`replicas` ≥ 1)
/// or a single node (`replicas: 0`), encrypted, with an AUTH token from Secrets Manager, and
/// alarms on engine CPU and memory at the environment's thresholds.
public struct RedisCache: StackComponent, ServiceUse, Connectable {
  /// The replication group's logical ID, and the prefix of the others.
  public var name: LogicalID
  /// The environment it runs in.
  public var environment: Environment
  /// Replicas of the primary.
  public var replicas: Int
  /// The node type.
  public var nodeType: String
  /// The replication group's description; by default `Redis <name>`.
  public var description: String
  /// The prefix of its users' variables: `REDIS` gives `REDIS_HOST`, ...; by default the name's
  /// (`CACHE` for `Cache`).
  public var environmentPrefix: String

  /// A cache named `name`.
  public init(
    _ name: LogicalID, in environment: Environment, replicas: Int = 1, nodeType: String = "cache.t4g.small",
    description: String? = nil, environmentPrefix: String? = nil
  ) {
    self.name = name
    self.environment = environment
    self.replicas = replicas
    self.nodeType = nodeType
    self.description = description ?? "Redis \(name)"
    self.environmentPrefix = environmentPrefix ?? ServiceNames.constant(name.rawValue)
  }

  /// Its group, which admits only the services that use it.
  public var securityGroup: SecurityGroup {
    environment.storeGroup(name, description: "\(name) (Redis): port 6379 from the services that use it only")
  }
  /// The AUTH token.
  public var authToken: Secret {
    Secret(
      LogicalID("\(name)AuthToken"), description: "\(name) AUTH token", generated: .token(length: 64),
      kmsKey: environment.protection.key)
  }
  var subnetGroup: CacheSubnetGroup {
    CacheSubnetGroup(
      LogicalID("\(name)SubnetGroup"), description: "Private subnets for \(name)",
      subnets: environment.network.privateSubnets)
  }
  /// The replication group.
  public var group: ReplicationGroup {
    ReplicationGroup(
      name, description: description, engineVersion: environment.options.cacheEngineVersion, nodeType: nodeType,
      replicas: replicas, subnetGroup: subnetGroup, securityGroups: [securityGroup], authToken: authToken)
  }

  /// The replication group.
  public var workloadID: LogicalID { name }
  /// Its group.
  public var connectionGroup: Reference<SecurityGroup> { securityGroup.ref }
  /// 6379.
  public var defaultPort: Int? { 6379 }
  /// `Cache (Redis)`, in its rules' descriptions.
  public var connectionName: String { "\(name) (Redis)" }

  /// `<PREFIX>_HOST`, `<PREFIX>_PORT`, `<PREFIX>_TLS` (`CACHE_HOST`, ...).
  public var connectionEnvironment: [EnvironmentVariable] {
    [
      EnvironmentVariable("\(environmentPrefix)_HOST", TemplateString(group.primaryEndpointAddress)),
      EnvironmentVariable("\(environmentPrefix)_PORT", TemplateString(group.primaryEndpointPort)),
      EnvironmentVariable("\(environmentPrefix)_TLS", "true"),
    ]
  }
  /// `<PREFIX>_AUTH_TOKEN`.
  public var injectedSecrets: [ContainerSecret] {
    [ContainerSecret("\(environmentPrefix)_AUTH_TOKEN", from: authToken)]
  }

  /// Engine CPU and memory of the primary (`<group>-001`) above the environment's thresholds for
  /// 15 minutes.
  public var alarms: [Alarm] {
    let thresholds = environment.options.alarms
    let node = [Alarm.Dimension("CacheClusterId", "\(group.ref)-001")]
    return [
      environment.alarm(
        LogicalID("\(name)CpuAlarm"), "\(name) (Redis) engine CPU above \(thresholds.cacheCPU)% for 15 minutes",
        namespace: "AWS/ElastiCache", metric: "EngineCPUUtilization", dimensions: node,
        threshold: thresholds.cacheCPU),
      environment.alarm(
        LogicalID("\(name)MemoryAlarm"), "\(name) (Redis) memory above \(thresholds.cacheMemory)% for 15 minutes",
        namespace: "AWS/ElastiCache", metric: "DatabaseMemoryUsagePercentage", dimensions: node,
        threshold: thresholds.cacheMemory),
    ]
  }

  /// The token, group, subnet group, replication group and alarms.
  public var body: [StackElement] {
    authToken
    securityGroup
    subnetGroup
    group
    alarms
  }
}

/// What an RDS instance and an Aurora cluster named `name` share: a group that admits only the
/// services that use it, generated master credentials, a subnet group of the private subnets
/// and the enhanced monitoring role.
struct DatabaseParts {
  let name: LogicalID
  let engine: DatabaseEngine
  let environment: Environment

  var securityGroup: SecurityGroup {
    environment.storeGroup(
      name,
      description: "\(name) (\(engine.displayName)): port \(engine.defaultPort) from the services that use it only")
  }
  var secret: Secret {
    Secret(
      LogicalID("\(name)Secret"), description: "\(name) (\(engine.displayName)) master credentials",
      generated: .credentials(username: "app", passwordLength: 32), kmsKey: environment.protection.key)
  }
  var subnetGroup: DatabaseSubnetGroup {
    DatabaseSubnetGroup(
      LogicalID("\(name)SubnetGroup"), description: "Private subnets for \(name)",
      subnets: environment.network.privateSubnets)
  }
  var monitoringRole: Role {
    Role(
      LogicalID("\(name)MonitoringRole"), assumedBy: .rdsMonitoring,
      description: "Sends RDS enhanced monitoring metrics",
      managedPolicies: ["service-role/AmazonRDSEnhancedMonitoringRole"])
  }
}

/// `<PREFIX>_USERNAME` and `<PREFIX>_PASSWORD` from a secret of generated credentials.
func credentialSecrets(_ prefix: String, _ secret: Secret) -> [ContainerSecret] {
  [
    ContainerSecret("\(prefix)_USERNAME", from: secret, jsonKey: "username"),
    ContainerSecret("\(prefix)_PASSWORD", from: secret, jsonKey: "password"),
  ]
}

/// An SQS queue (`<Name>Queue`) with a dead-letter queue (`<Name>DeadLetterQueue`), encrypted
/// with the environment's key. A service that uses it may consume it: the grant goes to its
/// task role, and `<NAME>_QUEUE_URL` to its environment.
public struct JobQueue: StackComponent, ServiceUse {
  /// The prefix of its logical IDs.
  public var name: String
  /// The environment whose key encrypts it.
  public var environment: Environment
  /// Seconds a received message stays hidden from other consumers: longer than a consumer takes
  /// to process one. Defaults to 30.
  public var visibilityTimeoutSeconds: Int
  /// Receives before a message moves to the dead-letter queue. Defaults to 5.
  public var maxReceiveCount: Int

  /// A queue named `name`.
  public init(
    _ name: String, in environment: Environment, visibilityTimeoutSeconds: Int = 30, maxReceiveCount: Int = 5
  ) {
    self.name = name
    self.environment = environment
    self.visibilityTimeoutSeconds = visibilityTimeoutSeconds
    self.maxReceiveCount = maxReceiveCount
  }

  var id: String { ServiceNames.pascal(name) }
  /// The dead-letter queue.
  public var deadLetterQueue: Queue {
    Queue(LogicalID("\(id)DeadLetterQueue"), kmsKey: environment.protection.key, retentionSeconds: 1_209_600)
  }
  /// The queue.
  public var queue: Queue {
    Queue(
      LogicalID("\(id)Queue"), kmsKey: environment.protection.key, visibilityTimeoutSeconds: visibilityTimeoutSeconds,
      deadLetter: deadLetterQueue, maxReceiveCount: maxReceiveCount)
  }

  /// `<NAME>_QUEUE_URL`.
  public var connectionEnvironment: [EnvironmentVariable] {
    [EnvironmentVariable("\(ServiceNames.constant(name))_QUEUE_URL", queue.url)]
  }

  /// Lets the service consume the queue.
  public func wiring(for service: any Connectable, taskRole: Role) -> [StackElement] {
    [.resource(queue.grantConsume(LogicalID("\(service.workloadID)Consumes\(id)Queue"), to: [taskRole]))]
  }

  /// The queue as a producer uses it: the same environment, a grant to send instead.
  public var sending: Sending { Sending(queue: self) }

  /// A use of the queue that sends to it.
  public struct Sending: ServiceUse {
    /// The queue.
    public var queue: JobQueue

    /// `<NAME>_QUEUE_URL`.
    public var connectionEnvironment: [EnvironmentVariable] { queue.connectionEnvironment }

    /// Lets the service send to the queue.
    public func wiring(for service: any Connectable, taskRole: Role) -> [StackElement] {
      [.resource(queue.queue.grantSend(LogicalID("\(service.workloadID)SendsTo\(queue.id)Queue"), to: [taskRole]))]
    }
  }

  /// The queues.
  public var body: [StackElement] {
    deadLetterQueue
    queue
  }
}
