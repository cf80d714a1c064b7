import InfragenCore
import InfragenFormats
import InfragenModel
import InfragenStacks

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
    let lowered = ReferenceStack().stack.lower()
    let errors = lowered.diagnostics.filter { $0.severity == .error }
    guard errors.isEmpty else {
      let text = lowered.diagnostics.map { "\($0)\n" }.joined()
      return CommandResult(exitCode: .findings, stderr: text)
    }
    let text = JSONEmitter().emit(lowered.template)
    if let path = arguments.value("--output") {
      try FileSystem.writeAtomically(text, to: path)
      return CommandResult()
    }
    return CommandResult(stdout: text)
  }
}
