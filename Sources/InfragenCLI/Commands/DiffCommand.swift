import InfragenCore

/// `infragen diff`: what changes between two templates, resource by resource.
enum DiffCommand {
  static let spec = CommandSpec(
    name: "diff",
    abstract: "Show what changes between two templates, resource by resource.",
    usage: "infragen diff OLD NEW",
    options: [],
    arguments: (name: "old> <new", help: "Two CloudFormation templates (JSON or YAML)."),
    discussion:
      "Exit codes: 0 the templates are equivalent, 1 they differ, 2 a usage error or a template that cannot be read.")

  /// Reads both templates and prints their ``TemplateDiff``; exits 1 when they differ.
  /// - Throws: ``CLIError/usage(_:command:)`` unless exactly two templates are given. Templates
  ///   that cannot be read are all reported on standard error, with exit code 2.
  static func run(_ arguments: ParsedArguments) throws(CLIError) -> CommandResult {
    let files = arguments.positionals
    guard files.count == 2 else {
      throw .usage("Expected two templates, OLD and NEW, found \(files.count)", command: spec.name)
    }
    try TemplateInput.refuseStandardInputTwice(files, command: spec.name)
    var templates: [Template] = []
    var unreadable = ""
    for file in files {
      do {
        templates.append(try TemplateInput.read(file))
      } catch {
        unreadable += error.result.stderr
      }
    }
    guard unreadable.isEmpty, templates.count == 2 else {
      return CommandResult(exitCode: .usage, stderr: unreadable)
    }
    let diff = TemplateDiff(old: templates[0], new: templates[1])
    return CommandResult(exitCode: diff.isEmpty ? .success : .findings, stdout: diff.text())
  }
}
