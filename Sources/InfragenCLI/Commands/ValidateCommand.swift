import InfragenCore
import InfragenValidation

/// `infragen validate`: proves the isolation of the reference stack or of any template.
enum ValidateCommand {
  static let referenceStackName = "reference stack"

  static let spec = CommandSpec(
    name: "validate",
    abstract: "Prove a template's security-group isolation: who can reach whom, and on which port.",
    usage: "infragen validate [FILE ...] [--template FILE] [--config FILE] [--env NAME] [--format text|json|sarif] [--strict] [--list-rules]",
    options: CommandSpec.configurationOptions + [
      .init(name: "--template", valueName: "file", help: "A template to validate; may be repeated, like FILE."),
      .init(
        name: "--format", valueName: "format", allowed: ReportFormat.allCases.map(\.rawValue),
        defaultValue: "text", help: "How findings are printed."),
      .init(name: "--strict", help: "Treat warnings as errors."),
      .init(name: "--list-rules", help: "List the rules and exit."),
    ],
    arguments: (name: "file", help: "CloudFormation templates, JSON or YAML. Without any, the reference stack as configured."),
    discussion: """
      Exit codes: 0 nothing wrong (warnings allowed unless --strict), 1 error findings,
      2 a usage error or a template that cannot be read.
      Waive a finding in the resource's Metadata, with a reason:
        {"infragen": {"suppress": [{"rule": "RuleName", "reason": "why"}]}}
      """)

  static func run(_ arguments: ParsedArguments) throws(CLIError) -> CommandResult {
    if arguments.flag("--list-rules") { return CommandResult(stdout: listRules()) }
    let format = arguments.value("--format").flatMap(ReportFormat.init(rawValue:)) ?? .text
    let files = arguments.positionals + arguments.allValues("--template")
    var reports: [TemplateReport] = []
    var unreadable = ""
    if files.isEmpty {
      let (template, diagnostics) = try TemplateInput.lowered(arguments)
      reports.append(report(template, file: referenceStackName, extra: diagnostics, strict: arguments.flag("--strict")))
    }
    for file in files {
      do {
        let template = try TemplateInput.read(file)
        reports.append(report(template, file: file, extra: [], strict: arguments.flag("--strict")))
      } catch {
        unreadable += error.result.stderr
      }
    }
    let hasErrors = reports.contains { $0.findings.contains { $0.severity == .error && $0.suppression == nil } }
    let exitCode: ExitCode = !unreadable.isEmpty ? .usage : hasErrors ? .findings : .success
    return CommandResult(exitCode: exitCode, stdout: reports.isEmpty ? "" : format.render(reports), stderr: unreadable)
  }

  static func report(_ template: Template, file: String, extra: [Diagnostic], strict: Bool) -> TemplateReport {
    var findings = Diagnostic.sorted(extra + Validator().validate(template))
    if strict {
      for index in findings.indices where findings[index].severity == .warning { findings[index].severity = .error }
    }
    return TemplateReport(file: file, findings: findings, resourceCount: template.resources.count)
  }

  static func listRules() -> String {
    let rules = Validator.allRules
    let width = rules.map { $0.name.count }.max() ?? 0
    return rules.map { rule in
      rule.name + String(repeating: " ", count: width - rule.name.count + 2) + "\(rule.defaultSeverity)  " + rule.summary
    }.joined(separator: "\n") + "\n"
  }
}
