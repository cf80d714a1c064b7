import InfragenCore

/// The one flow check: every flow of the topology judged against the policy (declared flows,
/// and unless `mode: exact` the flows derived from the template's wiring). The isolation rules
/// are views of it, by the role of the flow's target, so their IDs stay stable.
struct FlowCheck: Sendable {
  /// A flow the policy does not allow, with why.
  struct Denial: Sendable {
    var flow: Flow
    var reason: String
  }

  let topology: Topology
  let policy: FlowPolicy
  /// The flows the policy does not allow.
  private(set) var denials: [Denial] = []
  /// Why each allowed flow is allowed, by its index in ``FlowSet/flows``.
  private(set) var allowances: [Int: String] = [:]
  /// The services that are their template's only one, which may reach every store of it.
  let soleServices: Set<LogicalID>
  /// The template each resource comes from, when several are validated together.
  let origins: [LogicalID: Int]

  init(_ topology: Topology, policy: FlowPolicy, origins: [LogicalID: Int] = [:]) {
    self.topology = topology
    self.policy = policy
    self.origins = origins
    var byStack: [Int: [LogicalID]] = [:]
    for service in topology.workloads(.service) {
      byStack[origins[service.resource] ?? 0, default: []].append(service.resource)
    }
    soleServices = Set(byStack.values.filter { $0.count == 1 }.flatMap { $0 })
    for (index, flow) in topology.flows.flows.enumerated() {
      switch judge(flow) {
      case .allowed(let why): allowances[index] = why
      case .denied(let why): denials.append(Denial(flow: flow, reason: why))
      case .unknown: continue
      }
    }
  }

  enum Verdict {
    case allowed(String)
    case denied(String)
    /// The source cannot be resolved: left to ``SourcesAreResolvable``.
    case unknown
  }

  /// The rule that reports a denied flow: the view of its target's role. A type, not a name:
  /// a rule's name is `String(describing:)` of its type, which costs a demangling each time.
  static func rule(for flow: Flow, target: Topology.Role) -> any ValidationRule.Type {
    switch target {
    case .service: return ServiceIngressOnlyFromLoadBalancer.self
    case .database: return DatabaseIngressOnlyFromService.self
    case .cache: return CacheIngressOnlyFromService.self
    case .search: return SearchIngressOnlyFromService.self
    default:
      if case .internet = flow.source { return PublicIngressOnlyOnLoadBalancer.self }
      if case .cidr(let block) = flow.source, Peer.cidr(block).isInternet, target == .loadBalancer {
        return PublicIngressOnlyOnLoadBalancer.self
      }
      return FlowsAreAllowed.self
    }
  }

  /// The findings of one rule.
  func findings<Rule: ValidationRule>(_ rule: Rule) -> [Diagnostic] {
    var result: [Diagnostic] = []
    for denial in denials {
      guard let target = topology.workload(denial.flow.target),
        ObjectIdentifier(Self.rule(for: denial.flow, target: target.role)) == ObjectIdentifier(Rule.self)
      else { continue }
      let flow = denial.flow
      let rule = topology.rules[flow.rule]
      let through =
        flow.sourceGroup.map { group in flow.source == .group(group) ? "" : " (through its group '\(group)')" } ?? ""
      result.append(
        Diagnostic(
          Rule.defaultSeverity, rule: Rule.name, at: rule.location,
          "ingress from \(flow.source)\(through) on \(flow.portDescription) into '\(flow.targetGroup)', the group of \(target.role.rawValue) '\(target.resource)'; \(denial.reason)"
        ))
    }
    return result
  }

  // MARK: Judging

  func judge(_ flow: Flow) -> Verdict {
    switch flow.source {
    case .prefixList, .external:
      return declared(flow) != nil ? .allowed("declared") : .unknown
    default: break
    }
    if let declaration = declared(flow) { return .allowed(declaration) }
    guard let target = topology.workload(flow.target) else { return .unknown }
    if policy.exact {
      return .denied("only declared flows are allowed (mode: exact), and no declared flow allows it")
    }
    switch flow.source {
    case .internet:
      if target.role == .loadBalancer && target.internetFacing {
        let ports = listenerPorts(target.resource)
        if within(flow, ports.ports, ports.protocols, target) { return .allowed("the internet reaches its listeners") }
        return .denied(
          "the internet may reach '\(target.resource)' only on its listener ports, \(describe(ports.ports, ports.protocols))"
        )
      }
      let facing = topology.workloads(.loadBalancer).filter(\.internetFacing).map(\.resource)
      let allowed =
        facing.isEmpty
        ? "internet-facing load balancers, and the template has none"
        : "internet-facing load balancers (\(Self.list(facing))), on their listener ports"
      let path = target.publicIPReason.map { " ('\(target.resource)' is reachable: \($0))" } ?? ""
      return .denied("the internet may reach only \(allowed)\(path)")
    case .cidr(let block):
      if target.role == .loadBalancer {
        let ports = listenerPorts(target.resource)
        if within(flow, ports.ports, ports.protocols, target) { return .allowed("a CIDR reaches its listeners") }
        return .denied(
          "a CIDR block may reach '\(target.resource)' only on its listener ports, \(describe(ports.ports, ports.protocols))"
        )
      }
      if !Peer.cidr(block).isInternet && [.instance, .function, .endpoint, .cluster].contains(target.role) {
        return .allowed(
          "a private CIDR block may reach \(target.role.rawValue) '\(target.resource)': only load balancers, services and data stores are kept to the chain"
        )
      }
      let note =
        Peer.cidr(block).isInternet
        ? " ('\(target.resource)' has no path from the internet, but every address that routes to it may reach it)"
        : ""
      return .denied(
        "a CIDR block may reach \(target.role.rawValue) '\(target.resource)' only when a flow from it is declared\(note); inside the VPC, allow the group of the workload that needs it"
      )
    case .group(let group):
      return .denied(
        "'\(group)' is carried by no workload of the template, so nothing says it may reach '\(target.resource)'; declare the flow (from: \(group)) if it is meant"
      )
    case .workload(let id):
      guard let source = topology.workload(id) else { return .unknown }
      return judge(flow, from: source, to: target)
    case .prefixList, .external:
      return .unknown
    }
  }

  func judge(_ flow: Flow, from source: Topology.Workload, to target: Topology.Workload) -> Verdict {
    if source.role == .loadBalancer {
      let forwarded = topology.wiring.targets(of: source.resource).filter { $0.target == target.resource }
      let unattached = topology.wiring.unattachedRegistrations.filter { $0.target == target.resource }
      let ports = Set((forwarded.map(\.port) + unattached.map(\.port)).compactMap { $0 })
      if !forwarded.isEmpty || !unattached.isEmpty {
        let allowed = ports.isEmpty ? target.ports : ports
        if within(flow, allowed, [.tcp], target) { return .allowed("'\(source.resource)' forwards to it") }
        return .denied("'\(source.resource)' forwards to '\(target.resource)' only on \(describe(allowed, [.tcp]))")
      }
      if let hosting = containerHosting(source, target) { return .allowed(hosting) }
      return .denied(
        "'\(source.resource)' does not forward to '\(target.resource)': '\(target.resource)' is registered in none of the target groups its listeners forward to"
      )
    }
    if source.role == .cluster, let node = topology.uses.uses[target.resource]?[source.resource] {
      return .allowed("'\(target.resource)' \(node), and a Kubernetes control plane reaches its nodes")
    }
    guard source.role.isCompute else {
      return .denied(
        "'\(source.resource)' is a \(source.role.rawValue), which the template does not wire to '\(target.resource)'; declare the flow if it is meant"
      )
    }
    let uses = topology.uses.uses[source.resource]?[target.resource]
    let sole =
      soleServices.contains(source.resource) && target.role.isStore
      && origins[source.resource] == origins[target.resource]
    if uses != nil || sole {
      var ports = target.ports
      var protocols: [NetworkProtocol] = [.tcp]
      if target.role == .cluster, let uses { return .allowed("'\(source.resource)' \(uses)") }
      if target.role == .loadBalancer {
        let listeners = listenerPorts(target.resource)
        ports = listeners.ports
        protocols = listeners.protocols
      }
      let why = uses ?? "is the template's one service, which may reach each data store"
      if within(flow, ports, protocols, target) { return .allowed("'\(source.resource)' \(why)") }
      return .denied("'\(source.resource)' uses '\(target.resource)' only on \(describe(ports, protocols))")
    }
    let readFrom = topology.uses.readFrom[source.resource] ?? "its properties"
    return .denied(
      "'\(source.resource)' does not use '\(target.resource)': nothing in \(readFrom) references '\(target.resource)', its secret or its service name; declare the flow if it is meant"
    )
  }

  /// Why a load balancer may reach an instance that runs ECS tasks, or `nil`: a service of the
  /// instance's cluster whose tasks run on its instances (bridge or host networking, dynamic host
  /// ports) is registered behind it, or the cluster has no service here (they come from other stacks).
  func containerHosting(_ balancer: Topology.Workload, _ instance: Topology.Workload) -> String? {
    guard let cluster = topology.uses.containerHosts[instance.resource] else { return nil }
    let services = topology.uses.clusterServices[cluster] ?? []
    guard !services.isEmpty else {
      return
        "'\(instance.resource)' runs the tasks of '\(cluster)', whose services other stacks define and register behind load balancers"
    }
    let forwarded = Set(topology.wiring.targets(of: balancer.resource).map(\.target))
    guard let service = services.first(where: { $0.onHosts && forwarded.contains($0.service) }) else { return nil }
    return
      "'\(balancer.resource)' forwards to '\(service.service)', whose tasks run on the instances of '\(cluster)' on dynamic host ports"
  }

  /// The declared flow that allows a flow, described, or `nil`.
  func declared(_ flow: Flow) -> String? {
    for declaration in policy.flows where matches(declaration, flow) {
      return "declared in \(declaration.location)"
    }
    return nil
  }

  func matches(_ declaration: FlowPolicy.DeclaredFlow, _ flow: Flow) -> Bool {
    guard targetMatches(declaration.to, flow.target), sourceMatches(declaration.from, flow) else { return false }
    if declaration.ipProtocol != .all && declaration.ipProtocol != flow.ipProtocol { return false }
    guard flow.ipProtocol.hasPorts else { return declaration.ipProtocol == .all || declaration.ports == nil }
    if let ranges = declaration.ports {
      return ranges.contains { $0.contains(flow.ports) }
    }
    guard let target = topology.workload(flow.target) else { return false }
    let ports = target.role == .loadBalancer ? listenerPorts(target.resource).ports : target.ports
    return flow.ports.allSatisfy { ports.contains($0) }
  }

  func targetMatches(_ name: String, _ target: LogicalID) -> Bool {
    if name == target.rawValue { return true }
    return topology.members[LogicalID(name)]?.contains(target) == true
  }

  func sourceMatches(_ name: String, _ flow: Flow) -> Bool {
    switch flow.source {
    case .internet(let block): return name == "internet" || name == block
    case .cidr(let block):
      if name == block { return true }
      if name == "internet" { return Peer.cidr(block).isInternet }
      if let outer = IPv4Block(name), let inner = IPv4Block(block) { return outer.contains(inner) }
      return false
    case .workload(let id): return name == id.rawValue || name == flow.sourceGroup?.rawValue
    case .group(let id): return name == id.rawValue
    case .prefixList(let list): return name == list
    case .external:
      return Self.externalName(of: topology.rules[flow.rule].peer, topology.template) == name
    }
  }

  /// The name a declaration gives an external group: the parameter's or the import's.
  static func externalName(of peer: Peer, _ template: Template) -> String? {
    if case .group(let id) = peer { return id.rawValue }
    guard case .unresolved(let what) = peer else { return nil }
    for prefix in ["the parameter '", "the imported value '", "the literal group ID '"] where what.hasPrefix(prefix) {
      return String(what.dropFirst(prefix.count).dropLast())
    }
    return nil
  }

  // MARK: Ports

  func listenerPorts(_ balancer: LogicalID) -> (ports: Set<Int>, protocols: [NetworkProtocol]) {
    let listeners = topology.wiring.listeners(of: balancer)
    guard !listeners.isEmpty else {
      // No listener in this template: another stack may add them; the web's ports are expected.
      return ([80, 443], [.tcp])
    }
    var protocols: [NetworkProtocol] = []
    for listener in listeners {
      for item in listener.protocols where !protocols.contains(item) { protocols.append(item) }
    }
    return (Set(listeners.compactMap(\.port)), protocols)
  }

  func within(
    _ flow: Flow, _ ports: Set<Int>, _ protocols: [NetworkProtocol], _ target: Topology.Workload
  ) -> Bool {
    guard protocols.contains(flow.ipProtocol) else { return false }
    if let parameter = target.portParameter, topology.rules[flow.rule].portParameter == parameter { return true }
    return flow.ports.allSatisfy { ports.contains($0) }
  }

  func describe(_ ports: Set<Int>, _ protocols: [NetworkProtocol]) -> String {
    let names = protocols.map(\.description).joined(separator: " and ")
    return ports.isEmpty
      ? "its port, which cannot be resolved statically"
      : "\(names) \(ports.sorted().map(String.init).joined(separator: ", "))"
  }

  static func list(_ ids: [LogicalID]) -> String { ids.map { "'\($0)'" }.joined(separator: ", ") }
}
