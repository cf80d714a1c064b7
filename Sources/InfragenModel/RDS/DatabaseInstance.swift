import InfragenCore

/// A DB subnet group. Lowers to `AWS::RDS::DBSubnetGroup`.
public struct DatabaseSubnetGroup: Resource, Hashable {
  /// `AWS::RDS::DBSubnetGroup`.
  public static let typeName = "AWS::RDS::DBSubnetGroup"
  /// The group's logical ID.
  public var logicalID: LogicalID
  /// What it is for.
  public var description: String
  /// Its subnets, in at least two zones.
  public var subnets: [Reference<Subnet>]

  /// A subnet group.
  public init(_ logicalID: LogicalID, description: String, subnets: [Subnet]) {
    self.logicalID = logicalID
    self.description = description
    self.subnets = subnets.map(\.ref)
  }
}

/// A database engine of RDS: its name, default port and the logs it exports to CloudWatch.
public enum DatabaseEngine: String, Hashable, Sendable, CaseIterable {
  /// RDS for MySQL.
  case mysql
  /// RDS for MariaDB.
  case mariadb
  /// RDS for PostgreSQL.
  case postgres
  /// Aurora MySQL (clusters only).
  case auroraMySQL = "aurora-mysql"
  /// Aurora PostgreSQL (clusters only).
  case auroraPostgreSQL = "aurora-postgresql"

  /// The port clients connect to by default.
  public var defaultPort: Int {
    switch self {
    case .mysql, .mariadb, .auroraMySQL: return 3306
    case .postgres, .auroraPostgreSQL: return 5432
    }
  }

  /// The logs exported to CloudWatch Logs.
  var logExports: [String] {
    switch self {
    case .mysql, .mariadb: return ["error", "slowquery"]
    case .auroraMySQL: return ["audit", "error", "slowquery"]
    case .postgres, .auroraPostgreSQL: return ["postgresql"]
    }
  }

  /// Its name as AWS writes it: `MySQL`, `MariaDB`, `PostgreSQL`, `Aurora MySQL`, `Aurora PostgreSQL`.
  public var displayName: String {
    switch self {
    case .mysql: return "MySQL"
    case .mariadb: return "MariaDB"
    case .postgres: return "PostgreSQL"
    case .auroraMySQL: return "Aurora MySQL"
    case .auroraPostgreSQL: return "Aurora PostgreSQL"
    }
  }

  /// Whether it runs as an Aurora cluster.
  public var isAurora: Bool { self == .auroraMySQL || self == .auroraPostgreSQL }
}

/// An RDS instance of MySQL (the default), MariaDB or PostgreSQL. Lowers to `AWS::RDS::DBInstance`.
///
/// Secure defaults: Multi-AZ, encrypted storage, not publicly accessible, deletion protection,
/// seven days of backups, a snapshot when deleted or replaced, IAM authentication, credentials
/// read from a Secrets Manager secret through dynamic references.
/// See [AWS::RDS::DBInstance](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html).
public struct DatabaseInstance: Resource, Hashable {
  /// `AWS::RDS::DBInstance`.
  public static let typeName = "AWS::RDS::DBInstance"
  /// The instance's logical ID.
  public var logicalID: LogicalID
  /// The engine. Defaults to MySQL.
  public var engine: DatabaseEngine
  /// The engine's version, such as `8.0.39`.
  public var engineVersion: String
  /// The instance class, such as `db.t4g.medium`.
  public var instanceClass: String
  /// Storage in GiB.
  public var allocatedStorage: Int
  /// The most storage autoscaling may grow to, in GiB.
  public var maxAllocatedStorage: Int
  /// Whether a standby runs in a second zone. Defaults to `true`.
  public var multiAZ: Bool
  /// Days of automated backups. Defaults to 7.
  public var backupRetentionDays: Int
  /// Whether deletion is refused. Defaults to `true`.
  public var deletionProtection: Bool
  /// The port. Defaults to the engine's.
  public var port: Int
  /// The subnet group.
  public var subnetGroup: Reference<DatabaseSubnetGroup>
  /// The security groups.
  public var securityGroups: [Reference<SecurityGroup>]
  /// The secret holding `username` and `password`.
  public var credentials: Secret
  /// The role RDS enhanced monitoring uses; `nil` turns enhanced monitoring off.
  public var monitoringRole: Attribute<Role>?
  /// Seconds between enhanced monitoring samples. Defaults to 60.
  public var monitoringIntervalSeconds: Int
  /// checkov checks waived on purpose, with reasons.
  public var checkovWaivers: [CheckovWaiver] = []
  /// infragen rules waived on purpose, with reasons.
  public var infragenWaivers: [InfragenWaiver] = []
  /// Tags.
  public var tags: [Tag]

  /// An instance of `engine` (MySQL by default).
  public init(
    _ logicalID: LogicalID, engine: DatabaseEngine = .mysql, engineVersion: String, instanceClass: String,
    allocatedStorage: Int, maxAllocatedStorage: Int, multiAZ: Bool = true, backupRetentionDays: Int = 7,
    deletionProtection: Bool = true, port: Int? = nil, subnetGroup: DatabaseSubnetGroup,
    securityGroups: [SecurityGroup], credentials: Secret, monitoringRole: Role? = nil,
    monitoringIntervalSeconds: Int = 60, tags: [Tag] = []
  ) {
    self.monitoringRole = monitoringRole?.arn
    self.monitoringIntervalSeconds = monitoringIntervalSeconds
    self.logicalID = logicalID
    self.engineVersion = engineVersion
    self.instanceClass = instanceClass
    self.allocatedStorage = allocatedStorage
    self.maxAllocatedStorage = maxAllocatedStorage
    self.multiAZ = multiAZ
    self.backupRetentionDays = backupRetentionDays
    self.deletionProtection = deletionProtection
    self.engine = engine
    self.port = port ?? engine.defaultPort
    self.subnetGroup = subnetGroup.ref
    self.securityGroups = securityGroups.map(\.ref)
    self.credentials = credentials
    self.tags = tags
  }

  /// The host name clients connect to.
  public var endpointAddress: Attribute<DatabaseInstance> { Attribute(logicalID, "Endpoint.Address") }
  /// The port clients connect to.
  public var endpointPort: Attribute<DatabaseInstance> { Attribute(logicalID, "Endpoint.Port") }
}
