/// A value anywhere in a CloudFormation template: a scalar, a list, a mapping or an intrinsic function.
///
/// Integers and booleans stay typed, so `443` and `"443"` are different values and emit differently.
public enum TemplateValue: Hashable, Sendable, ExpressibleByStringLiteral,
  ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral,
  ExpressibleByDictionaryLiteral
{
  /// A string.
  case string(String)
  /// A whole number.
  case integer(Int)
  /// A number with a fraction or exponent, as read from a template.
  case number(Double)
  /// `true` or `false`.
  case boolean(Bool)
  /// `null`.
  case null
  /// A list, in author order.
  case list([TemplateValue])
  /// A mapping, in author order.
  case object(Fields)
  /// An intrinsic function such as `Ref` or `Fn::GetAtt`.
  case intrinsic(Intrinsic)

  /// A string literal.
  public init(stringLiteral value: String) { self = .string(value) }
  /// An integer literal.
  public init(integerLiteral value: Int) { self = .integer(value) }
  /// A boolean literal.
  public init(booleanLiteral value: Bool) { self = .boolean(value) }
  /// A list literal.
  public init(arrayLiteral elements: TemplateValue...) { self = .list(elements) }
  /// A mapping literal; its order is kept.
  public init(dictionaryLiteral elements: (String, TemplateValue)...) {
    self = .object(Fields(elements))
  }

  /// `{"Ref": id}`.
  public static func ref(_ id: LogicalID) -> TemplateValue { .intrinsic(.ref(id.rawValue)) }
  /// `{"Ref": "AWS::…"}`.
  public static func ref(_ pseudo: PseudoParameter) -> TemplateValue {
    .intrinsic(.ref(pseudo.rawValue))
  }
  /// `{"Fn::GetAtt": [id, attribute]}`.
  public static func getAtt(_ id: LogicalID, _ attribute: String) -> TemplateValue {
    .intrinsic(.getAtt(id.rawValue, attribute))
  }
  /// `{"Fn::Sub": text}`.
  public static func sub(_ text: String) -> TemplateValue { .intrinsic(.sub(text, Fields())) }

  /// The string, when this is a plain string.
  public var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  /// The mapping, when this is a plain mapping.
  public var objectValue: Fields? {
    if case .object(let value) = self { return value }
    return nil
  }

  /// The elements, when this is a plain list.
  public var listValue: [TemplateValue]? {
    if case .list(let value) = self { return value }
    return nil
  }

  /// The value under `key`, when this is a mapping that has it.
  public subscript(key: String) -> TemplateValue? { objectValue?[key] }
}
