import InfragenCore

/// One thing wrong with a configuration file: where, which key, what is wrong and what is allowed.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The file.
  public var file: String
  /// Where in the file, when known.
  public var position: SourcePosition?
  /// The key's dotted path, such as `service.count.max`.
  public var keyPath: String
  /// What is wrong, with what is allowed in parentheses.
  public var message: String

  /// An error.
  public init(file: String, position: SourcePosition?, keyPath: String, message: String) {
    self.file = file
    self.position = position
    self.keyPath = keyPath
    self.message = message
  }

  /// `file:line:col: error: key.path: message (allowed)`.
  public var description: String {
    let place = position.map { "\(file):\($0.line):\($0.column)" } ?? file
    return keyPath.isEmpty ? "\(place): error: \(message)" : "\(place): error: \(keyPath): \(message)"
  }
}

/// Every error of a configuration file, reported at once.
public struct ConfigurationErrors: Error, Sendable {
  /// The errors, in file order.
  public var errors: [ConfigurationError]
}
