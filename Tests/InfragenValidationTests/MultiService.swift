import InfragenCore
import InfragenFormats
import InfragenValidation

/// A stack with several services, clean: `web` and `api` behind one internet-facing ALB (the
/// default action to web on 3000, `/api/*` to api on 8080), web calling api on 8080 by its
/// Service Connect name, a `worker` with no load balancer, Aurora PostgreSQL used by api (its
/// endpoint) and worker (its secret), and Redis used by api.
enum MultiService {
  static let yaml = """
    AWSTemplateFormatVersion: "2010-09-09"
    Parameters:
      Image: {Type: String}
      Certificate: {Type: String}
    Resources:
      Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
      Igw: {Type: AWS::EC2::InternetGateway}
      PublicTable: {Type: AWS::EC2::RouteTable, Properties: {VpcId: !Ref Vpc}}
      PublicRoute:
        Type: AWS::EC2::Route
        Properties: {RouteTableId: !Ref PublicTable, DestinationCidrBlock: 0.0.0.0/0, GatewayId: !Ref Igw}
      PublicA: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.0.0/24}}
      PublicAAssoc:
        Type: AWS::EC2::SubnetRouteTableAssociation
        Properties: {SubnetId: !Ref PublicA, RouteTableId: !Ref PublicTable}
      PrivateA: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.8.0/24}}
      PrivateB: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.9.0/24}}
      LbGroup:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: lb
          VpcId: !Ref Vpc
          SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}]
      WebGroup: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: web, VpcId: !Ref Vpc}}
      WebFromLb:
        Type: AWS::EC2::SecurityGroupIngress
        Properties: {GroupId: !Ref WebGroup, IpProtocol: tcp, FromPort: 3000, ToPort: 3000, SourceSecurityGroupId: !Ref LbGroup}
      ApiGroup: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: api, VpcId: !Ref Vpc}}
      ApiFromLb:
        Type: AWS::EC2::SecurityGroupIngress
        Properties: {GroupId: !Ref ApiGroup, IpProtocol: tcp, FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: !Ref LbGroup}
      ApiFromWeb:
        Type: AWS::EC2::SecurityGroupIngress
        Properties: {GroupId: !Ref ApiGroup, IpProtocol: tcp, FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: !Ref WebGroup}
      WorkerGroup: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: worker, VpcId: !Ref Vpc}}
      DbGroup:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: db
          VpcId: !Ref Vpc
          SecurityGroupIngress:
            - {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref ApiGroup}
            - {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref WorkerGroup}
      CacheGroup:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: cache
          VpcId: !Ref Vpc
          SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 6379, ToPort: 6379, SourceSecurityGroupId: !Ref ApiGroup}]
      Lb:
        Type: AWS::ElasticLoadBalancingV2::LoadBalancer
        Properties: {Subnets: [!Ref PublicA], SecurityGroups: [!Ref LbGroup]}
      WebTargets:
        Type: AWS::ElasticLoadBalancingV2::TargetGroup
        Properties: {Port: 3000, Protocol: HTTP, TargetType: ip, VpcId: !Ref Vpc}
      ApiTargets:
        Type: AWS::ElasticLoadBalancingV2::TargetGroup
        Properties: {Port: 8080, Protocol: HTTP, TargetType: ip, VpcId: !Ref Vpc}
      Https:
        Type: AWS::ElasticLoadBalancingV2::Listener
        Properties:
          LoadBalancerArn: !Ref Lb
          Port: 443
          Protocol: HTTPS
          Certificates: [{CertificateArn: !Ref Certificate}]
          DefaultActions: [{Type: forward, TargetGroupArn: !Ref WebTargets}]
      ApiRule:
        Type: AWS::ElasticLoadBalancingV2::ListenerRule
        Properties:
          ListenerArn: !Ref Https
          Priority: 10
          Conditions: [{Field: path-pattern, PathPatternConfig: {Values: [/api/*]}}]
          Actions: [{Type: forward, TargetGroupArn: !Ref ApiTargets}]
      Namespace: {Type: AWS::ServiceDiscovery::PrivateDnsNamespace, Properties: {Name: internal, Vpc: !Ref Vpc}}
      DbSecret: {Type: AWS::SecretsManager::Secret, Properties: {GenerateSecretString: {SecretStringTemplate: '{"username":"app"}', GenerateStringKey: password}}}
      DbSecretAttachment:
        Type: AWS::SecretsManager::SecretTargetAttachment
        Properties: {SecretId: !Ref DbSecret, TargetId: !Ref Db, TargetType: AWS::RDS::DBCluster}
      DbSubnets:
        Type: AWS::RDS::DBSubnetGroup
        Properties: {DBSubnetGroupDescription: db, SubnetIds: [!Ref PrivateA, !Ref PrivateB]}
      Db:
        Type: AWS::RDS::DBCluster
        Properties:
          Engine: aurora-postgresql
          DBSubnetGroupName: !Ref DbSubnets
          VpcSecurityGroupIds: [!GetAtt DbGroup.GroupId]
          MasterUsername: app
          MasterUserPassword: !Sub "{{resolve:secretsmanager:${DbSecret}:SecretString:password}}"
      CacheSubnets:
        Type: AWS::ElastiCache::SubnetGroup
        Properties: {Description: cache, SubnetIds: [!Ref PrivateA, !Ref PrivateB]}
      Cache:
        Type: AWS::ElastiCache::ReplicationGroup
        Properties: {ReplicationGroupDescription: c, CacheSubnetGroupName: !Ref CacheSubnets, SecurityGroupIds: [!Ref CacheGroup]}
      WebTask:
        Type: AWS::ECS::TaskDefinition
        Properties:
          ContainerDefinitions:
            - Name: web
              Image: !Ref Image
              PortMappings: [{ContainerPort: 3000}]
              Environment: [{Name: API_URL, Value: "http://api:8080"}]
      ApiTask:
        Type: AWS::ECS::TaskDefinition
        Properties:
          ContainerDefinitions:
            - Name: api
              Image: !Ref Image
              PortMappings: [{ContainerPort: 8080, Name: http}]
              Environment:
                - {Name: DB_HOST, Value: !GetAtt Db.Endpoint.Address}
                - {Name: REDIS_HOST, Value: !GetAtt Cache.PrimaryEndPoint.Address}
      WorkerTask:
        Type: AWS::ECS::TaskDefinition
        Properties:
          ContainerDefinitions:
            - Name: worker
              Image: !Ref Image
              Secrets: [{Name: DB_PASSWORD, ValueFrom: !Sub "${DbSecret}:password::"}]
      Web:
        Type: AWS::ECS::Service
        Properties:
          TaskDefinition: !Ref WebTask
          LoadBalancers: [{ContainerName: web, ContainerPort: 3000, TargetGroupArn: !Ref WebTargets}]
          ServiceConnectConfiguration: {Enabled: true, Namespace: !GetAtt Namespace.Arn}
          NetworkConfiguration: {AwsvpcConfiguration: {SecurityGroups: [!Ref WebGroup], Subnets: [!Ref PrivateA, !Ref PrivateB]}}
      Api:
        Type: AWS::ECS::Service
        Properties:
          TaskDefinition: !Ref ApiTask
          LoadBalancers: [{ContainerName: api, ContainerPort: 8080, TargetGroupArn: !Ref ApiTargets}]
          ServiceConnectConfiguration:
            Enabled: true
            Namespace: !GetAtt Namespace.Arn
            Services: [{PortName: http, ClientAliases: [{DnsName: api, Port: 8080}]}]
          NetworkConfiguration: {AwsvpcConfiguration: {SecurityGroups: [!Ref ApiGroup], Subnets: [!Ref PrivateA, !Ref PrivateB]}}
      Worker:
        Type: AWS::ECS::Service
        Properties:
          TaskDefinition: !Ref WorkerTask
          NetworkConfiguration: {AwsvpcConfiguration: {SecurityGroups: [!Ref WorkerGroup], Subnets: [!Ref PrivateA, !Ref PrivateB]}}
    """

  /// The clean template, as YAML text with one change.
  static func text(_ change: (String) -> String = { $0 }) -> String { change(yaml) }

  /// The template read from YAML.
  static func template(_ change: (String) -> String = { $0 }) throws -> Template {
    try YAMLReader.readTemplate(Array(text(change).utf8), file: "multi.yaml")
  }

  /// The template read, with resources appended (YAML lines indented by two spaces under `Resources`).
  static func template(adding resources: String) throws -> Template {
    try template { $0 + "\n" + resources }
  }

  /// The error findings of every isolation rule.
  static func errors(_ template: Template, policy: FlowPolicy = FlowPolicy()) -> [Diagnostic] {
    Validator().validate(template, policy: policy).filter { $0.severity == .error }
  }
}
