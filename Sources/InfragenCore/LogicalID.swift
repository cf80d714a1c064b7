/// The name of a resource, parameter, condition or output inside a template.
///
/// CloudFormation allows only ASCII letters and digits, at most 255 of them. A `LogicalID` holds
/// whatever it was given, so that a template read from disk can be represented as written;
/// ``problem`` says what is wrong with it, and lowering turns that into a diagnostic.
public struct LogicalID: Hashable, Comparable, Sendable, ExpressibleByStringInterpolation,
  CustomStringConvertible
{
  /// The identifier as written.
  public let rawValue: String

  /// The longest logical ID CloudFormation accepts.
  public static let maximumLength = 255

  /// Wraps an identifier without judging it; see ``problem``.
  public init(_ rawValue: String) { self.rawValue = rawValue }

  /// Wraps a literal identifier.
  public init(stringLiteral value: String) { self.rawValue = value }

  /// An identifier built by interpolation, such as `"PublicSubnet\(zone)"`.
  public init(stringInterpolation: DefaultStringInterpolation) {
    self.rawValue = String(stringInterpolation: stringInterpolation)
  }

  /// The identifier as written.
  public var description: String { rawValue }

  /// Orders identifiers by their UTF-8 bytes, so that the order never depends on locale.
  public static func < (lhs: LogicalID, rhs: LogicalID) -> Bool {
    lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
  }

  /// Why CloudFormation would reject this identifier, or `nil` when it is valid.
  public var problem: String? {
    if rawValue.isEmpty { return "a logical ID cannot be empty" }
    if rawValue.utf8.count > Self.maximumLength {
      return
        "'\(rawValue.prefix(40))…' is \(rawValue.utf8.count) characters long; at most \(Self.maximumLength) are allowed"
    }
    if let bad = rawValue.unicodeScalars.first(where: { !Self.isAllowed($0) }) {
      let suggestion = String(String.UnicodeScalarView(rawValue.unicodeScalars.filter(Self.isAllowed)))
      let hint = suggestion.isEmpty ? "" : "; did you mean '\(suggestion)'?"
      return "'\(rawValue)' contains '\(bad)'; only ASCII letters and digits are allowed\(hint)"
    }
    return nil
  }

  private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
    default: return false
    }
  }
}
