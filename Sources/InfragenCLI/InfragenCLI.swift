import InfragenBuildInfo
import InfragenCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `infragen` command line, as a library so that tests run it in-process.
public enum InfragenCLI {
  /// The version `--version` prints, and the release archive's name carries.
  public static let version = "0.2.0"

  /// The commit the binary was built from (`unknown` outside a git checkout).
  public static var commit: String { String(cString: infragen_build_commit()) }

  /// Runs `infragen` with `arguments` (without the program name) and returns what it printed and
  /// its exit code. It never traps on bad input: every failure is a ``CommandResult``.
  public static func run(_ arguments: [String]) -> CommandResult {
    do {
      return try dispatch(arguments)
    } catch {
      return error.result
    }
  }

  /// Runs `infragen` as a process does: the command, then its output written to the standard
  /// streams. A failed write to standard output (a full disk, `/dev/full`, a size limit) is an
  /// error of its own, named on standard error, with exit code 2; a reader that went away (a
  /// closed pipe) ends the run quietly with exit code 2.
  /// The process exits here, holding the result, so that what the command read is never
  /// freed piece by piece.
  public static func main(_ arguments: [String]) -> Never {
    signal(SIGPIPE, SIG_IGN)
    let result = run(arguments)
    let status = write(result, stdout: 1, stderr: 2)
    withExtendedLifetime(result) { exit(status) }
  }

  /// Writes a result to two descriptors and returns the exit status, 2 when standard output
  /// could not be written.
  static func write(_ result: CommandResult, stdout: Int32, stderr: Int32) -> Int32 {
    var failure = FileSystem.writeAll(Array(result.stdout.utf8), to: stdout)
    if failure == 0, close(stdout) != 0, errno != EBADF { failure = errno }
    var message = result.stderr
    if failure != 0 && failure != EPIPE {
      message += "error: writing standard output: \(FileSystem.describe(failure))\n"
    }
    _ = FileSystem.writeAll(Array(message.utf8), to: stderr)
    return failure != 0 ? ExitCode.usage.rawValue : result.exitCode.rawValue
  }

  private static func dispatch(_ arguments: [String]) throws(CLIError) -> CommandResult {
    guard let first = arguments.first else {
      return CommandResult(exitCode: .usage, stderr: CommandSpec.rootHelp)
    }
    let rest = Array(arguments.dropFirst())
    switch first {
    case "--help", "-h":
      return CommandResult(stdout: CommandSpec.rootHelp)
    case "--version":
      if let extra = rest.first { throw .usage("Unexpected argument '\(extra)'", command: nil) }
      return CommandResult(stdout: "infragen \(version) (\(commit))\n")
    case "help":
      let parsed = try ParsedArguments(rest, spec: CommandSpec.helpCommand)
      if parsed.wantsHelp { return CommandResult(stdout: CommandSpec.helpCommand.helpText) }
      guard let name = parsed.positionals.first else { return CommandResult(stdout: CommandSpec.rootHelp) }
      guard parsed.positionals.count == 1 else {
        throw .usage("Unexpected argument '\(parsed.positionals[1])'", command: "help")
      }
      if name == "help" { return CommandResult(stdout: CommandSpec.helpCommand.helpText) }
      guard let spec = CommandSpec.named(name) else { throw unknownCommand(name) }
      return CommandResult(stdout: spec.helpText)
    default:
      guard let (spec, run) = commands.first(where: { $0.spec.name == first }) else { throw unknownCommand(first) }
      let parsed = try ParsedArguments(rest, spec: spec)
      if parsed.wantsHelp { return CommandResult(stdout: spec.helpText) }
      return try run(parsed)
    }
  }

  /// Each command's spec and what runs it, in the order help lists them.
  static let commands: [(spec: CommandSpec, run: @Sendable (ParsedArguments) throws(CLIError) -> CommandResult)] = [
    (RenderCommand.spec, RenderCommand.run), (ValidateCommand.spec, ValidateCommand.run),
    (AuditCommand.spec, AuditCommand.run), (GraphCommand.spec, GraphCommand.run), (DiffCommand.spec, DiffCommand.run),
    (InitCommand.spec, InitCommand.run),
    (SchemaCommand.spec, SchemaCommand.run), (CompletionsCommand.spec, CompletionsCommand.run),
  ]

  private static func unknownCommand(_ name: String) -> CLIError {
    if name.hasPrefix("-") {
      let hint = Suggestion.closest(to: name, in: ["--help", "--version"]).map { ". Did you mean '\($0)'?" } ?? ""
      return .usage("Unknown option '\(name)'\(hint)", command: nil)
    }
    let names = CommandSpec.all.map(\.name) + ["help"]
    let hint = Suggestion.closest(to: name, in: names).map { ". Did you mean '\($0)'?" } ?? ""
    return .usage("Unknown command '\(name)'\(hint)", command: nil)
  }
}
