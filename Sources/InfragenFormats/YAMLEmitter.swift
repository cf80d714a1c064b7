import InfragenCore

/// Writes a template as YAML, the way people write CloudFormation by hand: block style, two
/// spaces a level, sequences indented under their key, intrinsic functions as short-form tags
/// (`!Ref`, `!GetAtt A.B`, `!Sub`, `!Join [',', [...]]`), strings quoted by YAML 1.1 rules.
///
/// Like the JSON emitter it never sorts, drops or invents anything. It writes no anchors,
/// aliases, merge keys or document markers, which CloudFormation does not accept.
public struct YAMLEmitter: Sendable {
  /// How intrinsic functions are written.
  public enum Style: String, CaseIterable, Sendable {
    /// Short-form tags: `!Ref Vpc`, `!GetAtt Db.Endpoint.Address`.
    case short
    /// Long form, as one-key mappings: `Ref: Vpc`, `Fn::GetAtt: [Db, Endpoint.Address]`.
    case long
  }

  /// The intrinsic style. Defaults to ``Style/short``.
  public var style: Style
  /// Flow-style intrinsic arguments longer than this go in block style.
  public var maximumFlowWidth = 100

  /// An emitter.
  public init(style: Style = .short) { self.style = style }

  /// The template as YAML text.
  public func emit(_ template: Template) -> String { emit(.object(template.document)) }

  /// Any value as YAML text, ending in a newline.
  public func emit(_ value: TemplateValue) -> String {
    let writer = TextWriter()
    if let text = inline(value) {
      writer.write(text)
      writer.endLine()
    } else {
      block(value, writer)
    }
    return writer.text
  }

  // MARK: Inline forms

  /// The value on one line, when it has a one-line form: a scalar, an empty collection, or a
  /// short-form call whose arguments fit in flow style.
  func inline(_ value: TemplateValue) -> String? {
    switch value {
    case .string(let string): return YAMLScalar.render(string)
    case .list(let items) where items.isEmpty: return "[]"
    case .object(let fields) where fields.isEmpty: return "{}"
    case .list, .object: return nil
    case .intrinsic(let intrinsic):
      guard style == .short else { return nil }
      guard let text = shortForm(intrinsic), text.count <= maximumFlowWidth else { return nil }
      return text
    default: return scalar(value)
    }
  }

  /// Integers, numbers, booleans and null.
  func scalar(_ value: TemplateValue) -> String? {
    switch value {
    case .integer(let integer): return String(integer)
    case .number(let number):
      return number.isFinite ? "\(number)" : (number.isNaN ? ".nan" : (number > 0 ? ".inf" : "-.inf"))
    case .boolean(let boolean): return boolean ? "true" : "false"
    case .null: return "null"
    default: return nil
    }
  }

  /// `!Ref X`, `!GetAtt A.B`, `!Sub '…'`, or `!Tag <flow argument>`; `nil` when the argument
  /// holds a mapping and needs block style.
  func shortForm(_ intrinsic: Intrinsic) -> String? {
    switch intrinsic {
    case .ref(let id): return "!Ref " + YAMLScalar.render(id)
    case .getAtt(let id, let attribute): return "!GetAtt " + YAMLScalar.render(id + "." + attribute)
    case .sub(let text, let variables) where variables.isEmpty: return "!Sub " + YAMLScalar.render(text)
    case .condition(let name): return "!Condition " + YAMLScalar.render(name)
    default:
      // A node has one tag: a call whose whole argument is another call cannot be written
      // `!Base64 !Sub …`; it goes in block style, the inner call in long form.
      if case .intrinsic = intrinsic.argument { return nil }
      guard let argument = flow(intrinsic.argument) else { return nil }
      return "!\(Self.tag(intrinsic)) \(argument)"
    }
  }

  /// The tag name of a call: `Join` for `Fn::Join`, `If` for `Fn::If`.
  static func tag(_ intrinsic: Intrinsic) -> String {
    switch intrinsic {
    case .ref: return "Ref"
    case .getAtt: return "GetAtt"
    case .sub: return "Sub"
    case .if: return "If"
    case .condition: return "Condition"
    case .function(let function, _): return function.shortName
    case .other(let name, _): return name.hasPrefix("Fn::") ? String(name.dropFirst(4)) : name
    }
  }

  /// A value in flow style (`[a, !Ref B, [c]]`), or `nil` if it holds a non-empty mapping.
  func flow(_ value: TemplateValue) -> String? {
    switch value {
    case .string(let string): return YAMLScalar.render(string, inFlow: true)
    case .list(let items):
      var parts: [String] = []
      for item in items {
        guard let part = flow(item) else { return nil }
        parts.append(part)
      }
      return "[" + parts.joined(separator: ", ") + "]"
    case .object(let fields) where fields.isEmpty: return "{}"
    case .object: return nil
    case .intrinsic(let intrinsic):
      switch intrinsic {
      case .ref(let id): return "!Ref " + YAMLScalar.render(id, inFlow: true)
      case .getAtt(let id, let attribute): return "!GetAtt " + YAMLScalar.render(id + "." + attribute, inFlow: true)
      case .sub(let text, let variables) where variables.isEmpty: return "!Sub " + YAMLScalar.render(text, inFlow: true)
      case .condition(let name): return "!Condition " + YAMLScalar.render(name, inFlow: true)
      default:
        if case .intrinsic = intrinsic.argument { return nil }
        guard let argument = flow(intrinsic.argument) else { return nil }
        return "!\(Self.tag(intrinsic)) \(argument)"
      }
    default: return scalar(value)
    }
  }

  // MARK: Block forms

  /// Writes a value that has no inline form at the writer's current level: a mapping's members,
  /// a sequence's entries, or a call as its long-form mapping.
  func block(_ value: TemplateValue, _ writer: TextWriter) {
    switch value {
    case .object(let fields):
      for field in fields { member(field.key, field.value, writer) }
    case .list(let items):
      for item in items { entry(item, writer) }
    case .intrinsic(let intrinsic):
      member(intrinsic.name, intrinsic.argument, writer)
    default:
      writer.write(inline(value) ?? "null")
      writer.endLine()
    }
  }

  /// `key: value`, or `key:` (or `key: !Tag`) with the value's block one level deeper.
  func member(_ key: String, _ value: TemplateValue, _ writer: TextWriter) {
    let name = YAMLScalar.render(key)
    if let text = inline(value) {
      writer.write("\(name): \(text)")
      writer.endLine()
      return
    }
    if style == .short, case .intrinsic(let intrinsic) = value {
      writer.write("\(name): !\(Self.tag(intrinsic))")
      writer.endLine()
      writer.nested { block(Self.blockArgument(intrinsic), writer) }
      return
    }
    writer.write("\(name):")
    writer.endLine()
    writer.nested { block(value, writer) }
  }

  /// `- value`; a mapping's first member, or a sequence's first entry, shares the dash's line.
  func entry(_ value: TemplateValue, _ writer: TextWriter) {
    if let text = inline(value) {
      writer.write("- \(text)")
      writer.endLine()
      return
    }
    if style == .short, case .intrinsic(let intrinsic) = value {
      writer.write("- !\(Self.tag(intrinsic))")
      writer.endLine()
      writer.nested { block(Self.blockArgument(intrinsic), writer) }
      return
    }
    // The line stays open after the dash, so the block's first line continues it and the
    // rest align two spaces deeper.
    writer.write("- ")
    writer.nested { block(value, writer) }
  }

  /// The argument of a call written in block style under its tag. `Fn::Sub` with variables is
  /// `[text, {variables}]`, like every other call's long-form argument.
  static func blockArgument(_ intrinsic: Intrinsic) -> TemplateValue { intrinsic.argument }
}
