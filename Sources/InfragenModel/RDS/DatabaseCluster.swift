import InfragenCore

/// An Aurora MySQL or PostgreSQL cluster. Lowers to `AWS::RDS::DBCluster`; its writer and
/// readers are ``DatabaseClusterInstance``s, made by ``instances(count:instanceClass:)``.
///
/// Secure defaults: encrypted storage (with the given KMS key), deletion protection, seven days
/// of backups, IAM authentication, the engine's logs exported to CloudWatch Logs, credentials
/// from a Secrets Manager secret through dynamic references, a snapshot when deleted or replaced.
/// See [AWS::RDS::DBCluster](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbcluster.html).
public struct DatabaseCluster: Resource, Hashable {
  /// `AWS::RDS::DBCluster`.
  public static let typeName = "AWS::RDS::DBCluster"
  /// The cluster's logical ID.
  public var logicalID: LogicalID
  /// `aurora-mysql` or `aurora-postgresql`.
  public var engine: DatabaseEngine
  /// The engine's version, such as `16.8`.
  public var engineVersion: String
  /// The port. Defaults to the engine's.
  public var port: Int
  /// The subnet group.
  public var subnetGroup: Reference<DatabaseSubnetGroup>
  /// The security groups.
  public var securityGroups: [Reference<SecurityGroup>]
  /// The secret holding `username` and `password`.
  public var credentials: Secret
  /// The key that encrypts the storage; `nil` uses the AWS managed key.
  public var kmsKey: Attribute<KMSKey>?
  /// Days of automated backups. Defaults to 7.
  public var backupRetentionDays: Int
  /// Whether deletion is refused. Defaults to `true`.
  public var deletionProtection: Bool
  /// Tags.
  public var tags: [Tag]

  /// A cluster of `engine`, which must be an Aurora engine.
  public init(
    _ logicalID: LogicalID, engine: DatabaseEngine, engineVersion: String, port: Int? = nil,
    subnetGroup: DatabaseSubnetGroup, securityGroups: [SecurityGroup], credentials: Secret, kmsKey: KMSKey? = nil,
    backupRetentionDays: Int = 7, deletionProtection: Bool = true, tags: [Tag] = []
  ) {
    self.logicalID = logicalID
    self.engine = engine
    self.engineVersion = engineVersion
    self.port = port ?? engine.defaultPort
    self.subnetGroup = subnetGroup.ref
    self.securityGroups = securityGroups.map(\.ref)
    self.credentials = credentials
    self.kmsKey = kmsKey?.arn
    self.backupRetentionDays = backupRetentionDays
    self.deletionProtection = deletionProtection
    self.tags = tags
  }

  /// The writer's host name.
  public var endpointAddress: Attribute<DatabaseCluster> { Attribute(logicalID, "Endpoint.Address") }
  /// The port clients connect to.
  public var endpointPort: Attribute<DatabaseCluster> { Attribute(logicalID, "Endpoint.Port") }
  /// The readers' host name, balanced over them.
  public var readEndpointAddress: Attribute<DatabaseCluster> { Attribute(logicalID, "ReadEndpoint.Address") }

  /// The writer (`<Cluster>Writer`) and `count - 1` readers (`<Cluster>Reader1`, ...), spread by
  /// Aurora over the subnet group's zones.
  /// With `monitoringRole`, each sends enhanced monitoring metrics every 60 seconds.
  public func instances(count: Int = 2, instanceClass: String, monitoringRole: Role? = nil)
    -> [DatabaseClusterInstance]
  {
    (0..<max(count, 1)).map { index in
      DatabaseClusterInstance(
        LogicalID(index == 0 ? "\(logicalID)Writer" : "\(logicalID)Reader\(index)"), cluster: self,
        instanceClass: instanceClass, monitoringRole: monitoringRole)
    }
  }
}

/// An instance of an Aurora cluster: the writer or a reader. Lowers to `AWS::RDS::DBInstance`
/// with `DBClusterIdentifier`; not publicly accessible, minor versions upgraded, deleted with the
/// stack (the data is the cluster's, which keeps a snapshot).
public struct DatabaseClusterInstance: Resource, Hashable {
  /// `AWS::RDS::DBInstance`.
  public static let typeName = "AWS::RDS::DBInstance"
  /// The instance's logical ID.
  public var logicalID: LogicalID
  /// The cluster.
  public var cluster: Reference<DatabaseCluster>
  /// The cluster's engine.
  public var engine: DatabaseEngine
  /// The instance class, such as `db.r6g.large` or `db.t4g.medium`.
  public var instanceClass: String
  /// The role RDS enhanced monitoring uses; `nil` turns enhanced monitoring off.
  public var monitoringRole: Attribute<Role>?
  /// Seconds between enhanced monitoring samples. Defaults to 60.
  public var monitoringIntervalSeconds: Int

  /// An instance of `cluster`.
  public init(
    _ logicalID: LogicalID, cluster: DatabaseCluster, instanceClass: String, monitoringRole: Role? = nil,
    monitoringIntervalSeconds: Int = 60
  ) {
    self.logicalID = logicalID
    self.cluster = cluster.ref
    self.engine = cluster.engine
    self.instanceClass = instanceClass
    self.monitoringRole = monitoringRole?.arn
    self.monitoringIntervalSeconds = monitoringIntervalSeconds
  }
}

extension DatabaseCluster: ValueChecked {
  /// An engine that is not Aurora, a port outside 1150 to 65535.
  public var problems: [String] {
    var result: [String] = []
    if !engine.isAurora {
      result.append("Engine '\(engine.rawValue)' is not an Aurora engine; use a DatabaseInstance for it")
    }
    if !(1150...65535).contains(port) { result.append("Port \(port) is outside 1150 to 65535") }
    return result
  }
}

extension DatabaseInstance: ValueChecked {
  /// An Aurora engine, which runs as a cluster.
  public var problems: [String] {
    engine.isAurora ? ["Engine '\(engine.rawValue)' runs as a cluster; use a DatabaseCluster for it"] : []
  }
}
