import InfragenCore

/// Traffic a template lets happen: from a source to a workload, over a protocol and ports,
/// opened by one ingress rule and, when the source's egress is closed, let out by an egress rule.
public struct Flow: Hashable, Sendable {
  /// Where traffic comes from.
  public enum Source: Hashable, Sendable, CustomStringConvertible {
    /// The internet: an internet-wide block, to a workload the internet has a path to.
    case internet(String)
    /// A CIDR block (an internet-wide one to a workload the internet has no path to).
    case cidr(String)
    /// A workload of the template.
    case workload(LogicalID)
    /// A group of the template that no workload carries.
    case group(LogicalID)
    /// A managed prefix list.
    case prefixList(String)
    /// A group the template cannot resolve: a parameter, an import, a literal ID.
    case external(String)

    /// `the internet ('0.0.0.0/0')`, `'Web'`, `'10.0.0.0/8'`.
    public var description: String {
      switch self {
      case .internet(let block): return "the internet ('\(block)')"
      case .cidr(let block): return "'\(block)'"
      case .workload(let id), .group(let id): return "'\(id)'"
      case .prefixList(let list): return "prefix list '\(list)'"
      case .external(let what): return what
      }
    }

    /// The workload, when the source is one.
    public var workload: LogicalID? {
      if case .workload(let id) = self { return id }
      return nil
    }
  }

  /// Where traffic comes from.
  public var source: Source
  /// The source's group the ingress rule names, for a workload or group source.
  public var sourceGroup: LogicalID?
  /// The workload it reaches.
  public var target: LogicalID
  /// The target's group whose ingress rule opens it.
  public var targetGroup: LogicalID
  /// The protocol.
  public var ipProtocol: NetworkProtocol
  /// The ports (all ports for protocols without them).
  public var ports: ClosedRange<Int>
  /// The index of the ingress rule in ``Topology/rules``.
  public var rule: Int

  /// `tcp 5432`, `all protocols and ports`.
  public var portDescription: String {
    NetworkRule.describe(ipProtocol, ports)
  }
}

/// A flow an ingress rule would open, that egress rules or a network ACL stop.
public struct BlockedFlow: Sendable {
  /// The flow.
  public var flow: Flow
  /// What stops it, in words.
  public var reason: String
}

/// Every flow of a template, and every one that is blocked.
public struct FlowSet: Sendable {
  /// The flows that happen, in rule order.
  public let flows: [Flow]
  /// The flows that ingress allows but egress or a network ACL stops.
  public let blocked: [BlockedFlow]

  init(
    rules: [NetworkRule], workloads: [Topology.Workload], index: [LogicalID: Int], members: [LogicalID: [LogicalID]],
    exported: Set<LogicalID>, resolver: Resolver, subnets: Resolver.Subnets
  ) {
    // Groups whose egress is closed: an inline SecurityGroupEgress replaces the default allow-all rule.
    var closed = Set<LogicalID>()
    for resource in resolver.template.resources where resource.type == "AWS::EC2::SecurityGroup" {
      if let egress = resource[property: "SecurityGroupEgress"], !Values.elements(egress).isEmpty {
        closed.insert(resource.logicalID)
      }
    }
    var egress: [LogicalID: [NetworkRule]] = [:]
    for rule in rules where rule.direction == .egress {
      if case .group(let owner) = rule.owner { egress[owner, default: []].append(rule) }
    }
    let acls = NetworkACLs(resolver)
    var flows: [Flow] = []
    var blocked: [BlockedFlow] = []
    func reachableFromInternet(_ workload: Topology.Workload) -> Bool {
      if workload.role == .loadBalancer { return workload.internetFacing }
      guard workload.publicIP else { return false }
      if workload.inDefaultVPC || workload.subnets.isEmpty || !workload.unresolvedSubnets.isEmpty { return true }
      return workload.subnets.contains { subnets.routed.contains($0.id) || subnets.mapsPublicIP.contains($0.id) }
    }
    for (position, rule) in rules.enumerated() where rule.direction == .ingress {
      guard case .group(let owner) = rule.owner, let targets = members[owner] else { continue }
      for target in targets {
        guard let targetWorkload = index[target].map({ workloads[$0] }) else { continue }
        var sources: [(Flow.Source, LogicalID?)] = []
        switch rule.peer {
        case .group(let group):
          if let carriers = members[group] {
            sources = carriers.filter { $0 != target }.map { (.workload($0), group) }
          } else if exported.contains(group) {
            // Carried by the workloads of the stacks that import it: not known from this template alone.
            sources = [(.external("'\(group)', which the template exports for other stacks' workloads"), group)]
          } else {
            sources = [(.group(group), group)]
          }
        case .cidr(let block):
          sources = [
            (rule.peer.isInternet && reachableFromInternet(targetWorkload) ? .internet(block) : .cidr(block), nil)
          ]
        case .prefixList(let list): sources = [(.prefixList(list), nil)]
        case .unresolved(let what): sources = [(.external(what), nil)]
        }
        for (source, sourceGroup) in sources {
          let flow = Flow(
            source: source, sourceGroup: sourceGroup, target: target, targetGroup: owner,
            ipProtocol: rule.ipProtocol, ports: rule.ports, rule: position)
          var narrowed = [flow]
          if case .workload(let id) = source, let sourceWorkload = index[id].map({ workloads[$0] }) {
            let result = Self.egress(
              flow, from: sourceWorkload, to: targetWorkload, closed: closed, egress: egress)
            if let reason = result.blocked {
              blocked.append(BlockedFlow(flow: flow, reason: reason))
              continue
            }
            narrowed = result.flows
          }
          for candidate in narrowed {
            if let reason = acls.denial(
              candidate, source: source.workload.flatMap { index[$0] }.map { workloads[$0] }, target: targetWorkload,
              subnets: subnets)
            {
              blocked.append(BlockedFlow(flow: candidate, reason: reason))
            } else {
              flows.append(candidate)
            }
          }
        }
      }
    }
    self.flows = flows
    self.blocked = blocked
  }

  /// The flow as the source's egress lets it out: whole when one of its groups keeps the default
  /// allow-all egress; narrowed to each egress rule toward the target otherwise; blocked when none is.
  static func egress(
    _ flow: Flow, from source: Topology.Workload, to target: Topology.Workload, closed: Set<LogicalID>,
    egress: [LogicalID: [NetworkRule]]
  ) -> (flows: [Flow], blocked: String?) {
    var groups: [LogicalID] = []
    for group in source.groups {
      guard case .group(let id) = group, closed.contains(id) else { return ([flow], nil) }
      groups.append(id)
    }
    guard !groups.isEmpty else { return ([flow], nil) }
    var result: [Flow] = []
    for group in groups {
      for rule in egress[group] ?? [] {
        switch rule.peer {
        case .group(let peer): if !target.groups.contains(.group(peer)) { continue }
        case .cidr(let block): if block.hasPrefix("255.255.255.255/") { continue }
        case .prefixList: continue
        case .unresolved: break
        }
        guard let narrowed = NetworkRule.intersect(flow.ipProtocol, flow.ports, rule.ipProtocol, rule.ports) else {
          continue
        }
        var copy = flow
        copy.ipProtocol = narrowed.protocol
        copy.ports = narrowed.ports
        result.append(copy)
      }
    }
    if result.isEmpty {
      let list = groups.map { "'\($0)'" }.joined(separator: ", ")
      return (
        [],
        "the egress of '\(source.resource)' does not let it out: its groups (\(list)) have egress rules, none to '\(target.resource)' on \(flow.portDescription)"
      )
    }
    return (result, nil)
  }
}

extension NetworkRule {
  /// `tcp 3306`, `tcp 0-65535`, `all protocols and ports`.
  static func describe(_ ipProtocol: NetworkProtocol, _ ports: ClosedRange<Int>) -> String {
    switch ipProtocol {
    case .all: return "all protocols and ports"
    case .other(let number): return "every port of protocol \(number)"
    case .icmp, .icmpv6: return ipProtocol.description
    case .tcp, .udp:
      let range =
        ports.lowerBound == ports.upperBound ? "\(ports.lowerBound)" : "\(ports.lowerBound)-\(ports.upperBound)"
      return "\(ipProtocol) \(range)"
    }
  }

  /// What two rules both allow, or `nil` when nothing.
  static func intersect(
    _ a: NetworkProtocol, _ aPorts: ClosedRange<Int>, _ b: NetworkProtocol, _ bPorts: ClosedRange<Int>
  ) -> (protocol: NetworkProtocol, ports: ClosedRange<Int>)? {
    if a == .all { return (b, bPorts) }
    if b == .all { return (a, aPorts) }
    guard a == b else { return nil }
    guard a.hasPorts else { return (a, aPorts) }
    let low = max(aPorts.lowerBound, bPorts.lowerBound)
    let high = min(aPorts.upperBound, bPorts.upperBound)
    return low <= high ? (a, low...high) : nil
  }
}
