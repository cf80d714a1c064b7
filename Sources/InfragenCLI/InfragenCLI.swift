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
      return CommandResult(stdout: "infragen \(version)\n")
    case "help":
      guard let name = rest.first else { return CommandResult(stdout: CommandSpec.rootHelp) }
      guard let spec = CommandSpec.named(name) else { throw unknownCommand(name) }
      guard rest.count == 1 else {
        throw .usage("Unexpected argument '\(rest[1])'", command: nil)
      }
      return CommandResult(stdout: spec.helpText)
    case RenderCommand.spec.name:
      let parsed = try ParsedArguments(rest, spec: RenderCommand.spec)
      if parsed.wantsHelp { return CommandResult(stdout: RenderCommand.spec.helpText) }
      return try RenderCommand.run(parsed)
    case ValidateCommand.spec.name:
      let parsed = try ParsedArguments(rest, spec: ValidateCommand.spec)
      if parsed.wantsHelp { return CommandResult(stdout: ValidateCommand.spec.helpText) }
      return try ValidateCommand.run(parsed)
    case InitCommand.spec.name:
      let parsed = try ParsedArguments(rest, spec: InitCommand.spec)
      if parsed.wantsHelp { return CommandResult(stdout: InitCommand.spec.helpText) }
      return try InitCommand.run(parsed)
    case DiffCommand.spec.name:
      let parsed = try ParsedArguments(rest, spec: DiffCommand.spec)
      if parsed.wantsHelp { return CommandResult(stdout: DiffCommand.spec.helpText) }
      return try DiffCommand.run(parsed)
    case GraphCommand.spec.name:
      let parsed = try ParsedArguments(rest, spec: GraphCommand.spec)
      if parsed.wantsHelp { return CommandResult(stdout: GraphCommand.spec.helpText) }
      return try GraphCommand.run(parsed)
    default:
      throw unknownCommand(first)
    }
  }

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
