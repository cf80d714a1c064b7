import Foundation
import InfragenAudit
import Testing

@testable import InfragenCLI

/// `infragen audit`: the capture script, snapshots read and refused, the live network proved,
/// and drift from a template, on snapshots of the reference network (taken from moto's server by
/// the end-to-end test below, and kept here so these tests need no server).
@Suite struct AuditTests {
  static let snapshots = Tools.packageRoot.appendingPathComponent("Tests/InfragenCLITests/AWS/snapshots").path
  static let stack = Tools.packageRoot.appendingPathComponent("Templates/stack.json").path

  /// The rule of each finding line of a text report.
  static func rules(_ text: String) -> [String] {
    text.split(separator: "\n").compactMap { line in
      guard let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]"), open < close else { return nil }
      return String(line[line.index(after: open)..<close])
    }
  }

  // MARK: Capture

  @Test func captureWritesOneFilePerCommandAndIsAShellScript() throws {
    let result = InfragenCLI.run(["audit", "capture", "snap"])
    #expect(result.exitCode == .success)
    let script = result.stdout
    for command in SnapshotCommand.all {
      let target = command.perResource ? "save \(command.name)-$n " : "save \(command.name) "
      #expect(script.contains(target + "aws \(command.service) \(command.command) --output json"), "\(command.name)")
    }
    #expect(script.contains("dir='snap'"))
    #expect(script.contains("--include TAGS") && script.contains("--show-cache-node-info"))
    let directory = try TemporaryDirectory()
    let file = directory.url.appendingPathComponent("capture.sh")
    try script.write(to: file, atomically: true, encoding: .utf8)
    let syntax = try Tools.shell("sh -n '\(file.path)'")
    #expect(syntax.status == 0, "\(syntax.stderr)")
  }

  @Test func captureAsksOneRegionAndFiltersByVPC() {
    let script = InfragenCLI.run(["audit", "capture", "--region", "eu-west-1", "--vpc", "vpc-0abc", "s"]).stdout
    let commands = script.split(separator: "\n").filter { $0.contains(" aws ") || $0.hasPrefix("save ") }
    #expect(!commands.isEmpty)
    for line in commands where line.contains("aws ") { #expect(line.contains("--region eu-west-1"), "\(line)") }
    #expect(
      script.contains(
        "save ec2-describe-subnets aws ec2 describe-subnets --region eu-west-1 --output json --filters Name=vpc-id,Values=vpc-0abc"
      ))
    #expect(!script.contains("describe-security-group-rules --region eu-west-1 --output json --filters"))
  }

  @Test(arguments: [
    (["audit", "capture", "--region", "eu-west-1; rm -rf /"], "--region 'eu-west-1; rm -rf /' is not a region name"),
    (["audit", "capture", "--vpc", "subnet-1"], "--vpc 'subnet-1' is not a VPC ID"),
    (["audit", "capture", "a", "b"], "capture takes one directory, found 'b'"),
    (["audit", "capture", "--against", "stack.json"], "--against belongs to 'infragen audit DIR'"),
    (["audit", "--region", "eu-west-1", "snap"], "--region belongs to 'infragen audit capture'"),
    (["audit"], "Expected a snapshot directory"),
  ])
  func refusesBadCaptureAndAuditLines(_ arguments: [String], _ message: String) {
    let result = InfragenCLI.run(arguments)
    #expect(result.exitCode == .usage)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test func captureRunRefusesADirectoryThatHoldsASnapshot() throws {
    let directory = try TemporaryDirectory()
    try "{\"SecurityGroups\": []}".write(
      to: directory.url.appendingPathComponent("ec2-describe-security-groups.json"), atomically: true, encoding: .utf8)
    let shim = try TemporaryDirectory()
    let aws = shim.url.appendingPathComponent("aws")
    try "#!/bin/sh\nexit 0\n".write(to: aws, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: aws.path)
    let result = try Tools.shell(
      "PATH='\(shim.url.path)':\"$PATH\" '\(Tools.binary?.path ?? "infragen")' audit capture --run '\(directory.url.path)'"
    )
    try #require(Tools.binary != nil, "\(Tools.binaryMissing)")
    #expect(result.status == 2)
    #expect(
      result.stderr.contains("already holds a snapshot ('ec2-describe-security-groups.json')"), "\(result.stderr)")
    let kept = try String(
      contentsOf: directory.url.appendingPathComponent("ec2-describe-security-groups.json"), encoding: .utf8)
    #expect(kept == "{\"SecurityGroups\": []}")
  }

  // MARK: Bad snapshots

  @Test func refusesBadSnapshotsWithOneLineEach() throws {
    let directory = try TemporaryDirectory()
    let path = directory.url.path
    func write(_ name: String, _ text: String) throws {
      try text.write(to: directory.url.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    // An empty directory.
    var result = InfragenCLI.run(["audit", path])
    #expect(result.exitCode == .usage)
    #expect(
      result.stderr
        == "\(path): error: holds no snapshot file (such as ec2-describe-security-groups.json); write them with 'infragen audit capture --run \(path)'\n"
    )
    // A truncated file, and a file from another command: both named, one line each.
    try write("ec2-describe-security-groups.json", "{\"SecurityGroups\": [{\"GroupId\": \"sg-1\",")
    try write("ec2-describe-subnets.json", "{\"SecurityGroups\": []}")
    try write("notes.txt", "not a snapshot file")
    result = InfragenCLI.run(["audit", path])
    #expect(result.exitCode == .usage)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 2, "\(result.stderr)")
    #expect(lines.first?.hasPrefix("\(path)/ec2-describe-security-groups.json:1:") == true, "\(result.stderr)")
    #expect(
      lines.last
        == "\(path)/ec2-describe-subnets.json:1:1: error: holds the output of 'aws ec2 describe-security-groups' ('SecurityGroups'), not the output of 'aws ec2 describe-subnets'; capture it again"
    )
    #expect(result.stdout.isEmpty)
    // A missing directory, and a file given as one.
    result = InfragenCLI.run(["audit", path + "/missing"])
    #expect(result.exitCode == .usage)
    #expect(result.stderr.contains("/missing: error: no such directory"))
    result = InfragenCLI.run(["audit", path + "/notes.txt"])
    #expect(result.exitCode == .usage)
    #expect(result.stderr.contains("notes.txt: error: is a file, not a snapshot directory"))
  }

  @Test func saysOnceWhatWasNotCaptured() throws {
    let directory = try TemporaryDirectory()
    let source = Self.snapshots + "/clean/"
    for name in ["ec2-describe-security-groups.json", "ec2-describe-security-group-rules.json"] {
      try FileManager.default.copyItem(atPath: source + name, toPath: directory.url.appendingPathComponent(name).path)
    }
    let result = InfragenCLI.run(["audit", directory.url.path])
    #expect(result.exitCode == .success)
    let notes = result.stderr.split(separator: "\n")
    #expect(notes.count == 1)
    #expect(
      notes.first?.hasPrefix("infragen: not captured: ec2-describe-network-interfaces, ec2-describe-subnets,") == true)
    // Groups without the workloads that carry them: the chain cannot be judged, and a note says so.
    #expect(result.stdout.contains("note: [FlowsAreAllowed] Resources: the chain was not checked: no workloads carry"))
    #expect(
      result.stdout.hasSuffix(
        "0 errors, 0 warnings in the snapshot \(directory.url.path) (0 workloads, 13 live resources)\n"),
      "\(result.stdout)")
  }

  // MARK: Audits

  @Test func theReferenceNetworkAuditsClean() {
    let result = InfragenCLI.run(["audit", Self.snapshots + "/clean", "--against", Self.stack])
    #expect(result.exitCode == .success, "\(result.stdout)")
    #expect(
      result.stdout
        == "0 errors, 0 warnings in the snapshot \(Self.snapshots)/clean (5 workloads, 64 live resources) against 1 template\n"
    )
    #expect(result.stderr.isEmpty)
    let alone = InfragenCLI.run(["audit", Self.snapshots + "/clean"])
    #expect(alone.exitCode == .success, "\(alone.stdout)")
  }

  /// The drifted network: 3306 opened to 0.0.0.0/0 and a second group on the database, a public
  /// IP on a task. `--against` reports exactly those, each with the rule or attachment.
  @Test func driftIsReportedWithTheRuleOrAttachmentThatMakesIt() {
    let result = InfragenCLI.run(["audit", Self.snapshots + "/drifted", "--against", Self.stack])
    #expect(result.exitCode == .findings)
    #expect(
      Self.rules(result.stdout) == [
        "DatabaseIngressOnlyFromService", "FlowIsNotInTemplate", "PublicIPIsNotInTemplate", "TasksArePrivate",
        "AttachmentIsNotInTemplate",
      ], "\(result.stdout)")
    let lines = result.stdout.split(separator: "\n")
    let flow = lines.first { $0.contains("[FlowIsNotInTemplate]") } ?? ""
    #expect(flow.contains("ec2-describe-security-group-rules.json:151:9: error:"))
    #expect(flow.contains("ingress from '0.0.0.0/0' on tcp 3306 into 'DatabaseSecurityGroup' (sg-"))
    #expect(flow.contains("is open live but in no template: ingress rule sgr-"))
    let attachment = lines.first { $0.contains("[AttachmentIsNotInTemplate]") } ?? ""
    #expect(attachment.contains("rds-describe-db-instances.json:3:9: error:"))
    #expect(attachment.contains("database 'Database' (reference) carries the group"))
    let publicIP = lines.first { $0.contains("[PublicIPIsNotInTemplate]") } ?? ""
    #expect(publicIP.contains("has the public IP 127.7.185.218"))
    #expect(
      result.stdout.hasSuffix(
        "5 errors, 0 warnings in the snapshot \(Self.snapshots)/drifted (5 workloads, 66 live resources) against 1 template\n"
      ))
    // Alone, the validator's rules: the open database and the public task.
    let alone = InfragenCLI.run(["audit", Self.snapshots + "/drifted"])
    #expect(alone.exitCode == .findings)
    #expect(Self.rules(alone.stdout) == ["DatabaseIngressOnlyFromService", "TasksArePrivate"])
  }

  /// Templates the account does not have yet: the flows and workloads to come are warnings.
  @Test func whatIsNotDeployedYetIsAWarning() throws {
    let result = InfragenCLI.run([
      "audit", Self.snapshots + "/clean", "--against", Self.stack,
      Tools.packageRoot.appendingPathComponent("Templates/services.json").path,
    ])
    let rules = Set(Self.rules(result.stdout))
    #expect(rules.isSuperset(of: ["FlowIsNotLive", "WorkloadIsNotLive", "GroupIsNotLive"]), "\(rules)")
    #expect(!rules.contains("FlowIsNotInTemplate"))
    #expect(result.exitCode == .success)
    let strict = InfragenCLI.run([
      "audit", Self.snapshots + "/clean", "--against", Self.stack, "--strict",
      Tools.packageRoot.appendingPathComponent("Templates/services.json").path,
    ])
    #expect(strict.exitCode == .findings)
  }

  @Test func reportsInJSONAndSARIFWithTheDriftRules() throws {
    let json = InfragenCLI.run(["audit", Self.snapshots + "/drifted", "--against", Self.stack, "--format", "json"])
    let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect(document != nil)
    let sarif = InfragenCLI.run(["audit", Self.snapshots + "/drifted", "--against", Self.stack, "--format", "sarif"])
    let log = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.count == 5)
    let driver = ((run["tool"] as? [String: Any])?["driver"] as? [String: Any]) ?? [:]
    let ids = ((driver["rules"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String }
    for result in results {
      let rule = result["ruleId"] as? String ?? ""
      #expect(ids.contains(rule), "\(rule)")
      #expect(result["ruleIndex"] as? Int == ids.firstIndex(of: rule))
    }
  }
}

/// The whole audit against a real emulator: moto's server (from `.venv`, started here on a free
/// port and stopped by its PID whatever happens), the reference network created through the
/// AWS API, snapshots captured with the commands `capture` prints (the real AWS CLI, pointed at
/// the server), audited against `Templates/stack.json`, then changed by hand and audited again.
@Suite(.serialized) struct AuditEmulatorTests {
  static let script = Tools.packageRoot.appendingPathComponent("Tests/InfragenCLITests/AWS/reference_network.py").path

  @Test func auditsTheReferenceNetworkCleanThenReportsTheDriftMadeByHand() throws {
    guard let server = Tools.python("moto_server"), let aws = Tools.python("aws"), let python = Tools.python("python"),
      let binary = Tools.binary
    else {
      Issue.record("moto_server, aws and the infragen binary are needed: \(Tools.pythonMissing("moto_server"))")
      return
    }
    let directory = try TemporaryDirectory()
    let port = try Tools.run(
      python, ["-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"]
    ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    let endpoint = "http://127.0.0.1:\(port)"
    let process = Process()
    process.executableURL = server
    process.arguments = ["-H", "127.0.0.1", "-p", port]
    let log = directory.url.appendingPathComponent("moto.log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    let pid = process.processIdentifier
    defer {
      // Stopped by its PID: asked first, then killed (a server started from a test may not
      // receive SIGTERM, when the test runner blocks it and the child inherits the mask).
      kill(pid, SIGTERM)
      for _ in 0..<30 where process.isRunning { usleep(100_000) }
      if process.isRunning { kill(pid, SIGKILL) }
      process.waitUntilExit()
    }
    let ready = try Tools.run(
      python,
      [
        "-c",
        "import time, urllib.request\nfor _ in range(150):\n    try:\n        urllib.request.urlopen('\(endpoint)/moto-api/'); break\n    except Exception:\n        time.sleep(0.2)\nelse:\n    raise SystemExit('moto did not start')",
      ])
    try #require(ready.status == 0, "\(ready.stderr)")
    func network(_ action: String) throws {
      let result = try Tools.run(python, [Self.script, endpoint, action])
      try #require(result.status == 0, "\(action): \(result.stderr)")
    }
    // The AWS CLI, pointed at the server: `aws` on PATH is this one-line shim.
    let shim = directory.url.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: shim, withIntermediateDirectories: true)
    try "#!/bin/sh\nexec '\(aws.path)' --endpoint-url '\(endpoint)' \"$@\"\n".write(
      to: shim.appendingPathComponent("aws"), atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o755], ofItemAtPath: shim.appendingPathComponent("aws").path)
    func capture(_ name: String) throws -> String {
      let snapshot = directory.url.appendingPathComponent(name).path
      let result = try Tools.shell(
        "PATH='\(shim.path)':\"$PATH\" AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE=/dev/null '\(binary.path)' audit capture --run '\(snapshot)'"
      )
      try #require(result.status == 0, "\(result.stderr)")
      #expect(result.stderr.hasSuffix("infragen: wrote 22 files to \(snapshot)\n"), "\(result.stderr)")
      return snapshot
    }
    let stack = AuditTests.stack
    try network("create")
    let clean = try Tools.infragen(["audit", try capture("clean"), "--against", stack])
    #expect(clean.status == 0, "\(clean.stdout)")
    #expect(clean.stdout.hasPrefix("0 errors, 0 warnings in the snapshot"), "\(clean.stdout)")

    try network("open-database")
    try network("attach-group")
    let drifted = try Tools.infragen(["audit", try capture("drifted"), "--against", stack])
    #expect(drifted.status == 1)
    #expect(
      AuditTests.rules(drifted.stdout) == [
        "DatabaseIngressOnlyFromService", "FlowIsNotInTemplate", "AttachmentIsNotInTemplate",
      ], "\(drifted.stdout)")
    #expect(drifted.stdout.contains("ingress from '0.0.0.0/0' on tcp 3306 into 'DatabaseSecurityGroup'"))

    try network("public-task")
    let exposed = try Tools.infragen(["audit", try capture("public"), "--against", stack])
    #expect(exposed.status == 1)
    #expect(Set(AuditTests.rules(exposed.stdout)).isSuperset(of: ["PublicIPIsNotInTemplate", "TasksArePrivate"]))
  }
}

/// The README's scheduled audit job is a valid workflow (SchemaStore's schema, checked by the
/// real check-jsonschema) that runs the commands this README documents.
@Suite struct AuditJobTests {
  @Test(
    .enabled(if: Tools.python("check-jsonschema") != nil, Comment(rawValue: Tools.pythonMissing("check-jsonschema"))))
  func theReadmesAuditJobIsAValidWorkflow() throws {
    guard let checker = Tools.python("check-jsonschema") else { return }
    let job = try #require(try Tools.readmeWorkflow(named: "audit"))
    let result = try Tools.checkWorkflow(job, named: "audit", checker: checker)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(job.contains("audit capture --run snapshot") && job.contains("audit snapshot --against stack.json"))
    #expect(job.contains("schedule:"))
  }
}
