import InfragenCore

/// What a template means for the network: the security groups, every rule resolved to
/// (owner, peer, protocol, ports), which groups each load balancer, service and data store
/// carries, and which subnets are public.
///
/// Roles and publicity come from wiring, never from names.
public struct Topology: Sendable {
  /// What a resource that carries security groups is, for the isolation policy.
  public enum Role: String, Hashable, Sendable, CaseIterable {
    /// A load balancer: the internet may reach it on its listener ports.
    case loadBalancer = "load balancer"
    /// A service's tasks: the load balancer may reach them on the target port.
    case service
    /// A relational database.
    case database
    /// A cache.
    case cache
    /// A search domain.
    case search
  }

  /// A resource that carries security groups.
  public struct Attachment: Hashable, Sendable {
    /// The resource.
    public var resource: LogicalID
    /// Its CloudFormation type.
    public var type: String
    /// Its role.
    public var role: Role
    /// Its groups: `.group` for a group of the template, `.unresolved` otherwise.
    public var groups: [Peer]
    /// Where the groups are listed.
    public var groupsPath: [PathComponent]
    /// The ports it serves: a load balancer's listener ports, a service's container ports, a store's port.
    public var ports: Set<Int>
    /// For a load balancer: whether it faces the internet.
    public var internetFacing: Bool
    /// The subnets it is placed in (through its subnet group for data stores), with their paths.
    public var subnets: [(id: LogicalID, path: [PathComponent])]
    /// Subnets that cannot be resolved statically (a parameter, an import), described, with their paths.
    public var unresolvedSubnets: [(what: String, path: [PathComponent])] = []
    /// The parameter its port comes from, when `Port` is a `Ref` to one.
    public var portParameter: String?

    /// Whether two attachments are the same.
    public static func == (lhs: Attachment, rhs: Attachment) -> Bool {
      lhs.resource == rhs.resource && lhs.role == rhs.role
    }

    /// Hashes the resource and role.
    public func hash(into hasher: inout Hasher) {
      hasher.combine(resource)
      hasher.combine(role)
    }
  }

  /// The template it was computed from.
  public let template: Template
  /// Each resource's type by logical ID.
  public let types: [LogicalID: String]
  /// The security groups declared in the template, in template order.
  public let groups: [LogicalID]
  /// Every rule, inline or standalone, in template order.
  public let rules: [NetworkRule]
  /// Every resource that carries security groups, in template order.
  public let attachments: [Attachment]
  /// The public subnets, with why each is public.
  public let publicSubnets: [LogicalID: String]

  /// Computes the topology of a template.
  public init(_ template: Template) {
    self.template = template
    var types: [LogicalID: String] = [:]
    for resource in template.resources where types[resource.logicalID] == nil {
      types[resource.logicalID] = resource.type
    }
    self.types = types
    let resolver = Resolver(template: template, types: types)
    groups = template.resources.filter { $0.type == "AWS::EC2::SecurityGroup" }.map(\.logicalID)
    rules = resolver.rules()
    let subnets = resolver.publicSubnets()
    publicSubnets = subnets
    attachments = resolver.attachments()
  }

  /// The attachments of a role.
  public func attachments(_ role: Role) -> [Attachment] { attachments.filter { $0.role == role } }

  /// The template's groups carried by resources of a role.
  public func groups(of role: Role) -> Set<LogicalID> {
    var result = Set<LogicalID>()
    for attachment in attachments where attachment.role == role {
      for case .group(let id) in attachment.groups { result.insert(id) }
    }
    return result
  }

  /// The ingress rules of a group.
  public func ingress(into group: LogicalID) -> [NetworkRule] {
    rules.filter { $0.direction == .ingress && $0.owner == .group(group) }
  }
}
