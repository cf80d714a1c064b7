import InfragenCore

/// How one CloudFormation type carries security groups: where its groups and subnets are
/// listed, what gives it a public IP, and which ports it serves. Adding a workload type is one
/// line in ``WorkloadTable/types`` and a test.
struct WorkloadType: Sendable {
  /// Where a workload's ports come from.
  enum Ports: Sendable {
    /// A v2 load balancer: its listeners' ports.
    case listeners
    /// A classic load balancer: `Listeners[*].LoadBalancerPort`.
    case classicListeners
    /// An ECS service: its container ports (load balancer entries and task definition port mappings).
    case containers
    /// The `Port` property, else the engine's default port, else this one.
    case port(default: Int)
    /// `EngineFamily` of an RDS proxy: MySQL 3306, PostgreSQL 5432, SQL Server 1433.
    case proxy
    /// Fixed ports.
    case fixed([Int])
    /// None: the workload serves nothing by default (functions, instances).
    case none
  }

  /// The CloudFormation type.
  let type: String
  /// What it is for the policy.
  let role: Topology.Role
  /// Paths to its lists of groups; `*` walks each element of a list.
  let groups: [[String]]
  /// Paths to its subnets (lists or single subnets).
  var subnets: [[String]] = []
  /// The property that names its subnet group, whose `SubnetIds` are its subnets.
  var subnetGroup: String? = nil
  /// Paths whose value gives it a public IP when true (or `ENABLED`).
  var publicIP: [[String]] = []
  /// Its ports.
  var ports: Ports = .none
  /// With no subnet at all, it runs in the default VPC, whose subnets give public IPs.
  var defaultVPCWithoutSubnets = false
}

/// The table of workload types: one line per CloudFormation type that carries security groups.
enum WorkloadTable {
  static let types: [WorkloadType] = [
    .init(
      type: "AWS::ElasticLoadBalancingV2::LoadBalancer", role: .loadBalancer, groups: [["SecurityGroups"]],
      subnets: [["Subnets"], ["SubnetMappings", "*", "SubnetId"]], ports: .listeners),
    .init(
      type: "AWS::ElasticLoadBalancing::LoadBalancer", role: .loadBalancer, groups: [["SecurityGroups"]],
      subnets: [["Subnets"]], ports: .classicListeners),
    .init(
      type: "AWS::ECS::Service", role: .service,
      groups: [["NetworkConfiguration", "AwsvpcConfiguration", "SecurityGroups"]],
      subnets: [["NetworkConfiguration", "AwsvpcConfiguration", "Subnets"]],
      publicIP: [["NetworkConfiguration", "AwsvpcConfiguration", "AssignPublicIp"]], ports: .containers),
    .init(
      type: "AWS::Events::Rule", role: .service,
      groups: [["Targets", "*", "EcsParameters", "NetworkConfiguration", "AwsVpcConfiguration", "SecurityGroups"]],
      subnets: [["Targets", "*", "EcsParameters", "NetworkConfiguration", "AwsVpcConfiguration", "Subnets"]],
      publicIP: [["Targets", "*", "EcsParameters", "NetworkConfiguration", "AwsVpcConfiguration", "AssignPublicIp"]]),
    .init(
      type: "AWS::RDS::DBInstance", role: .database, groups: [["VPCSecurityGroups"]], subnetGroup: "DBSubnetGroupName",
      publicIP: [["PubliclyAccessible"]], ports: .port(default: 3306), defaultVPCWithoutSubnets: true),
    .init(
      type: "AWS::RDS::DBCluster", role: .database, groups: [["VpcSecurityGroupIds"]],
      subnetGroup: "DBSubnetGroupName", publicIP: [["PubliclyAccessible"]], ports: .port(default: 3306)),
    .init(
      type: "AWS::RDS::DBProxy", role: .database, groups: [["VpcSecurityGroupIds"]], subnets: [["VpcSubnetIds"]],
      ports: .proxy),
    .init(
      type: "AWS::DocDB::DBCluster", role: .database, groups: [["VpcSecurityGroupIds"]],
      subnetGroup: "DBSubnetGroupName", ports: .port(default: 27017)),
    .init(
      type: "AWS::DocDBElastic::Cluster", role: .database, groups: [["VpcSecurityGroupIds"]],
      subnets: [["SubnetIds"]], ports: .fixed([27017])),
    .init(
      type: "AWS::Neptune::DBCluster", role: .database, groups: [["VpcSecurityGroupIds"]],
      subnetGroup: "DBSubnetGroupName", ports: .port(default: 8182)),
    .init(
      type: "AWS::ElastiCache::ReplicationGroup", role: .cache, groups: [["SecurityGroupIds"]],
      subnetGroup: "CacheSubnetGroupName", ports: .port(default: 6379)),
    .init(
      type: "AWS::ElastiCache::CacheCluster", role: .cache, groups: [["VpcSecurityGroupIds"]],
      subnetGroup: "CacheSubnetGroupName", ports: .port(default: 6379)),
    .init(
      type: "AWS::ElastiCache::ServerlessCache", role: .cache, groups: [["SecurityGroupIds"]],
      subnets: [["SubnetIds"]], ports: .fixed([6379, 6380])),
    .init(
      type: "AWS::MemoryDB::Cluster", role: .cache, groups: [["SecurityGroupIds"]], subnetGroup: "SubnetGroupName",
      ports: .port(default: 6379)),
    .init(
      type: "AWS::OpenSearchService::Domain", role: .search, groups: [["VPCOptions", "SecurityGroupIds"]],
      subnets: [["VPCOptions", "SubnetIds"]], ports: .fixed([443])),
    .init(
      type: "AWS::Elasticsearch::Domain", role: .search, groups: [["VPCOptions", "SecurityGroupIds"]],
      subnets: [["VPCOptions", "SubnetIds"]], ports: .fixed([443])),
    .init(
      type: "AWS::EFS::MountTarget", role: .fileSystem, groups: [["SecurityGroups"]], subnets: [["SubnetId"]],
      ports: .fixed([2049])),
    .init(
      type: "AWS::FSx::FileSystem", role: .fileSystem, groups: [["SecurityGroupIds"]], subnets: [["SubnetIds"]],
      ports: .fixed([445, 988, 2049])),
    .init(
      type: "AWS::MSK::Cluster", role: .stream, groups: [["BrokerNodeGroupInfo", "SecurityGroups"]],
      subnets: [["BrokerNodeGroupInfo", "ClientSubnets"]], ports: .fixed([9092, 9094, 9096, 9098])),
    .init(
      type: "AWS::Redshift::Cluster", role: .warehouse, groups: [["VpcSecurityGroupIds"]],
      subnetGroup: "ClusterSubnetGroupName", publicIP: [["PubliclyAccessible"]], ports: .port(default: 5439)),
    .init(
      type: "AWS::RedshiftServerless::Workgroup", role: .warehouse, groups: [["SecurityGroupIds"]],
      subnets: [["SubnetIds"]], publicIP: [["PubliclyAccessible"]], ports: .port(default: 5439)),
    .init(
      type: "AWS::Lambda::Function", role: .function, groups: [["VpcConfig", "SecurityGroupIds"]],
      subnets: [["VpcConfig", "SubnetIds"]]),
    .init(
      type: "AWS::Serverless::Function", role: .function, groups: [["VpcConfig", "SecurityGroupIds"]],
      subnets: [["VpcConfig", "SubnetIds"]]),
    .init(
      type: "AWS::EC2::Instance", role: .instance,
      groups: [["SecurityGroupIds"], ["SecurityGroups"], ["NetworkInterfaces", "*", "GroupSet"]],
      subnets: [["SubnetId"], ["NetworkInterfaces", "*", "SubnetId"]],
      publicIP: [["NetworkInterfaces", "*", "AssociatePublicIpAddress"]], defaultVPCWithoutSubnets: true),
    .init(
      type: "AWS::EC2::LaunchTemplate", role: .instance,
      groups: [
        ["LaunchTemplateData", "SecurityGroupIds"], ["LaunchTemplateData", "SecurityGroups"],
        ["LaunchTemplateData", "NetworkInterfaces", "*", "Groups"],
      ],
      subnets: [["LaunchTemplateData", "NetworkInterfaces", "*", "SubnetId"]],
      publicIP: [["LaunchTemplateData", "NetworkInterfaces", "*", "AssociatePublicIpAddress"]]),
    .init(
      type: "AWS::AutoScaling::LaunchConfiguration", role: .instance, groups: [["SecurityGroups"]],
      publicIP: [["AssociatePublicIpAddress"]]),
    .init(
      type: "AWS::EC2::NetworkInterface", role: .instance, groups: [["GroupSet"]], subnets: [["SubnetId"]]),
    .init(
      type: "AWS::EC2::VPCEndpoint", role: .endpoint, groups: [["SecurityGroupIds"]], subnets: [["SubnetIds"]],
      ports: .fixed([443])),
    .init(
      type: "AWS::EKS::Cluster", role: .cluster, groups: [["ResourcesVpcConfig", "SecurityGroupIds"]],
      subnets: [["ResourcesVpcConfig", "SubnetIds"]], ports: .fixed([443])),
  ]

  /// The line of each type.
  static let byType: [String: WorkloadType] = {
    var result: [String: WorkloadType] = [:]
    for line in types { result[line.type] = line }
    return result
  }()

  /// Each database or cache engine's default port.
  static let enginePorts: [String: Int] = [
    "mysql": 3306, "mariadb": 3306, "aurora": 3306, "aurora-mysql": 3306, "postgres": 5432,
    "aurora-postgresql": 5432, "oracle-ee": 1521, "oracle-se2": 1521, "oracle-ee-cdb": 1521,
    "oracle-se2-cdb": 1521, "sqlserver-ee": 1433, "sqlserver-se": 1433, "sqlserver-ex": 1433,
    "sqlserver-web": 1433, "db2-se": 50000, "db2-ae": 50000, "redis": 6379, "valkey": 6379,
    "memcached": 11211, "docdb": 27017, "neptune": 8182,
  ]

  /// An RDS proxy's port by engine family.
  static let proxyPorts: [String: Int] = ["MYSQL": 3306, "POSTGRESQL": 5432, "SQLSERVER": 1433]
}
