import InfragenStacks

/// `infragen init`: writes a commented starter configuration.
enum InitCommand {
  static let spec = CommandSpec(
    name: "init",
    abstract: "Write a commented starter infragen.yaml with every setting at its default.",
    usage: "infragen init [--output FILE] [--force]",
    options: [
      .init(
        name: "--output", short: "-o", valueName: "file", defaultValue: "infragen.yaml", help: "Where to write it."),
      .init(name: "--force", help: "Overwrite an existing file."),
    ],
    arguments: nil,
    discussion: nil)

  static func run(_ arguments: ParsedArguments) throws(CLIError) -> CommandResult {
    let path = arguments.value("--output") ?? "infragen.yaml"
    if !arguments.flag("--force"), FileSystem.exists(path) {
      throw .output(file: path, message: "already exists; pass --force to overwrite it")
    }
    try FileSystem.writeAtomically(Configuration.starter, to: path)
    return CommandResult(stderr: "wrote \(path); render it with: infragen render --config \(path)\n")
  }
}
