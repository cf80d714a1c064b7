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

  /// Writes the starter file, or prints it with `--output -`. Without `--force`, it refuses
  /// while the file exists, or while another configuration file (`infragen.yml` beside a new
  /// `infragen.yaml`) would make the directory ambiguous.
  static func run(_ arguments: ParsedArguments) throws(CLIError) -> CommandResult {
    let target = OutputTarget(arguments.value("--output") ?? Configuration.fileNames[0])
    try target.check(inputs: [])
    guard let path = target.path else { return try target.deliver(Configuration.starter) }
    if !arguments.flag("--force") {
      if FileSystem.exists(path) {
        throw .output(file: path, message: "already exists; pass --force to overwrite it")
      }
      let directory = FileSystem.directory(of: path)
      let name = path.split(separator: "/").last.map(String.init) ?? path
      if Configuration.fileNames.contains(name) {
        let others = Configuration.fileNames.map {
          directory == "." && !path.hasPrefix("./") ? $0 : "\(directory)/\($0)"
        }
        .filter(FileSystem.exists)
        if !others.isEmpty {
          throw .output(
            file: path,
            message:
              "\(others.joined(separator: ", ")) already \(others.count == 1 ? "exists" : "exist"); a second configuration file would make the directory ambiguous (pass --force to write it anyway)"
          )
        }
      }
    }
    try FileSystem.write(Configuration.starter, to: path)
    return CommandResult(stderr: "wrote \(path); render it with: infragen render --config \(path)\n")
  }
}
