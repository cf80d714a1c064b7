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
    let writer = TextWriter()
    write(value, to: writer)
    writer.endLine()
    return writer.text
  }

  private func write(_ value: TemplateValue, to writer: TextWriter) {
    switch value {
    case .string(let string): writer.write(Self.quoted(string))
    case .integer(let integer): writer.write(String(integer))
    case .number(let number): writer.write(Self.number(number))
    case .boolean(let boolean): writer.write(boolean ? "true" : "false")
    case .null: writer.write("null")
    case .list(let elements):
      guard !elements.isEmpty else { return writer.write("[]") }
      writer.write("[")
      writer.endLine()
      writer.nested {
        for (offset, element) in elements.enumerated() {
          write(element, to: writer)
          if offset < elements.count - 1 { writer.write(",") }
          writer.endLine()
        }
      }
      writer.write("]")
    case .object(let fields):
      writeObject(fields.pairs.lazy.map { ($0.key, $0.value) }, count: fields.count, to: writer)
    case .intrinsic(let intrinsic):
      writeObject([(intrinsic.name, intrinsic.argument)], count: 1, to: writer)
    }
  }

  private func writeObject<Pairs: Sequence<(String, TemplateValue)>>(
    _ pairs: Pairs, count: Int, to writer: TextWriter
  ) {
    guard count > 0 else { return writer.write("{}") }
    writer.write("{")
    writer.endLine()
    writer.nested {
      var offset = 0
      for (key, value) in pairs {
        writer.write(Self.quoted(key))
        writer.write(": ")
        write(value, to: writer)
        if offset < count - 1 { writer.write(",") }
        writer.endLine()
        offset += 1
      }
    }
    writer.write("}")
  }

  /// A JSON number for a value read as one; JSON has no infinities, so those become strings.
  static func number(_ value: Double) -> String {
    value.isFinite ? "\(value)" : quoted("\(value)")
  }

  /// A JSON string literal (``JSONString/quoted(_:)``).
  public static func quoted(_ string: String) -> String { JSONString.quoted(string) }

}
