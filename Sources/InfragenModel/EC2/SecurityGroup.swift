import InfragenCore

/// Who may connect, or be connected to. Exactly one kind of peer, enforced by the type.
public enum Peer: Hashable, Sendable {
  /// Members of a security group of the stack.
  case securityGroup(Reference<SecurityGroup>)
  /// An IPv4 block.
  case cidr(IPv4CIDR)
  /// The whole IPv4 internet, `0.0.0.0/0`.
  case anyIPv4
}

/// An IP protocol of a security-group rule.
public enum IPProtocol: String, Hashable, Sendable {
  /// TCP.
  case tcp
  /// UDP.
  case udp
  /// ICMP; the port range holds the ICMP type and code.
  case icmp
}

/// An inclusive range of ports, `from...to`.
public struct PortRange: Hashable, Sendable, CustomStringConvertible {
  /// The first port.
  public var from: Int
  /// The last port.
  public var to: Int

  /// One port.
  public init(_ port: Int) {
    from = port
    to = port
  }

  /// A range of ports.
  public init(_ from: Int, _ to: Int) {
    self.from = from
    self.to = to
  }

  /// `443` or `1024-2048`.
  public var description: String { from == to ? "\(from)" : "\(from)-\(to)" }
}

/// The direction of an ingress rule: traffic into the group.
public enum Inbound: Sendable {}
/// The direction of an egress rule: traffic out of the group.
public enum Outbound: Sendable {}

/// One rule of a security group: a protocol, a port range and a peer. Its direction is part of
/// its type, so an ingress rule cannot be placed among egress rules: `.tcp(443, from: peer)` is
/// an ``IngressRule``, `.tcp(443, to: peer)` an ``EgressRule``.
public struct SecurityGroupRule<Direction>: Hashable, Sendable {
  /// The protocol.
  public var ipProtocol: IPProtocol
  /// The ports.
  public var ports: PortRange
  /// The source of an ingress rule, or the destination of an egress rule.
  public var peer: Peer
  /// What the rule is for.
  public var description: String

  /// A rule.
  public init(_ ipProtocol: IPProtocol, _ ports: PortRange, peer: Peer, description: String) {
    self.ipProtocol = ipProtocol
    self.ports = ports
    self.peer = peer
    self.description = description
  }
}

/// A rule for traffic into a group, from its source.
public typealias IngressRule = SecurityGroupRule<Inbound>
/// A rule for traffic out of a group, to its destination.
public typealias EgressRule = SecurityGroupRule<Outbound>

extension SecurityGroupRule where Direction == Inbound {
  /// TCP on one port, from a source.
  public static func tcp(_ port: Int, from peer: Peer, description: String) -> IngressRule {
    IngressRule(.tcp, PortRange(port), peer: peer, description: description)
  }
}

extension SecurityGroupRule where Direction == Outbound {
  /// TCP on one port, to a destination.
  public static func tcp(_ port: Int, to peer: Peer, description: String) -> EgressRule {
    EgressRule(.tcp, PortRange(port), peer: peer, description: description)
  }
}

/// A security group. Lowers to `AWS::EC2::SecurityGroup`.
///
/// See [AWS::EC2::SecurityGroup](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html).
public struct SecurityGroup: Resource, Hashable {
  /// What a group may send.
  public enum Egress: Hashable, Sendable {
    /// Anything anywhere: CloudFormation's default rule.
    case allowAll
    /// Nothing but the rules given here and in standalone egress resources.
    case only([EgressRule])
  }

  /// `AWS::EC2::SecurityGroup`.
  public static let typeName = "AWS::EC2::SecurityGroup"
  /// The group's logical ID.
  public var logicalID: LogicalID
  /// `GroupDescription`.
  public var groupDescription: String
  /// The VPC.
  public var vpc: Reference<VPC>
  /// Inline ingress rules.
  public var ingress: [IngressRule]
  /// Egress. Defaults to ``Egress/only(_:)`` with no rules: nothing leaves unless a rule says so.
  public var egress: Egress
  /// Tags.
  public var tags: [Tag]
  /// checkov checks that cannot pass by design, each with its reason.
  public var checkovWaivers: [CheckovWaiver]

  /// A security group.
  public init(
    _ logicalID: LogicalID, description: String, vpc: VPC, ingress: [IngressRule] = [],
    egress: Egress = .only([]), checkovWaivers: [CheckovWaiver] = [], tags: [Tag] = []
  ) {
    self.checkovWaivers = checkovWaivers
    self.logicalID = logicalID
    self.groupDescription = description
    self.vpc = vpc.ref
    self.ingress = ingress
    self.egress = egress
    self.tags = tags
  }

  /// The group ID (`sg-…`).
  public var groupID: Attribute<SecurityGroup> { Attribute(logicalID, "GroupId") }
}

/// A standalone ingress rule, for wiring two groups that refer to each other.
/// Lowers to `AWS::EC2::SecurityGroupIngress`.
public struct SecurityGroupIngress: Resource, Hashable {
  /// `AWS::EC2::SecurityGroupIngress`.
  public static let typeName = "AWS::EC2::SecurityGroupIngress"
  /// The rule's logical ID.
  public var logicalID: LogicalID
  /// The group the rule belongs to.
  public var group: Reference<SecurityGroup>
  /// The rule.
  public var rule: IngressRule

  /// An ingress rule of `group`.
  public init(_ logicalID: LogicalID, group: SecurityGroup, rule: IngressRule) {
    self.init(logicalID, group: group.ref, rule: rule)
  }

  /// An ingress rule of the group `group` refers to.
  public init(_ logicalID: LogicalID, group: Reference<SecurityGroup>, rule: IngressRule) {
    self.logicalID = logicalID
    self.group = group
    self.rule = rule
  }
}

/// A standalone egress rule. Lowers to `AWS::EC2::SecurityGroupEgress`.
public struct SecurityGroupEgress: Resource, Hashable {
  /// `AWS::EC2::SecurityGroupEgress`.
  public static let typeName = "AWS::EC2::SecurityGroupEgress"
  /// The rule's logical ID.
  public var logicalID: LogicalID
  /// The group the rule belongs to.
  public var group: Reference<SecurityGroup>
  /// The rule.
  public var rule: EgressRule

  /// An egress rule of `group`.
  public init(_ logicalID: LogicalID, group: SecurityGroup, rule: EgressRule) {
    self.init(logicalID, group: group.ref, rule: rule)
  }

  /// An egress rule of the group `group` refers to.
  public init(_ logicalID: LogicalID, group: Reference<SecurityGroup>, rule: EgressRule) {
    self.logicalID = logicalID
    self.group = group
    self.rule = rule
  }
}
