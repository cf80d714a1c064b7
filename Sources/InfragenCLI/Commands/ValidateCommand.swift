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
      "infragen validate [FILE ...] [--template FILE] [--config FILE] [--env NAME] [--format text|json|sarif] [--rules isolation|all] [--policy FILE] [--strict] [--explain SOURCE TARGET] [--output FILE] [--list-rules]",
    options: CommandSpec.configurationOptions + [
      .init(
        name: "--template", valueName: "file", help: "A template to validate; may be repeated, like FILE.",
        repeatable: true),
      .init(
        name: "--format", valueName: "format", allowed: ReportFormat.allCases.map(\.rawValue),
        defaultValue: "text", help: "How findings are printed."),
      .init(name: "--strict", help: "Treat warnings as errors."),
      .init(
        name: "--policy", valueName: "file",
        help:
          "Flows that are allowed ({flows: [{from, to, ports}], mode: exact}), YAML or JSON; merged with the template's Metadata.infragen; may be repeated.",
        repeatable: true),
      .init(
        name: "--explain", valueName: "source> <target",
        help:
          "Explain the path from SOURCE (internet, a CIDR, a workload) to TARGET (a workload), rule by rule; exit 0 when reachable, 1 when not.",
        arity: 2),
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
      Declare the flows that are meant in the template's Metadata (or with --policy):
        {"infragen": {"flows": [{"from": "Web", "to": "Api", "ports": [8080]}]}}
      Without a declaration, the allowed flows are derived from the template's wiring.
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
    let policies = arguments.allValues("--policy")
    inputs += policies.map { (path: $0, role: "a policy file") }
    try output.check(inputs: inputs)
    var policy = FlowPolicy()
    for path in policies { policy.merge(try TemplateInput.readPolicy(path)) }
    let explain = arguments.allValues("--explain")
    if explain.count == 2 {
      guard files.count <= 1 else {
        throw .usage("--explain takes one template, found \(files.count)", command: spec.name)
      }
      let template: Template
      if let file = files.first {
        template = try TemplateInput.read(file)
      } else {
        template = try TemplateInput.lowered(arguments).0
      }
      let explanation: Explanation
      do {
        explanation = try Explanation(template, policy: policy, from: explain[0], to: explain[1])
      } catch {
        switch error {
        case .unknownTarget(let name, let known), .unknownSource(let name, let known):
          let hint = Suggestion.closest(to: name, in: known).map { "; did you mean '\($0)'?" } ?? ""
          throw .usage(
            "--explain: '\(name)' is no \(error == .unknownTarget(name, known: known) ? "workload" : "source") of \(files.first ?? referenceStackName)\(hint)",
            command: spec.name)
        }
      }
      return try output.deliver(
        explanation.lines.joined(separator: "\n") + "\n",
        CommandResult(exitCode: explanation.reachable ? .success : .findings))
    }
    var reports: [TemplateReport] = []
    var failures: [ReadFailure] = []
    if files.isEmpty {
      let (template, diagnostics) = try TemplateInput.lowered(arguments)
      reports.append(
        report(template, file: referenceStackName, extra: diagnostics, rules: rules, strict: strict, policy: policy))
    }
    var read: [(file: String, template: Template)] = []
    for file in files {
      do {
        read.append((file, try TemplateInput.read(file)))
      } catch {
        failures.append(ReadFailure(error, file: file))
      }
    }
    // Templates given together are one network: imports resolve to the others' exports.
    let together = Validator(rules).validate(stacks: read.map(\.template), policy: policy)
    for (index, item) in read.enumerated() {
      reports.append(
        report(item.template, file: item.file, findings: together[index], strict: strict))
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
    _ template: Template, file: String, extra: [Diagnostic], rules: Validator.RuleSet = .all, strict: Bool,
    policy: FlowPolicy = FlowPolicy()
  ) -> TemplateReport {
    report(template, file: file, findings: extra + Validator(rules).validate(template, policy: policy), strict: strict)
  }

  /// A template's report of findings already made.
  static func report(_ template: Template, file: String, findings all: [Diagnostic], strict: Bool) -> TemplateReport {
    var seen = Set<Diagnostic>()
    var findings = all.filter { seen.insert($0).inserted }
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
