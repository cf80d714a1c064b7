import InfragenCore

/// How a run ended, as the shell sees it: 0 clean, 1 findings, 2 usage or unreadable input.
public struct ExitCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
  /// The process exit status.
  public let rawValue: Int32

  /// An exit code.
  public init(rawValue: Int32) { self.rawValue = rawValue }

  /// Nothing wrong (warnings allowed unless `--strict`).
  public static let success = ExitCode(rawValue: 0)
  /// Error findings, or a file that differs from what it should be.
  public static let findings = ExitCode(rawValue: 1)
  /// A usage error, or input that cannot be read or parsed.
  public static let usage = ExitCode(rawValue: 2)

  /// The number.
  public var description: String { String(rawValue) }
}

/// What a command printed and how it ended; the executable copies it to the real streams.
public struct CommandResult: Sendable {
  /// The exit code.
  public var exitCode: ExitCode
  /// What goes to standard output.
  public var stdout: String
  /// What goes to standard error.
  public var stderr: String
  /// What the command read, kept until the process exits: ``InfragenCLI/main(_:)`` exits
  /// while it holds them, so that the system takes the memory back at once instead of the
  /// program freeing every node of every template (a tenth of a run).
  var kept: [Template] = []

  /// A result.
  public init(exitCode: ExitCode = .success, stdout: String = "", stderr: String = "") {
    self.exitCode = exitCode
    self.stdout = stdout
    self.stderr = stderr
  }
}

/// Everything that stops a command before it can do its work. One place maps each to its text and
/// exit code (``CLIError/result``).
public enum CLIError: Error, Sendable {
  /// The command line is wrong: an unknown command, option or value, or a missing argument.
  case usage(String, command: String?)
  /// An input file cannot be read or parsed: `file:line:col: error: message`.
  case input(file: String, line: Int?, column: Int?, message: String)
  /// An output file cannot be written.
  case output(file: String, message: String)
  /// A configuration file has errors: one line each, `file:line:col: error: key.path: message`.
  case configuration([String])
  /// Anything else that stops a command before it starts: `error: message`.
  case message(String)

  /// The error's text on standard error and its exit code.
  var result: CommandResult {
    switch self {
    case .usage(let message, let command):
      let spec = command.flatMap(CommandSpec.named) ?? CommandSpec.root
      let helpCommand = command.map { "infragen \($0) --help" } ?? "infragen --help"
      return CommandResult(
        exitCode: .usage,
        stderr: "Error: \(message)\nUsage: \(spec.usage)\n  See '\(helpCommand)' for more information.\n")
    case .input(let file, let line, let column, let message):
      let place = [line, column].compactMap { $0 }.map(String.init).joined(separator: ":")
      return CommandResult(
        exitCode: .usage, stderr: "\(file)\(place.isEmpty ? "" : ":" + place): error: \(message)\n")
    case .output(let file, let message):
      return CommandResult(exitCode: .usage, stderr: "\(file): error: \(message)\n")
    case .configuration(let lines):
      return CommandResult(exitCode: .usage, stderr: lines.map { $0 + "\n" }.joined())
    case .message(let message):
      return CommandResult(exitCode: .usage, stderr: "error: \(message)\n")
    }
  }
}
