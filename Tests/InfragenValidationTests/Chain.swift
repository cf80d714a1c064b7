import InfragenCore
import InfragenFormats
import InfragenValidation

/// A small hand-written template with the whole chain, clean: internet -> LbGroup 443 -> AppGroup
/// 8080 -> DbGroup 5432 (Postgres), CacheGroup 6379, SearchGroup 443. Its app port and engine
/// differ from the reference stack's on purpose: the policy must come from the wiring.
enum Chain {
  static let json = """
    {
      "Parameters": {
        "Image": {"Type": "String"},
        "OtherGroup": {"Type": "AWS::EC2::SecurityGroup::Id"}
      },
      "Resources": {
        "Net": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.1.0.0/16"}},
        "Igw": {"Type": "AWS::EC2::InternetGateway"},
        "PublicTable": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Net"}}},
        "PublicRoute": {"Type": "AWS::EC2::Route", "Properties": {"RouteTableId": {"Ref": "PublicTable"}, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": {"Ref": "Igw"}}},
        "EdgeA": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Net"}, "CidrBlock": "10.1.0.0/24"}},
        "EdgeAAssoc": {"Type": "AWS::EC2::SubnetRouteTableAssociation", "Properties": {"SubnetId": {"Ref": "EdgeA"}, "RouteTableId": {"Ref": "PublicTable"}}},
        "InnerA": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Net"}, "CidrBlock": "10.1.8.0/24"}},
        "InnerB": {"Type": "AWS::EC2::Subnet", "Properties": {"VpcId": {"Ref": "Net"}, "CidrBlock": "10.1.9.0/24"}},
        "LbGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "lb", "VpcId": {"Ref": "Net"},
          "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}]}},
        "AppGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "app", "VpcId": {"Ref": "Net"}}},
        "AppFromLb": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {"GroupId": {"Ref": "AppGroup"}, "IpProtocol": "tcp", "FromPort": "8080", "ToPort": "8080", "SourceSecurityGroupId": {"Fn::GetAtt": ["LbGroup", "GroupId"]}}},
        "DbGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "db", "VpcId": {"Ref": "Net"},
          "SecurityGroupIngress": [{"IpProtocol": "6", "FromPort": 5432, "ToPort": 5432, "SourceSecurityGroupId": {"Ref": "AppGroup"}}]}},
        "CacheGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "cache", "VpcId": {"Ref": "Net"},
          "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 6379, "ToPort": 6379, "SourceSecurityGroupId": {"Fn::GetAtt": ["AppGroup", "GroupId"]}}]}},
        "SearchGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "search", "VpcId": {"Ref": "Net"},
          "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "SourceSecurityGroupId": {"Fn::GetAtt": ["AppGroup", "GroupId"]}}]}},
        "Lb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {"Subnets": [{"Ref": "EdgeA"}], "SecurityGroups": [{"Ref": "LbGroup"}]}},
        "Targets": {"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {"Port": 8080, "Protocol": "HTTP", "TargetType": "ip", "VpcId": {"Ref": "Net"}}},
        "Https": {"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {"LoadBalancerArn": {"Ref": "Lb"}, "Port": 443, "Protocol": "HTTPS",
          "DefaultActions": [{"Type": "forward", "TargetGroupArn": {"Ref": "Targets"}}]}},
        "App": {"Type": "AWS::ECS::Service", "Properties": {
          "LoadBalancers": [{"ContainerName": "web", "ContainerPort": 8080, "TargetGroupArn": {"Ref": "Targets"}}],
          "NetworkConfiguration": {"AwsvpcConfiguration": {"AssignPublicIp": "DISABLED", "SecurityGroups": [{"Ref": "AppGroup"}], "Subnets": [{"Ref": "InnerA"}, {"Ref": "InnerB"}]}}}},
        "DbSubnets": {"Type": "AWS::RDS::DBSubnetGroup", "Properties": {"DBSubnetGroupDescription": "db", "SubnetIds": [{"Ref": "InnerA"}, {"Ref": "InnerB"}]}},
        "Db": {"Type": "AWS::RDS::DBInstance", "Properties": {"Engine": "postgres", "DBInstanceClass": "db.t4g.micro", "DBSubnetGroupName": {"Ref": "DbSubnets"}, "VPCSecurityGroups": [{"Fn::GetAtt": ["DbGroup", "GroupId"]}]}},
        "CacheSubnets": {"Type": "AWS::ElastiCache::SubnetGroup", "Properties": {"Description": "cache", "SubnetIds": [{"Ref": "InnerA"}, {"Ref": "InnerB"}]}},
        "Cache": {"Type": "AWS::ElastiCache::ReplicationGroup", "Properties": {"ReplicationGroupDescription": "c", "CacheSubnetGroupName": {"Ref": "CacheSubnets"}, "SecurityGroupIds": [{"Ref": "CacheGroup"}]}},
        "Search": {"Type": "AWS::OpenSearchService::Domain", "Properties": {"VPCOptions": {"SubnetIds": [{"Ref": "InnerA"}], "SecurityGroupIds": [{"Ref": "SearchGroup"}]}}}
      }
    }
    """

  /// The clean template.
  static func template() throws -> Template { try JSONReader.readTemplate(Array(json.utf8), file: "chain.json") }

  /// The clean template with one change.
  static func template(_ change: (inout Template) -> Void) throws -> Template {
    var template = try template()
    change(&template)
    return template
  }

  /// The findings of one rule.
  static func findings(_ template: Template, _ rule: any ValidationRule.Type) -> [Diagnostic] {
    Validator(rules: [rule]).validate(template).filter { $0.rule == rule.name }
  }
}

extension Template {
  /// Sets a property of a resource.
  mutating func set(_ id: LogicalID, _ key: String, _ value: TemplateValue?) {
    guard let index = resources.firstIndex(where: { $0.logicalID == id }) else { return }
    var properties = resources[index].properties ?? Fields()
    properties[key] = value
    resources[index].properties = properties
  }

  /// Adds a resource.
  mutating func add(_ id: LogicalID, _ type: String, _ properties: Fields) {
    resources.append(Template.Resource(id, type: type, properties: properties))
  }

  /// Appends an inline ingress rule to a group.
  mutating func addIngress(_ group: LogicalID, _ rule: Fields) {
    let existing = resource(group)?[property: "SecurityGroupIngress"]?.listValue ?? []
    set(group, "SecurityGroupIngress", .list(existing + [.object(rule)]))
  }
}
