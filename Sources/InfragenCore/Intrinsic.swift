/// A CloudFormation intrinsic function.
///
/// The functions the validator must understand (`Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::If`,
/// `Condition`) have cases of their own; the others carry their argument exactly as the long
/// form writes it (`{"Fn::Join": [",", [...]]}` has the argument `[",", [...]]`), built with the
/// static functions below, which check their arguments' shape the way the AWS reference states it.
/// See [Intrinsic function reference](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html).
public indirect enum Intrinsic: Hashable, Sendable {
  /// `Ref`: a parameter's value or a resource's primary identifier.
  case ref(String)
  /// `Fn::GetAtt`: an attribute of a resource (`["Database", "Endpoint.Address"]`).
  case getAtt(String, String)
  /// `Fn::Sub`: a string with `${Name}` placeholders, and optional variables of its own.
  case sub(String, Fields)
  /// `Fn::If`: one of two values, chosen by a condition.
  case `if`(String, TemplateValue, TemplateValue)
  /// `Condition`: a named condition, inside another condition.
  case condition(String)
  /// Any other function, with its long-form argument.
  case function(Function, TemplateValue)
  /// A call kept as written whose argument the typed cases cannot hold: `Ref` or `Fn::GetAtt`
  /// of a name another function computes (`AWS::LanguageExtensions`), `Fn::Sub` of a computed
  /// string, or the call of a preprocessor (`!Rain::Embed`), by its name.
  case other(String, TemplateValue)

  /// The functions without a case of their own.
  public enum Function: String, CaseIterable, Hashable, Sendable {
    /// `Fn::And`.
    case and = "Fn::And"
    /// `Fn::Base64`.
    case base64 = "Fn::Base64"
    /// `Fn::Cidr`.
    case cidr = "Fn::Cidr"
    /// `Fn::Contains`, a rule assertion.
    case contains = "Fn::Contains"
    /// `Fn::EachMemberEquals`, a rule assertion.
    case eachMemberEquals = "Fn::EachMemberEquals"
    /// `Fn::EachMemberIn`, a rule assertion.
    case eachMemberIn = "Fn::EachMemberIn"
    /// `Fn::Equals`.
    case equals = "Fn::Equals"
    /// `Fn::FindInMap`.
    case findInMap = "Fn::FindInMap"
    /// `Fn::GetAZs`.
    case getAZs = "Fn::GetAZs"
    /// `Fn::ImportValue`.
    case importValue = "Fn::ImportValue"
    /// `Fn::Join`.
    case join = "Fn::Join"
    /// `Fn::Length`.
    case length = "Fn::Length"
    /// `Fn::Not`.
    case not = "Fn::Not"
    /// `Fn::Or`.
    case or = "Fn::Or"
    /// `Fn::RefAll`, a rule function.
    case refAll = "Fn::RefAll"
    /// `Fn::Select`.
    case select = "Fn::Select"
    /// `Fn::Split`.
    case split = "Fn::Split"
    /// `Fn::ToJsonString`.
    case toJSONString = "Fn::ToJsonString"
    /// `Fn::Transform`.
    case transform = "Fn::Transform"
    /// `Fn::ValueOf`, a rule function.
    case valueOf = "Fn::ValueOf"
    /// `Fn::ValueOfAll`, a rule function.
    case valueOfAll = "Fn::ValueOfAll"

    /// The YAML short-form tag without `!` (`Join` for `Fn::Join`).
    public var shortName: String { String(rawValue.dropFirst(4)) }
  }

  /// The key of the function's one-key mapping (`Ref`, `Fn::GetAtt`, `Condition`, ...).
  public var name: String {
    switch self {
    case .ref: return "Ref"
    case .getAtt: return "Fn::GetAtt"
    case .sub: return "Fn::Sub"
    case .if: return "Fn::If"
    case .condition: return "Condition"
    case .function(let function, _): return function.rawValue
    case .other(let name, _): return name
    }
  }

  /// The argument as the long form writes it: `{name: argument}`.
  public var argument: TemplateValue {
    switch self {
    case .ref(let id): return .string(id)
    case .getAtt(let id, let attribute): return .list([.string(id), .string(attribute)])
    case .sub(let text, let variables):
      return variables.isEmpty ? .string(text) : .list([.string(text), .object(variables)])
    case .if(let condition, let whenTrue, let whenFalse):
      return .list([.string(condition), whenTrue, whenFalse])
    case .condition(let name): return .string(name)
    case .function(_, let argument): return argument
    case .other(_, let argument): return argument
    }
  }

  /// Every intrinsic key CloudFormation knows, for readers deciding whether a one-key mapping is a call.
  public static let names: Set<String> = Set(
    ["Ref", "Fn::GetAtt", "Fn::Sub", "Fn::If", "Condition"] + Function.allCases.map(\.rawValue))

  /// `Fn::Join`: the values joined by a delimiter.
  public static func join(_ delimiter: String, _ values: [TemplateValue]) -> Intrinsic {
    .function(.join, .list([.string(delimiter), .list(values)]))
  }
  /// `Fn::Select`: the element at `index` of a list.
  public static func select(_ index: Int, _ list: TemplateValue) -> Intrinsic {
    .function(.select, .list([.integer(index), list]))
  }
  /// `Fn::Split`: a string split at a delimiter.
  public static func split(_ delimiter: String, _ source: TemplateValue) -> Intrinsic {
    .function(.split, .list([.string(delimiter), source]))
  }
  /// `Fn::GetAZs`: the availability zones of a region; `""` is the stack's region.
  public static func getAZs(_ region: TemplateValue = "") -> Intrinsic {
    .function(.getAZs, region)
  }
  /// `Fn::Equals`.
  public static func equals(_ lhs: TemplateValue, _ rhs: TemplateValue) -> Intrinsic {
    .function(.equals, .list([lhs, rhs]))
  }
  /// `Fn::Not`.
  public static func not(_ condition: TemplateValue) -> Intrinsic {
    .function(.not, .list([condition]))
  }
  /// `Fn::And`, of 2 to 10 conditions.
  public static func and(_ conditions: [TemplateValue]) -> Intrinsic {
    .function(.and, .list(conditions))
  }
  /// `Fn::Or`, of 2 to 10 conditions.
  public static func or(_ conditions: [TemplateValue]) -> Intrinsic {
    .function(.or, .list(conditions))
  }
  /// `Fn::Base64`.
  public static func base64(_ value: TemplateValue) -> Intrinsic { .function(.base64, value) }
  /// `Fn::ImportValue`: an output exported by another stack.
  public static func importValue(_ name: TemplateValue) -> Intrinsic {
    .function(.importValue, name)
  }
  /// `Fn::Cidr`: `count` CIDR blocks of `bits` host bits each, carved from `block`.
  public static func cidr(_ block: TemplateValue, count: Int, bits: Int) -> Intrinsic {
    .function(.cidr, .list([block, .integer(count), .integer(bits)]))
  }
  /// `Fn::FindInMap`.
  public static func findInMap(_ map: String, _ top: TemplateValue, _ second: TemplateValue)
    -> Intrinsic
  {
    .function(.findInMap, .list([.string(map), top, second]))
  }
}

extension Intrinsic {
  /// The resources and parameters an `Fn::Sub` text names: the `Name` of each `${Name}` and
  /// `${Name.Attribute}`, in order; `${!Literal}` names nothing.
  public static func subNames(_ text: String) -> [String] {
    subPlaceholders(text).filter { !$0.isEmpty }.map { name in
      name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
    }
  }

  /// What each `${...}` of an `Fn::Sub` text holds, as written, in order; `${!Literal}` is
  /// none. `$`, `{` and `}` are ASCII, and no byte of a multi-byte UTF-8 sequence is, so the
  /// bytes are scanned directly.
  public static func subPlaceholders(_ text: String) -> [String] {
    var result: [String] = []
    var text = text
    text.withUTF8 { bytes in
      var index = 0
      while index + 1 < bytes.count {
        guard bytes[index] == UInt8(ascii: "$"), bytes[index + 1] == UInt8(ascii: "{") else {
          index += 1
          continue
        }
        var end = index + 2
        while end < bytes.count && bytes[end] != UInt8(ascii: "}") { end += 1 }
        guard end < bytes.count else { break }
        let name = UnsafeBufferPointer(rebasing: bytes[(index + 2)..<end])
        index = end + 1
        if name.first != UInt8(ascii: "!") { result.append(String(decoding: name, as: UTF8.self)) }
      }
    }
    return result
  }
}

extension Intrinsic {
  /// `text` with the name of each `${Name}` and `${Name.Attribute}` that `rename` maps replaced;
  /// `${!Literal}` and the names `rename` leaves (`nil`) are kept as written.
  public static func renamingSubNames(_ text: String, _ rename: (String) -> String?) -> String {
    var result = ""
    var rest = Substring(text)
    while let dollar = rest.firstIndex(of: "$") {
      let brace = rest.index(after: dollar)
      guard brace < rest.endIndex, rest[brace] == "{" else {
        result += rest[...dollar]
        rest = rest[brace...]
        continue
      }
      let start = rest.index(after: brace)
      result += rest[..<start]
      rest = rest[start...]
      guard let end = rest.firstIndex(of: "}") else { break }
      let inside = rest[..<end]
      let head = inside.prefix { $0 != "." }
      if !head.isEmpty, !head.hasPrefix("!"), let renamed = rename(String(head)) {
        result += renamed + inside.dropFirst(head.count)
      } else {
        result += inside
      }
      rest = rest[end...]
    }
    return result + rest
  }
}

extension TemplateValue {
  /// The value with each name a `Ref`, `Fn::GetAtt` or `Fn::Sub` references that `rename` maps
  /// replaced, at any depth; names an `Fn::Sub` binds in its own variables are kept.
  public func renamingReferences(_ rename: (String) -> String?) -> TemplateValue {
    switch self {
    case .list(let items): return .list(items.map { $0.renamingReferences(rename) })
    case .object(let fields): return .object(fields.renamingReferences(rename))
    case .intrinsic(.ref(let name)): return .intrinsic(.ref(rename(name) ?? name))
    case .intrinsic(.getAtt(let name, let attribute)): return .intrinsic(.getAtt(rename(name) ?? name, attribute))
    case .intrinsic(.sub(let text, let variables)):
      let renamedText = Intrinsic.renamingSubNames(text) { variables[$0] == nil ? rename($0) : nil }
      return .intrinsic(.sub(renamedText, variables.renamingReferences(rename)))
    case .intrinsic(.if(let condition, let whenTrue, let whenFalse)):
      return .intrinsic(.if(condition, whenTrue.renamingReferences(rename), whenFalse.renamingReferences(rename)))
    case .intrinsic(.function(let function, let argument)):
      return .intrinsic(.function(function, argument.renamingReferences(rename)))
    case .intrinsic(.other(let name, let argument)):
      return .intrinsic(.other(name, argument.renamingReferences(rename)))
    default: return self
    }
  }
}

extension Fields {
  /// The mapping with its values' references renamed (``TemplateValue/renamingReferences(_:)``);
  /// keys are kept.
  public func renamingReferences(_ rename: (String) -> String?) -> Fields {
    Fields(pairs.map { ($0.key, $0.value.renamingReferences(rename)) })
  }
}

extension Intrinsic {
  /// `text` with each `${Name}` and `${Name.Attribute}` that `rewrite` maps (given the name and
  /// the attribute, if any) replaced whole by `${Replacement}`; `${!Literal}` and the references
  /// `rewrite` leaves (`nil`) are kept as written.
  public static func rewritingSubReferences(
    _ text: String, _ rewrite: (_ name: String, _ attribute: String?) -> String?
  ) -> String {
    var result = ""
    var rest = Substring(text)
    while let open = rest.firstRange(of: "${") {
      result += rest[..<open.upperBound]
      rest = rest[open.upperBound...]
      guard let close = rest.firstIndex(of: "}") else { break }
      let inside = rest[..<close]
      rest = rest[close...]
      let parts = inside.split(separator: ".", maxSplits: 1)
      if let name = parts.first, !name.hasPrefix("!"),
        let replacement = rewrite(String(name), parts.count > 1 ? String(parts[1]) : nil)
      {
        result += replacement
      } else {
        result += inside
      }
    }
    return result + rest
  }
}
