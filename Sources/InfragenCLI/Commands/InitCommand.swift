import InfragenStacks

/// `infragen init`: writes a commented starter configuration.
enum InitCommand {
  static let spec = CommandSpec(
    name: "init",
    abstract:
      "Write a commented starter infragen.yaml with every setting at its default, and its JSON Schema beside it.",
    usage: "infragen init [--output FILE] [--force]",
    options: [
      .init(
        name: "--output", short: "-o", valueName: "file", defaultValue: "infragen.yaml", help: "Where to write it."),
      .init(name: "--force", help: "Overwrite an existing file."),
    ],
    arguments: nil,
    discussion:
      "The file's first line names infragen.schema.json, written beside it, so that editors with the YAML language server complete and check it; infragen schema prints the schema again after an upgrade."
  )

  /// Writes the starter file and the schema beside it, or prints the starter with `--output -`.
  /// Without `--force`, it refuses while the file exists, while a different schema file is
  /// there, or while another configuration file (`infragen.yml` beside a new `infragen.yaml`)
  /// would make the directory ambiguous; a refusal writes nothing.
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
    let directory = FileSystem.directory(of: path)
    let schema =
      directory == "." && !path.hasPrefix("./")
      ? Configuration.schemaFileName : "\(directory)/\(Configuration.schemaFileName)"
    let schemaIsCurrent =
      FileSystem.exists(schema) && (try? FileSystem.read(schema)) == Array(SettingsDocuments.jsonSchema.utf8)
    if FileSystem.exists(schema) && !schemaIsCurrent && !arguments.flag("--force") {
      throw .output(
        file: schema, message: "already exists and differs from this version's schema; pass --force to overwrite it")
    }
    try FileSystem.write(Configuration.starter, to: path)
    if !schemaIsCurrent { try FileSystem.write(SettingsDocuments.jsonSchema, to: schema) }
    return CommandResult(
      stderr: "wrote \(path) and \(schema); render it with: infragen render --config \(path)\n")
  }
}
