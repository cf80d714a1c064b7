import InfragenCore
import InfragenModel
import Testing

@Suite struct EC2LoweringTests {
  @Test func vpcHasDNSOn() {
    #expect(
      json(vpc) == """
        {
          "Type": "AWS::EC2::VPC",
          "Properties": {
            "CidrBlock": "10.0.0.0/16",
            "EnableDnsHostnames": true,
            "EnableDnsSupport": true
          }
        }

        """)
  }

  @Test func subnetNeverMapsPublicIPsAndPicksItsZoneByIndex() {
    #expect(
      json(subnetB) == """
        {
          "Type": "AWS::EC2::Subnet",
          "Properties": {
            "AvailabilityZone": {
              "Fn::Select": [
                1,
                {
                  "Fn::GetAZs": ""
                }
              ]
            },
            "CidrBlock": "10.0.16.0/20",
            "MapPublicIpOnLaunch": false,
            "VpcId": {
              "Ref": "Vpc"
            }
          }
        }

        """)
  }

  @Test func securityGroupRulesReferenceGroupsByGroupID() {
    let db = SecurityGroup(
      "DbGroup", description: "db", vpc: vpc,
      ingress: [.tcp(3306, from: .securityGroup(webGroup.ref), description: "from web")])
    #expect(
      property(db, "SecurityGroupIngress") == [
        [
          "Description": "from web", "FromPort": 3306, "IpProtocol": "tcp",
          "SourceSecurityGroupId": .getAtt("WebGroup", "GroupId"), "ToPort": 3306,
        ]
      ])
  }

  @Test func aGroupThatMaySendNothingGetsThePlaceholderEgressRule() {
    let egress = property(webGroup, "SecurityGroupEgress")
    #expect(
      egress == [
        [
          "CidrIp": "255.255.255.255/32", "Description": "Disallow all traffic", "FromPort": 252,
          "IpProtocol": "icmp", "ToPort": 86,
        ]
      ])
  }

  @Test func allowAllEgressLeavesCloudFormationsDefault() {
    let open = SecurityGroup("Open", description: "o", vpc: vpc, egress: .allowAll)
    #expect(property(open, "SecurityGroupEgress") == nil)
  }

  @Test func cidrAndAnyIPv4Peers() {
    let group = SecurityGroup(
      "G", description: "g", vpc: vpc,
      ingress: [
        .tcp(443, from: .anyIPv4, description: "web"),
        IngressRule(.udp, PortRange(1000, 2000), peer: .cidr(cidr("10.1.0.0/16")), description: "range"),
      ])
    #expect(
      property(group, "SecurityGroupIngress") == [
        ["CidrIp": "0.0.0.0/0", "Description": "web", "FromPort": 443, "IpProtocol": "tcp", "ToPort": 443],
        ["CidrIp": "10.1.0.0/16", "Description": "range", "FromPort": 1000, "IpProtocol": "udp", "ToPort": 2000],
      ])
  }

  @Test func standaloneRulesNameTheirGroup() {
    let ingress = SecurityGroupIngress(
      "WebFromLb", group: webGroup, rule: .tcp(3000, from: .securityGroup(webGroup.ref), description: "d"))
    #expect(entry(ingress)?.type == "AWS::EC2::SecurityGroupIngress")
    #expect(property(ingress, "GroupId") == .getAtt("WebGroup", "GroupId"))
    #expect(property(ingress, "SourceSecurityGroupId") == .getAtt("WebGroup", "GroupId"))
    let egress = SecurityGroupEgress(
      "WebToDb", group: webGroup, rule: .tcp(3306, to: .securityGroup(webGroup.ref), description: "d"))
    #expect(entry(egress)?.type == "AWS::EC2::SecurityGroupEgress")
    #expect(property(egress, "DestinationSecurityGroupId") == .getAtt("WebGroup", "GroupId"))
  }

  @Test func routingResources() {
    let gateway = InternetGateway("Igw")
    let attachment = VPCGatewayAttachment("IgwAttachment", vpc: vpc, internetGateway: gateway)
    let table = RouteTable("Public", vpc: vpc)
    let route = Route("Default", in: table, internetGateway: gateway, after: attachment)
    #expect(entry(gateway)?.document.keys == ["Type"])
    #expect(property(attachment, "InternetGatewayId") == .ref("Igw"))
    #expect(entry(route)?.dependsOn == ["IgwAttachment"])
    #expect(property(route, "DestinationCidrBlock") == "0.0.0.0/0")
    #expect(property(route, "GatewayId") == .ref("Igw"))

    let eip = ElasticIP("NatIp", after: attachment)
    let nat = NATGateway("Nat", elasticIP: eip, subnet: subnetA)
    #expect(property(eip, "Domain") == "vpc")
    #expect(entry(eip)?.dependsOn == ["IgwAttachment"])
    #expect(property(nat, "AllocationId") == .getAtt("NatIp", "AllocationId"))
    let natRoute = Route("PrivateDefault", in: table, natGateway: nat)
    #expect(property(natRoute, "NatGatewayId") == .ref("Nat"))
    #expect(entry(natRoute)?.dependsOn == [])
    let association = SubnetRouteTableAssociation("Assoc", subnet: subnetA, routeTable: table)
    #expect(property(association, "SubnetId") == .ref("SubnetA"))
    #expect(property(association, "RouteTableId") == .ref("Public"))
  }

  @Test func tagsLowerToKeyValueLists() {
    let tagged = VPC("Tagged", cidrBlock: cidr("10.0.0.0/16"), tags: [Tag("Name", "\(PseudoParameter.stackName)-vpc")])
    #expect(property(tagged, "Tags") == [["Key": "Name", "Value": .sub("${AWS::StackName}-vpc")]])
  }
}

@Suite struct IPv4CIDRTests {
  @Test(arguments: ["10.0.0.0/16", "0.0.0.0/0", "192.168.1.7/32", "172.16.0.0/12"])
  func parsesAndPrints(_ text: String) throws {
    #expect(try IPv4CIDR(parsing: text).description == text)
  }

  @Test(arguments: [
    ("10.0.0.1", "CIDR mask is missing in '10.0.0.1'; did you mean '10.0.0.1/32'?"),
    ("10.0.0.1/16", "'10.0.0.1/16' has host bits set; did you mean '10.0.0.0/16'?"),
    ("10.0.0.0/33", "'10.0.0.0/33' has prefix length '33'; it must be 0 to 32"),
    ("10.0.0/16", "'10.0.0/16' is not an IPv4 CIDR block (a.b.c.d/n)"),
    ("256.0.0.0/8", "'256.0.0.0/8' is not an IPv4 CIDR block (a.b.c.d/n)"),
    ("", "'' is not an IPv4 CIDR block (a.b.c.d/n)"),
    ("10.0.0.0/1/2", "'10.0.0.0/1/2' is not an IPv4 CIDR block (a.b.c.d/n)"),
  ])
  func rejectsWithAHint(_ text: String, _ message: String) {
    #expect(throws: IPv4CIDR.ParseError(description: message)) { try IPv4CIDR(parsing: text) }
  }

  @Test func carvesSubnetsAndKnowsContainment() throws {
    let block = try IPv4CIDR(parsing: "10.0.0.0/16")
    #expect(block.subnet(prefixLength: 20, index: 9)?.description == "10.0.144.0/20")
    #expect(block.subnet(prefixLength: 20, index: 16) == nil)
    #expect(block.contains(try IPv4CIDR(parsing: "10.0.3.0/24")))
    #expect(!block.contains(try IPv4CIDR(parsing: "10.1.0.0/24")))
    #expect(!block.contains(try IPv4CIDR(parsing: "10.0.0.0/8")))
    #expect(IPv4CIDR(10, 0, 0, 1, prefixLength: 16) == nil)
  }
}
