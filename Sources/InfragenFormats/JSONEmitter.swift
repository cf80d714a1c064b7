import InfragenCore

/// Writes a template as JSON: two-space indentation, `"key": value`, sections and keys in the
/// template's own order, a newline at the end.
///
/// It never sorts, drops or invents anything: the output is the template, byte for byte the same
/// for the same template. Strings escape `"`, `\` and U+0000–U+001F; `/` and non-ASCII are written
/// as they are.
public struct JSONEmitter: Sendable {
  /// An emitter.
  public init() {}

  /// The template as JSON text.
  public func emit(_ template: Template) -> String {
    emit(.object(template.document))
  }

  /// Any value as JSON text, ending in a newline.
  public func emit(_ value: TemplateValue) -> String {
    String(decoding: bytes(value), as: UTF8.self)
  }

  /// Any value as JSON text in UTF-8, ending in a newline: what ``emit(_:)-(TemplateValue)``
  /// returns, written straight into one buffer.
  public func bytes(_ value: TemplateValue) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(1 << 16)
    Self.write(value, indent: 0, into: &out)
    out.append(newline)
    return out
  }

  private static func write(_ value: TemplateValue, indent: Int, into out: inout [UInt8]) {
    switch value {
    case .string(let string): JSONString.appendQuoted(string, to: &out)
    case .integer(let integer): out.append(contentsOf: String(integer).utf8)
    case .number(let number): out.append(contentsOf: Self.number(number).utf8)
    case .boolean(let boolean): out.append(contentsOf: boolean ? "true".utf8 : "false".utf8)
    case .null: out.append(contentsOf: "null".utf8)
    case .list(let elements):
      guard !elements.isEmpty else { return out.append(contentsOf: "[]".utf8) }
      out.append(UInt8(ascii: "["))
      out.append(newline)
      for (offset, element) in elements.enumerated() {
        appendIndentation(indent + 1, into: &out)
        write(element, indent: indent + 1, into: &out)
        if offset < elements.count - 1 { out.append(UInt8(ascii: ",")) }
        out.append(newline)
      }
      appendIndentation(indent, into: &out)
      out.append(UInt8(ascii: "]"))
    case .object(let fields):
      guard !fields.isEmpty else { return out.append(contentsOf: "{}".utf8) }
      out.append(UInt8(ascii: "{"))
      out.append(newline)
      let last = fields.count - 1
      for (offset, field) in fields.enumerated() {
        writeMember(field.key, field.value, indent: indent + 1, last: offset == last, into: &out)
      }
      appendIndentation(indent, into: &out)
      out.append(UInt8(ascii: "}"))
    case .intrinsic(let intrinsic):
      out.append(UInt8(ascii: "{"))
      out.append(newline)
      writeMember(intrinsic.name, intrinsic.argument, indent: indent + 1, last: true, into: &out)
      appendIndentation(indent, into: &out)
      out.append(UInt8(ascii: "}"))
    }
  }

  /// `"key": value` on a line of its own, with a comma unless it is the last.
  private static func writeMember(
    _ key: String, _ value: TemplateValue, indent: Int, last: Bool, into out: inout [UInt8]
  ) {
    appendIndentation(indent, into: &out)
    JSONString.appendQuoted(key, to: &out)
    out.append(UInt8(ascii: ":"))
    out.append(UInt8(ascii: " "))
    write(value, indent: indent, into: &out)
    if !last { out.append(UInt8(ascii: ",")) }
    out.append(newline)
  }

  private static func appendIndentation(_ level: Int, into out: inout [UInt8]) {
    for _ in 0..<(level * 2) { out.append(UInt8(ascii: " ")) }
  }

  /// A JSON number for a value read as one; JSON has no infinities, so those become strings.
  static func number(_ value: Double) -> String {
    value.isFinite ? "\(value)" : quoted("\(value)")
  }

  /// A JSON string literal (``JSONString/quoted(_:)``).
  public static func quoted(_ string: String) -> String { JSONString.quoted(string) }
}

private let newline = UInt8(ascii: "\n")
