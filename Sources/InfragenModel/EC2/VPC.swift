import InfragenCore

/// A virtual private cloud. Lowers to `AWS::EC2::VPC`.
///
/// See [AWS::EC2::VPC](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-vpc.html).
public struct VPC: Resource, Hashable {
  /// `AWS::EC2::VPC`.
  public static let typeName = "AWS::EC2::VPC"
  /// The VPC's logical ID.
  public var logicalID: LogicalID
  /// The VPC's address block.
  public var cidrBlock: IPv4CIDR
  /// Whether the Amazon DNS server answers in the VPC. Defaults to `true`.
  public var enableDNSSupport = true
  /// Whether instances get DNS host names. Defaults to `true`.
  public var enableDNSHostnames = true
  /// Tags.
  public var tags: [Tag]

  /// A VPC.
  public init(_ logicalID: LogicalID, cidrBlock: IPv4CIDR, tags: [Tag] = []) {
    self.logicalID = logicalID
    self.cidrBlock = cidrBlock
    self.tags = tags
  }
}

/// An internet gateway. Lowers to `AWS::EC2::InternetGateway`.
public struct InternetGateway: Resource, Hashable {
  /// `AWS::EC2::InternetGateway`.
  public static let typeName = "AWS::EC2::InternetGateway"
  /// The gateway's logical ID.
  public var logicalID: LogicalID
  /// Tags.
  public var tags: [Tag]

  /// An internet gateway.
  public init(_ logicalID: LogicalID, tags: [Tag] = []) {
    self.logicalID = logicalID
    self.tags = tags
  }
}

/// Attaches an internet gateway to a VPC. Lowers to `AWS::EC2::VPCGatewayAttachment`.
public struct VPCGatewayAttachment: Resource, Hashable {
  /// `AWS::EC2::VPCGatewayAttachment`.
  public static let typeName = "AWS::EC2::VPCGatewayAttachment"
  /// The attachment's logical ID.
  public var logicalID: LogicalID
  /// The VPC.
  public var vpc: Reference<VPC>
  /// The gateway.
  public var internetGateway: Reference<InternetGateway>

  /// An attachment.
  public init(_ logicalID: LogicalID, vpc: VPC, internetGateway: InternetGateway) {
    self.logicalID = logicalID
    self.vpc = vpc.ref
    self.internetGateway = internetGateway.ref
  }
}

/// An availability zone, chosen by position among the region's zones (`Fn::Select` over `Fn::GetAZs`).
public struct AvailabilityZone: Hashable, Sendable {
  /// The zone's position, from 0.
  public var index: Int

  /// The zone at a position.
  public init(index: Int) { self.index = index }
}

/// A subnet. Lowers to `AWS::EC2::Subnet`. It never maps public IPs on launch: a public subnet
/// is public through its route to an internet gateway.
public struct Subnet: Resource, Hashable {
  /// Whether the subnet is meant to route to the internet directly.
  public enum Kind: Hashable, Sendable {
    /// Routes to an internet gateway; for load balancers and NAT gateways.
    case `public`
    /// Routes out through a NAT gateway, if at all; for tasks and data stores.
    case `private`
  }

  /// `AWS::EC2::Subnet`.
  public static let typeName = "AWS::EC2::Subnet"
  /// The subnet's logical ID.
  public var logicalID: LogicalID
  /// The VPC it belongs to.
  public var vpc: Reference<VPC>
  /// Its address block, inside the VPC's.
  public var cidrBlock: IPv4CIDR
  /// Its zone.
  public var availabilityZone: AvailabilityZone
  /// Public or private.
  public var kind: Kind
  /// Tags.
  public var tags: [Tag]

  /// A subnet.
  public init(
    _ logicalID: LogicalID, vpc: VPC, cidrBlock: IPv4CIDR, availabilityZone: AvailabilityZone,
    kind: Kind, tags: [Tag] = []
  ) {
    self.logicalID = logicalID
    self.vpc = vpc.ref
    self.cidrBlock = cidrBlock
    self.availabilityZone = availabilityZone
    self.kind = kind
    self.tags = tags
  }
}
