/// What a command accepts: its options, their values, and its help text.
struct CommandSpec: Sendable {
  /// One option.
  struct Option: Sendable {
    /// `--format`.
    var name: String
    /// `-o`, if the option has a short form.
    var short: String?
    /// `format` when the option takes a value; `nil` for a flag.
    var valueName: String?
    /// The values allowed, when they are a fixed set.
    var allowed: [String]?
    /// The default, shown in help.
    var defaultValue: String?
    /// One line of help.
    var help: String
    /// Whether the option may be given more than once (each value counts); a single-value
    /// option given twice is a usage error, since one of the two would be ignored.
    var repeatable = false
    /// How many values follow the option (`--explain SOURCE TARGET` takes two).
    var arity = 1
  }

  /// `render`.
  var name: String
  /// One line: what the command does.
  var abstract: String
  /// `infragen render [--format json] [--output FILE]`.
  var usage: String
  /// The options besides `--help`.
  var options: [Option]
  /// The positional arguments' name and help, when the command takes some.
  var arguments: (name: String, help: String)?
  /// Extra help text after the options.
  var discussion: String?

  static let help = Option(name: "--help", short: "-h", help: "Show help information.")

  /// `--config` and `--env`, for the commands that build the reference stack.
  static let configurationOptions = [
    Option(
      name: "--config", valueName: "file",
      help: "The configuration file. Defaults to infragen.yaml, infragen.yml or infragen.json here, if present."),
    Option(name: "--env", valueName: "name", help: "The environment under 'environments' whose overrides apply."),
  ]

  /// The help page, sections as swift-argument-parser prints them.
  var helpText: String {
    var text = "OVERVIEW: \(abstract)\n\nUSAGE: \(usage)\n"
    if let arguments {
      text += "\nARGUMENTS:\n" + Self.row("<\(arguments.name)>", arguments.help)
    }
    text += "\nOPTIONS:\n"
    for option in options + [Self.help] {
      var label = option.short.map { "\($0), " } ?? ""
      label += option.name
      if let valueName = option.valueName { label += " <\(valueName)>" }
      var help = option.help
      if let allowed = option.allowed { help += " (values: \(allowed.joined(separator: ", ")))" }
      if let defaultValue = option.defaultValue { help += " (default: \(defaultValue))" }
      text += Self.row(label, help)
    }
    if let discussion { text += "\n\(discussion)\n" }
    return text
  }

  /// A help row: two spaces, the label padded to 24 columns, the help.
  static func row(_ label: String, _ help: String) -> String {
    let padded = "  " + label
    if padded.count < 26 {
      return padded + String(repeating: " ", count: 26 - padded.count) + help + "\n"
    }
    return padded + "\n" + String(repeating: " ", count: 26) + help + "\n"
  }

  /// The commands, in the order help lists them.
  static var all: [CommandSpec] { InfragenCLI.commands.map(\.spec) }

  /// The command with this name (`help` included).
  static func named(_ name: String) -> CommandSpec? {
    name == helpCommand.name ? helpCommand : all.first { $0.name == name }
  }

  /// `infragen help`.
  static let helpCommand = CommandSpec(
    name: "help", abstract: "Show help for a subcommand.", usage: "infragen help [<subcommand>]", options: [],
    arguments: (name: "subcommand", help: "The subcommand to describe. Without one, the overview of infragen."),
    discussion: nil)

  /// `infragen` itself.
  static let root = CommandSpec(
    name: "infragen",
    abstract: "Render the reference AWS stack as CloudFormation and prove its network isolation.",
    usage: "infragen <subcommand> [options]",
    options: [Option(name: "--version", help: "Show the version.")],
    arguments: nil,
    discussion: nil)

  /// The root help page, with the subcommands.
  static var rootHelp: String {
    var text = root.helpText
    text += "\nSUBCOMMANDS:\n"
    for command in all { text += row(command.name, command.abstract) }
    text += row(helpCommand.name, helpCommand.abstract)
    text += "\n  See 'infragen help <subcommand>' for detailed help.\n"
    return text
  }
}
