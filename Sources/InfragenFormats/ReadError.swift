import InfragenCore

/// Why a template file could not be read: what was expected, and where in the file.
///
/// Readers throw it for text that is not a template at all (bad JSON, a missing `Resources`
/// section, a malformed intrinsic function). Problems with the infrastructure a well-formed
/// template describes are diagnostics, found later by the validator.
public struct ReadError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The line and column of the problem, counted from 1 (columns count Unicode scalars), when known.
  public var position: SourcePosition?
  /// What is wrong: lowercase, no trailing period, saying what was expected.
  public var message: String

  /// An error with a message and, when known, the position it refers to.
  public init(_ message: String, at position: SourcePosition? = nil) {
    self.message = message
    self.position = position
  }

  /// `LINE:COL: message`, or just the message when there is no position.
  public var description: String {
    guard let position else { return message }
    return "\(position): \(message)"
  }
}
