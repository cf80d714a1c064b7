import InfragenCore

/// Text that may contain references: `"arn:\(PseudoParameter.partition):s3:::\(bucket.ref)/*"`.
///
/// It lowers to the simplest form that says the same: a plain string when there is no
/// interpolation, `Ref` or `Fn::GetAtt` when it is exactly one reference, and `Fn::Sub`
/// otherwise, with a literal `${` written as `${!`.
public struct TemplateString: Hashable, Sendable, ExpressibleByStringInterpolation,
  CustomStringConvertible
{
  enum Segment: Hashable, Sendable {
    case literal(String)
    case ref(String)
    case getAtt(String, String)
  }

  var segments: [Segment]

  /// Plain text.
  public init(stringLiteral value: String) { segments = value.isEmpty ? [] : [.literal(value)] }

  /// Text with interpolated references.
  public init(stringInterpolation: StringInterpolation) { segments = stringInterpolation.segments }

  /// Exactly one reference.
  public init<T>(_ reference: Reference<T>) { segments = [.ref(reference.logicalID.rawValue)] }

  /// Exactly one attribute.
  public init<T>(_ attribute: Attribute<T>) {
    segments = [.getAtt(attribute.logicalID.rawValue, attribute.name)]
  }

  /// A pseudo parameter alone.
  public init(_ pseudo: PseudoParameter) { segments = [.ref(pseudo.rawValue)] }

  /// The text as `Fn::Sub` would spell it, for messages.
  public var description: String {
    segments.map {
      switch $0 {
      case .literal(let text): return text
      case .ref(let id): return "${\(id)}"
      case .getAtt(let id, let name): return "${\(id).\(name)}"
      }
    }.joined()
  }

  /// Builds a `TemplateString` from literals and references.
  public struct StringInterpolation: StringInterpolationProtocol {
    var segments: [Segment] = []

    /// Starts an interpolation.
    public init(literalCapacity: Int, interpolationCount: Int) {}

    /// Appends text.
    public mutating func appendLiteral(_ literal: String) {
      guard !literal.isEmpty else { return }
      if case .literal(let previous) = segments.last {
        segments[segments.count - 1] = .literal(previous + literal)
      } else {
        segments.append(.literal(literal))
      }
    }
    /// Appends a `Ref`.
    public mutating func appendInterpolation<T>(_ reference: Reference<T>) {
      segments.append(.ref(reference.logicalID.rawValue))
    }
    /// Appends an attribute.
    public mutating func appendInterpolation<T>(_ attribute: Attribute<T>) {
      segments.append(.getAtt(attribute.logicalID.rawValue, attribute.name))
    }
    /// Appends a pseudo parameter such as `AWS::Region`.
    public mutating func appendInterpolation(_ pseudo: PseudoParameter) {
      segments.append(.ref(pseudo.rawValue))
    }
    /// Appends another template string.
    public mutating func appendInterpolation(_ string: TemplateString) {
      for segment in string.segments {
        if case .literal(let text) = segment { appendLiteral(text) } else { segments.append(segment) }
      }
    }
    /// Appends plain text or a number.
    public mutating func appendInterpolation<T: CustomStringConvertible>(_ value: T) {
      appendLiteral(value.description)
    }
  }
}
