/// A problem with a template or a stack: found, collected and reported, never thrown.
///
/// The location is the resource's logical ID and a property path, which a user can find in any
/// rendering of the template; when the template was read from a file, the reader's source map
/// adds the line and column.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
  /// How bad a problem is. `note < warning < error`.
  public enum Severity: Int, Comparable, Sendable, CustomStringConvertible {
    /// Extra information.
    case note
    /// A problem that does not fail a run unless `--strict`.
    case warning
    /// A problem that fails a run.
    case error

    /// `note`, `warning` or `error`.
    public var description: String {
      switch self {
      case .note: return "note"
      case .warning: return "warning"
      case .error: return "error"
      }
    }

    /// Orders by gravity.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  /// Where the problem is: a resource (or another top-level entry) and a path inside it.
  public struct Location: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The template section, such as `Resources` or `Parameters`.
    public var section: String
    /// The entry's logical ID; `nil` for the template as a whole.
    public var logicalID: LogicalID?
    /// The path inside the entry, such as `Properties.SecurityGroupIngress[1]`.
    public var path: [PathComponent]

    /// A location inside a resource.
    public init(_ logicalID: LogicalID?, _ path: [PathComponent] = [], section: String = "Resources") {
      self.section = section
      self.logicalID = logicalID
      self.path = path
    }

    /// The path from the template's root, for looking up a source position.
    public var documentPath: [PathComponent] {
      guard let logicalID else { return path }
      return [.key(section), .key(logicalID.rawValue)] + path
    }

    /// `Database.Properties.Port`.
    public var description: String {
      let inner = PathComponent.render(path)
      guard let logicalID else { return inner.isEmpty ? section : inner }
      return inner.isEmpty ? logicalID.rawValue : "\(logicalID.rawValue).\(inner)"
    }

    /// Orders by section, logical ID, then path.
    public static func < (lhs: Location, rhs: Location) -> Bool {
      if lhs.section != rhs.section { return lhs.section < rhs.section }
      if lhs.logicalID != rhs.logicalID {
        return (lhs.logicalID?.rawValue ?? "") < (rhs.logicalID?.rawValue ?? "")
      }
      return lhs.description < rhs.description
    }
  }

  /// How bad it is.
  public var severity: Severity
  /// The rule that found it, such as `LogicalIDsAreUnique`.
  public var rule: String
  /// Where it is.
  public var location: Location
  /// What is wrong: lowercase, no trailing period, naming what is allowed.
  public var message: String
  /// The line and column in the source file, when the template was read from one.
  public var position: SourcePosition?
  /// Why the finding is waived, when a template's metadata waives it.
  public var suppression: String?

  /// A diagnostic.
  public init(
    _ severity: Severity, rule: String, at location: Location, _ message: String,
    position: SourcePosition? = nil, suppression: String? = nil
  ) {
    self.severity = severity
    self.rule = rule
    self.location = location
    self.message = message
    self.position = position
    self.suppression = suppression
  }

  /// `error: [Rule] Database.Properties.Port: message`.
  public var description: String {
    "\(severity): [\(rule)] \(location): \(message)"
  }

  /// Sorts diagnostics as a reader meets them in the file: by line, then column; those without a
  /// position (a template built in memory) after, by location; then by rule and message.
  public static func inFileOrder(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.sorted { lhs, rhs in
      switch (lhs.position, rhs.position) {
      case (let left?, let right?) where left != right:
        return (left.line, left.column) < (right.line, right.column)
      case (.some, nil): return true
      case (nil, .some): return false
      default: return (lhs.location, lhs.rule, lhs.message) < (rhs.location, rhs.rule, rhs.message)
      }
    }
  }

  /// Sorts diagnostics by location, rule and message, so that reports never depend on discovery order.
  public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    diagnostics.sorted {
      ($0.location, $0.rule, $0.message) < ($1.location, $1.rule, $1.message)
    }
  }
}
