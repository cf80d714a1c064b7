import InfragenCore

/// What a template means for the network: the workloads (every resource that carries security
/// groups), every rule resolved to (owner, peer, protocol, ports), the flows those rules open
/// between workloads along real paths, and which subnets are public.
///
/// Roles and publicity come from wiring, never from names.
public struct Topology: Sendable {
  /// What a workload is, for the policy and for messages.
  public enum Role: String, Hashable, Sendable, CaseIterable {
    /// A load balancer: the internet may reach it on its listener ports when it faces the internet.
    case loadBalancer = "load balancer"
    /// An ECS service's tasks.
    case service
    /// A Lambda function in the VPC.
    case function
    /// An EC2 instance, a launch template or configuration, a network interface.
    case instance
    /// A relational or document database, or an RDS proxy.
    case database
    /// A cache.
    case cache
    /// A search domain.
    case search
    /// A file system's mount target.
    case fileSystem = "file system"
    /// A streaming cluster (MSK).
    case stream = "streaming cluster"
    /// A data warehouse (Redshift).
    case warehouse = "data warehouse"
    /// A VPC interface endpoint.
    case endpoint = "VPC endpoint"
    /// A Kubernetes control plane.
    case cluster = "Kubernetes cluster"

    /// Whether it holds data: only the workloads that use it may reach it.
    public var isStore: Bool {
      switch self {
      case .database, .cache, .search, .fileSystem, .stream, .warehouse: return true
      default: return false
      }
    }

    /// Whether it runs code that may use other workloads.
    public var isCompute: Bool { self == .service || self == .function || self == .instance }

    /// Which role owns a group that workloads of several roles carry: the most guarded one.
    var precedence: Int { Self.ownership.firstIndex(of: self) ?? Self.ownership.count }

    private static let ownership: [Role] = [
      .database, .cache, .search, .fileSystem, .stream, .warehouse, .service, .loadBalancer, .cluster, .endpoint,
      .function, .instance,
    ]
  }

  /// A resource that carries security groups.
  public struct Workload: Sendable {
    /// The resource.
    public var resource: LogicalID
    /// Its CloudFormation type.
    public var type: String
    /// Its role.
    public var role: Role
    /// Its groups: `.group` for a group of the template, `.unresolved` otherwise.
    public var groups: [Peer]
    /// Where each of `groups` is written.
    public var groupPaths: [[PathComponent]]
    /// The ports it serves: a load balancer's listener ports, a service's container ports, a store's port.
    public var ports: Set<Int>
    /// For a load balancer: whether it faces the internet.
    public var internetFacing: Bool
    /// Whether it may get a public IP (`AssignPublicIp`, `AssociatePublicIpAddress`, `PubliclyAccessible`,
    /// a subnet that maps public IPs, or the default VPC).
    public var publicIP: Bool
    /// Why it may get a public IP.
    public var publicIPReason: String?
    /// The subnets it is placed in (through its subnet group for data stores), with their paths.
    public var subnets: [(id: LogicalID, path: [PathComponent])]
    /// Subnets that cannot be resolved statically (a parameter, an import), described, with their paths.
    public var unresolvedSubnets: [(what: String, path: [PathComponent])] = []
    /// The parameter its port comes from, when `Port` is a `Ref` to one.
    public var portParameter: String?
    /// Whether it names no subnet at all, so runs in the default VPC.
    public var inDefaultVPC: Bool = false
  }

  /// The template it was computed from.
  public let template: Template
  /// Each resource's type by logical ID.
  public let types: [LogicalID: String]
  /// The security groups declared in the template, in template order.
  public let groups: [LogicalID]
  /// Every rule, inline or standalone, in template order.
  public let rules: [NetworkRule]
  /// Every workload, in template order.
  public let workloads: [Workload]
  /// The public subnets, with why each is public.
  public let publicSubnets: [LogicalID: String]
  /// The subnets whose route table routes to an internet gateway.
  public let internetRoutedSubnets: Set<LogicalID>
  /// What load balancers forward to.
  public let wiring: Wiring
  /// What each workload that runs code uses.
  public let uses: Uses
  /// The flows the rules open, along real paths, and those that egress or network ACLs block.
  public let flows: FlowSet
  /// The groups of the template that its outputs export: other stacks' workloads may carry them.
  public let exportedGroups: Set<LogicalID>
  /// The workloads that carry each group, in template order.
  public let members: [LogicalID: [LogicalID]]
  /// Each workload's index in `workloads`, by logical ID.
  let index: [LogicalID: Int]

  /// Computes the topology of a template.
  public init(_ template: Template) {
    self.template = template
    // The first resource of each logical ID, and its type, in one pass, in tables made at size.
    var types = [LogicalID: String](minimumCapacity: template.resources.count)
    var byID = [LogicalID: Template.Resource](minimumCapacity: template.resources.count)
    for resource in template.resources where byID[resource.logicalID] == nil {
      byID[resource.logicalID] = resource
      types[resource.logicalID] = resource.type
    }
    self.types = types
    let resolver = Resolver(template: template, types: types, byID: byID)
    groups = template.resources.filter { $0.type == "AWS::EC2::SecurityGroup" }.map(\.logicalID)
    rules = resolver.rules()
    let subnets = resolver.publicSubnets()
    publicSubnets = subnets.public
    internetRoutedSubnets = subnets.routed
    let wiring = Wiring(resolver)
    self.wiring = wiring
    let workloads = resolver.workloads(wiring: wiring, subnets: subnets)
    self.workloads = workloads
    uses = Uses((template, types, workloads), resolver)
    var index: [LogicalID: Int] = [:]
    var members: [LogicalID: [LogicalID]] = [:]
    for (position, workload) in workloads.enumerated() where index[workload.resource] == nil {
      index[workload.resource] = position
      var seen = Set<LogicalID>()
      for case .group(let group) in workload.groups where seen.insert(group).inserted {
        members[group, default: []].append(workload.resource)
      }
    }
    self.index = index
    self.members = members
    var exported = Set<LogicalID>()
    for output in template.outputs where output.value["Export"] != nil {
      if let target = output.value["Value"].flatMap(Values.target), types[target.id] == "AWS::EC2::SecurityGroup" {
        exported.insert(target.id)
      }
    }
    exportedGroups = exported
    flows = FlowSet(
      rules: rules, workloads: workloads, index: index, members: members, exported: exported, resolver: resolver,
      subnets: subnets)
  }

  /// The workload of a logical ID.
  public func workload(_ id: LogicalID) -> Workload? { index[id].map { workloads[$0] } }

  /// The workloads of a role.
  public func workloads(_ role: Role) -> [Workload] { workloads.filter { $0.role == role } }

  /// The template's groups carried by workloads of a role.
  public func groups(of role: Role) -> Set<LogicalID> {
    var result = Set<LogicalID>()
    for workload in workloads where workload.role == role {
      for case .group(let id) in workload.groups { result.insert(id) }
    }
    return result
  }

  /// The ingress rules of a group.
  public func ingress(into group: LogicalID) -> [NetworkRule] {
    rules.filter { $0.direction == .ingress && $0.owner == .group(group) }
  }

  /// `database 'Db'`.
  public func name(_ id: LogicalID) -> String {
    guard let workload = workload(id) else { return "'\(id)'" }
    return "\(workload.role.rawValue) '\(id)'"
  }
}
