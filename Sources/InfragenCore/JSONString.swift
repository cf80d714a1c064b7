/// JSON string literals, written one way everywhere: `"` and `\` escaped, U+0000 to U+001F as
/// `\n \r \t \b \f` or `\u00XX`, `/` and non-ASCII written as they are.
public enum JSONString {
  /// The string as a JSON string literal, quotes included.
  public static func quoted(_ string: String) -> String {
    // Most strings need no escape: copy them whole.
    if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
      return "\"" + string + "\""
    }
    var result = "\""
    result.reserveCapacity(string.utf8.count + 8)
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "\u{08}": result += "\\b"
      case "\u{0C}": result += "\\f"
      case let control where control.value < 0x20:
        let hex = String(control.value, radix: 16, uppercase: false)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
