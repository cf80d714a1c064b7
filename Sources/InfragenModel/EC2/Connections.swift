import InfragenCore

/// A workload that connections are wired to: its logical ID (what a recorded flow names), the
/// security group it owns, and the port it listens on.
///
/// `database.allowConnections(from: api)` writes both sides of the connection, records it as a
/// flow in `Metadata.infragen.flows` and nothing else, so `infragen validate` proves exactly what
/// the code declared.
public protocol Connectable: Sendable {
  /// The workload's logical ID: the service, database, cache or load balancer.
  var workloadID: LogicalID { get }
  /// The security group it owns.
  var connectionGroup: Reference<SecurityGroup> { get }
  /// The port connections into it use when they name none.
  var defaultPort: Int? { get }
  /// What the descriptions of its rules call it; its logical ID unless it says otherwise.
  var connectionName: String { get }
}

extension Connectable {
  /// The logical ID.
  public var connectionName: String { workloadID.rawValue }
}

/// A workload with its own group, for resources that do not conform to ``Connectable``
/// themselves (raw resources, or a group shared on purpose).
public struct ConnectionPoint: Connectable, Hashable {
  /// The workload's logical ID.
  public var workloadID: LogicalID
  /// Its group.
  public var connectionGroup: Reference<SecurityGroup>
  /// Its port.
  public var defaultPort: Int?
  /// What its rules' descriptions call it.
  public var connectionName: String

  /// `resource`, reached through `group` on `port`, called `name` (its logical ID by default) in
  /// the descriptions of its rules.
  public init(_ resource: some Resource, group: SecurityGroup, port: Int? = nil, name: String? = nil) {
    workloadID = resource.logicalID
    connectionGroup = group.ref
    defaultPort = port
    connectionName = name ?? resource.logicalID.rawValue
  }
}

/// A flow the code declares: lowered into the template's `Metadata.infragen.flows`, where
/// `infragen validate` checks that it can happen and that nothing else can.
public struct DeclaredFlow: Hashable, Sendable {
  /// The source: a workload's logical ID, `internet`, or a CIDR block.
  public var from: String
  /// The target workload's logical ID.
  public var to: String
  /// The TCP ports.
  public var ports: [Int]

  /// A flow from `from` to `to` on `ports`.
  public init(from: String, to: String, ports: [Int]) {
    self.from = from
    self.to = to
    self.ports = ports
  }

  /// `{from, to, ports}`.
  var lowered: TemplateValue {
    ["from": .string(from), "to": .string(to), "ports": .list(ports.map(TemplateValue.integer))]
  }
}

/// One connection, both sides: an ingress rule on the target's group from the source's group, an
/// egress rule on the source's group to the target's, and the flow. Both rules are standalone
/// resources (`AWS::EC2::SecurityGroupIngress` and `Egress`), so two groups that reach each
/// other never form a dependency cycle.
public struct Connection: StackComponent, Sendable {
  /// The workload that connects.
  public var source: any Connectable
  /// The workload connected to.
  public var target: any Connectable
  /// The TCP ports.
  public var ports: [Int]

  /// The rules and the flow. Logical IDs are `<Target>From<Source>` and `<Source>To<Target>`,
  /// with the port appended when the connection has several.
  public var body: [StackElement] {
    var elements: [StackElement] = []
    for port in ports {
      let suffix = ports.count > 1 ? "\(port)" : ""
      let ingress = SecurityGroupIngress(
        LogicalID("\(target.workloadID)From\(source.workloadID)\(suffix)"), group: target.connectionGroup,
        rule: .tcp(port, from: .securityGroup(source.connectionGroup), description: "From \(source.connectionName)"))
      let egress = SecurityGroupEgress(
        LogicalID("\(source.workloadID)To\(target.workloadID)\(suffix)"), group: source.connectionGroup,
        rule: .tcp(port, to: .securityGroup(target.connectionGroup), description: "To \(target.connectionName)"))
      elements += [.resource(ingress), .resource(egress)]
    }
    elements.append(
      .flow(DeclaredFlow(from: source.workloadID.rawValue, to: target.workloadID.rawValue, ports: ports)))
    return elements
  }
}

extension Connectable {
  /// Lets `source` connect to this workload on `ports` (its ``defaultPort`` when none are given):
  /// an ingress rule here, an egress rule there, and the flow recorded. A workload with no
  /// default port and no port given connects on nothing, which lowering reports as an error.
  public func allowConnections(from source: some Connectable, ports: [Int] = []) -> Connection {
    Connection(source: source, target: self, ports: ports.isEmpty ? defaultPort.map { [$0] } ?? [] : ports)
  }
}
