/// An IPv4 CIDR block such as `10.0.0.0/16`, valid by construction.
public struct IPv4CIDR: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The network address, host bits zero.
  public let address: UInt32
  /// The prefix length, 0 to 32.
  public let prefixLength: Int

  /// `0.0.0.0/0`, the whole IPv4 internet.
  public static let anywhere = IPv4CIDR(address: 0, prefixLength: 0)

  private init(address: UInt32, prefixLength: Int) {
    self.address = address
    self.prefixLength = prefixLength
  }

  /// A block from four octets; host bits must be zero and the prefix 0 to 32, or `nil`.
  public init?(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, prefixLength: Int) {
    let address = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    guard (0...32).contains(prefixLength), address & ~Self.mask(prefixLength) == 0 else {
      return nil
    }
    self.init(address: address, prefixLength: prefixLength)
  }

  /// Why a text is not a CIDR block, with a suggestion where there is one.
  public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, naming what is allowed.
    public let description: String

    /// An error with this text.
    public init(description: String) { self.description = description }
  }

  /// Reads `a.b.c.d/n`.
  /// - Throws: ``ParseError`` naming the fault, with "did you mean …/32?" for a bare address and
  ///   the network address for a block with host bits set.
  public init(parsing text: String) throws(ParseError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard let address = Self.parseAddress(parts[0]) else {
      throw ParseError(description: "'\(text)' is not an IPv4 CIDR block (a.b.c.d/n)")
    }
    guard parts.count == 2 else {
      if parts.count == 1 {
        throw ParseError(description: "CIDR mask is missing in '\(text)'; did you mean '\(text)/32'?")
      }
      throw ParseError(description: "'\(text)' is not an IPv4 CIDR block (a.b.c.d/n)")
    }
    guard let prefix = Int(parts[1]), (0...32).contains(prefix), parts[1].count <= 2 else {
      throw ParseError(description: "'\(text)' has prefix length '\(parts[1])'; it must be 0 to 32")
    }
    guard address & ~Self.mask(prefix) == 0 else {
      let network = IPv4CIDR(address: address & Self.mask(prefix), prefixLength: prefix)
      throw ParseError(
        description: "'\(text)' has host bits set; did you mean '\(network)'?")
    }
    self.init(address: address, prefixLength: prefix)
  }

  private static func parseAddress(_ text: Substring) -> UInt32? {
    let octets = text.split(separator: ".", omittingEmptySubsequences: false)
    guard octets.count == 4 else { return nil }
    var address: UInt32 = 0
    for octet in octets {
      guard (1...3).contains(octet.count), octet.allSatisfy(\.isASCII), let value = UInt8(octet)
      else { return nil }
      address = address << 8 | UInt32(value)
    }
    return address
  }

  private static func mask(_ prefix: Int) -> UInt32 {
    prefix == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix)
  }

  /// How many addresses the block holds.
  public var size: UInt64 { UInt64(1) << UInt64(32 - prefixLength) }

  /// Whether `other` lies wholly inside this block.
  public func contains(_ other: IPv4CIDR) -> Bool {
    other.prefixLength >= prefixLength && other.address & Self.mask(prefixLength) == address
  }

  /// The `index`-th block of `prefixLength` inside this one, or `nil` when it does not fit.
  public func subnet(prefixLength newPrefix: Int, index: Int) -> IPv4CIDR? {
    guard newPrefix >= prefixLength, newPrefix <= 32, index >= 0,
      UInt64(index) < UInt64(1) << UInt64(newPrefix - prefixLength)
    else { return nil }
    let offset = UInt32(index) << UInt32(32 - newPrefix)
    return IPv4CIDR(address: address | offset, prefixLength: newPrefix)
  }

  /// `a.b.c.d/n`.
  public var description: String {
    let octets = [24, 16, 8, 0].map { String((address >> UInt32($0)) & 0xFF) }
    return octets.joined(separator: ".") + "/\(prefixLength)"
  }

  /// Orders by address, then prefix.
  public static func < (lhs: IPv4CIDR, rhs: IPv4CIDR) -> Bool {
    (lhs.address, lhs.prefixLength) < (rhs.address, rhs.prefixLength)
  }
}
