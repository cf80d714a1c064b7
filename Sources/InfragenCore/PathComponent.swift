/// One step into a template: a mapping key or a list index.
public enum PathComponent: Hashable, Sendable, CustomStringConvertible {
  /// A key of a mapping.
  case key(String)
  /// A position in a list, from 0.
  case index(Int)

  /// `.Key` or `[1]`, as ``PathComponent/render(_:)`` joins them.
  public var description: String {
    switch self {
    case .key(let key): return ".\(key)"
    case .index(let index): return "[\(index)]"
    }
  }

  /// `Properties.SecurityGroupIngress[1].CidrIp`.
  public static func render(_ path: [PathComponent]) -> String {
    var text = path.map(\.description).joined()
    if text.hasPrefix(".") { text.removeFirst() }
    return text
  }
}

/// A place in a source file, counted from 1. Columns count Unicode scalars.
public struct SourcePosition: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// The line, from 1.
  public var line: Int
  /// The column, from 1.
  public var column: Int

  /// A position.
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  /// `line:column`.
  public var description: String { "\(line):\(column)" }

  /// Orders by line, then column.
  public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
    (lhs.line, lhs.column) < (rhs.line, rhs.column)
  }
}
