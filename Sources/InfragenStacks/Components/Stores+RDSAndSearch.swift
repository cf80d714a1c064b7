import InfragenCore
import InfragenModel

/// An RDS instance of MySQL (the default), MariaDB or PostgreSQL in the private subnets, Multi-AZ
/// by default, its credentials generated in Secrets Manager and attached to it, enhanced
/// monitoring, a group of its own that admits exactly the services that use it, and alarms on
/// CPU and free storage at the environment's thresholds. Logical IDs come from the name:
/// `Database`, `DatabaseSecurityGroup`, `DatabaseSecret`, `DatabaseSubnetGroup`,
/// `DatabaseMonitoringRole`, `DatabaseSecretAttachment`, `DatabaseCpuAlarm`, ...
///
/// Without Multi-AZ, the instance carries waivers of checkov's CKV_AWS_157 and infragen's
/// DatabaseIsMultiAZ with `singleAZReason`, so both tools say why.
public struct RDSDatabase: StackComponent, ServiceUse, Connectable {
  /// The instance's logical ID, and the prefix of the others.
  public var name: LogicalID
  /// The environment it runs in.
  public var environment: Environment
  /// The engine: MySQL, MariaDB or PostgreSQL.
  public var engine: DatabaseEngine
  /// The engine version.
  public var engineVersion: String
  /// The instance class.
  public var instanceClass: String
  /// Storage in GiB at start.
  public var allocatedStorage: Int
  /// The most storage autoscaling may grow to, in GiB.
  public var maxAllocatedStorage: Int
  /// Whether a standby runs in another zone.
  public var multiAZ: Bool
  /// Why there is no standby, when `multiAZ` is off.
  public var singleAZReason: String
  /// Days of backups.
  public var backupRetentionDays: Int
  /// The prefix of its users' variables: `DB` gives `DB_HOST`, ...; by default the name's.
  public var environmentPrefix: String

  /// An instance named `name`.
  public init(
    _ name: LogicalID, in environment: Environment, engine: DatabaseEngine = .mysql, engineVersion: String,
    instanceClass: String = "db.t4g.medium", allocatedStorage: Int = 50, maxAllocatedStorage: Int = 200,
    multiAZ: Bool = true,
    singleAZReason: String = "Multi-AZ is turned off, to save cost where a standby is not needed",
    backupRetentionDays: Int = 7, environmentPrefix: String? = nil
  ) {
    self.name = name
    self.environment = environment
    self.engine = engine
    self.engineVersion = engineVersion
    self.instanceClass = instanceClass
    self.allocatedStorage = allocatedStorage
    self.maxAllocatedStorage = maxAllocatedStorage
    self.multiAZ = multiAZ
    self.singleAZReason = singleAZReason
    self.backupRetentionDays = backupRetentionDays
    self.environmentPrefix = environmentPrefix ?? ServiceNames.constant(name.rawValue)
  }

  var parts: DatabaseParts { DatabaseParts(name: name, engine: engine, environment: environment) }
  /// Its group, which admits only the services that use it.
  public var securityGroup: SecurityGroup { parts.securityGroup }
  /// The master credentials.
  public var secret: Secret { parts.secret }
  var subnetGroup: DatabaseSubnetGroup { parts.subnetGroup }
  var monitoringRole: Role { parts.monitoringRole }

  /// The instance.
  public var instance: DatabaseInstance {
    var instance = DatabaseInstance(
      name, engine: engine, engineVersion: engineVersion, instanceClass: instanceClass,
      allocatedStorage: allocatedStorage, maxAllocatedStorage: maxAllocatedStorage, multiAZ: multiAZ,
      backupRetentionDays: backupRetentionDays, subnetGroup: subnetGroup, securityGroups: [securityGroup],
      credentials: secret, monitoringRole: monitoringRole)
    if !multiAZ {
      instance.checkovWaivers = [CheckovWaiver("CKV_AWS_157", reason: singleAZReason)]
      instance.infragenWaivers = [InfragenWaiver("DatabaseIsMultiAZ", reason: singleAZReason)]
    }
    return instance
  }

  /// The instance.
  public var workloadID: LogicalID { name }
  /// Its group.
  public var connectionGroup: Reference<SecurityGroup> { securityGroup.ref }
  /// The engine's port.
  public var defaultPort: Int? { engine.defaultPort }
  /// `Database (MySQL)`, in its rules' descriptions.
  public var connectionName: String { "\(name) (\(engine.displayName))" }

  /// `<PREFIX>_HOST`, `<PREFIX>_PORT`.
  public var connectionEnvironment: [EnvironmentVariable] {
    [
      EnvironmentVariable("\(environmentPrefix)_HOST", TemplateString(instance.endpointAddress)),
      EnvironmentVariable("\(environmentPrefix)_PORT", TemplateString(instance.endpointPort)),
    ]
  }
  /// `<PREFIX>_USERNAME` and `<PREFIX>_PASSWORD`, from the secret.
  public var injectedSecrets: [ContainerSecret] { credentialSecrets(environmentPrefix, secret) }

  /// CPU above the environment's threshold for 15 minutes, and free storage below its GiB.
  public var alarms: [Alarm] {
    let thresholds = environment.options.alarms
    let dimensions = [Alarm.Dimension("DBInstanceIdentifier", TemplateString(instance.ref))]
    return [
      environment.alarm(
        LogicalID("\(name)CpuAlarm"), "\(engine.displayName) CPU above \(thresholds.databaseCPU)% for 15 minutes",
        namespace: "AWS/RDS", metric: "CPUUtilization", dimensions: dimensions, threshold: thresholds.databaseCPU),
      environment.alarm(
        LogicalID("\(name)FreeStorageAlarm"),
        "\(engine.displayName) has less than \(thresholds.databaseFreeStorageGiB) GiB of free storage",
        namespace: "AWS/RDS", metric: "FreeStorageSpace", dimensions: dimensions, statistic: .minimum,
        comparison: .lessThan, threshold: thresholds.databaseFreeStorageGiB * 1_073_741_824, evaluationPeriods: 1),
    ]
  }

  /// The secret, group, subnet group, monitoring role, instance, attachment and alarms.
  public var body: [StackElement] {
    secret
    securityGroup
    subnetGroup
    monitoringRole
    instance
    SecretTargetAttachment(LogicalID("\(name)SecretAttachment"), secret: secret, database: instance)
    alarms
  }
}

/// An OpenSearch domain in the private subnets (`<name>Domain`: `Search` gives `SearchDomain`),
/// with its four log groups and the resource policy that lets it write them, a group of its own
/// that admits exactly the services that use it on 443, fine-grained access control administered
/// by `administrator` (a task role), and an alarm when the cluster turns red.
///
/// A service that uses it connects on 443, gets `<PREFIX>_URL` (`https://` and the endpoint) and
/// a policy on its task role to call the domain's HTTP API (`<Service>Queries<name>`).
public struct OpenSearch: StackComponent, ServiceUse, Connectable {
  /// The prefix of its logical IDs.
  public var name: LogicalID
  /// The environment it runs in.
  public var environment: Environment
  /// The engine version, such as `OpenSearch_2.13`.
  public var engineVersion: String
  /// The data nodes' type.
  public var instanceType: String
  /// Data nodes.
  public var instanceCount: Int
  /// Volume per node, in GiB.
  public var volumeSize: Int
  /// The role that administers the domain through fine-grained access control; `nil` for none.
  public var administrator: Role?
  /// The name of the log resource policy; by default `<stack>-<name>-logs`.
  public var logPolicyName: TemplateString
  /// The prefix of its users' variables; by default the name's (`SEARCH` for `Search`).
  public var environmentPrefix: String

  /// A domain named from `name`.
  public init(
    _ name: LogicalID, in environment: Environment, engineVersion: String = "OpenSearch_2.13",
    instanceType: String = "m6g.large.search", instanceCount: Int = 2, volumeSize: Int = 20,
    administrator: Role? = nil, logPolicyName: TemplateString? = nil, environmentPrefix: String? = nil
  ) {
    self.name = name
    self.environment = environment
    self.engineVersion = engineVersion
    self.instanceType = instanceType
    self.instanceCount = instanceCount
    self.volumeSize = volumeSize
    self.administrator = administrator
    self.logPolicyName =
      logPolicyName ?? "\(PseudoParameter.stackName)-\(ServiceNames.constant(name.rawValue).lowercased())-logs"
    self.environmentPrefix = environmentPrefix ?? ServiceNames.constant(name.rawValue)
  }

  /// Its group, which admits only the services that use it.
  public var securityGroup: SecurityGroup {
    environment.storeGroup(name, description: "\(name) (OpenSearch): HTTPS from the services that use it only")
  }
  var logGroups: [LogGroup] {
    ["SlowLogGroup", "IndexSlowLogGroup", "ApplicationLogGroup", "AuditLogGroup"].map {
      LogGroup(
        LogicalID("\(name)\($0)"), retentionInDays: environment.options.logRetentionDays,
        kmsKey: environment.protection.key)
    }
  }
  var logPolicy: SearchLogsResourcePolicy {
    SearchLogsResourcePolicy(LogicalID("\(name)LogPolicy"), name: logPolicyName, logGroups: logGroups)
  }
  /// The domain.
  public var domain: SearchDomain {
    let logs = logGroups
    return SearchDomain(
      LogicalID("\(name)Domain"), engineVersion: engineVersion, instanceType: instanceType,
      instanceCount: instanceCount, volumeSize: volumeSize, subnets: environment.network.privateSubnets,
      securityGroups: [securityGroup],
      logs: SearchDomain.Logs(
        searchSlow: logs[0], indexSlow: logs[1], application: logs[2], audit: logs[3], policy: logPolicy),
      masterRole: administrator)
  }

  /// The domain.
  public var workloadID: LogicalID { domain.logicalID }
  /// Its group.
  public var connectionGroup: Reference<SecurityGroup> { securityGroup.ref }
  /// HTTPS.
  public var defaultPort: Int? { 443 }
  /// `Search (OpenSearch)`, in its rules' descriptions.
  public var connectionName: String { "\(name) (OpenSearch)" }

  /// `<PREFIX>_URL`: `https://` and the domain's endpoint.
  public var connectionEnvironment: [EnvironmentVariable] {
    [EnvironmentVariable("\(environmentPrefix)_URL", "https://\(domain.domainEndpoint)")]
  }

  /// The connection on 443, and a policy on `taskRole` to call the domain's HTTP API.
  public func wiring(for service: any Connectable, taskRole: Role) -> [StackElement] {
    allowConnections(from: service).body + [
      .resource(
        RolePolicy(
          LogicalID("\(service.workloadID)Queries\(name)"),
          policy: Policy(
            "QuerySearchDomain",
            statements: [
              PolicyStatement(
                actions: ["es:ESHttpDelete", "es:ESHttpGet", "es:ESHttpHead", "es:ESHttpPost", "es:ESHttpPut"],
                resources: ["\(domain.arn)/*"])
            ]),
          roles: [taskRole]))
    ]
  }

  /// A primary shard unassigned.
  public var clusterRedAlarm: Alarm {
    environment.alarm(
      LogicalID("\(name)ClusterRedAlarm"), "OpenSearch cluster status is red: a primary shard is unassigned",
      namespace: "AWS/ES", metric: "ClusterStatus.red",
      dimensions: [
        .init("ClientId", TemplateString(PseudoParameter.accountID)),
        .init("DomainName", TemplateString(domain.ref)),
      ], statistic: .maximum, comparison: .greaterThanOrEqual, threshold: 1, evaluationPeriods: 1)
  }

  /// The group, log groups, log policy, domain and alarm.
  public var body: [StackElement] {
    securityGroup
    logGroups
    logPolicy
    domain
    clusterRedAlarm
  }
}
