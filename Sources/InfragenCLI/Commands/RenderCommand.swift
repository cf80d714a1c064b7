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
    usage: "infragen render [--format json|yaml] [--yaml-style short|long] [--output FILE]",
    options: [
      .init(
        name: "--format", valueName: "format", allowed: ["json", "yaml"], defaultValue: "json",
        help: "The template's format."),
      .init(
        name: "--yaml-style", valueName: "style", allowed: YAMLEmitter.Style.allCases.map(\.rawValue),
        defaultValue: "short", help: "YAML intrinsics as short-form tags (!Ref) or long form (Ref:)."),
      .init(
        name: "--output", short: "-o", valueName: "file",
        help: "Write the template to this file (atomically) instead of standard output."),
    ],
    arguments: nil,
    discussion: "The stack is checked before it is printed: one with errors is not printed; its diagnostics are, and the exit code is 1.")

  static func run(_ arguments: ParsedArguments) throws(CLIError) -> CommandResult {
    let format: TemplateFormat =
      arguments.value("--format") == "yaml"
      ? .yaml(YAMLEmitter.Style(rawValue: arguments.value("--yaml-style") ?? "short") ?? .short) : .json
    return try render(ReferenceStack().stack, format: format, output: arguments.value("--output"))
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
