import InfragenCore

/// Who is on the other side of a security-group rule.
public enum Peer: Hashable, Sendable, CustomStringConvertible {
  /// A security group declared in the template.
  case group(LogicalID)
  /// An IPv4 or IPv6 block, as written (`0.0.0.0/0`, `10.0.0.0/16`, `::/0`).
  case cidr(String)
  /// A managed prefix list.
  case prefixList(String)
  /// Anything that cannot be known before deployment: a parameter, an import, a literal `sg-…`
  /// ID, a group of another stack. Never assumed safe.
  case unresolved(String)

  /// Whether this is the internet: `0.0.0.0/0`, `::/0`, or an IPv4 block as wide as a /8 or wider
  /// that is not private (`0.0.0.0/1` opens half the internet).
  public var isInternet: Bool {
    guard case .cidr(let block) = self else { return false }
    let text = String(block.trimming(" ")).lowercased()
    if Self.internetBlocks.contains(text) { return true }
    let parts = text.split(separator: "/")
    guard parts.count == 2, let prefix = Int(parts[1]), prefix <= 8 else { return false }
    let first = parts[0].split(separator: ".").first.flatMap { Int($0) }
    return first != 10 && first != 127
  }

  private static let internetBlocks: Set<String> = ["0.0.0.0/0", "::/0", "0::/0", "0:0:0:0:0:0:0:0/0"]

  /// `'0.0.0.0/0'`, `'AppSecurityGroup'`, `prefix list 'pl-…'` or the unresolved description.
  public var description: String {
    switch self {
    case .group(let id): return "'\(id)'"
    case .cidr(let block): return "'\(block)'"
    case .prefixList(let list): return "prefix list '\(list)'"
    case .unresolved(let what): return what
    }
  }
}

/// An IP protocol as a rule states it, normalised.
public enum NetworkProtocol: Hashable, Sendable, CustomStringConvertible {
  /// TCP (`tcp` or `6`).
  case tcp
  /// UDP (`udp` or `17`).
  case udp
  /// ICMP (`icmp` or `1`).
  case icmp
  /// ICMPv6 (`icmpv6` or `58`).
  case icmpv6
  /// Every protocol (`-1`, `all`), or one whose value is not static.
  case all
  /// Another protocol by number; every port of it is open.
  case other(Int)

  /// Reads `IpProtocol`: names in any case, numbers as integers or strings.
  init(_ value: TemplateValue?) {
    let text: String
    switch value {
    case .string(let string)?: text = string.lowercased()
    case .integer(let number)?: text = String(number)
    default:
      self = .all
      return
    }
    switch text {
    case "tcp", "6": self = .tcp
    case "udp", "17": self = .udp
    case "icmp", "1": self = .icmp
    case "icmpv6", "58": self = .icmpv6
    case "-1", "all": self = .all
    default: self = Int(text).map(NetworkProtocol.other) ?? .all
    }
  }

  /// Whether the rule's ports bound the traffic (only for TCP and UDP).
  var hasPorts: Bool { self == .tcp || self == .udp }

  /// `tcp`, `all protocols`, `protocol 47`.
  public var description: String {
    switch self {
    case .tcp: return "tcp"
    case .udp: return "udp"
    case .icmp: return "icmp"
    case .icmpv6: return "icmpv6"
    case .all: return "all protocols"
    case .other(let number): return "protocol \(number)"
    }
  }
}

/// One ingress or egress permission, resolved as far as the template allows.
public struct NetworkRule: Hashable, Sendable {
  /// Into or out of the group.
  public enum Direction: Hashable, Sendable {
    /// Traffic the group accepts.
    case ingress
    /// Traffic the group sends.
    case egress
  }

  /// Ingress or egress.
  public var direction: Direction
  /// The group the rule belongs to: `.group` or `.unresolved`.
  public var owner: Peer
  /// The other side.
  public var peer: Peer
  /// The protocol.
  public var ipProtocol: NetworkProtocol
  /// The ports; `0...65535` for every port. For ICMP the range holds type and code and is not used.
  public var ports: ClosedRange<Int>
  /// Where the rule is written: its resource and property path.
  public var location: Diagnostic.Location
  /// The parameter both `FromPort` and `ToPort` refer to, when they do.
  public var portParameter: String? = nil

  /// Whether the rule opens every port: all protocols, another protocol, or a full range.
  public var opensEveryPort: Bool {
    switch ipProtocol {
    case .all, .other: return true
    case .tcp, .udp: return ports == 0...65535
    case .icmp, .icmpv6: return false
    }
  }

  /// `tcp 3306`, `tcp 0-65535`, `all protocols and ports`.
  public var portDescription: String { Self.describe(ipProtocol, ports) }

  /// Whether the rule allows exactly TCP on ports inside `allowed`.
  func isTCP(within allowed: Set<Int>) -> Bool {
    guard ipProtocol == .tcp else { return false }
    return ports.allSatisfy { allowed.contains($0) }
  }
}

extension ClosedRange where Bound == Int {
  /// Every port, for checks like `ports.allSatisfy`, without walking 65536 values for wide ranges.
  func allSatisfy(_ predicate: (Int) -> Bool) -> Bool {
    if count > 1024 { return false }
    for port in self where !predicate(port) { return false }
    return true
  }
}
