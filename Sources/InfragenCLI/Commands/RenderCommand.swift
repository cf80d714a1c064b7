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
    usage: "infragen render [--config FILE] [--env NAME] [--format json|yaml] [--yaml-style short|long] [--output FILE | --check FILE]",
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
        name: "--check", valueName: "file",
        help: "Compare FILE with what would be rendered: exit 0 if equal, 1 (naming what differs) if not."),
    ],
    arguments: nil,
    discussion: "The stack is checked before it is printed: one with errors is not printed; its diagnostics are, and the exit code is 1.")

  static func run(_ arguments: ParsedArguments) throws(CLIError) -> CommandResult {
    let style = YAMLEmitter.Style(rawValue: arguments.value("--yaml-style") ?? "short") ?? .short
    if let checked = arguments.value("--check") {
      guard arguments.value("--output") == nil else {
        throw .usage("--check and --output cannot be used together", command: spec.name)
      }
      let isYAML = checked.hasSuffix(".yaml") || checked.hasSuffix(".yml") || arguments.value("--format") == "yaml"
      return try check(checked, against: TemplateInput.stack(arguments).0, format: isYAML ? .yaml(style) : .json)
    }
    let format: TemplateFormat = arguments.value("--format") == "yaml" ? .yaml(style) : .json
    return try render(TemplateInput.stack(arguments).0, format: format, output: arguments.value("--output"))
  }

  /// Whether `path` holds exactly what `stack` renders to: exit 0 when it does; 1, with the
  /// semantic difference (resources added, removed, changed), when it does not.
  static func check(_ path: String, against stack: Stack, format: TemplateFormat) throws(CLIError) -> CommandResult {
    let rendered = try render(stack, format: format, output: nil)
    guard rendered.exitCode == .success else { return rendered }
    let bytes = try FileSystem.read(path)
    if bytes.elementsEqual(rendered.stdout.utf8) {
      return CommandResult(stderr: "\(path) is up to date\n")
    }
    let existing = try TemplateInput.read(path)
    let diff = TemplateDiff(old: existing, new: stack.lower().template)
    let detail = diff.isEmpty ? "the same template, written differently (formatting or key order)\n" : diff.text()
    return CommandResult(
      exitCode: .findings, stdout: detail,
      stderr: "\(path) differs from the render; run infragen render --output \(path) to update it\n")
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
  /// its findings go to standard error, with exit code 1, and no output file is written.
  static func render(_ stack: Stack, format: TemplateFormat = .json, output: String?) throws(CLIError) -> CommandResult {
    let lowered = stack.lower()
    let report = ValidateCommand.report(
      lowered.template, file: ValidateCommand.referenceStackName, extra: lowered.diagnostics, strict: false)
    guard !report.findings.contains(where: { $0.severity == .error && $0.suppression == nil }) else {
      return CommandResult(exitCode: .findings, stderr: ReportFormat.text([report]))
    }
    let text = format.emit(lowered.template)
    if let path = output {
      try FileSystem.writeAtomically(text, to: path)
      return CommandResult()
    }
    return CommandResult(stdout: text)
  }
}
