import InfragenCore

/// A route table. Lowers to `AWS::EC2::RouteTable`.
public struct RouteTable: Resource, Hashable {
  /// `AWS::EC2::RouteTable`.
  public static let typeName = "AWS::EC2::RouteTable"
  /// The table's logical ID.
  public var logicalID: LogicalID
  /// The VPC.
  public var vpc: Reference<VPC>
  /// Tags.
  public var tags: [Tag]

  /// A route table.
  public init(_ logicalID: LogicalID, vpc: VPC, tags: [Tag] = []) {
    self.logicalID = logicalID
    self.vpc = vpc.ref
    self.tags = tags
  }
}

/// A route. Lowers to `AWS::EC2::Route`.
public struct Route: Resource, Hashable {
  /// Where matching traffic goes.
  public enum Target: Hashable, Sendable {
    /// To the internet, through an internet gateway.
    case internetGateway(Reference<InternetGateway>)
    /// Out through a NAT gateway.
    case natGateway(Reference<NATGateway>)
  }

  /// `AWS::EC2::Route`.
  public static let typeName = "AWS::EC2::Route"
  /// The route's logical ID.
  public var logicalID: LogicalID
  /// The table it belongs to.
  public var routeTable: Reference<RouteTable>
  /// The destination. Defaults to `0.0.0.0/0`.
  public var destination: IPv4CIDR
  /// The target.
  public var target: Target
  /// Resources that must exist first (an internet gateway's attachment).
  public var dependsOn: [LogicalID]

  /// A route to an internet gateway, created after the gateway is attached.
  public init(
    _ logicalID: LogicalID, in routeTable: RouteTable, destination: IPv4CIDR = .anywhere,
    internetGateway: InternetGateway, after attachment: VPCGatewayAttachment
  ) {
    self.logicalID = logicalID
    self.routeTable = routeTable.ref
    self.destination = destination
    self.target = .internetGateway(internetGateway.ref)
    self.dependsOn = [attachment.logicalID]
  }

  /// A route to a NAT gateway.
  public init(
    _ logicalID: LogicalID, in routeTable: RouteTable, destination: IPv4CIDR = .anywhere,
    natGateway: NATGateway
  ) {
    self.logicalID = logicalID
    self.routeTable = routeTable.ref
    self.destination = destination
    self.target = .natGateway(natGateway.ref)
    self.dependsOn = []
  }
}

/// Associates a subnet with a route table. Lowers to `AWS::EC2::SubnetRouteTableAssociation`.
public struct SubnetRouteTableAssociation: Resource, Hashable {
  /// `AWS::EC2::SubnetRouteTableAssociation`.
  public static let typeName = "AWS::EC2::SubnetRouteTableAssociation"
  /// The association's logical ID.
  public var logicalID: LogicalID
  /// The subnet.
  public var subnet: Reference<Subnet>
  /// The route table.
  public var routeTable: Reference<RouteTable>

  /// An association.
  public init(_ logicalID: LogicalID, subnet: Subnet, routeTable: RouteTable) {
    self.logicalID = logicalID
    self.subnet = subnet.ref
    self.routeTable = routeTable.ref
  }
}

/// An Elastic IP address in the VPC. Lowers to `AWS::EC2::EIP`.
public struct ElasticIP: Resource, Hashable {
  /// `AWS::EC2::EIP`.
  public static let typeName = "AWS::EC2::EIP"
  /// The address's logical ID.
  public var logicalID: LogicalID
  /// Resources that must exist first (the internet gateway's attachment).
  public var dependsOn: [LogicalID]
  /// Tags.
  public var tags: [Tag]

  /// An address, allocated after the VPC's internet gateway is attached.
  public init(_ logicalID: LogicalID, after attachment: VPCGatewayAttachment, tags: [Tag] = []) {
    self.logicalID = logicalID
    self.dependsOn = [attachment.logicalID]
    self.tags = tags
  }

  /// The allocation ID.
  public var allocationID: Attribute<ElasticIP> { Attribute(logicalID, "AllocationId") }
}

/// A NAT gateway in a public subnet. Lowers to `AWS::EC2::NatGateway`.
public struct NATGateway: Resource, Hashable {
  /// `AWS::EC2::NatGateway`.
  public static let typeName = "AWS::EC2::NatGateway"
  /// The gateway's logical ID.
  public var logicalID: LogicalID
  /// Its public address.
  public var elasticIP: Attribute<ElasticIP>
  /// The public subnet it stands in.
  public var subnet: Reference<Subnet>
  /// Tags.
  public var tags: [Tag]

  /// A NAT gateway.
  public init(_ logicalID: LogicalID, elasticIP: ElasticIP, subnet: Subnet, tags: [Tag] = []) {
    self.logicalID = logicalID
    self.elasticIP = elasticIP.allocationID
    self.subnet = subnet.ref
    self.tags = tags
  }
}
