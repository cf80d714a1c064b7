import InfragenCore

/// The command line of one command, parsed against its ``CommandSpec``.
struct ParsedArguments: Sendable {
  /// Each option's values, in order given.
  private(set) var values: [(name: String, value: String)] = []
  /// Flags given.
  private(set) var flags: [String] = []
  /// Positional arguments.
  private(set) var positionals: [String] = []
  /// Whether `--help` or `-h` was given.
  var wantsHelp: Bool { flags.contains("--help") }

  /// The value given for an option.
  func value(_ name: String) -> String? { values.last { $0.name == name }?.value }
  /// Every value given for an option.
  func allValues(_ name: String) -> [String] { values.filter { $0.name == name }.map(\.value) }
  /// Whether a flag was given.
  func flag(_ name: String) -> Bool { flags.contains(name) }

  /// Parses `arguments` (after the command name).
  /// - Throws: ``CLIError/usage(_:command:)`` for an unknown option (with a did-you-mean), a
  ///   missing value, a value outside the allowed set, or a positional argument the command does
  ///   not take.
  init(_ arguments: [String], spec: CommandSpec) throws(CLIError) {
    let options = spec.options + [CommandSpec.help]
    var index = 0
    var onlyPositionals = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
        guard spec.arguments != nil else {
          throw .usage("Unexpected argument '\(argument)'", command: spec.name)
        }
        positionals.append(argument)
        continue
      }
      if argument == "--" {
        onlyPositionals = true
        continue
      }
      var name = argument
      var inlineValue: String?
      if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
        name = String(argument[..<equals])
        inlineValue = String(argument[argument.index(after: equals)...])
      }
      guard let option = options.first(where: { $0.name == name || $0.short == name }) else {
        let names = options.map(\.name)
        let hint = Suggestion.closest(to: name, in: names).map { ". Did you mean '\($0)'?" } ?? ""
        throw .usage("Unknown option '\(name)'\(hint)", command: spec.name)
      }
      guard let valueName = option.valueName else {
        if inlineValue != nil {
          throw .usage("Option '\(option.name)' takes no value", command: spec.name)
        }
        if !flags.contains(option.name) { flags.append(option.name) }
        continue
      }
      if option.arity > 1 {
        guard inlineValue == nil, index + option.arity <= arguments.count else {
          throw .usage(
            "'\(option.name)' takes \(option.arity) values: \(option.name) <\(valueName)>", command: spec.name)
        }
        if values.contains(where: { $0.name == option.name }) {
          throw .usage("Option '\(option.name)' is given more than once; give it once", command: spec.name)
        }
        for value in arguments[index..<(index + option.arity)] { values.append((option.name, value)) }
        index += option.arity
        continue
      }
      let value: String
      if let inlineValue {
        value = inlineValue
      } else if index < arguments.count {
        value = arguments[index]
        index += 1
      } else {
        throw .usage("Missing value for '\(option.name) <\(valueName)>'", command: spec.name)
      }
      if let allowed = option.allowed, !allowed.contains(value) {
        let hint = Suggestion.closest(to: value, in: allowed).map { ". Did you mean '\($0)'?" } ?? ""
        throw .usage(
          "The value '\(value)' is invalid for '\(option.name) <\(valueName)>'; expected one of \(allowed.joined(separator: ", "))\(hint)",
          command: spec.name)
      }
      if !option.repeatable, values.contains(where: { $0.name == option.name }) {
        throw .usage("Option '\(option.name)' is given more than once; give it once", command: spec.name)
      }
      values.append((option.name, value))
    }
  }
}
