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
    usage: "infragen render [--format json] [--output FILE]",
    options: [
      .init(
        name: "--format", valueName: "format", allowed: ["json"], defaultValue: "json",
        help: "The template's format."),
      .init(
        name: "--output", short: "-o", valueName: "file",
        help: "Write the template to this file (atomically) instead of standard output."),
    ],
    arguments: nil,
    discussion: "The stack is checked before it is printed: one with errors is not printed; its diagnostics are, and the exit code is 1.")

  static func run(_ arguments: ParsedArguments) throws(CLIError) -> CommandResult {
    try render(ReferenceStack().stack, output: arguments.value("--output"))
  }

  /// Lowers and validates `stack`, then prints it; a stack with error findings is not printed:
  /// its findings go to standard error, with exit code 1, and no output file is written.
  static func render(_ stack: Stack, output: String?) throws(CLIError) -> CommandResult {
    let lowered = stack.lower()
    let report = ValidateCommand.report(
      lowered.template, file: ValidateCommand.referenceStackName, extra: lowered.diagnostics, strict: false)
    guard !report.findings.contains(where: { $0.severity == .error && $0.suppression == nil }) else {
      return CommandResult(exitCode: .findings, stderr: ReportFormat.text([report]))
    }
    let text = JSONEmitter().emit(lowered.template)
    if let path = output {
      try FileSystem.writeAtomically(text, to: path)
      return CommandResult()
    }
    return CommandResult(stdout: text)
  }
}
