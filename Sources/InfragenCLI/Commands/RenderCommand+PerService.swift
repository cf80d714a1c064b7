import InfragenCore
import InfragenModel
import InfragenStacks
import InfragenValidation

/// `infragen render --stacks per-service`: the environment stack and one stack per service,
/// written to a directory or checked against one.
extension RenderCommand {
  /// Renders (`--output-dir DIR`) or checks (`--check DIR`) the per-service stacks of an
  /// application. The stacks are validated together first; with an error nothing is written.
  static func renderPerService(
    _ rendering: Configuration.Rendering, format: TemplateFormat, arguments: ParsedArguments,
    configuration: String?
  ) throws(CLIError) -> CommandResult {
    guard let split = rendering.perServiceStacks else {
      throw .usage(
        "per-service stacks divide the services of an application (services: in infragen.yaml); the reference stack is one service: render it as one stack",
        command: spec.name)
    }
    if arguments.value("--output") != nil {
      throw .usage(
        "--output writes one file, and per-service stacks are several: give --output-dir DIR", command: spec.name)
    }
    let checked = arguments.value("--check")
    let directory = arguments.value("--output-dir")
    if checked != nil && directory != nil {
      throw .usage("--check and --output-dir cannot be used together", command: spec.name)
    }
    guard let target = checked ?? directory else {
      throw .usage(
        "per-service stacks are several files: give --output-dir DIR to write them (or --check DIR to compare them)",
        command: spec.name)
    }
    let parts: [(file: String, template: Template)]
    switch lowerAndSplit(rendering.stack, split, format: format) {
    case .success(let split): parts = split
    case .failure(let refusal): return CommandResult(exitCode: .findings, stderr: refusal.text)
    }
    if checked != nil { return try check(directory: target, parts, format: format, arguments: arguments) }
    let paths = parts.map { path(target, $0.file) }
    for path in paths {
      try FileSystem.refuseOverwritingInputs(path, configuration.map { [($0, "the configuration file")] } ?? [])
    }
    try FileSystem.makeDirectory(target)
    for (path, part) in zip(paths, parts) { try FileSystem.write(format.emit(part.template), to: path) }
    return CommandResult(stderr: "wrote \(paths.joined(separator: ", ")) (deploy them in this order)\n")
  }

  /// The findings that keep per-service stacks from being written.
  struct Refusal: Error {
    var text: String
  }

  /// Lowers the whole stack, splits it, and checks the parts together with the isolation rules
  /// and CloudFormation's quotas (which the whole stack may exceed: that is what splitting is for).
  static func lowerAndSplit(
    _ stack: Stack, _ split: StackSplit, format: TemplateFormat
  ) -> Result<[(file: String, template: Template)], Refusal> {
    let lowered = stack.lower()
    let diagnostics = lowered.diagnostics.filter { $0.rule != LoweredStack.quotaRule }
    if diagnostics.contains(where: { $0.severity == .error }) {
      let report = ValidateCommand.report(
        lowered.draft, file: ValidateCommand.referenceStackName, findings: diagnostics, strict: false)
      return .failure(Refusal(text: ReportFormat.text([report])))
    }
    let parts = split.split(lowered.draft).map { (file: $0.name + format.fileExtension, template: $0.template) }
    let findings = Validator(.isolation).validate(stacks: parts.map(\.template))
    let reports = parts.enumerated().map { index, part in
      ValidateCommand.report(
        part.template, file: part.file, findings: LoweredStack.quotaProblems(part.template) + findings[index],
        strict: false)
    }
    if reports.contains(where: { $0.findings.contains { $0.severity == .error && $0.suppression == nil } }) {
      return .failure(Refusal(text: ReportFormat.text(reports)))
    }
    return .success(parts)
  }

  /// Whether `directory` holds exactly the stacks rendered: each one present and equal, and no
  /// other template (a stack of a service that is gone). Exit 0 when it does, 1 naming each
  /// difference when it does not.
  static func check(
    directory: String, _ parts: [(file: String, template: Template)], format: TemplateFormat,
    arguments: ParsedArguments
  ) throws(CLIError) -> CommandResult {
    guard FileSystem.isDirectory(directory) else {
      throw .input(
        file: directory, line: nil, column: nil,
        message: "is not a directory; per-service stacks are checked against the directory --output-dir wrote")
    }
    var problems: [String] = []
    var detail = ""
    for part in parts {
      let file = path(directory, part.file)
      guard FileSystem.exists(file) else {
        problems.append("\(file) is missing")
        continue
      }
      let rendered = format.emit(part.template)
      if try FileSystem.read(file).elementsEqual(rendered.utf8) { continue }
      problems.append("\(file) differs from the render")
      do {
        let diff = TemplateDiff(old: try TemplateInput.read(file), new: part.template)
        detail += "\(file):\n" + (diff.isEmpty ? "the same template, written differently\n" : diff.text())
      } catch {
        detail += error.result.stderr
      }
    }
    let expected = Set(parts.map(\.file))
    for name in try FileSystem.names(in: directory)
    where [".json", ".yaml", ".yml"].contains(where: name.hasSuffix) && !expected.contains(name) {
      problems.append(
        "\(path(directory, name)) is not one of the stacks rendered (\(parts.map(\.file).joined(separator: ", "))); remove it if its service is gone"
      )
    }
    guard !problems.isEmpty else {
      return CommandResult(stderr: "\(directory): the \(parts.count) stacks are up to date\n")
    }
    var update = ["infragen", "render"]
    for option in ["--config", "--env", "--format", "--yaml-style", "--stacks"] {
      if let value = arguments.value(option) { update += [option, shellQuoted(value)] }
    }
    update += ["--output-dir", shellQuoted(directory)]
    return CommandResult(
      exitCode: .findings, stdout: detail,
      stderr: problems.map { $0 + "\n" }.joined() + "to update them, run: \(update.joined(separator: " "))\n")
  }

  /// `file` in `directory`.
  static func path(_ directory: String, _ file: String) -> String {
    directory.hasSuffix("/") ? directory + file : directory + "/" + file
  }
}

extension RenderCommand.TemplateFormat {
  /// `.json` or `.yaml`.
  var fileExtension: String {
    if case .json = self { return ".json" }
    return ".yaml"
  }
}
