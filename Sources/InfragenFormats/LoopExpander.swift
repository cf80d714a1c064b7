import InfragenCore

/// Expands `Fn::ForEach` (the `AWS::LanguageExtensions` transform) as CloudFormation does before
/// it reads a template: each `Fn::ForEach::Name: [Identifier, Collection, {OutputKey: Value}]`
/// member becomes one member per item of the collection, with `${Identifier}` and
/// `&{Identifier}` (the item with its non-alphanumeric characters dropped) replaced in output
/// keys and `Fn::Sub` strings, and `Ref Identifier` replaced by the item.
///
/// A collection is a list of strings, a `Ref` to a list parameter with a default, or an
/// `Fn::FindInMap` with literal keys; any other is known only at deploy time, and the loop is
/// left unexpanded (the reader notes it, the validator names it).
struct LoopExpander {
  /// One member a loop makes: its key, its value, and the output key it came from.
  struct Member {
    var key: String
    var value: TemplateValue
    var templateKey: String
  }

  let parameters: Fields
  let mappings: Fields
  /// Whether the template's transforms include `AWS::LanguageExtensions`.
  let enabled: Bool

  static let prefix = "Fn::ForEach::"

  /// Whether a mapping key is a loop.
  static func isLoop(_ key: String) -> Bool { key.hasPrefix(prefix) }

  /// The members a loop makes, item by item, or `nil` when its collection is known only at
  /// deploy time.
  /// - Throws: ``TemplateDecoder/ShapeError`` when the loop is not `[Identifier, Collection, {OutputKey: Value}]`.
  func expand(_ value: TemplateValue) throws(TemplateDecoder.ShapeError) -> [[Member]]? {
    let (identifier, collection, outputs) = try parts(value)
    guard let items = items(collection) else { return nil }
    return items.map { item in
      outputs.map { output in
        Member(
          key: Self.substitute(output.key, identifier, item),
          value: Self.substitute(output.value, identifier, item), templateKey: output.key)
      }
    }
  }

  /// Why a loop's collection is not known before deployment.
  func whyNotExpanded(_ value: TemplateValue) -> String {
    guard let collection = try? parts(value).1 else { return "it is not a loop" }
    if case .intrinsic(.ref(let name)) = collection {
      return parameters[name] == nil
        ? "its collection is Ref '\(name)', which is not a parameter"
        : "its collection is the parameter '\(name)', which has no default; its members are not validated"
    }
    return "its collection is computed at deploy time; its members are not validated"
  }

  private func parts(_ value: TemplateValue) throws(TemplateDecoder.ShapeError) -> (String, TemplateValue, Fields) {
    guard case .list(let parts) = value, parts.count == 3, case .string(let identifier) = parts[0],
      case .object(let outputs) = parts[2]
    else {
      throw TemplateDecoder.ShapeError(
        message:
          "Fn::ForEach takes [Identifier, Collection, {OutputKey: OutputValue}], found \(TemplateDecoder.describe(value))"
      )
    }
    return (identifier, parts[1], outputs)
  }

  /// The items of a collection, when it is known before deployment.
  private func items(_ collection: TemplateValue) -> [String]? {
    switch collection {
    case .list(let values):
      var items: [String] = []
      for value in values {
        switch value {
        case .string(let text): items.append(text)
        case .integer(let number): items.append(String(number))
        default: return nil
        }
      }
      return items
    case .intrinsic(.ref(let name)):
      switch parameters[name]?["Default"] {
      case .string(let text)?:
        return text.split(separator: ",", omittingEmptySubsequences: false).map {
          String($0.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
        }
      case .list(let values)?: return items(.list(values))
      default: return nil
      }
    case .intrinsic(.function(.findInMap, .list(let arguments))):
      guard arguments.count >= 3, case .string(let map) = arguments[0], case .string(let top) = arguments[1],
        case .string(let second) = arguments[2], let value = mappings[map]?[top]?[second]
      else { return nil }
      return items(value)
    default:
      return nil
    }
  }

  /// `${Identifier}` and `&{Identifier}` replaced in a string.
  static func substitute(_ text: String, _ identifier: String, _ item: String) -> String {
    guard text.contains("{") else { return text }
    let alphanumeric = String(
      item.unicodeScalars.filter { $0.isASCII && $0.properties.isAlphabetic || ("0"..."9").contains($0) })
    return text.replacing("${\(identifier)}", with: item).replacing("&{\(identifier)}", with: alphanumeric)
  }

  /// A value with the loop's identifier replaced by an item: in mapping keys, `Fn::Sub`
  /// strings and `Ref`s; a `Ref` or `Fn::GetAtt` whose computed name becomes literal is made plain.
  static func substitute(_ value: TemplateValue, _ identifier: String, _ item: String) -> TemplateValue {
    switch value {
    case .object(let fields):
      var result = Fields()
      for field in fields {
        result[substitute(field.key, identifier, item)] = substitute(field.value, identifier, item)
      }
      return .object(result)
    case .list(let items):
      return .list(items.map { substitute($0, identifier, item) })
    case .intrinsic(.ref(let name)) where name == identifier:
      return .string(item)
    case .intrinsic(let call):
      return .intrinsic(substitute(call, identifier, item))
    default:
      return value
    }
  }

  private static func substitute(_ call: Intrinsic, _ identifier: String, _ item: String) -> Intrinsic {
    switch call {
    case .ref(let name):
      return .ref(substitute(name, identifier, item))
    case .getAtt(let name, let attribute):
      return .getAtt(substitute(name, identifier, item), substitute(attribute, identifier, item))
    case .sub(let text, let variables):
      var replaced = Fields()
      for variable in variables { replaced[variable.key] = substitute(variable.value, identifier, item) }
      return .sub(substitute(text, identifier, item), replaced)
    case .if(let condition, let whenTrue, let whenFalse):
      return .if(condition, substitute(whenTrue, identifier, item), substitute(whenFalse, identifier, item))
    case .condition:
      return call
    case .function(let function, let argument):
      return .function(function, substitute(argument, identifier, item))
    case .other(let name, let argument):
      let replaced = substitute(argument, identifier, item)
      switch (name, replaced) {
      case ("Ref", let argument):
        if let literal = literal(argument) { return .ref(literal) }
      case ("Fn::GetAtt", .list(let parts)) where parts.count == 2:
        if let id = literal(parts[0]), let attribute = literal(parts[1]) { return .getAtt(id, attribute) }
      default: break
      }
      return .other(name, replaced)
    }
  }

  /// The string a value is before deployment: a string, or an `Fn::Sub` without placeholders.
  private static func literal(_ value: TemplateValue) -> String? {
    switch value {
    case .string(let text): return text
    case .intrinsic(.sub(let text, let variables)) where variables.isEmpty && !text.contains("${"): return text
    default: return nil
    }
  }
}
