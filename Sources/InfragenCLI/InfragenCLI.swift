import InfragenCore

/// The `infragen` command line, as a library so that tests run it in-process.
public enum InfragenCLI {
  /// The version `--version` prints.
  public static let version = "0.1.0"

  /// Runs `infragen` with `arguments` (without the program name) and returns what it printed and
  /// its exit code. It never traps on bad input: every failure is a ``CommandResult``.
  public static func run(_ arguments: [String]) -> CommandResult {
    do {
      return try dispatch(arguments)
    } catch {
      return error.result
    }
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
      return CommandResult(stdout: "infragen \(version)\n")
    case "help":
      guard let name = rest.first else { return CommandResult(stdout: CommandSpec.rootHelp) }
      guard let spec = CommandSpec.named(name) else { throw unknownCommand(name) }
      guard rest.count == 1 else {
        throw .usage("Unexpected argument '\(rest[1])'", command: nil)
      }
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
    (GraphCommand.spec, GraphCommand.run), (DiffCommand.spec, DiffCommand.run), (InitCommand.spec, InitCommand.run),
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
