import InfragenCore
import InfragenFormats
import InfragenValidation

/// `infragen validate`: proves the isolation of the reference stack or of any template.
enum ValidateCommand {
  static let referenceStackName = "reference stack"

  static let spec = CommandSpec(
    name: "validate",
    abstract: "Prove a template's security-group isolation: who can reach whom, and on which port.",
    usage:
      "infragen validate [FILE ...] [--template FILE] [--config FILE] [--env NAME] [--format text|json|sarif] [--rules isolation|all] [--strict] [--output FILE] [--list-rules]",
    options: CommandSpec.configurationOptions + [
      .init(
        name: "--template", valueName: "file", help: "A template to validate; may be repeated, like FILE.",
        repeatable: true),
      .init(
        name: "--format", valueName: "format", allowed: ReportFormat.allCases.map(\.rawValue),
        defaultValue: "text", help: "How findings are printed."),
      .init(name: "--strict", help: "Treat warnings as errors."),
      .init(
        name: "--rules", valueName: "set", allowed: Validator.RuleSet.allCases.map(\.rawValue), defaultValue: "all",
        help: "The isolation rules alone, or with the best-practice rules (warnings)."),
      .init(name: "--list-rules", help: "List the rules (as text or JSON) and exit."),
      .init(
        name: "--output", short: "-o", valueName: "file",
        help: "Write the report to this file (atomically) instead of standard output."),
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
    let format = arguments.value("--format").flatMap(ReportFormat.init(rawValue:)) ?? .text
    let files = arguments.positionals + arguments.allValues("--template")
    let output = OutputTarget(arguments.value("--output"))
    if arguments.flag("--list-rules") {
      if let file = files.first {
        throw .usage("--list-rules takes no template, found '\(file)'", command: spec.name)
      }
      guard format != .sarif else { throw .usage("--list-rules prints text or json", command: spec.name) }
      return try output.deliver(format == .json ? JSONEmitter().emit(listRulesJSON()) : listRules())
    }
    try TemplateInput.refuseConfigurationWithFiles(files, arguments, command: spec.name)
    try TemplateInput.refuseStandardInputTwice(files, command: spec.name)
    let rules = arguments.value("--rules").flatMap(Validator.RuleSet.init(rawValue:)) ?? .all
    let strict = arguments.flag("--strict")
    var inputs = files.map { (path: $0, role: "a template") }
    if files.isEmpty, let configuration = try TemplateInput.configurationPath(arguments) {
      inputs.append((configuration, "the configuration file"))
    }
    try output.check(inputs: inputs)
    var reports: [TemplateReport] = []
    var failures: [ReadFailure] = []
    if files.isEmpty {
      let (template, diagnostics) = try TemplateInput.lowered(arguments)
      reports.append(report(template, file: referenceStackName, extra: diagnostics, rules: rules, strict: strict))
    }
    for file in files {
      do {
        let template = try TemplateInput.read(file)
        reports.append(report(template, file: file, extra: [], rules: rules, strict: strict))
      } catch {
        failures.append(ReadFailure(error, file: file))
      }
    }
    let hasErrors = reports.contains { $0.findings.contains { $0.severity == .error && $0.suppression == nil } }
    let exitCode: ExitCode = !failures.isEmpty ? .usage : hasErrors ? .findings : .success
    let stderr = failures.map { $0.text + "\n" }.joined()
    return try output.deliver(
      format.render(reports, failures: failures), CommandResult(exitCode: exitCode, stderr: stderr))
  }

  /// A template's report: the lowering's diagnostics and the validator's findings, each once,
  /// in file order (line, then column), warnings raised to errors with `strict`.
  static func report(
    _ template: Template, file: String, extra: [Diagnostic], rules: Validator.RuleSet = .all, strict: Bool
  ) -> TemplateReport {
    var seen = Set<Diagnostic>()
    var findings = (extra + Validator(rules).validate(template)).filter { seen.insert($0).inserted }
    if strict {
      for index in findings.indices where findings[index].severity == .warning { findings[index].severity = .error }
    }
    return TemplateReport(
      file: file, findings: Diagnostic.inFileOrder(findings), resourceCount: template.resources.count)
  }

  /// The rules by set, in the order `--list-rules` prints them.
  static let ruleSets: [(title: String, set: String, rules: [any ValidationRule.Type])] = [
    ("Isolation (--rules isolation, and all)", "isolation", Validator.isolationRules),
    ("Best practice (--rules all)", "best-practice", Validator.bestPracticeRules),
    ("Waivers (always)", "waivers", Validator.waiverRules),
  ]

  /// `{"rules": [{"name", "set", "severity", "summary"}]}`.
  static func listRulesJSON() -> TemplateValue {
    var rules: [TemplateValue] = []
    for (_, set, members) in ruleSets {
      for rule in members {
        rules.append([
          "name": .string(rule.name), "set": .string(set), "severity": .string("\(rule.defaultSeverity)"),
          "summary": .string(rule.summary),
        ])
      }
    }
    return ["rules": .list(rules)]
  }

  static func listRules() -> String {
    let width = Validator.allRules.map { $0.name.count }.max() ?? 0
    var text = ""
    for (title, _, rules) in ruleSets {
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
