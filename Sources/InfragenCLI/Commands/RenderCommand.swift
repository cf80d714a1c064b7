import InfragenCore
import InfragenFormats
import InfragenModel
import InfragenStacks
import InfragenValidation

/// `infragen render`: the reference stack as CloudFormation.
enum RenderCommand {
  static let spec = CommandSpec(
    name: "render",
    abstract: "Render the reference stack as a CloudFormation template.",
    usage:
      "infragen render [--config FILE] [--env NAME] [--format json|yaml] [--yaml-style short|long] [--stacks single|per-service] [--output FILE | --output-dir DIR | --check FILE|DIR]",
    options: CommandSpec.configurationOptions + [
      .init(
        name: "--format", valueName: "format", allowed: ["json", "yaml"], defaultValue: "json",
        help: "The template's format."),
      .init(
        name: "--yaml-style", valueName: "style", allowed: YAMLEmitter.Style.allCases.map(\.rawValue),
        defaultValue: "short", help: "YAML intrinsics as short-form tags (!Ref) or long form (Ref:)."),
      .init(
        name: "--output", short: "-o", valueName: "file",
        help: "Write the template to this file (atomically) instead of standard output."),
      .init(
        name: "--check", valueName: "path",
        help:
          "Compare FILE (or, with per-service stacks, every template in DIR) with what would be rendered: exit 0 if equal, 1 (naming what differs) if not."
      ),
      .init(
        name: "--stacks", valueName: "layout", allowed: ["single", "per-service"],
        help:
          "One stack, or an environment stack and one stack per service linked by exports (default: the configuration's stacks:, else single)."
      ),
      .init(
        name: "--output-dir", valueName: "dir",
        help: "Write per-service stacks here: environment.json and <service>.json (created if missing)."),
    ],
    arguments: nil,
    discussion:
      "The stack is checked before it is printed: one with errors is not printed; its diagnostics are, and the exit code is 1."
  )

  static func run(_ arguments: ParsedArguments) throws(CLIError) -> CommandResult {
    let style = YAMLEmitter.Style(rawValue: arguments.value("--yaml-style") ?? "short") ?? .short
    let output = OutputTarget(arguments.value("--output"))
    let checked = arguments.value("--check")
    if checked != nil && arguments.value("--output") != nil {
      throw .usage("--check and --output cannot be used together", command: spec.name)
    }
    // The format: --format, else the extension of the file written or checked, else JSON.
    let file = checked ?? output.path
    let isYAML =
      arguments.value("--format").map { $0 == "yaml" }
      ?? (file.map { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") } ?? false)
    if arguments.value("--yaml-style") != nil && !isYAML {
      throw .usage("--yaml-style applies to YAML: add --format yaml", command: spec.name)
    }
    let format: TemplateFormat = isYAML ? .yaml(style) : .json
    let (rendering, configuration) = try TemplateInput.rendering(arguments)
    let perService = arguments.value("--stacks").map { $0 == "per-service" } ?? rendering.perService
    if perService {
      return try renderPerService(rendering, format: format, arguments: arguments, configuration: configuration)
    }
    if arguments.value("--output-dir") != nil {
      throw .usage(
        "--output-dir writes per-service stacks: add --stacks per-service, or write one stack with --output FILE",
        command: spec.name)
    }
    if let checked {
      return try check(checked, against: rendering.stack, format: format, arguments: arguments)
    }
    try output.check(inputs: configuration.map { [($0, "the configuration file")] } ?? [])
    return try render(rendering.stack, format: format, output: output)
  }

  /// Whether `path` holds exactly what `stack` renders to: exit 0 when it does; 1, with the
  /// semantic difference (resources added, removed, changed), when it does not.
  static func check(
    _ path: String, against stack: Stack, format: TemplateFormat, arguments: ParsedArguments? = nil
  ) throws(CLIError) -> CommandResult {
    let checked = lowerAndCheck(stack)
    guard case .success(let template) = checked else { return checked.refusal }
    let bytes = try FileSystem.read(path)
    if bytes.elementsEqual(format.emit(template).utf8) {
      return CommandResult(stderr: "\(path) is up to date\n")
    }
    let existing = try TemplateInput.read(path)
    let diff = TemplateDiff(old: existing, new: template)
    let detail = diff.isEmpty ? "the same template, written differently (formatting or key order)\n" : diff.text()
    // The command that updates the file: the same options, --output instead of --check.
    var update = ["infragen", "render"]
    for option in ["--config", "--env", "--format", "--yaml-style", "--stacks"] {
      if let value = arguments?.value(option) { update += [option, Self.shellQuoted(value)] }
    }
    update += ["--output", Self.shellQuoted(path)]
    return CommandResult(
      exitCode: .findings, stdout: detail,
      stderr: "\(path) differs from the render; to update it, run: \(update.joined(separator: " "))\n")
  }

  /// What lowering and the isolation check make of a stack: its template, or the text of the
  /// findings that keep it from being printed.
  enum Checked {
    case success(Template)
    case refused(String)

    /// The result of a refused render: the findings on standard error, exit code 1.
    var refusal: CommandResult {
      if case .refused(let text) = self { return CommandResult(exitCode: .findings, stderr: text) }
      return CommandResult()
    }
  }

  /// Lowers `stack` once and checks it with the isolation rules.
  static func lowerAndCheck(_ stack: Stack) -> Checked {
    let lowered = stack.lower()
    let report = ValidateCommand.report(
      lowered.draft, file: ValidateCommand.referenceStackName, extra: lowered.diagnostics, rules: .isolation,
      strict: false)
    guard !report.findings.contains(where: { $0.severity == .error && $0.suppression == nil }),
      let template = try? lowered.template()
    else {
      return .refused(ReportFormat.text([report]))
    }
    return .success(template)
  }

  /// A word as a POSIX shell reads it back: bare when safe, single-quoted otherwise.
  static func shellQuoted(_ word: String) -> String {
    let safe = word.unicodeScalars.allSatisfy {
      $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) || "-_./=:@%+,".unicodeScalars.contains($0)
    }
    return safe && !word.isEmpty ? word : "'" + word.replacing("'", with: "'\\''") + "'"
  }

  /// How a template is written.
  enum TemplateFormat {
    case json
    case yaml(YAMLEmitter.Style)

    func emit(_ template: Template) -> String {
      switch self {
      case .json: return JSONEmitter().emit(template)
      case .yaml(let style): return YAMLEmitter(style: style).emit(template)
      }
    }
  }

  /// Lowers and validates `stack`, then prints it; a stack with error findings is not printed:
  /// the isolation rules decide (best-practice findings are warnings, which never block a render);
  /// its findings go to standard error, with exit code 1, and no output file is written.
  static func render(
    _ stack: Stack, format: TemplateFormat = .json, output: OutputTarget = .standardOutput
  ) throws(CLIError) -> CommandResult {
    let checked = lowerAndCheck(stack)
    guard case .success(let template) = checked else { return checked.refusal }
    return try output.deliver(format.emit(template))
  }
}
