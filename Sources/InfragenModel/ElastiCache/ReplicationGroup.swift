import InfragenCore

/// A cache subnet group. Lowers to `AWS::ElastiCache::SubnetGroup`.
public struct CacheSubnetGroup: Resource, Hashable {
  /// `AWS::ElastiCache::SubnetGroup`.
  public static let typeName = "AWS::ElastiCache::SubnetGroup"
  /// The group's logical ID.
  public var logicalID: LogicalID
  /// What it is for.
  public var description: String
  /// Its subnets.
  public var subnets: [Reference<Subnet>]

  /// A subnet group.
  public init(_ logicalID: LogicalID, description: String, subnets: [Subnet]) {
    self.logicalID = logicalID
    self.description = description
    self.subnets = subnets.map(\.ref)
  }
}

/// An ElastiCache for Redis replication group. Lowers to `AWS::ElastiCache::ReplicationGroup`.
///
/// Secure defaults: automatic failover across zones (with one replica or more; `replicas: 0` is a
/// single node, without failover), encryption at rest and in transit, an AUTH token read from a
/// Secrets Manager secret.
public struct ReplicationGroup: Resource, Hashable {
  /// `AWS::ElastiCache::ReplicationGroup`.
  public static let typeName = "AWS::ElastiCache::ReplicationGroup"
  /// The group's logical ID.
  public var logicalID: LogicalID
  /// What it is for.
  public var description: String
  /// The Redis version, such as `7.1`.
  public var engineVersion: String
  /// The node type, such as `cache.t4g.medium`.
  public var nodeType: String
  /// Read replicas besides the primary, 0 to 5: 0 is a single node, 1 or more fail over across zones.
  public var replicas: Int
  /// The port. Defaults to 6379.
  public var port: Int
  /// Days of snapshots. Defaults to 7.
  public var snapshotRetentionDays: Int
  /// The subnet group.
  public var subnetGroup: Reference<CacheSubnetGroup>
  /// The security groups.
  public var securityGroups: [Reference<SecurityGroup>]
  /// The secret holding the AUTH token.
  public var authToken: Secret
  /// What happens to it when it is deleted or replaced. Defaults to ``RemovalPolicy/snapshot``.
  public var removalPolicy: RemovalPolicy = .snapshot
  /// Tags.
  public var tags: [Tag]

  /// A replication group.
  public init(
    _ logicalID: LogicalID, description: String, engineVersion: String, nodeType: String,
    replicas: Int, port: Int = 6379, snapshotRetentionDays: Int = 7,
    subnetGroup: CacheSubnetGroup, securityGroups: [SecurityGroup], authToken: Secret,
    tags: [Tag] = []
  ) {
    self.logicalID = logicalID
    self.description = description
    self.engineVersion = engineVersion
    self.nodeType = nodeType
    self.replicas = replicas
    self.port = port
    self.snapshotRetentionDays = snapshotRetentionDays
    self.subnetGroup = subnetGroup.ref
    self.securityGroups = securityGroups.map(\.ref)
    self.authToken = authToken
    self.tags = tags
  }

  /// The primary's host name.
  public var primaryEndpointAddress: Attribute<ReplicationGroup> {
    Attribute(logicalID, "PrimaryEndPoint.Address")
  }
  /// The primary's port.
  public var primaryEndpointPort: Attribute<ReplicationGroup> {
    Attribute(logicalID, "PrimaryEndPoint.Port")
  }
}

extension ReplicationGroup: ValueChecked {
  /// Replicas outside 0 to 5, a port outside 1 to 65535, snapshot retention over 35 days.
  public var problems: [String] {
    var result: [String] = []
    if !(0...5).contains(replicas) { result.append("\(replicas) replicas is outside 0 to 5") }
    if !(1...65535).contains(port) { result.append("Port \(port) is outside 1 to 65535") }
    if !(0...35).contains(snapshotRetentionDays) {
      result.append("SnapshotRetentionLimit \(snapshotRetentionDays) is outside 0 to 35 days")
    }
    return result
  }
}
