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
      "infragen validate [FILE|DIR ...] [--template FILE] [--config FILE] [--env NAME] [--format text|json|sarif] [--rules isolation|all] [--policy FILE] [--strict] [--only-templates] [--explain SOURCE TARGET] [--output FILE] [--list-rules]",
    options: CommandSpec.configurationOptions + [
      .init(
        name: "--template", valueName: "file", help: "A template to validate; may be repeated, like FILE.",
        repeatable: true),
      .init(
        name: "--format", valueName: "format", allowed: ReportFormat.allCases.map(\.rawValue),
        defaultValue: "text", help: "How findings are printed."),
      .init(name: "--strict", help: "Treat warnings as errors."),
      .init(
        name: "--only-templates",
        help:
          "Skip the files given that are not CloudFormation templates by content, as in directories, instead of refusing them."
      ),
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
      name: "file",
      help:
        "CloudFormation templates, JSON or YAML, and directories, whose templates are found by content (names starting with '.' and node_modules are not entered; other files are skipped and counted). Without any, the reference stack as configured."
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
    var inputs = files.map { (path: $0, role: FileSystem.isDirectory($0) ? "a directory of templates" : "a template") }
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
    if files.isEmpty {
      let (template, diagnostics) = try TemplateInput.lowered(arguments)
      reports.append(
        report(template, file: referenceStackName, extra: diagnostics, rules: rules, strict: strict, policy: policy))
    }
    let (candidates, unlisted) = self.candidates(files, onlyTemplates: arguments.flag("--only-templates"))
    var failures = unlisted
    var progress = Progress()
    // Without a terminal to show progress on, the work runs in one pass (no batches).
    let showsProgress = progress.enabled
    let found = Parallel.map(
      candidates.count,
      progress: showsProgress ? { progress.update("read", $0, of: candidates.count, "files") } : nil
    ) { index in
      let candidate = candidates[index]
      if candidate.byContent { return TemplateInput.find(candidate.path) }
      do throws(CLIError) {
        return TemplateInput.Found.template(try TemplateInput.read(candidate.path, inParallel: candidates.count == 1))
      } catch {
        return .failure(ReadFailure(error, file: candidate.path))
      }
    }
    var read: [(file: String, template: Template)] = []
    var skipped = 0
    for (candidate, result) in zip(candidates, found) {
      switch result {
      case .template(let template): read.append((candidate.path, template))
      case .other: skipped += 1
      case .failure(let failure): failures.append(failure)
      }
    }
    // A directory without a template is most likely the wrong one: say so, as for a missing file.
    for directory in files where directory != "-" && FileSystem.isDirectory(directory) {
      let prefix = directory.hasSuffix("/") ? directory : directory + "/"
      if !read.contains(where: { $0.file.hasPrefix(prefix) })
        && !failures.contains(where: { $0.file.hasPrefix(prefix) })
      {
        failures.append(
          ReadFailure(
            file: directory, line: nil, column: nil,
            message: "holds no CloudFormation template (templates are found by content, in files up to 10 MiB)"))
      }
    }
    // Templates linked by imports and exports are one network; the others are validated alone.
    let findings = Validator(rules).validate(
      stacks: read.map(\.template), policy: policy,
      progress: showsProgress ? { progress.update("validated", $0, of: read.count, "templates") } : nil)
    progress.finish()
    for (index, item) in read.enumerated() {
      reports.append(report(item.template, file: item.file, findings: findings[index], strict: strict))
    }
    let hasErrors = reports.contains { $0.findings.contains { $0.severity == .error && $0.suppression == nil } }
    let exitCode: ExitCode = !failures.isEmpty ? .usage : hasErrors ? .findings : .success
    let stderr = failures.map { $0.text + "\n" }.joined()
    var result = CommandResult(exitCode: exitCode, stderr: stderr)
    result.kept = read.map(\.template)
    return try output.deliver(format.render(reports, failures: failures, skipped: skipped), result)
  }

  /// The files to read: each file given, and every file under each directory given, in sorted
  /// order. Files under a directory, and with `onlyTemplates` the files given too, are judged by
  /// content (``TemplateInput/find(_:)``); a directory that cannot be listed is a failure.
  static func candidates(_ paths: [String], onlyTemplates: Bool) -> (
    [(path: String, byContent: Bool)], [ReadFailure]
  ) {
    var candidates: [(path: String, byContent: Bool)] = []
    var failures: [ReadFailure] = []
    for path in paths {
      guard path != "-", FileSystem.isDirectory(path) else {
        candidates.append((path, onlyTemplates))
        continue
      }
      do {
        let (files, unlisted) = try FileSystem.walk(path)
        candidates += files.map { ($0, true) }
        failures += unlisted.map { ReadFailure($0.error, file: $0.path) }
      } catch {
        failures.append(ReadFailure(error, file: path))
      }
    }
    return (candidates, failures)
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
