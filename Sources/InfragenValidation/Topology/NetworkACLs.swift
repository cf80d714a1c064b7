import InfragenCore

/// The template's network ACLs: which subnets each guards, and its entries in rule-number order.
/// A flow is removed only when an ACL is sure to deny it: a deny entry that covers the whole
/// flow comes before any entry that touches it, in every subnet of the target.
struct NetworkACLs: Sendable {
  struct Entry: Sendable {
    var acl: LogicalID
    var resource: LogicalID
    var number: Int
    var egress: Bool
    var allow: Bool
    var ipProtocol: NetworkProtocol
    var block: IPv4Block?
    var ports: ClosedRange<Int>
  }

  /// The ACL of each subnet associated with one.
  var bySubnet: [LogicalID: LogicalID] = [:]
  /// Each ACL's entries, sorted by rule number.
  var entries: [LogicalID: [Entry]] = [:]

  init(_ resolver: Resolver) {
    for resource in resolver.template.resources {
      switch resource.type {
      case "AWS::EC2::SubnetNetworkAclAssociation":
        guard let subnet = resource[property: "SubnetId"].flatMap(Values.target)?.id,
          let acl = resource[property: "NetworkAclId"].flatMap(Values.target)?.id
        else { continue }
        bySubnet[subnet] = acl
      case "AWS::EC2::NetworkAclEntry":
        guard let acl = resource[property: "NetworkAclId"].flatMap(Values.target)?.id,
          let number = Values.integer(resource[property: "RuleNumber"]),
          let action = resource[property: "RuleAction"]?.stringValue?.lowercased()
        else { continue }
        var ports = 0...65535
        if let from = Values.integer(resource[property: "PortRange"]?["From"]),
          let to = Values.integer(resource[property: "PortRange"]?["To"])
        {
          ports = min(from, to)...max(from, to)
        }
        let block = resource[property: "CidrBlock"]?.stringValue.flatMap(IPv4Block.init)
        entries[acl, default: []].append(
          Entry(
            acl: acl, resource: resource.logicalID, number: number,
            egress: Values.boolean(resource[property: "Egress"]) ?? false, allow: action == "allow",
            ipProtocol: NetworkProtocol(resource[property: "Protocol"]), block: block, ports: ports))
      default: continue
      }
    }
    for key in entries.keys { entries[key]?.sort { $0.number < $1.number } }
  }

  /// Why the flow is denied by the ACLs of every subnet of its target, or `nil`.
  func denial(
    _ flow: Flow, source: Topology.Workload?, target: Topology.Workload, subnets: Resolver.Subnets
  ) -> String? {
    guard !bySubnet.isEmpty, !target.subnets.isEmpty else { return nil }
    let sourceBlocks: [IPv4Block]
    switch flow.source {
    case .internet: sourceBlocks = [IPv4Block.anyPublic]
    case .cidr(let text): sourceBlocks = IPv4Block(text).map { [$0] } ?? []
    case .workload:
      let blocks = (source?.subnets ?? []).map { subnets.cidrs[$0.id].flatMap(IPv4Block.init) }
      sourceBlocks = blocks.contains { $0 == nil } ? [] : blocks.compactMap { $0 }
    default: sourceBlocks = []
    }
    guard !sourceBlocks.isEmpty else { return nil }
    var reasons: [String] = []
    for subnet in target.subnets {
      guard let acl = bySubnet[subnet.id] else { return nil }
      var denied: Entry?
      for block in sourceBlocks {
        guard let entry = decide(acl, flow, block) else { return nil }
        denied = entry
      }
      guard let entry = denied else { return nil }
      reasons.append("'\(entry.resource)' (rule \(entry.number) of '\(acl)' on subnet '\(subnet.id)')")
    }
    return "the network ACL entry \(reasons.joined(separator: ", ")) denies it"
  }

  /// The entry that surely denies inbound traffic from a block, or `nil` when it may be allowed.
  private func decide(_ acl: LogicalID, _ flow: Flow, _ block: IPv4Block) -> Entry? {
    for entry in entries[acl] ?? [] where !entry.egress {
      guard let entryBlock = entry.block else { return nil }
      let protocolCovers = entry.ipProtocol == .all || entry.ipProtocol == flow.ipProtocol
      let protocolTouches = protocolCovers || flow.ipProtocol == .all
      let portsCover = !flow.ipProtocol.hasPorts || entry.ipProtocol == .all || entry.ports.contains(flow.ports)
      let portsTouch = !flow.ipProtocol.hasPorts || entry.ipProtocol == .all || entry.ports.overlaps(flow.ports)
      if entryBlock.contains(block) && protocolCovers && portsCover { return entry.allow ? nil : entry }
      if entryBlock.overlaps(block) && protocolTouches && portsTouch { return nil }
    }
    return nil
  }
}

/// An IPv4 block such as `10.0.0.0/16`.
struct IPv4Block: Hashable, Sendable {
  var address: UInt32
  var prefix: Int

  /// Every public address, as far as a deny entry is concerned: only `0.0.0.0/0` covers it.
  static let anyPublic = IPv4Block(address: 0, prefix: 0)

  init(address: UInt32, prefix: Int) {
    self.address = address & Self.mask(prefix)
    self.prefix = prefix
  }

  init?(_ text: String) {
    let parts = text.split(separator: "/")
    guard parts.count == 2, let prefix = Int(parts[1]), (0...32).contains(prefix) else { return nil }
    let octets = parts[0].split(separator: ".").compactMap { UInt32($0) }
    guard octets.count == 4, octets.allSatisfy({ $0 < 256 }) else { return nil }
    self.init(address: octets.reduce(0) { $0 << 8 | $1 }, prefix: prefix)
  }

  static func mask(_ prefix: Int) -> UInt32 { prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix) }

  /// Whether every address of `other` is in this block.
  func contains(_ other: IPv4Block) -> Bool {
    prefix <= other.prefix && other.address & Self.mask(prefix) == address
  }

  /// Whether the blocks share an address.
  func overlaps(_ other: IPv4Block) -> Bool { contains(other) || other.contains(self) }
}

extension ClosedRange where Bound == Int {
  /// Whether every port of `other` is in this range.
  func contains(_ other: ClosedRange<Int>) -> Bool {
    lowerBound <= other.lowerBound && other.upperBound <= upperBound
  }
}
