import InfragenCore
import InfragenStacks

/// `infragen completions bash|zsh|fish`: a completion script made from the commands' specs, so
/// that it completes every command, option and fixed value there is, file names where a file
/// goes, and the configuration's environments after `--env`.
enum CompletionsCommand {
  static let shells = ["bash", "zsh", "fish"]

  static let spec = CommandSpec(
    name: "completions",
    abstract: "Print a shell completion script for bash, zsh or fish.",
    usage: "infragen completions bash|zsh|fish | infragen completions --environments [--config FILE]",
    options: [
      .init(
        name: "--environments",
        help: "Print the configuration's environments, one per line (what the scripts call to complete --env)."),
      .init(
        name: "--config", valueName: "file",
        help:
          "With --environments: the configuration file. Defaults to infragen.yaml, infragen.yml or infragen.json here."),
    ],
    arguments: (name: "shell", help: "bash, zsh or fish."),
    discussion: """
      Install:
        bash  echo 'source <(infragen completions bash)' >> ~/.bashrc
        zsh   infragen completions zsh > "${fpath[1]}/_infragen"   (or: source <(infragen completions zsh))
        fish  infragen completions fish > ~/.config/fish/completions/infragen.fish
      """)

  static func run(_ arguments: ParsedArguments) throws(CLIError) -> CommandResult {
    if arguments.flag("--environments") {
      if let extra = arguments.positionals.first {
        throw .usage("--environments takes no shell, found '\(extra)'", command: spec.name)
      }
      // Completion must never print an error into the command line: no configuration, or one
      // that does not read, has no environments.
      guard let path = try? TemplateInput.configurationPath(arguments),
        let (root, _, _) = try? TemplateInput.readDocument(path)
      else { return CommandResult() }
      return CommandResult(stdout: Configuration.environments(in: root).map { $0 + "\n" }.joined())
    }
    guard let shell = arguments.positionals.first else {
      throw .usage("give a shell: \(shells.joined(separator: ", "))", command: spec.name)
    }
    guard arguments.positionals.count == 1 else {
      throw .usage("Unexpected argument '\(arguments.positionals[1])'", command: spec.name)
    }
    switch shell {
    case "bash": return CommandResult(stdout: CompletionScripts.bash)
    case "zsh": return CommandResult(stdout: CompletionScripts.zsh)
    case "fish": return CommandResult(stdout: CompletionScripts.fish)
    default:
      let hint = Suggestion.closest(to: shell, in: shells).map { "; did you mean '\($0)'?" } ?? ""
      throw .usage("'\(shell)' is not a shell infragen completes (bash, zsh, fish)\(hint)", command: spec.name)
    }
  }
}

/// What completes an option's value.
enum ValueCompletion: Equatable {
  /// One of these words.
  case words([String])
  /// A file name.
  case files
  /// A directory name.
  case directories
  /// An environment of the configuration.
  case environments
  /// Nothing: a free value.
  case none
}

extension CommandSpec.Option {
  /// What completes this option's value, from its allowed values or what its value names.
  var completion: ValueCompletion {
    if let allowed { return .words(allowed) }
    switch valueName {
    case "file", "path": return .files
    case "dir": return .directories
    case "name" where name == "--env": return .environments
    default: return .none
    }
  }

  /// The help's first sentence, for the shells that show one beside each option.
  var shortHelp: String {
    let sentence = help.split(separator: ".", maxSplits: 1).first.map(String.init) ?? help
    return sentence.split(separator: ";", maxSplits: 1).first.map(String.init) ?? sentence
  }
}

/// The three scripts, made from ``CommandSpec/all``.
enum CompletionScripts {
  /// Every command a script completes, `help` last.
  static var commands: [CommandSpec] { CommandSpec.all + [CommandSpec.helpCommand] }

  /// What completes a command's positional arguments: file names, fixed words (the commands
  /// `help` describes, the shells `completions` writes for), or nothing.
  static func positionals(_ command: CommandSpec) -> ValueCompletion {
    switch command.name {
    case CommandSpec.helpCommand.name: return .words(CommandSpec.all.map(\.name))
    case CompletionsCommand.spec.name: return .words(CompletionsCommand.shells)
    default: return ["file", "old> <new"].contains(command.arguments?.name ?? "") ? .files : .none
    }
  }

  // MARK: bash

  static var bash: String {
    let names = commands.map(\.name) + ["--help", "--version"]
    var script = """
      # bash completion for infragen: source <(infragen completions bash)
      _infragen_environments() {
        local config="" i
        for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
          [[ ${COMP_WORDS[i]} == --config ]] && config=${COMP_WORDS[i + 1]}
        done
        "${COMP_WORDS[0]}" completions --environments ${config:+--config "$config"} 2>/dev/null
      }

      _infragen_files() {
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$1")
      }

      _infragen() {
        local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
        COMPREPLY=()
        if ((COMP_CWORD == 1)); then
          COMPREPLY=($(compgen -W "\(names.joined(separator: " "))" -- "$cur"))
          return
        fi
        case ${COMP_WORDS[1]} in

      """
    for command in commands {
      script += "    \(command.name))\n"
      var values = ""
      for option in command.options {
        let names = ([option.name] + (option.short.map { [$0] } ?? [])).joined(separator: "|")
        switch option.completion {
        case .words(let words):
          values +=
            "        \(names)) COMPREPLY=($(compgen -W \"\(words.joined(separator: " "))\" -- \"$cur\")); return ;;\n"
        case .files: values += "        \(names)) _infragen_files \"$cur\"; return ;;\n"
        case .directories:
          values +=
            "        \(names)) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- \"$cur\"); return ;;\n"
        case .environments:
          values += "        \(names)) COMPREPLY=($(compgen -W \"$(_infragen_environments)\" -- \"$cur\")); return ;;\n"
        case .none where option.valueName != nil: values += "        \(names)) return ;;\n"
        case .none: break
        }
      }
      if !values.isEmpty { script += "      case $prev in\n" + values + "      esac\n" }
      let options = (command.options + [CommandSpec.help]).map(\.name)
      script += "      if [[ $cur == -* ]]; then\n"
      script += "        COMPREPLY=($(compgen -W \"\(options.joined(separator: " "))\" -- \"$cur\"))\n"
      switch positionals(command) {
      case .files: script += "      else\n        _infragen_files \"$cur\"\n"
      case .words(let words):
        script += "      else\n        COMPREPLY=($(compgen -W \"\(words.joined(separator: " "))\" -- \"$cur\"))\n"
      default: break
      }
      script += "      fi\n      ;;\n"
    }
    script += """
        esac
      }

      complete -F _infragen infragen

      """
    return script
  }

  // MARK: zsh

  /// Text inside a zsh `_arguments` spec's brackets or a `_describe` entry: `[`, `]`, `:` and
  /// `\` escaped, and `'` closed and reopened.
  static func zshEscaped(_ text: String) -> String {
    var result = ""
    for character in text {
      switch character {
      case "[", "]", ":", "\\": result += "\\\(character)"
      case "'": result += "'\\''"
      default: result.append(character)
      }
    }
    return result
  }

  static var zsh: String {
    var script = """
      #compdef infragen
      # zsh completion for infragen: infragen completions zsh > "${fpath[1]}/_infragen"

      _infragen_environments() {
        local -a environments
        local config=${opt_args[--config]}
        environments=(${(f)"$(${words[1]} completions --environments ${config:+--config "$config"} 2>/dev/null)"})
        _describe 'environment' environments
      }

      _infragen() {
        local curcontext=$curcontext state line
        typeset -A opt_args
        if (( CURRENT == 2 )); then
          local -a commands=(

      """
    for command in commands {
      script += "      '\(command.name):\(zshEscaped(command.abstract))'\n"
    }
    script += """
          )
          _describe 'command' commands
          _arguments '--help[Show help information]' '--version[Show the version]'
          return
        fi
        local command=${words[2]}
        shift words
        (( CURRENT-- ))
        case $command in

      """
    for command in commands {
      script += "    \(command.name))\n      _arguments -s \\\n"
      for option in command.options + [CommandSpec.help] {
        let repeat_ = option.repeatable ? "*" : ""
        let spec = "\(repeat_)\(option.name)[\(zshEscaped(option.shortHelp))]"
        let value: String
        switch option.completion {
        case .words(let words): value = ":\(option.valueName ?? "value"):(\(words.joined(separator: " ")))"
        case .files: value = ":file:_files"
        case .directories: value = ":directory:_files -/"
        case .environments: value = ":environment:_infragen_environments"
        case .none where option.arity == 2: value = ":source: :target: "
        case .none where option.valueName != nil: value = ":\(option.valueName ?? "value"): "
        case .none: value = ""
        }
        script += "        '\(spec)\(value)' \\\n"
      }
      switch positionals(command) {
      case .files: script += "        '*:file:_files'\n"
      case .words(let words):
        script += "        '1:\(command.arguments?.name ?? "word"):(\(words.joined(separator: " ")))'\n"
      default: script += "        && return\n"
      }
      script += "      ;;\n"
    }
    script += """
        esac
      }

      if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
        _infragen "$@"
      else
        compdef _infragen infragen
      fi

      """
    return script
  }

  // MARK: fish

  /// Text in single quotes for fish: `\` and `'` escaped.
  static func fishQuoted(_ text: String) -> String {
    "'" + text.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
  }

  static var fish: String {
    var script = """
      # fish completion for infragen: infragen completions fish > ~/.config/fish/completions/infragen.fish
      function __infragen_environments
          set -l tokens (commandline -opc)
          set -l config
          for index in (seq (count $tokens))
              if test "$tokens[$index]" = --config; and test $index -lt (count $tokens)
                  set config --config $tokens[(math $index + 1)]
              end
          end
          $tokens[1] completions --environments $config 2>/dev/null
      end

      complete -c infragen -f
      complete -c infragen -n __fish_use_subcommand -l help -s h -d 'Show help information'
      complete -c infragen -n __fish_use_subcommand -l version -d 'Show the version'

      """
    for command in commands {
      script +=
        "complete -c infragen -n __fish_use_subcommand -a \(command.name) -d \(fishQuoted(command.abstract))\n"
    }
    for command in commands {
      let when = "-n '__fish_seen_subcommand_from \(command.name)'"
      for option in command.options + [CommandSpec.help] {
        var line = "complete -c infragen \(when) -l \(option.name.dropFirst(2))"
        if let short = option.short { line += " -s \(short.dropFirst())" }
        switch option.completion {
        case .words(let words): line += " -x -a \(fishQuoted(words.joined(separator: " ")))"
        case .files: line += " -r -F"
        case .directories: line += " -x -a '(__fish_complete_directories)'"
        case .environments: line += " -x -a '(__infragen_environments)'"
        case .none where option.valueName != nil: line += " -x"
        case .none: break
        }
        script += line + " -d \(fishQuoted(option.shortHelp))\n"
      }
      switch positionals(command) {
      case .files: script += "complete -c infragen \(when) -F\n"
      case .words(let words): script += "complete -c infragen \(when) -a \(fishQuoted(words.joined(separator: " ")))\n"
      default: break
      }
    }
    return script
  }
}
