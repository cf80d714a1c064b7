/// Builds indented text line by line: two spaces a level, a newline after every line.
///
/// The only reference type in the emitters, in the manner of swift-openapi-generator's
/// `StringCodeWriter`.
final class TextWriter {
  private(set) var text = ""
  private var level = 0
  private var lineOpen = false

  init(capacity: Int = 1 << 16) { text.reserveCapacity(capacity) }

  /// Appends to the current line, indenting it first if it is new.
  func write(_ fragment: String) {
    if !lineOpen {
      text += Self.indentation(level)
      lineOpen = true
    }
    text += fragment
  }

  private static let indentations = (0..<32).map { String(repeating: "  ", count: $0) }

  private static func indentation(_ level: Int) -> String {
    level < indentations.count ? indentations[level] : String(repeating: "  ", count: level)
  }

  /// Ends the current line.
  func endLine() {
    text += "\n"
    lineOpen = false
  }

  /// Writes `body` one level deeper.
  func nested(_ body: () -> Void) {
    level += 1
    body()
    precondition(level > 0, "cannot pop below 0")
    level -= 1
  }
}
