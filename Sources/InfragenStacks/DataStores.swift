import InfragenCore
import InfragenModel

/// MySQL, Redis and OpenSearch, each in the private subnets behind its own security group.
public struct DataStores: StackComponent {
  let options: ReferenceStack.Options
  let network: Network
  let isolation: Isolation
  let secrets: Secrets

  var databaseSubnetGroup: DatabaseSubnetGroup {
    DatabaseSubnetGroup(
      "DatabaseSubnetGroup", description: "Private subnets for MySQL", subnets: network.privateSubnets)
  }

  /// The MySQL instance.
  public var database: DatabaseInstance {
    DatabaseInstance(
      "Database", engineVersion: options.databaseEngineVersion,
      instanceClass: options.databaseInstanceClass, allocatedStorage: options.databaseStorage,
      maxAllocatedStorage: options.databaseMaxStorage, multiAZ: options.databaseMultiAZ,
      backupRetentionDays: options.databaseBackupDays, port: Isolation.databasePort,
      subnetGroup: databaseSubnetGroup, securityGroups: [isolation.database],
      credentials: secrets.database)
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
      securityGroups: [isolation.search])
  }

  /// The data stores and their subnet groups.
  public var body: [StackElement] {
    databaseSubnetGroup
    database
    SecretTargetAttachment("DatabaseSecretAttachment", secret: secrets.database, database: database)
    cacheSubnetGroup
    cache
    search
  }
}
