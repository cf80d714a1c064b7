import InfragenCore
import InfragenModel

/// The VPC: public and private subnets in each zone, an internet gateway for the public ones and
/// NAT gateways for the private ones.
public struct Network: StackComponent {
  let options: ReferenceStack.Options
  let protection: Protection

  /// The VPC.
  public var vpc: VPC {
    VPC("Vpc", cidrBlock: options.vpcCIDR, tags: [Tag("Name", "\(PseudoParameter.stackName)-vpc")])
  }

  private var zones: Range<Int> { 0..<options.availabilityZones }

  /// The size of each subnet: the VPC's block split in 16 (a /20 of a /16).
  private func block(_ index: Int) -> IPv4CIDR {
    options.vpcCIDR.subnet(prefixLength: min(options.vpcCIDR.prefixLength + 4, 28), index: index)
      ?? options.vpcCIDR
  }

  /// One public subnet per zone, in the first blocks of the VPC.
  public var publicSubnets: [Subnet] {
    zones.map { zone in
      Subnet(
        "PublicSubnet\(zone + 1)", vpc: vpc, cidrBlock: options.publicSubnetCIDRs?[safe: zone] ?? block(zone),
        availabilityZone: AvailabilityZone(index: zone), kind: .public,
        tags: [Tag("Name", "\(PseudoParameter.stackName)-public-\(zone + 1)")])
    }
  }

  /// One private subnet per zone, from the ninth block of the VPC on.
  public var privateSubnets: [Subnet] {
    zones.map { zone in
      Subnet(
        "PrivateSubnet\(zone + 1)", vpc: vpc, cidrBlock: options.privateSubnetCIDRs?[safe: zone] ?? block(8 + zone),
        availabilityZone: AvailabilityZone(index: zone), kind: .private,
        tags: [Tag("Name", "\(PseudoParameter.stackName)-private-\(zone + 1)")])
    }
  }

  var internetGateway: InternetGateway { InternetGateway("InternetGateway") }
  var attachment: VPCGatewayAttachment {
    VPCGatewayAttachment("InternetGatewayAttachment", vpc: vpc, internetGateway: internetGateway)
  }
  var publicRouteTable: RouteTable { RouteTable("PublicRouteTable", vpc: vpc) }

  private var natZones: Range<Int> { options.natGateways == .perZone ? zones : 0..<1 }

  private func elasticIP(_ zone: Int) -> ElasticIP {
    ElasticIP("NatGateway\(zone + 1)ElasticIp", after: attachment)
  }

  private func natGateway(_ zone: Int) -> NATGateway {
    NATGateway("NatGateway\(zone + 1)", elasticIP: elasticIP(zone), subnet: publicSubnets[zone])
  }

  private func privateRouteTable(_ zone: Int) -> RouteTable {
    RouteTable("PrivateRouteTable\(zone + 1)", vpc: vpc)
  }

  var flowLogGroup: LogGroup {
    LogGroup("VpcFlowLogGroup", retentionInDays: options.logRetentionDays, kmsKey: protection.key)
  }

  var flowLogRole: Role {
    Role(
      "VpcFlowLogRole", assumedBy: ServicePrincipal("vpc-flow-logs.amazonaws.com"),
      description: "Delivers the VPC's flow logs to its log group",
      policies: [
        Policy(
          "WriteFlowLogs",
          statements: [
            PolicyStatement(
              actions: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
              resources: [TemplateString(flowLogGroup.arn)])
          ])
      ])
  }

  /// Every network resource.
  public var body: [StackElement] {
    vpc
    flowLogGroup
    flowLogRole
    FlowLog("VpcFlowLog", vpc: vpc, logGroup: flowLogGroup, role: flowLogRole)
    internetGateway
    attachment
    publicRouteTable
    Route("PublicDefaultRoute", in: publicRouteTable, internetGateway: internetGateway, after: attachment)
    for (zone, subnet) in publicSubnets.enumerated() {
      subnet
      SubnetRouteTableAssociation(
        "PublicSubnet\(zone + 1)RouteTableAssociation", subnet: subnet, routeTable: publicRouteTable)
    }
    for zone in natZones {
      elasticIP(zone)
      natGateway(zone)
    }
    for (zone, subnet) in privateSubnets.enumerated() {
      let nat = natGateway(options.natGateways == .perZone ? zone : 0)
      subnet
      privateRouteTable(zone)
      Route("PrivateRouteTable\(zone + 1)DefaultRoute", in: privateRouteTable(zone), natGateway: nat)
      SubnetRouteTableAssociation(
        "PrivateSubnet\(zone + 1)RouteTableAssociation", subnet: subnet,
        routeTable: privateRouteTable(zone))
    }
  }
}

extension Array {
  /// The element at `index`, or `nil` past the end.
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
