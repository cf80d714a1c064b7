import InfragenCore
import InfragenValidation

/// `infragen validate`: proves the isolation of the reference stack or of any template.
enum ValidateCommand {
  static let referenceStackName = "reference stack"

  static let spec = CommandSpec(
    name: "validate",
    abstract: "Prove a template's security-group isolation: who can reach whom, and on which port.",
    usage:
      "infragen validate [FILE ...] [--template FILE] [--config FILE] [--env NAME] [--format text|json|sarif] [--rules isolation|all] [--strict] [--list-rules]",
    options: CommandSpec.configurationOptions + [
      .init(name: "--template", valueName: "file", help: "A template to validate; may be repeated, like FILE."),
      .init(
        name: "--format", valueName: "format", allowed: ReportFormat.allCases.map(\.rawValue),
        defaultValue: "text", help: "How findings are printed."),
      .init(name: "--strict", help: "Treat warnings as errors."),
      .init(
        name: "--rules", valueName: "set", allowed: Validator.RuleSet.allCases.map(\.rawValue), defaultValue: "all",
        help: "The isolation rules alone, or with the best-practice rules (warnings)."),
      .init(name: "--list-rules", help: "List the rules and exit."),
    ],
    arguments: (
      name: "file", help: "CloudFormation templates, JSON or YAML. Without any, the reference stack as configured."
    ),
    discussion: """
      Exit codes: 0 nothing wrong (warnings allowed unless --strict), 1 error findings,
      2 a usage error or a template that cannot be read.
      Waive a finding in the resource's Metadata, with a reason:
        {"infragen": {"suppress": [{"rule": "RuleName", "reason": "why"}]}}
      """)

  static func run(_ arguments: ParsedArguments) throws(CLIError) -> CommandResult {
    if arguments.flag("--list-rules") { return CommandResult(stdout: listRules()) }
    let format = arguments.value("--format").flatMap(ReportFormat.init(rawValue:)) ?? .text
    let rules = arguments.value("--rules").flatMap(Validator.RuleSet.init(rawValue:)) ?? .all
    let strict = arguments.flag("--strict")
    let files = arguments.positionals + arguments.allValues("--template")
    var reports: [TemplateReport] = []
    var unreadable = ""
    if files.isEmpty {
      let (template, diagnostics) = try TemplateInput.lowered(arguments)
      reports.append(report(template, file: referenceStackName, extra: diagnostics, rules: rules, strict: strict))
    }
    for file in files {
      do {
        let template = try TemplateInput.read(file)
        reports.append(report(template, file: file, extra: [], rules: rules, strict: strict))
      } catch {
        unreadable += error.result.stderr
      }
    }
    let hasErrors = reports.contains { $0.findings.contains { $0.severity == .error && $0.suppression == nil } }
    let exitCode: ExitCode = !unreadable.isEmpty ? .usage : hasErrors ? .findings : .success
    return CommandResult(exitCode: exitCode, stdout: reports.isEmpty ? "" : format.render(reports), stderr: unreadable)
  }

  static func report(
    _ template: Template, file: String, extra: [Diagnostic], rules: Validator.RuleSet = .all, strict: Bool
  ) -> TemplateReport {
    var findings = Diagnostic.sorted(extra + Validator(rules).validate(template))
    if strict {
      for index in findings.indices where findings[index].severity == .warning { findings[index].severity = .error }
    }
    return TemplateReport(file: file, findings: findings, resourceCount: template.resources.count)
  }

  static func listRules() -> String {
    let width = Validator.allRules.map { $0.name.count }.max() ?? 0
    var text = ""
    for (title, rules) in [
      ("Isolation (--rules isolation, and all)", Validator.isolationRules),
      ("Best practice (--rules all)", Validator.bestPracticeRules), ("Waivers (always)", Validator.waiverRules),
    ] {
      text += "\(title):\n"
      for rule in rules {
        let severity = "\(rule.defaultSeverity)".padding(7)
        text += "  " + rule.name.padding(width + 2) + severity + "  " + rule.summary + "\n"
      }
    }
    return text
  }
}

extension String {
  /// The string padded with spaces to `width` characters.
  func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
