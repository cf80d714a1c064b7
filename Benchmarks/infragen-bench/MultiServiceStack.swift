/// A generated application for the flow benchmark: `services` Fargate services behind one
/// internet-facing ALB (one listener rule each), and six data stores (Aurora PostgreSQL, MySQL,
/// a Redis replication group, a Redis node, OpenSearch and DocumentDB). Service `i` uses stores
/// `i % 6` and `(i + 1) % 6` (by the store's endpoint in its task definition), and every store's
/// group admits exactly its users, so the template is clean and every flow is judged.
enum MultiServiceStack {
  struct Store {
    var name: String
    var port: Int
    /// The resource's `Type` and `Properties` lines, with `GROUP` for its security group.
    var resource: String
    /// The attribute a service reads for its address.
    var endpoint: String
  }

  static let stores: [Store] = [
    Store(
      name: "Aurora", port: 5432,
      resource: """
          Type: AWS::RDS::DBCluster
          Properties: {Engine: aurora-postgresql, DBSubnetGroupName: !Ref DbSubnets, VpcSecurityGroupIds: [!Ref GROUP], ManageMasterUserPassword: true, MasterUsername: app}
        """, endpoint: "Endpoint.Address"),
    Store(
      name: "Mysql", port: 3306,
      resource: """
          Type: AWS::RDS::DBInstance
          Properties: {Engine: mysql, DBInstanceClass: db.t3.micro, AllocatedStorage: "20", DBSubnetGroupName: !Ref DbSubnets, VPCSecurityGroups: [!Ref GROUP], ManageMasterUserPassword: true, MasterUsername: app}
        """, endpoint: "Endpoint.Address"),
    Store(
      name: "Sessions", port: 6379,
      resource: """
          Type: AWS::ElastiCache::ReplicationGroup
          Properties: {ReplicationGroupDescription: sessions, Engine: redis, CacheNodeType: cache.t3.micro, NumCacheClusters: 2, CacheSubnetGroupName: !Ref CacheSubnets, SecurityGroupIds: [!Ref GROUP]}
        """, endpoint: "PrimaryEndPoint.Address"),
    Store(
      name: "Counters", port: 6379,
      resource: """
          Type: AWS::ElastiCache::CacheCluster
          Properties: {Engine: redis, CacheNodeType: cache.t3.micro, NumCacheNodes: 1, CacheSubnetGroupName: !Ref CacheSubnets, VpcSecurityGroupIds: [!Ref GROUP]}
        """, endpoint: "RedisEndpoint.Address"),
    Store(
      name: "Search", port: 443,
      resource: """
          Type: AWS::OpenSearchService::Domain
          Properties: {VPCOptions: {SubnetIds: [!Ref PrivateA], SecurityGroupIds: [!Ref GROUP]}}
        """, endpoint: "DomainEndpoint"),
    Store(
      name: "Documents", port: 27017,
      resource: """
          Type: AWS::DocDB::DBCluster
          Properties: {DBSubnetGroupName: !Ref DocSubnets, VpcSecurityGroupIds: [!Ref GROUP], MasterUsername: app, MasterUserPassword: "{{resolve:ssm-secure:docdb}}"}
        """, endpoint: "Endpoint"),
  ]

  /// The stores service `index` uses.
  static func uses(_ index: Int) -> [Int] { [index % stores.count, (index + 1) % stores.count] }

  static func yaml(services: Int) -> String {
    var text = """
      AWSTemplateFormatVersion: "2010-09-09"
      Parameters:
        Image: {Type: String}
        Certificate: {Type: String}
      Resources:
        Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
        Igw: {Type: AWS::EC2::InternetGateway}
        IgwAttachment: {Type: AWS::EC2::VPCGatewayAttachment, Properties: {VpcId: !Ref Vpc, InternetGatewayId: !Ref Igw}}
        PublicTable: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
        PublicRoute:
          Type: AWS::EC2::Route
          Properties: {RouteTableId: !Ref PublicTable, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
        PublicA: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}}
        PublicB: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.1.0/24}}
        PublicAAssoc: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref PublicA, RouteTableId: !Ref PublicTable}}
        PublicBAssoc: {Type: AWS::EC2::SubnetRouteTableAssociation, Properties: {SubnetId: !Ref PublicB, RouteTableId: !Ref PublicTable}}
        PrivateA: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.8.0/24}}
        PrivateB: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.9.0/24}}
        DbSubnets: {Type: AWS::RDS::DBSubnetGroup, Properties: {DBSubnetGroupDescription: db, SubnetIds: [!Ref PrivateA, !Ref PrivateB]}}
        DocSubnets: {Type: AWS::DocDB::DBSubnetGroup, Properties: {DBSubnetGroupDescription: docs, SubnetIds: [!Ref PrivateA, !Ref PrivateB]}}
        CacheSubnets: {Type: AWS::ElastiCache::SubnetGroup, Properties: {Description: cache, SubnetIds: [!Ref PrivateA, !Ref PrivateB]}}
        Cluster: {Type: AWS::ECS::Cluster}
        LbGroup:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: lb
            VpcId: !Ref Vpc
            SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}]
        Lb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Subnets: [!Ref PublicA, !Ref PublicB], SecurityGroups: [!Ref LbGroup]}}
        Https:
          Type: AWS::ElasticLoadBalancingV2::Listener
          Properties:
            LoadBalancerArn: !Ref Lb
            Port: 443
            Protocol: HTTPS
            Certificates: [{CertificateArn: !Ref Certificate}]
            DefaultActions: [{Type: forward, TargetGroupArn: !Ref Service0Targets}]

      """
    for (index, store) in stores.enumerated() {
      let users = (0..<services).filter { uses($0).contains(index) }
      text += """
          \(store.name)Group:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: \(store.name)
              VpcId: !Ref Vpc
              SecurityGroupIngress:

        """
      for user in users {
        text += """
                  - {IpProtocol: tcp, FromPort: \(store.port), ToPort: \(store.port), SourceSecurityGroupId: !Ref Service\(user)Group}

          """
      }
      let resource = store.resource.replacingOccurrences(of: "GROUP", with: "\(store.name)Group")
      text +=
        "  \(store.name):\n"
        + resource.split(separator: "\n").map { "    " + $0.drop(while: { $0 == " " }) + "\n" }.joined()
    }
    for index in 0..<services {
      let port = 8000 + index
      let service = "Service\(index)"
      let environment = uses(index).map { store in
        "{Name: STORE_\(store)_HOST, Value: !GetAtt \(stores[store].name).\(stores[store].endpoint)}"
      }
      text += """
          \(service)Group: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: \(service), VpcId: !Ref Vpc}}
          \(service)FromLb:
            Type: AWS::EC2::SecurityGroupIngress
            Properties: {GroupId: !Ref \(service)Group, IpProtocol: tcp, FromPort: \(port), ToPort: \(port), SourceSecurityGroupId: !Ref LbGroup}
          \(service)Targets: {Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: {Port: \(port), Protocol: HTTP, TargetType: ip, VpcId: !Ref Vpc}}

        """
      if index > 0 {
        text += """
            \(service)Rule:
              Type: AWS::ElasticLoadBalancingV2::ListenerRule
              Properties:
                ListenerArn: !Ref Https
                Priority: \(index)
                Conditions: [{Field: path-pattern, PathPatternConfig: {Values: [/\(service.lowercased())/*]}}]
                Actions: [{Type: forward, TargetGroupArn: !Ref \(service)Targets}]

          """
      }
      text += """
          \(service)Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              RequiresCompatibilities: [FARGATE]
              NetworkMode: awsvpc
              Cpu: "256"
              Memory: "512"
              ContainerDefinitions:
                - Name: app
                  Image: !Ref Image
                  PortMappings: [{ContainerPort: \(port)}]
                  Environment: [\(environment.joined(separator: ", "))]
          \(service):
            Type: AWS::ECS::Service
            DependsOn: [Https]
            Properties:
              Cluster: !Ref Cluster
              LaunchType: FARGATE
              TaskDefinition: !Ref \(service)Task
              LoadBalancers: [{ContainerName: app, ContainerPort: \(port), TargetGroupArn: !Ref \(service)Targets}]
              NetworkConfiguration: {AwsvpcConfiguration: {SecurityGroups: [!Ref \(service)Group], Subnets: [!Ref PrivateA, !Ref PrivateB]}}

        """
    }
    return text
  }
}
