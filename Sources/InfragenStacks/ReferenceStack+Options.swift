import InfragenCore
import InfragenModel

extension ReferenceStack {
  /// Everything about the reference stack that differs between services; each field has the
  /// default that renders the stack described in ARCHITECTURE.md.
  public struct Options: Hashable, Sendable {
    /// How many NAT gateways the private subnets route through.
    public enum NATGateways: String, Hashable, Sendable {
      /// One per zone, so that a zone's failure leaves the others their way out.
      case perZone = "per-az"
      /// One in the first zone, to save cost.
      case single
    }

    /// The service's name, used in resource names and descriptions. Defaults to `app`.
    public var serviceName = "app"
    /// The port the container listens on. Defaults to 3000.
    public var containerPort = 3000
    /// Task CPU and memory. Defaults to 512 CPU units and 1024 MiB.
    public var size = FargateSize.small
    /// Tasks to run. Defaults to 2.
    public var desiredCount = 2
    /// The fewest tasks auto scaling keeps. Defaults to 2.
    public var minimumCount = 2
    /// The most tasks auto scaling starts. Defaults to 10.
    public var maximumCount = 10
    /// Average CPU percentage auto scaling holds. Defaults to 60.
    public var cpuScalingTarget = 60
    /// Average memory percentage auto scaling holds. Defaults to 70.
    public var memoryScalingTarget = 70
    /// The target group's health-check path. Defaults to `/health`.
    public var healthCheckPath = "/health"
    /// The VPC's block. Defaults to `10.0.0.0/16`.
    public var vpcCIDR = IPv4CIDR(10, 0, 0, 0, prefixLength: 16) ?? .anywhere
    /// Availability zones, 2 or 3. Defaults to 2.
    public var availabilityZones = 2
    /// The public subnets' blocks, one per zone; `nil` carves them from the VPC's block. Defaults to `nil`.
    public var publicSubnetCIDRs: [IPv4CIDR]?
    /// The private subnets' blocks, one per zone; `nil` carves them from the VPC's block. Defaults to `nil`.
    public var privateSubnetCIDRs: [IPv4CIDR]?
    /// NAT gateways. Defaults to one per zone.
    public var natGateways = NATGateways.perZone
    /// Whether the load balancer refuses deletion. Defaults to `true`.
    public var loadBalancerDeletionProtection = true
    /// The MySQL version. Defaults to `8.4.7`.
    public var databaseEngineVersion = "8.4.7"
    /// The database instance class. Defaults to `db.t4g.medium`.
    public var databaseInstanceClass = "db.t4g.medium"
    /// Database storage in GiB. Defaults to 50.
    public var databaseStorage = 50
    /// The most storage autoscaling may grow to, in GiB. Defaults to 200.
    public var databaseMaxStorage = 200
    /// Days of database backups. Defaults to 7.
    public var databaseBackupDays = 7
    /// Whether the database has a standby in another zone. Defaults to `true`.
    public var databaseMultiAZ = true
    /// The Redis version. Defaults to `7.1`.
    public var cacheEngineVersion = "7.1"
    /// The cache node type. Defaults to `cache.t4g.medium`.
    public var cacheNodeType = "cache.t4g.medium"
    /// Cache read replicas. Defaults to 1.
    public var cacheReplicas = 1
    /// The OpenSearch version. Defaults to `OpenSearch_2.13`.
    public var searchEngineVersion = "OpenSearch_2.13"
    /// The search data node type. Defaults to `m6g.large.search`.
    public var searchInstanceType = "m6g.large.search"
    /// Search data nodes. Defaults to 2.
    public var searchInstanceCount = 2
    /// Search volume size per node in GiB. Defaults to 20.
    public var searchVolumeSize = 20
    /// Days of application logs. Defaults to 30.
    public var logRetentionDays = 30
    /// Alarm thresholds.
    public var alarms = AlarmThresholds()
    /// Application secrets: each name becomes a generated secret injected under that name.
    /// Defaults to `SESSION_SECRET`.
    public var applicationSecrets = ["SESSION_SECRET"]
    /// Plain environment variables, in order. Defaults to `NODE_ENV=production`.
    public var environment: [EnvironmentVariable] = [EnvironmentVariable("NODE_ENV", "production")]
    /// Whether alarms also go to Slack. Defaults to `true`.
    public var slack = true
    /// Tags for every resource that takes tags. Defaults to none.
    public var tags: [Tag] = []

    /// The reference stack's options.
    public init() {}
  }

  /// The thresholds of the stack's alarms.
  public struct AlarmThresholds: Hashable, Sendable {
    /// Service CPU percent. Defaults to 80.
    public var serviceCPU = 80
    /// Service memory percent. Defaults to 80.
    public var serviceMemory = 80
    /// Load balancer 5xx responses per 5 minutes. Defaults to 10.
    public var loadBalancer5xx = 10
    /// Database CPU percent. Defaults to 80.
    public var databaseCPU = 80
    /// Database free storage in GiB, below which the alarm fires. Defaults to 5.
    public var databaseFreeStorageGiB = 5
    /// Cache engine CPU percent. Defaults to 80.
    public var cacheCPU = 80
    /// Cache memory percent. Defaults to 80.
    public var cacheMemory = 80

    /// The default thresholds.
    public init() {}
  }
}
