import InfragenCore
import InfragenModel

/// MySQL, Redis and OpenSearch, each in the private subnets behind its own security group.
public struct DataStores: StackComponent {
  let options: ReferenceStack.Options
  let network: Network
  let isolation: Isolation
  let secrets: Secrets
  let protection: Protection
  let taskRole: Role

  var databaseSubnetGroup: DatabaseSubnetGroup {
    DatabaseSubnetGroup(
      "DatabaseSubnetGroup", description: "Private subnets for MySQL", subnets: network.privateSubnets)
  }

  /// The MySQL instance. When the configuration turns Multi-AZ off, the instance says so in
  /// its metadata, with the reason, for checkov and for infragen's own rules.
  public var database: DatabaseInstance {
    var instance = DatabaseInstance(
      "Database", engineVersion: options.databaseEngineVersion,
      instanceClass: options.databaseInstanceClass, allocatedStorage: options.databaseStorage,
      maxAllocatedStorage: options.databaseMaxStorage, multiAZ: options.databaseMultiAZ,
      backupRetentionDays: options.databaseBackupDays, port: Isolation.databasePort,
      subnetGroup: databaseSubnetGroup, securityGroups: [isolation.database],
      credentials: secrets.database, monitoringRole: monitoringRole)
    if !options.databaseMultiAZ {
      let reason =
        "Multi-AZ is turned off by configuration (database.multiAz: false), to save cost where a standby is not needed"
      instance.checkovWaivers = [CheckovWaiver("CKV_AWS_157", reason: reason)]
      instance.infragenWaivers = [InfragenWaiver("DatabaseIsMultiAZ", reason: reason)]
    }
    return instance
  }

  var monitoringRole: Role {
    Role(
      "DatabaseMonitoringRole", assumedBy: .rdsMonitoring, description: "Sends RDS enhanced monitoring metrics",
      managedPolicies: ["service-role/AmazonRDSEnhancedMonitoringRole"])
  }

  func searchLogGroup(_ id: LogicalID) -> LogGroup {
    LogGroup(id, retentionInDays: options.logRetentionDays, kmsKey: protection.key)
  }

  var searchLogGroups: [LogGroup] {
    ["SearchSlowLogGroup", "SearchIndexSlowLogGroup", "SearchApplicationLogGroup", "SearchAuditLogGroup"].map(
      searchLogGroup)
  }

  var searchLogPolicy: SearchLogsResourcePolicy {
    SearchLogsResourcePolicy(
      "SearchLogPolicy", name: "\(PseudoParameter.stackName)-opensearch-logs", logGroups: searchLogGroups)
  }

  var cacheSubnetGroup: CacheSubnetGroup {
    CacheSubnetGroup("CacheSubnetGroup", description: "Private subnets for Redis", subnets: network.privateSubnets)
  }

  /// The Redis replication group.
  public var cache: ReplicationGroup {
    ReplicationGroup(
      "Cache", description: "Redis for \(options.serviceName)", engineVersion: options.cacheEngineVersion,
      nodeType: options.cacheNodeType, replicas: options.cacheReplicas, port: Isolation.cachePort,
      subnetGroup: cacheSubnetGroup, securityGroups: [isolation.cache],
      authToken: secrets.cacheAuthToken)
  }

  /// The OpenSearch domain.
  public var search: SearchDomain {
    SearchDomain(
      "SearchDomain", engineVersion: options.searchEngineVersion,
      instanceType: options.searchInstanceType, instanceCount: options.searchInstanceCount,
      volumeSize: options.searchVolumeSize, subnets: network.privateSubnets,
      securityGroups: [isolation.search],
      logs: SearchDomain.Logs(
        searchSlow: searchLogGroups[0], indexSlow: searchLogGroups[1], application: searchLogGroups[2],
        audit: searchLogGroups[3], policy: searchLogPolicy),
      masterRole: taskRole)
  }

  /// The data stores and their subnet groups.
  public var body: [StackElement] {
    databaseSubnetGroup
    monitoringRole
    database
    SecretTargetAttachment("DatabaseSecretAttachment", secret: secrets.database, database: database)
    cacheSubnetGroup
    cache
    searchLogGroups
    searchLogPolicy
    search
  }
}
