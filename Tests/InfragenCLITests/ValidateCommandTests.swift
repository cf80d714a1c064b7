import InfragenCore
import InfragenModel
import Testing

@testable import InfragenCLI

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Templates written to a temporary directory for the command line to read.
struct Fixtures {
  let directory: TemporaryDirectory

  init() throws { directory = try TemporaryDirectory() }

  func write(_ name: String, _ text: String) throws -> String {
    try write(name, Array(text.utf8))
  }

  func write(_ name: String, _ bytes: [UInt8]) throws -> String {
    let path = directory.path + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// The reference stack with one more ingress rule on the database's group: 0.0.0.0/0 on 3306.
  func openDatabase(waiver: String? = nil) throws -> String {
    var text = InfragenCLI.run(["render"]).stdout
    let anchor = "\"GroupDescription\": \"MySQL: port 3306 from the service only\",\n"
    text = text.replacing(
      anchor,
      with: anchor
        + "        \"SecurityGroupIngress\": [\n          {\n            \"CidrIp\": \"0.0.0.0/0\",\n            \"Description\": \"open\",\n            \"FromPort\": 3306,\n            \"IpProtocol\": \"tcp\",\n            \"ToPort\": 3306\n          }\n        ],\n"
    )
    if let waiver {
      text = text.replacing(
        "\"DatabaseSecurityGroup\": {\n      \"Type\": \"AWS::EC2::SecurityGroup\",",
        with:
          "\"DatabaseSecurityGroup\": {\n      \"Type\": \"AWS::EC2::SecurityGroup\",\n      \"Metadata\": {\"infragen\": {\"suppress\": [\(waiver)]}},"
      )
    }
    return try write("open-database.json", text)
  }
}

@Suite struct ValidateCommandTests {
  @Test func theReferenceStackIsClean() {
    let result = InfragenCLI.run(["validate"])
    #expect(result.exitCode == .success)
    #expect(result.stdout == "0 errors, 0 warnings in 1 template (82 resources)\n")
  }

  @Test func aRenderedFileIsCleanToo() throws {
    let fixtures = try Fixtures()
    let path = try fixtures.write("stack.json", InfragenCLI.run(["render"]).stdout)
    let result = InfragenCLI.run(["validate", path])
    #expect(result.exitCode == .success)
    #expect(result.stderr.isEmpty)
  }

  @Test func findingsAreFileLineColumnSeverityRuleResourceMessageThenASummary() throws {
    let fixtures = try Fixtures()
    let path = try fixtures.openDatabase()
    let result = InfragenCLI.run(["validate", path])
    #expect(result.exitCode == .findings)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 2)
    #expect(
      lines.first?.hasSuffix(
        ": error: [DatabaseIngressOnlyFromService] DatabaseSecurityGroup: ingress from '0.0.0.0/0' on tcp 3306 into 'DatabaseSecurityGroup', the group of database 'Database'; only declared flows are allowed (mode: exact), and no declared flow allows it"
      ) == true)
    #expect(lines.first?.hasPrefix("\(path):") == true)
    let position = lines.first?.dropFirst(path.count + 1).split(separator: ":").prefix(2).compactMap { Int($0) }
    let text = try String(decoding: Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    let expectedLine = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
      $0.contains("\"CidrIp\": \"0.0.0.0/0\",")
    }
    // The rule's opening brace stands on the line before its CidrIp (0-based index = 1-based line - 1).
    #expect(position?.first == expectedLine)
    #expect(lines.last == "1 error, 0 warnings in 1 template (82 resources)")
  }

  @Test func jsonFindingsHaveEveryField() throws {
    let fixtures = try Fixtures()
    let result = InfragenCLI.run(["validate", "--format", "json", try fixtures.openDatabase()])
    #expect(result.exitCode == .findings)
    #expect(result.stdout.hasPrefix("{\n  \"findings\": [\n    {\n      \"file\": "))
    for key in ["rule", "severity", "resource", "path", "line", "column", "message", "suppressed"] {
      #expect(result.stdout.contains("\"\(key)\": "), "\(key)")
    }
    #expect(result.stdout.contains("\"path\": \"Resources.DatabaseSecurityGroup.Properties.SecurityGroupIngress[0]\""))
  }

  @Test func aWaiverWithAReasonPassesAndStaysVisibleInJSONAndSARIF() throws {
    let fixtures = try Fixtures()
    let path = try fixtures.openDatabase(
      waiver: #"{"rule": "DatabaseIngressOnlyFromService", "reason": "migration window"}"#)
    let text = InfragenCLI.run(["validate", path])
    #expect(text.exitCode == .success)
    #expect(text.stdout == "0 errors, 0 warnings in 1 template (82 resources); 1 waived\n")
    let json = InfragenCLI.run(["validate", path, "--format", "json"])
    #expect(json.stdout.contains("\"suppressed\": true,\n      \"justification\": \"migration window\""))
    let sarif = InfragenCLI.run(["validate", path, "--format", "sarif"])
    #expect(sarif.stdout.contains("\"suppressions\": [\n"))
    #expect(sarif.stdout.contains("\"justification\": \"migration window\""))
  }

  @Test func aWaiverWithoutAReasonIsAnError() throws {
    let fixtures = try Fixtures()
    let path = try fixtures.openDatabase(waiver: #"{"rule": "DatabaseIngressOnlyFromService"}"#)
    let result = InfragenCLI.run(["validate", path])
    #expect(result.exitCode == .findings)
    #expect(
      result.stdout.contains(
        "[WaiversHaveReasons] DatabaseSecurityGroup: waiver of 'DatabaseIngressOnlyFromService' has no reason"))
    #expect(result.stdout.contains("[DatabaseIngressOnlyFromService]"))
  }

  @Test func strictTurnsWarningsIntoErrors() throws {
    let fixtures = try Fixtures()
    var text = InfragenCLI.run(["render"]).stdout
    text = text.replacing(
      "\"AlarmTopic\": {\n      \"Type\": \"AWS::SNS::Topic\",",
      with:
        "\"AlarmTopic\": {\n      \"Type\": \"AWS::SNS::Topic\",\n      \"Metadata\": {\"infragen\": {\"suppress\": [{\"rule\": \"NoSuchRule\", \"reason\": \"r\"}]}},"
    )
    let path = try fixtures.write("warning.json", text)
    let lenient = InfragenCLI.run(["validate", path])
    #expect(lenient.exitCode == .success)
    #expect(
      lenient.stdout.contains(
        "warning: [WaiversNameKnownRules] AlarmTopic: waiver names rule 'NoSuchRule', which does not exist"))
    let strict = InfragenCLI.run(["validate", "--strict", path])
    #expect(strict.exitCode == .findings)
    #expect(strict.stdout.contains("error: [WaiversNameKnownRules]"))
  }

  @Test func sarifIsVersion210WithRulesAndRegions() throws {
    let fixtures = try Fixtures()
    let path = try fixtures.openDatabase()
    let result = InfragenCLI.run(["validate", "--format", "sarif", "--template", path])
    #expect(result.exitCode == .findings)
    #expect(result.stdout.contains("\"version\": \"2.1.0\""))
    #expect(result.stdout.contains("\"ruleId\": \"DatabaseIngressOnlyFromService\""))
    #expect(result.stdout.contains("\"startLine\": "))
    #expect(result.stdout.contains("\"uri\": \"file://\(ReportFormat.percentEncoded(path))\""))
    #expect(result.stdout.contains("\"primaryLocationLineHash\": "))
    #expect(result.stdout.contains("\"fullDescription\": "))
    #expect(result.stdout.contains("\"security-severity\": \"8.0\""))
    #expect(result.stdout.contains("\"id\": \"PublicIngressOnlyOnLoadBalancer\""))
  }

  @Test func sarifPathsArePercentEncodedAndRelativeWhereTheyCanBe() {
    #expect(ReportFormat.percentEncoded("with space/b#d.json") == "with%20space/b%23d.json")
    #expect(
      ReportFormat.artifactLocation("Templates/stack.json") == [
        "uri": "Templates/stack.json", "uriBaseId": "%SRCROOT%",
      ])
    #expect(ReportFormat.artifactLocation("./a b.yaml") == ["uri": "a%20b.yaml", "uriBaseId": "%SRCROOT%"])
    #expect(ReportFormat.artifactLocation("/elsewhere/t.json") == ["uri": "file:///elsewhere/t.json"])
    #expect(ReportFormat.fingerprint("a") == ReportFormat.fingerprint("a"))
    #expect(ReportFormat.fingerprint("a") != ReportFormat.fingerprint("b"))
    #expect(ReportFormat.fingerprint("").count == 16)
  }

  @Test func listRulesNamesEveryRuleWithItsSeverity() {
    let result = InfragenCLI.run(["validate", "--list-rules"])
    #expect(result.exitCode == .success)
    #expect(
      result.stdout.contains(
        "  DatabaseIngressOnlyFromService           error    Databases accept only the workloads that use them")
    )
    #expect(result.stdout.contains("  WaiversNameKnownRules                    warning  Waivers name rules that exist"))
    #expect(result.stdout.contains("Best practice (--rules all):\n"))
    #expect(result.stdout.contains("  TopicsAreEncrypted                       warning  SNS topics"))
  }

  @Test func severalFilesAreReportedTogether() throws {
    let fixtures = try Fixtures()
    let clean = try fixtures.write("clean.json", InfragenCLI.run(["render"]).stdout)
    let result = InfragenCLI.run(["validate", clean, try fixtures.openDatabase()])
    #expect(result.exitCode == .findings)
    #expect(result.stdout.hasSuffix("1 error, 0 warnings in 2 templates (164 resources)\n"))
  }
}

@Suite struct BadInputTests {
  static let cases: [(name: String, bytes: [UInt8], message: String)] = [
    ("empty.json", [], "empty.json: error: the file is empty; expected a CloudFormation template (a JSON object)"),
    ("array.json", Array("[1, 2]".utf8), "array.json:1:1: error: a template must be a JSON object, found an array"),
    ("nothing.json", Array("{}".utf8), "nothing.json:1:1: error: a template needs a 'Resources' section"),
    ("garbage.json", [0x00, 0xFF, 0x13, 0x37, 0x80, 0x00], "garbage.json:1:1: error: "),
    (
      "deep.json", Array(String(repeating: "[", count: 100_000).utf8),
      "deep.json:1:513: error: objects and arrays are nested more than 512 levels deep"
    ),
    (
      "duplicate.json",
      Array("{\"Resources\": {\"A\": {\"Type\": \"AWS::SNS::Topic\"},\n \"A\": {\"Type\": \"AWS::SNS::Topic\"}}}".utf8),
      "duplicate.json:2:2: error: duplicate key 'A'; first defined at line 1"
    ),
  ]

  @Test(arguments: cases.indices)
  func exitsTwoWithOneLine(_ index: Int) throws {
    let (name, bytes, message) = Self.cases[index]
    let fixtures = try Fixtures()
    let path = try fixtures.write(name, bytes)
    for command in ["validate", "graph"] {
      let result = InfragenCLI.run([command, path])
      #expect(result.exitCode == .usage, "\(command)")
      // The text report still counts what could not be read; a graph has nothing to draw.
      #expect(
        result.stdout
          == (command == "validate"
            ? "0 errors, 0 warnings in 0 templates (0 resources); 1 file could not be read\n" : ""))
      #expect(result.stderr.hasPrefix(fixtures.directory.path + "/" + message), "\(result.stderr)")
      #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    }
  }

  @Test func everyTruncationOfARealTemplateIsOneLineAndExitTwo() throws {
    let fixtures = try Fixtures()
    let full = Array(InfragenCLI.run(["render"]).stdout.utf8)
    for cut in stride(from: 1, to: full.count - 2, by: 997) {
      let path = try fixtures.write("cut.json", Array(full[..<cut]))
      let result = InfragenCLI.run(["validate", path])
      #expect(result.exitCode == .usage, "cut at \(cut)")
      #expect(result.stderr.hasPrefix(path + ":"), "cut at \(cut): \(result.stderr)")
      #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    }
  }

  @Test func aMissingFileAndADirectory() throws {
    let fixtures = try Fixtures()
    let missing = InfragenCLI.run(["validate", fixtures.directory.path + "/missing.json"])
    #expect(missing.exitCode == .usage)
    #expect(missing.stderr == fixtures.directory.path + "/missing.json: error: no such file\n")
    let directory = InfragenCLI.run(["validate", fixtures.directory.path])
    #expect(
      directory.stderr
        == fixtures.directory.path
        + ": error: holds no CloudFormation template (templates are found by content, in files up to 10 MiB)\n")
  }

  @Test func aLargeTemplateIsReadAndChecked() throws {
    let fixtures = try Fixtures()
    var text = "{\"Resources\": {"
    text += (0..<20_000).map {
      "\"Topic\($0)\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": {\"DisplayName\": \"\(String(repeating: "x", count: 100))\"}}"
    }
    .joined(separator: ",\n")
    text += "}}"
    let path = try fixtures.write("large.json", text)
    let result = InfragenCLI.run(["validate", "--rules", "isolation", path])
    #expect(result.exitCode == .success)
    #expect(result.stdout == "0 errors, 0 warnings in 1 template (20000 resources)\n")
    // The best-practice rules find every topic unencrypted: warnings, so still exit 0.
    let all = InfragenCLI.run(["validate", path])
    #expect(all.exitCode == .success)
    #expect(all.stdout.hasSuffix("0 errors, 20000 warnings in 1 template (20000 resources)\n"))
  }

  @Test func oneUnreadableFileDoesNotHideTheOthersFindings() throws {
    let fixtures = try Fixtures()
    let result = InfragenCLI.run(["validate", try fixtures.openDatabase(), try fixtures.write("empty.json", "")])
    #expect(result.exitCode == .usage)
    #expect(result.stdout.contains("[DatabaseIngressOnlyFromService]"))
    #expect(result.stderr.contains("empty.json: error: the file is empty"))
  }
}

@Suite struct GraphCommandTests {
  @Test func mermaidShowsTheChain() {
    let result = InfragenCLI.run(["graph"])
    #expect(result.exitCode == .success)
    #expect(result.stdout.hasPrefix("flowchart LR\n"))
    #expect(result.stdout.contains("  Service[\"service Service<br/>ServiceSecurityGroup\"]\n"))
    #expect(result.stdout.contains("  internet -- \"tcp 443\" --> LoadBalancer\n"))
    #expect(result.stdout.contains("  LoadBalancer -- \"tcp 3000\" --> Service\n"))
    #expect(result.stdout.contains("  Service -- \"tcp 3306\" --> Database\n"))
    #expect(!result.stdout.contains("linkStyle"))
  }

  @Test func dotMarksViolationsRed() throws {
    let fixtures = try Fixtures()
    let result = InfragenCLI.run(["graph", "--format", "dot", try fixtures.openDatabase()])
    #expect(result.exitCode == .success)
    #expect(result.stdout.hasPrefix("digraph reachability {\n"))
    #expect(
      result.stdout.contains(
        "  \"cidr_0_0_0_0_0\" -> \"Database\" [label=\"tcp 3306 ✗ DatabaseIngressOnlyFromService\", color=red, style=dashed];"
      ))
  }

  @Test func mermaidMarksViolations() throws {
    let fixtures = try Fixtures()
    let result = InfragenCLI.run(["graph", try fixtures.openDatabase()])
    #expect(
      result.stdout.contains("  cidr_0_0_0_0_0 -. \"tcp 3306 ✗ DatabaseIngressOnlyFromService\" .-> Database\n"))
    #expect(result.stdout.contains("linkStyle "))
  }

  @Test func twoFilesAreAUsageError() {
    let result = InfragenCLI.run(["graph", "a.json", "b.json"])
    #expect(result.exitCode == .usage)
    #expect(result.stderr.hasPrefix("Error: Expected at most one template, found 2\n"))
  }
}

@Suite struct RenderValidatesFirstTests {
  @Test func aStackThatBreaksIsolationIsNotPrinted() throws {
    let vpc = VPC("Vpc", cidrBlock: .anywhere)
    let app = SecurityGroup("AppGroup", description: "app", vpc: vpc)
    let database = SecurityGroup(
      "DbGroup", description: "db", vpc: vpc, ingress: [.tcp(3306, from: .anyIPv4, description: "oops")])
    let subnet = Subnet("Private", vpc: vpc, cidrBlock: .anywhere, availabilityZone: .init(index: 0), kind: .private)
    let secret = Secret("DbSecret", description: "db", generated: .credentials(username: "app", passwordLength: 32))
    let stack = Stack {
      vpc
      app
      database
      subnet
      secret
      DatabaseSubnetGroup("DbSubnets", description: "db", subnets: [subnet])
      DatabaseInstance(
        "Db", engineVersion: "8.4.7", instanceClass: "db.t4g.micro", allocatedStorage: 20, maxAllocatedStorage: 40,
        subnetGroup: DatabaseSubnetGroup("DbSubnets", description: "db", subnets: [subnet]), securityGroups: [database],
        credentials: secret)
      Cluster("Cluster")
      Topic("Alarms", displayName: "a")
    }
    let fixtures = try Fixtures()
    let output = fixtures.directory.path + "/out.json"
    // A service makes the database rule applicable.
    let withService = Stack {
      stack
      FargateService(
        "Svc", cluster: Cluster("Cluster"),
        taskDefinition: TaskDefinition(
          "Task", size: .small, executionRole: Role("Exec", assumedBy: .ecsTasks),
          taskRole: Role("Exec", assumedBy: .ecsTasks),
          containers: []),
        desiredCount: 1, subnets: [subnet], securityGroups: [app],
        container: ContainerDefinition(
          name: "app", image: "img", port: 3000, logGroup: LogGroup("Logs", retentionInDays: 7)),
        targetGroup: TargetGroup("Targets", vpc: vpc, port: 3000), after: [])
    }
    let result = try RenderCommand.render(withService, output: .file(output))
    #expect(result.exitCode == .findings)
    #expect(result.stdout.isEmpty)
    #expect(
      result.stderr.contains(
        "reference stack: error: [DatabaseIngressOnlyFromService] DbGroup: ingress from '0.0.0.0/0' on tcp 3306"))
    #expect(!FileManager.default.fileExists(atPath: output))
  }

  @Test func aStackWithADuplicateIDIsNotPrinted() throws {
    let result = try RenderCommand.render(
      Stack {
        Topic("T", displayName: "a"); Topic("T", displayName: "b")
      }, output: .standardOutput)
    #expect(result.exitCode == .findings)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("[LogicalIDsAreUnique] T: 'T' is declared more than once in Resources"))
  }
}

/// `validate --policy FILE` and `validate --explain SOURCE TARGET`.
@Suite struct PolicyAndExplainTests {
  @Test func aPolicyFileIsMergedAndItsMistakesNameTheirPlace() throws {
    let fixtures = try Fixtures()
    let stack = try fixtures.write("stack.json", InfragenCLI.run(["render"]).stdout)
    let blocked = try fixtures.write("policy.yaml", "flows:\n  - {from: LoadBalancer, to: Database}\n")
    let result = InfragenCLI.run(["validate", stack, "--policy", blocked, "--rules", "isolation"])
    #expect(result.exitCode == .findings)
    #expect(
      result.stdout.contains(
        "[FlowIsDeclaredButBlocked] \(blocked):2:5: the declared flow from 'LoadBalancer' to 'Database' on tcp 3306 cannot happen"
      ), "\(result.stdout)")
    let allowed = try fixtures.write("allowed.json", #"{"flows": [{"from": "Service", "to": "Database"}]}"#)
    #expect(InfragenCLI.run(["validate", stack, "--policy", allowed]).exitCode == .success)
    let bad = try fixtures.write("bad.yaml", "flows:\n  - {from: Service, to: Database, ports: [http]}\n")
    let refused = InfragenCLI.run(["validate", stack, "--policy", bad])
    #expect(refused.exitCode == .usage)
    #expect(refused.stdout.isEmpty)
    #expect(
      refused.stderr.hasPrefix(
        "\(bad):2:35: error: ports must be numbers from 0 to 65535 or ranges such as '8000-8080'"), "\(refused.stderr)")
    let unknown = try fixtures.write(
      "unknown.yaml", "flows:\n  - {from: Service, to: Database}\n  - {from: Servise, to: Database}\n")
    let named = InfragenCLI.run(["validate", stack, "--policy", unknown, "--rules", "isolation"])
    #expect(named.exitCode == .findings)
    #expect(
      named.stdout.hasSuffix(
        "[DeclaredFlowsAreWellFormed] \(unknown):3:5: the flow's 'from' names 'Servise', which is not 'internet', a CIDR block, a workload or group of the template, nor a parameter or import it names (did you mean 'Service'?)\n1 error, 0 warnings in 1 template (82 resources)\n"
      ), "\(named.stdout)")
    let parameter = try fixtures.write(
      "parameter.yaml", "flows:\n  - {from: CertificateArn, to: LoadBalancer, ports: [443]}\n")
    #expect(
      !InfragenCLI.run(["validate", stack, "--policy", parameter, "--rules", "isolation"]).stdout.contains(
        "DeclaredFlowsAreWellFormed"))
    let empty = try fixtures.write("empty.yaml", "mode: derived\n")
    #expect(InfragenCLI.run(["validate", stack, "--policy", empty]).stderr.contains("the policy declares no flows"))
  }

  @Test func explainPrintsThePathOrWhatBlocksIt() throws {
    let fixtures = try Fixtures()
    let stack = try fixtures.write("stack.json", InfragenCLI.run(["render"]).stdout)
    let reachable = InfragenCLI.run(["validate", stack, "--explain", "Service", "Database"])
    #expect(reachable.exitCode == .success)
    #expect(
      reachable.stdout.hasPrefix(
        "'Service' -> database 'Database': reachable on tcp 3306\n  source: service 'Service', carrying 'ServiceSecurityGroup'\n"
      ), "\(reachable.stdout)")
    #expect(reachable.stdout.contains("admits it"))
    #expect(reachable.stdout.contains("policy (tcp 3306): allowed:"))
    let blocked = InfragenCLI.run(["validate", stack, "--explain", "internet", "Database"])
    #expect(blocked.exitCode == .findings)
    #expect(blocked.stdout.contains("path: no public IP: the internet has no path to it"))
    #expect(blocked.stdout.contains("does not admit it"))
    let typo = InfragenCLI.run(["validate", stack, "--explain", "Service", "Databse"])
    #expect(typo.exitCode == .usage)
    #expect(typo.stderr.contains("'Databse' is no workload of \(stack); did you mean 'Database'?"))
    #expect(InfragenCLI.run(["validate", stack, "--explain", "Service"]).exitCode == .usage)
  }
}
