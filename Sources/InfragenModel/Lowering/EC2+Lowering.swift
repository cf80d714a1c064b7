import InfragenCore

extension VPC {
  /// Lowers to `AWS::EC2::VPC`.
  public func lowered() -> Template.Resource {
    var properties: Fields = [
      "CidrBlock": .string(cidrBlock.description),
      "EnableDnsHostnames": .boolean(enableDNSHostnames),
      "EnableDnsSupport": .boolean(enableDNSSupport),
    ]
    properties.setIfPresent("Tags", tags.lowered)
    return Template.Resource(logicalID, type: Self.typeName, properties: properties)
  }
}

extension InternetGateway {
  /// Lowers to `AWS::EC2::InternetGateway`.
  public func lowered() -> Template.Resource {
    Template.Resource(
      logicalID, type: Self.typeName, properties: tags.lowered.map { ["Tags": $0] })
  }
}

extension VPCGatewayAttachment {
  /// Lowers to `AWS::EC2::VPCGatewayAttachment`.
  public func lowered() -> Template.Resource {
    Template.Resource(
      logicalID, type: Self.typeName,
      properties: ["InternetGatewayId": internetGateway.value, "VpcId": vpc.value])
  }
}

extension AvailabilityZone {
  /// `{"Fn::Select": [index, {"Fn::GetAZs": ""}]}`.
  var value: TemplateValue { .intrinsic(.select(index, .intrinsic(.getAZs()))) }
}

extension Subnet {
  /// Lowers to `AWS::EC2::Subnet`; `MapPublicIpOnLaunch` is always `false`.
  public func lowered() -> Template.Resource {
    var properties: Fields = [
      "AvailabilityZone": availabilityZone.value,
      "CidrBlock": .string(cidrBlock.description),
      "MapPublicIpOnLaunch": false,
    ]
    properties.setIfPresent("Tags", tags.lowered)
    properties["VpcId"] = vpc.value
    return Template.Resource(logicalID, type: Self.typeName, properties: properties)
  }
}

extension RouteTable {
  /// Lowers to `AWS::EC2::RouteTable`.
  public func lowered() -> Template.Resource {
    var properties = Fields()
    properties.setIfPresent("Tags", tags.lowered)
    properties["VpcId"] = vpc.value
    return Template.Resource(logicalID, type: Self.typeName, properties: properties)
  }
}

extension Route {
  /// Lowers to `AWS::EC2::Route`.
  public func lowered() -> Template.Resource {
    var properties: Fields = ["DestinationCidrBlock": .string(destination.description)]
    switch target {
    case .internetGateway(let gateway): properties["GatewayId"] = gateway.value
    case .natGateway(let gateway): properties["NatGatewayId"] = gateway.value
    }
    properties["RouteTableId"] = routeTable.value
    return Template.Resource(
      logicalID, type: Self.typeName, dependsOn: dependsOn, properties: properties)
  }
}

extension SubnetRouteTableAssociation {
  /// Lowers to `AWS::EC2::SubnetRouteTableAssociation`.
  public func lowered() -> Template.Resource {
    Template.Resource(
      logicalID, type: Self.typeName,
      properties: ["RouteTableId": routeTable.value, "SubnetId": subnet.value])
  }
}

extension ElasticIP {
  /// Lowers to `AWS::EC2::EIP` in the VPC domain.
  public func lowered() -> Template.Resource {
    var properties: Fields = ["Domain": "vpc"]
    properties.setIfPresent("Tags", tags.lowered)
    return Template.Resource(
      logicalID, type: Self.typeName, dependsOn: dependsOn, properties: properties)
  }
}

extension NATGateway {
  /// Lowers to `AWS::EC2::NatGateway`.
  public func lowered() -> Template.Resource {
    var properties: Fields = ["AllocationId": elasticIP.value, "SubnetId": subnet.value]
    properties.setIfPresent("Tags", tags.lowered)
    return Template.Resource(logicalID, type: Self.typeName, properties: properties)
  }
}

extension SecurityGroupRule {
  /// The rule's keys, `peerKey` being `SourceSecurityGroupId` or `DestinationSecurityGroupId`.
  func lowered(peerKey: String) -> Fields {
    var fields: Fields = [:]
    switch peer {
    case .anyIPv4: fields["CidrIp"] = "0.0.0.0/0"
    case .cidr(let block): fields["CidrIp"] = .string(block.description)
    case .securityGroup: break
    }
    fields["Description"] = .string(description)
    fields["FromPort"] = .integer(ports.from)
    fields["IpProtocol"] = .string(ipProtocol.rawValue)
    if case .securityGroup(let group) = peer {
      fields[peerKey] = .getAtt(group.logicalID, "GroupId")
    }
    fields["ToPort"] = .integer(ports.to)
    return fields
  }

}

extension SecurityGroup {
  /// The placeholder egress rule that replaces CloudFormation's allow-all default when a group
  /// may send nothing: ICMP type 252 code 86 to `255.255.255.255/32`, which matches no traffic.
  static let disallowAll: Fields = [
    "CidrIp": "255.255.255.255/32", "Description": "Disallow all traffic", "FromPort": 252,
    "IpProtocol": "icmp", "ToPort": 86,
  ]
}

extension SecurityGroup {
  /// Lowers to `AWS::EC2::SecurityGroup`, rules in the order given.
  public func lowered() -> Template.Resource {
    var properties: Fields = ["GroupDescription": .string(groupDescription)]
    switch egress {
    case .allowAll: break
    case .only(let rules) where rules.isEmpty:
      properties["SecurityGroupEgress"] = [.object(Self.disallowAll)]
    case .only(let rules):
      properties["SecurityGroupEgress"] = .list(
        rules.map { .object($0.lowered(peerKey: "DestinationSecurityGroupId")) })
    }
    if !ingress.isEmpty {
      properties["SecurityGroupIngress"] = .list(
        ingress.map { .object($0.lowered(peerKey: "SourceSecurityGroupId")) })
    }
    properties.setIfPresent("Tags", tags.lowered)
    properties["VpcId"] = vpc.value
    return Template.Resource(
      logicalID, type: Self.typeName, metadata: waiverMetadata(checkov: checkovWaivers), properties: properties)
  }
}

extension SecurityGroupIngress {
  /// Lowers to `AWS::EC2::SecurityGroupIngress`.
  public func lowered() -> Template.Resource {
    var properties = rule.lowered(peerKey: "SourceSecurityGroupId")
    properties["GroupId"] = .getAtt(group.logicalID, "GroupId")
    return Template.Resource(logicalID, type: Self.typeName, properties: properties)
  }
}

extension SecurityGroupEgress {
  /// Lowers to `AWS::EC2::SecurityGroupEgress`.
  public func lowered() -> Template.Resource {
    var properties = rule.lowered(peerKey: "DestinationSecurityGroupId")
    properties["GroupId"] = .getAtt(group.logicalID, "GroupId")
    return Template.Resource(logicalID, type: Self.typeName, properties: properties)
  }
}
