import InfragenAudit
import InfragenCore
import InfragenValidation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// `infragen audit`: proves isolation on what is deployed, from a snapshot of the AWS CLI's own
/// JSON, and with `--against`, shows the flows that drifted from the templates.
enum AuditCommand {
  static let spec = CommandSpec(
    name: "audit",
    abstract: "Prove isolation on what is deployed, and show the flows that drifted from the templates.",
    usage:
      "infragen audit DIR [--against TEMPLATE ...] [--format text|json|sarif] [--rules isolation|all] [--policy FILE] [--strict] [--output FILE]\n       infragen audit capture [DIR] [--region REGION] [--vpc VPC_ID] [--run] [--output FILE]",
    options: [
      .init(
        name: "--against", valueName: "template", help: "Compare the account with these templates (repeatable).",
        repeatable: true),
      .init(
        name: "--format", valueName: "format", allowed: ReportFormat.allCases.map(\.rawValue), defaultValue: "text",
        help: "Report format."),
      .init(
        name: "--rules", valueName: "set", allowed: Validator.RuleSet.allCases.map(\.rawValue),
        defaultValue: "isolation",
        help: "The validator's rules run on the live network (a snapshot holds no resource's other settings)."),
      .init(
        name: "--policy", valueName: "file", help: "Flows that are meant, as for validate (repeatable).",
        repeatable: true),
      .init(name: "--strict", help: "Treat warnings as errors (exit 1)."),
      .init(
        name: "--output", short: "-o", valueName: "file",
        help: "Write the report (or the capture script) to this file (atomically) instead of standard output."),
      .init(name: "--region", valueName: "region", help: "capture: the region every command asks."),
      .init(name: "--vpc", valueName: "vpc-id", help: "capture: only this VPC's groups, interfaces, subnets, ..."),
      .init(name: "--run", help: "capture: run the commands (the aws CLI must be on PATH) instead of printing them."),
    ],
    arguments: (
      name: "dir",
      help:
        "A snapshot directory that 'infragen audit capture --run DIR' wrote; or 'capture' and the directory to write."
    ),
    discussion: """
      A snapshot is one file per AWS CLI command, in the CLI's own JSON (ec2-describe-security-groups.json,
      elbv2-describe-listeners-1.json, ...): infragen needs no SDK and no credentials of its own. Network
      interfaces tie groups to workloads; public IPs and route tables decide what the internet reaches.
      Findings use validate's rule IDs and name live IDs, and the logical ID and stack their tags name.
      With --against, flows open live but in no template are drift (errors); flows in a template but not
      live, and workloads or groups on one side only, are warnings. Exit 1 for drift or findings, 0 clean.
      """
  )

  static func run(_ arguments: ParsedArguments) throws(CLIError) -> CommandResult {
    if arguments.positionals.first == "capture" { return try capture(arguments) }
    for option in ["--region", "--vpc"] where arguments.value(option) != nil {
      throw .usage("\(option) belongs to 'infragen audit capture'", command: spec.name)
    }
    if arguments.flag("--run") { throw .usage("--run belongs to 'infragen audit capture'", command: spec.name) }
    guard let directory = arguments.positionals.first else {
      throw .usage(
        "Expected a snapshot directory (write one with 'infragen audit capture --run DIR')", command: spec.name)
    }
    var templatePaths = arguments.allValues("--against")
    if arguments.positionals.count > 1 {
      guard !templatePaths.isEmpty else {
        throw .usage(
          "Unexpected argument '\(arguments.positionals[1])': audit takes one snapshot directory; templates go after --against",
          command: spec.name)
      }
      templatePaths += arguments.positionals.dropFirst()
    }
    let format = arguments.value("--format").flatMap(ReportFormat.init(rawValue:)) ?? .text
    let rules = arguments.value("--rules").flatMap(Validator.RuleSet.init(rawValue:)) ?? .isolation
    let strict = arguments.flag("--strict")
    let output = OutputTarget(arguments.value("--output"))
    let policies = arguments.allValues("--policy")
    try output.check(
      inputs: [(directory, "the snapshot directory")] + templatePaths.map { ($0, "a template") }
        + policies.map { ($0, "a policy file") })
    let snapshot = try readSnapshot(directory)
    var policy = FlowPolicy()
    for path in policies { policy.merge(try TemplateInput.readPolicy(path)) }
    var templates: [(file: String, template: Template)] = []
    for path in templatePaths { templates.append((path, try TemplateInput.read(path))) }
    let audit = Audit(snapshot, rules: rules, policy: policy, against: templates)
    // One report per file the findings point into: the snapshot's files, then the templates.
    var files: [String] = []
    var byFile: [String: [Diagnostic]] = [:]
    for finding in audit.findings {
      if byFile[finding.file] == nil { files.append(finding.file) }
      byFile[finding.file, default: []].append(finding.diagnostic)
    }
    var reports: [TemplateReport] = files.map { file in
      var findings = byFile[file] ?? []
      if strict {
        for index in findings.indices where findings[index].severity == .warning { findings[index].severity = .error }
      }
      return TemplateReport(file: file, findings: Diagnostic.inFileOrder(findings), resourceCount: 0)
    }
    if reports.isEmpty {
      reports = [TemplateReport(file: directory, findings: [], resourceCount: audit.live.template.resources.count)]
    } else {
      reports[0].resourceCount = audit.live.template.resources.count
    }
    let hasErrors = reports.contains { $0.findings.contains { $0.severity == .error && $0.suppression == nil } }
    var stderr = ""
    if !snapshot.notCaptured.isEmpty {
      stderr =
        "infragen: not captured: \(snapshot.notCaptured.map(\.name).joined(separator: ", ")) (missing files; what they describe is not audited)\n"
    }
    let workloads = audit.topology.workloads.count
    let against =
      templates.isEmpty ? "" : " against \(templates.count == 1 ? "1 template" : "\(templates.count) templates")"
    let subject =
      "the snapshot \(directory) (\(ReportFormat.count(workloads, "workload")), \(ReportFormat.count(audit.live.template.resources.count, "live resource")))\(against)"
    return try output.deliver(
      format.render(reports, subject: subject, extraRules: Audit.driftRules),
      CommandResult(exitCode: hasErrors ? .findings : .success, stderr: stderr))
  }

  /// The snapshot in a directory: every file named for a command, read and checked.
  static func readSnapshot(_ directory: String) throws(CLIError) -> Snapshot {
    guard FileSystem.exists(directory) else {
      throw .input(
        file: directory, line: nil, column: nil,
        message: "no such directory; write a snapshot with 'infragen audit capture --run \(directory)'")
    }
    guard FileSystem.isDirectory(directory) else {
      throw .input(
        file: directory, line: nil, column: nil,
        message: "is a file, not a snapshot directory (audit reads the directory 'infragen audit capture --run' writes)"
      )
    }
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    var files: [(name: String, bytes: [UInt8])] = []
    for name in try FileSystem.names(in: directory) where SnapshotCommand.parse(fileName: name) != nil {
      files.append((name, try FileSystem.read(prefix + name)))
    }
    do {
      return try Snapshot.read(directory: directory, files: files)
    } catch {
      throw .configuration(
        error.problems.map { problem in
          let place = problem.position.map { ":\($0.line):\($0.column)" } ?? ""
          return "\(problem.file)\(place): error: \(problem.message)"
        })
    }
  }

  // MARK: Capture

  static func capture(_ arguments: ParsedArguments) throws(CLIError) -> CommandResult {
    for option in ["--against", "--policy", "--format", "--rules"] where arguments.value(option) != nil {
      throw .usage("\(option) belongs to 'infragen audit DIR', not to capture", command: spec.name)
    }
    guard arguments.positionals.count <= 2 else {
      throw .usage("capture takes one directory, found '\(arguments.positionals[2])'", command: spec.name)
    }
    let directory = arguments.positionals.count == 2 ? arguments.positionals[1] : "snapshot"
    for option in ["--region", "--vpc"] {
      if let value = arguments.value(option), !Capture.isPlain(value) {
        throw .usage(
          "\(option) '\(value)' is not a \(option == "--vpc" ? "VPC ID (vpc-…)" : "region name (eu-west-1)")",
          command: spec.name)
      }
    }
    if let vpc = arguments.value("--vpc"), !vpc.hasPrefix("vpc-") {
      throw .usage("--vpc '\(vpc)' is not a VPC ID (vpc-…)", command: spec.name)
    }
    let script = Capture(directory: directory, region: arguments.value("--region"), vpc: arguments.value("--vpc"))
      .script()
    guard arguments.flag("--run") else {
      return try OutputTarget(arguments.value("--output")).deliver(script)
    }
    if arguments.value("--output") != nil {
      throw .usage(
        "--output writes the script; with --run the commands write the snapshot directory", command: spec.name)
    }
    guard findOnPath("aws") else {
      throw .message(
        "the aws CLI is not on PATH; install it (pip install awscli), or run 'infragen audit capture' and the commands it prints where it is"
      )
    }
    if FileSystem.exists(directory) {
      guard FileSystem.isDirectory(directory) else {
        throw .input(file: directory, line: nil, column: nil, message: "is a file; capture writes a directory")
      }
      if let taken = try FileSystem.names(in: directory).first(where: { SnapshotCommand.parse(fileName: $0) != nil }) {
        throw .input(
          file: directory, line: nil, column: nil,
          message:
            "already holds a snapshot ('\(taken)'); capture into a new directory, so that two snapshots never mix")
      }
    }
    let status = runShell(script)
    let written = ((try? FileSystem.names(in: directory)) ?? []).filter { SnapshotCommand.parse(fileName: $0) != nil }
    let summary = "infragen: wrote \(ReportFormat.count(written.count, "file")) to \(directory)\n"
    switch status {
    case 0: return CommandResult(stderr: summary)
    case 1 where !written.isEmpty: return CommandResult(exitCode: .findings, stderr: summary)
    default:
      throw .message("the capture commands failed (exit \(status)); nothing usable was written to \(directory)")
    }
  }

  /// Whether an executable of this name is on PATH.
  static func findOnPath(_ name: String) -> Bool {
    guard let path = getenv("PATH").map({ String(cString: $0) }) else { return false }
    return path.split(separator: ":").contains { access("\($0)/\(name)", X_OK) == 0 }
  }

  /// Runs a script with /bin/sh, its output and errors the command's; returns its exit status.
  static func runShell(_ script: String) -> Int32 {
    var pid = pid_t()
    let arguments = ["sh", "-c", script]
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    guard posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ) == 0 else { return 127 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      if errno != EINTR { return 127 }
    }
    // WIFEXITED / WEXITSTATUS, spelled out: the macros are not imported.
    return status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
  }
}
