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

  /// A cluster named `name`.
  public init(
    _ name: LogicalID, in environment: Environment, engine: DatabaseEngine = .auroraPostgreSQL,
    engineVersion: String = "16.8", instanceCount: Int = 2, instanceClass: String = "db.t4g.medium"
  ) {
    self.name = name
    self.environment = environment
    self.engine = engine
    self.engineVersion = engineVersion
    self.instanceCount = instanceCount
    self.instanceClass = instanceClass
  }

  /// Its group, which admits only the services that use it.
  public var securityGroup: SecurityGroup { environment.storeGroup(name) }
  /// The master credentials.
  public var secret: Secret {
    Secret(
      LogicalID("\(name)Secret"), description: "\(name) master credentials",
      generated: .credentials(username: "app", passwordLength: 32), kmsKey: environment.protection.key)
  }
  var subnetGroup: DatabaseSubnetGroup {
    DatabaseSubnetGroup(
      LogicalID("\(name)SubnetGroup"), description: "Private subnets for \(name)",
      subnets: environment.network.privateSubnets)
  }
  /// The cluster.
  public var cluster: DatabaseCluster {
    DatabaseCluster(
      name, engine: engine, engineVersion: engineVersion, subnetGroup: subnetGroup, securityGroups: [securityGroup],
      credentials: secret, kmsKey: environment.protection.key)
  }

  /// The role enhanced monitoring uses.
  var monitoringRole: Role {
    Role(
      LogicalID("\(name)MonitoringRole"), assumedBy: .rdsMonitoring,
      description: "Sends RDS enhanced monitoring metrics",
      managedPolicies: ["service-role/AmazonRDSEnhancedMonitoringRole"])
  }

  /// The cluster.
  public var workloadID: LogicalID { name }
  /// Its group.
  public var connectionGroup: Reference<SecurityGroup> { securityGroup.ref }
  /// The engine's port.
  public var defaultPort: Int? { engine.defaultPort }

  /// `<NAME>_HOST`, `<NAME>_PORT` (`DATABASE_HOST`, ...).
  public var connectionEnvironment: [EnvironmentVariable] {
    let prefix = ServiceNames.constant(name.rawValue)
    return [
      EnvironmentVariable("\(prefix)_HOST", TemplateString(cluster.endpointAddress)),
      EnvironmentVariable("\(prefix)_PORT", TemplateString(cluster.endpointPort)),
    ]
  }
  /// `<NAME>_USERNAME` and `<NAME>_PASSWORD`, from the secret.
  public var injectedSecrets: [ContainerSecret] {
    let prefix = ServiceNames.constant(name.rawValue)
    return [
      ContainerSecret("\(prefix)_USERNAME", from: secret, jsonKey: "username"),
      ContainerSecret("\(prefix)_PASSWORD", from: secret, jsonKey: "password"),
    ]
  }

  /// The secret, group, subnet group, cluster, instances and attachment.
  public var body: [StackElement] {
    secret
    securityGroup
    subnetGroup
    cluster
    monitoringRole
    cluster.instances(count: instanceCount, instanceClass: instanceClass, monitoringRole: monitoringRole)
    SecretTargetAttachment(LogicalID("\(name)SecretAttachment"), secret: secret, cluster: cluster)
  }
}

/// Redis in the private subnets: a replication group with automatic failover (`replicas` ≥ 1)
/// or a single node (`replicas: 0`), encrypted, with an AUTH token from Secrets Manager.
public struct RedisCache: StackComponent, ServiceUse, Connectable {
  /// The replication group's logical ID, and the prefix of the others.
  public var name: LogicalID
  /// The environment it runs in.
  public var environment: Environment
  /// Replicas of the primary.
  public var replicas: Int
  /// The node type.
  public var nodeType: String

  /// A cache named `name`.
  public init(_ name: LogicalID, in environment: Environment, replicas: Int = 1, nodeType: String = "cache.t4g.small") {
    self.name = name
    self.environment = environment
    self.replicas = replicas
    self.nodeType = nodeType
  }

  /// Its group, which admits only the services that use it.
  public var securityGroup: SecurityGroup { environment.storeGroup(name) }
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
      name, description: "Redis \(name)", engineVersion: environment.options.cacheEngineVersion, nodeType: nodeType,
      replicas: replicas, subnetGroup: subnetGroup, securityGroups: [securityGroup], authToken: authToken)
  }

  /// The replication group.
  public var workloadID: LogicalID { name }
  /// Its group.
  public var connectionGroup: Reference<SecurityGroup> { securityGroup.ref }
  /// 6379.
  public var defaultPort: Int? { 6379 }

  /// `<NAME>_HOST`, `<NAME>_PORT`, `<NAME>_TLS` (`CACHE_HOST`, ...).
  public var connectionEnvironment: [EnvironmentVariable] {
    let prefix = ServiceNames.constant(name.rawValue)
    return [
      EnvironmentVariable("\(prefix)_HOST", TemplateString(group.primaryEndpointAddress)),
      EnvironmentVariable("\(prefix)_PORT", TemplateString(group.primaryEndpointPort)),
      EnvironmentVariable("\(prefix)_TLS", "true"),
    ]
  }
  /// `<NAME>_AUTH_TOKEN`.
  public var injectedSecrets: [ContainerSecret] {
    [ContainerSecret("\(ServiceNames.constant(name.rawValue))_AUTH_TOKEN", from: authToken)]
  }

  /// The token, group, subnet group and replication group.
  public var body: [StackElement] {
    authToken
    securityGroup
    subnetGroup
    group
  }
}

/// An SQS queue (`<Name>Queue`) with a dead-letter queue (`<Name>DeadLetterQueue`), encrypted
/// with the environment's key. A service that uses it may consume it: the grant goes to its
/// task role, and `<NAME>_QUEUE_URL` to its environment.
public struct JobQueue: StackComponent, ServiceUse {
  /// The prefix of its logical IDs.
  public var name: String
  /// The environment whose key encrypts it.
  public var environment: Environment

  /// A queue named `name`.
  public init(_ name: String, in environment: Environment) {
    self.name = name
    self.environment = environment
  }

  var id: String { ServiceNames.pascal(name) }
  /// The dead-letter queue.
  public var deadLetterQueue: Queue {
    Queue(LogicalID("\(id)DeadLetterQueue"), kmsKey: environment.protection.key, retentionSeconds: 1_209_600)
  }
  /// The queue.
  public var queue: Queue {
    Queue(LogicalID("\(id)Queue"), kmsKey: environment.protection.key, deadLetter: deadLetterQueue)
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
