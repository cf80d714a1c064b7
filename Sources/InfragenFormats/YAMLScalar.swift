/// How a string is written in YAML so that a YAML 1.1 reader (CloudFormation's, PyYAML's) reads
/// back the same string: plain when nothing could misread it, single-quoted when a plain
/// scalar would resolve to something else or break the syntax, double-quoted when the string
/// holds characters single quotes cannot.
///
/// The rule errs on the side of quoting: it never under-quotes (STYLE.md section 2.6).
public enum YAMLScalar {
  /// The scalar text for `string`; `inFlow` adds the flow indicators `, [ ] { }` to what forces quotes.
  public static func render(_ string: String, inFlow: Bool = false) -> String {
    if needsDoubleQuotes(string) { return doubleQuoted(string) }
    if needsQuotes(string, inFlow: inFlow) { return "'" + string.replacing("'", with: "''") + "'" }
    return string
  }

  /// Whether only double quotes can hold the string: line breaks, tabs, other control
  /// characters, or anything outside printable ASCII.
  static func needsDoubleQuotes(_ string: String) -> Bool {
    string.unicodeScalars.contains { $0.value < 0x20 || $0.value >= 0x7F }
  }

  /// Words YAML 1.1 reads as booleans or null, compared in lower case.
  static let reserved: Set<String> = [
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "<<", "=", ".inf", "-.inf",
    "+.inf", ".nan",
  ]

  /// Whether a plain scalar would be misread or would break the syntax.
  static func needsQuotes(_ string: String, inFlow: Bool) -> Bool {
    guard let first = string.unicodeScalars.first, let last = string.unicodeScalars.last else { return true }
    if reserved.contains(string.lowercased()) { return true }
    // Anything that starts like a number, a date, a time or an address: one simple rule.
    if ("0"..."9").contains(first) { return true }
    if first == "." || first == "+" || first == "-",
      string.unicodeScalars.dropFirst().first.map({ ("0"..."9").contains($0) || $0 == "." }) == true
    {
      return true
    }
    if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) {
      // `-`, `?` and `:` are indicators only before a space, but quoting them always is simpler and safe.
      return true
    }
    if string.hasPrefix("---") || string.hasPrefix("...") { return true }
    if string.contains(": ") || string.contains(" #") || last == ":" { return true }
    if first == " " || last == " " { return true }
    if inFlow && string.unicodeScalars.contains(where: { ",[]{}".unicodeScalars.contains($0) }) { return true }
    return false
  }

  /// A double-quoted scalar with YAML escapes.
  static func doubleQuoted(_ string: String) -> String {
    var result = "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case "\r": result += "\\r"
      case "\0": result += "\\0"
      case "\u{07}": result += "\\a"
      case "\u{08}": result += "\\b"
      case "\u{0B}": result += "\\v"
      case "\u{0C}": result += "\\f"
      case "\u{1B}": result += "\\e"
      case "\u{85}": result += "\\N"
      case "\u{A0}": result += "\\_"
      case "\u{2028}": result += "\\L"
      case "\u{2029}": result += "\\P"
      case let other where other.value < 0x20 || other.value == 0x7F || (0x80..<0xA0).contains(other.value):
        let hex = String(other.value, radix: 16, uppercase: true)
        result += "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
      case let other where other.value > 0xFFFF:
        let hex = String(other.value, radix: 16, uppercase: true)
        result += "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
      case let other where other.value >= 0x7F:
        let hex = String(other.value, radix: 16, uppercase: true)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
