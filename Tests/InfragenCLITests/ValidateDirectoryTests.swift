import InfragenCore
import InfragenFormats
import Testing

@testable import InfragenCLI

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// `infragen validate DIR`: templates found by content under directories, the other files
/// skipped and counted, one combined report whatever the order the cores finish in.
@Suite struct ValidateDirectoryTests {
  /// A stack that exports its proxy's group, and one whose server takes traffic from it.
  static let network = """
    {"Resources": {
      "Proxy": {"Type": "AWS::EC2::Instance",
        "Properties": {"ImageId": "ami-1", "SubnetId": "subnet-1", "SecurityGroupIds": [{"Ref": "ProxyGroup"}]}},
      "ProxyGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "proxy", "VpcId": "vpc-1"}}},
     "Outputs": {"Group": {"Value": {"Ref": "ProxyGroup"}, "Export": {"Name": "net-ProxyGroup"}}}}
    """
  static func importing(_ name: String, server: String = "Server") -> String {
    """
    Resources:
      \(server):
        Type: AWS::EC2::Instance
        Properties: {ImageId: ami-1, SubnetId: subnet-1, SecurityGroupIds: [!Ref \(server)Group]}
      \(server)Group:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: app
          VpcId: vpc-1
          SecurityGroupIngress:
            - {IpProtocol: tcp, FromPort: 80, ToPort: 80, SourceSecurityGroupId: !ImportValue \(name)}
    """
  }

  /// A directory like a repository's: templates of both syntaxes under any name, and files that
  /// are not templates, some of which mention `Resources`.
  func repository() throws -> Fixtures {
    let fixtures = try Fixtures()
    let root = fixtures.directory.path
    for directory in ["infra", "infra/app", ".git", "node_modules/pkg", "docs"] {
      try FileManager.default.createDirectory(atPath: "\(root)/\(directory)", withIntermediateDirectories: true)
    }
    _ = try fixtures.write("infra/network.json", Self.network)
    _ = try fixtures.write("infra/app/stack.txt", Self.importing("net-ProxyGroup"))
    _ = try fixtures.write("infra/orphan.template", Self.importing("elsewhere-Group"))
    _ = try fixtures.write("package.json", #"{"name": "app", "config": {"Resources": ["not", "a", "template"]}}"#)
    _ = try fixtures.write("workflow.yaml", "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n")
    _ = try fixtures.write("docs/README.md", "# Example\n\nA stack:\n\n```yaml\nResources:\n  A: {Type: X}\n```\n")
    _ = try fixtures.write(".git/HEAD.json", Self.network)
    _ = try fixtures.write("node_modules/pkg/template.json", Self.network)
    _ = try fixtures.write("logo.png", [0x89, 0x50, 0x4E, 0x47, 0, 0, 0x52, 0x65])
    return fixtures
  }

  @Test func templatesAreFoundByContentAndTheOthersCounted() throws {
    let fixtures = try repository()
    let root = fixtures.directory.path
    let result = InfragenCLI.run(["validate", "--rules", "isolation", root])
    #expect(result.exitCode == .findings)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    // Three templates (JSON, YAML named .txt, YAML named .template); package.json, the workflow,
    // the README and the image are skipped; .git and node_modules are not entered.
    #expect(lines.last == "1 error, 1 warning in 3 templates (6 resources); 4 other files skipped (not templates)")
    #expect(lines.count == 3)
    guard lines.count == 3 else { return }
    // The stack that imports the exported group is judged with the stack that exports it: the
    // import is the proxy, whose flow nothing declares. The orphan's import is exported by none
    // of the templates given.
    #expect(
      lines[0].hasPrefix(
        "\(root)/infra/app/stack.txt:11:11: error: [FlowsAreAllowed] ServerGroup: ingress from 'Proxy'"))
    #expect(lines[1].hasPrefix("\(root)/infra/orphan.template:11:11: warning: [SourcesAreResolvable]"))
    #expect(lines[1].contains("none of the templates given exports it"))
  }

  @Test func theReportIsTheSameAsEachFileValidatedAloneInPathOrder() throws {
    let fixtures = try repository()
    let root = fixtures.directory.path
    let broken = try fixtures.write("infra/broken.yaml", "Resources:\n  Topic: [\n")
    let together = InfragenCLI.run(["validate", "--format", "json", "--rules", "isolation", root])
    #expect(together.exitCode == .usage)
    #expect(together.stderr.hasPrefix("\(broken):"))
    #expect(together.stderr.split(separator: "\n").count == 1)
    guard case .object(let document)? = try? JSONReader.parseValue(Array(together.stdout.utf8), file: "report").0 else {
      Issue.record("not JSON: \(together.stdout)")
      return
    }
    #expect(document["skipped"] == .integer(4))
    let files = document["findings"]?.listValue?.compactMap { $0["file"]?.stringValue } ?? []
    #expect(files == ["\(root)/infra/app/stack.txt", "\(root)/infra/orphan.template"])
    let errors = document["errors"]?.listValue?.compactMap { $0["file"]?.stringValue } ?? []
    #expect(errors == [broken])
    // The same run twice gives the same bytes, whichever core finishes first.
    #expect(InfragenCLI.run(["validate", "--format", "json", "--rules", "isolation", root]).stdout == together.stdout)
  }

  @Test func sarifIsOneRunWithTheSkippedFilesCounted() throws {
    let fixtures = try repository()
    let result = InfragenCLI.run(["validate", "--format", "sarif", "--rules", "isolation", fixtures.directory.path])
    #expect(result.exitCode == .findings)
    guard case .object(let document)? = try? JSONReader.parseValue(Array(result.stdout.utf8), file: "report").0 else {
      Issue.record("not JSON")
      return
    }
    let runs = document["runs"]?.listValue ?? []
    #expect(runs.count == 1)
    #expect(runs.first?["results"]?.listValue?.count == 2)
    #expect(runs.first?["invocations"]?.listValue?.first?["properties"]?["skippedFiles"] == .integer(4))
  }

  @Test func manyUnrelatedTemplatesAreEachJudgedAlone() throws {
    // 60 copies of a stack that opens its database to the internet, in 60 directories, and one
    // reference stack: each copy has its own findings, under its own name, in path order.
    let fixtures = try Fixtures()
    let open = try fixtures.openDatabase()
    let text = try String(contentsOfFile: open, encoding: .utf8)
    try FileManager.default.removeItem(atPath: open)
    var expected: [String] = []
    for index in 0..<60 {
      let directory = fixtures.directory.path + "/stack-" + String(1000 + index)
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      try text.write(toFile: directory + "/template.json", atomically: true, encoding: .utf8)
      expected.append(directory + "/template.json")
    }
    let alone = InfragenCLI.run(["validate", "--rules", "isolation", expected[0]])
    let perFile = alone.stdout.split(separator: "\n").dropLast().map { String($0.drop { $0 != ":" }) }
    #expect(!perFile.isEmpty)
    let result = InfragenCLI.run(["validate", "--rules", "isolation", fixtures.directory.path])
    #expect(result.exitCode == .findings)
    let lines = result.stdout.split(separator: "\n").dropLast().map(String.init)
    var wanted: [String] = []
    for file in expected { wanted += perFile.map { file + $0 } }
    #expect(lines == wanted)
  }

  @Test func twoStacksThatImportOneGroupReachEachOther() throws {
    // hub exports a client group; a's instance carries it; b's server admits it. Neither a nor
    // b imports from the other, yet a's instance reaches b's server, and b's report says so.
    let fixtures = try Fixtures()
    let hub = try fixtures.write(
      "hub.json",
      #"{"Resources": {"ClientGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "c", "VpcId": "vpc-1"}}}, "Outputs": {"Client": {"Value": {"Ref": "ClientGroup"}, "Export": {"Name": "hub-ClientGroup"}}}}"#
    )
    let a = try fixtures.write(
      "a.yaml",
      "Resources:\n  Client:\n    Type: AWS::EC2::Instance\n    Properties: {ImageId: ami-1, SubnetId: subnet-1, SecurityGroupIds: [!ImportValue hub-ClientGroup]}\n"
    )
    let b = try fixtures.write("b.yaml", Self.importing("hub-ClientGroup"))
    let result = InfragenCLI.run(["validate", "--rules", "isolation", hub, a, b])
    let lines = result.stdout.split(separator: "\n").filter { $0.hasPrefix(b + ":") }
    #expect(
      lines.contains {
        $0.contains("[FlowsAreAllowed]") && $0.contains("ingress from 'Client' (through its group 'ClientGroup')")
      }, "\(result.stdout)")
  }

  @Test func aPolicyFlowIsJudgedWhereItsTargetIs() throws {
    let fixtures = try Fixtures()
    let root = fixtures.directory.path
    for directory in ["a", "b"] {
      try FileManager.default.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
    }
    _ = try fixtures.write("a/network.json", Self.network)
    _ = try fixtures.write("b/other.yaml", Self.importing("elsewhere-Group", server: "Other"))
    let policy = try fixtures.write(
      "policy.yaml", "flows:\n  - {from: internet, to: Proxy, ports: [443]}\n  - {from: internet, to: Nowhere}\n")
    let result = InfragenCLI.run(["validate", "--rules", "isolation", "--policy", policy, root + "/a", root + "/b"])
    let wellFormed = result.stdout.split(separator: "\n").filter { $0.contains("[DeclaredFlowsAreWellFormed]") }
    // The flow to Proxy is no mistake in b, where nothing is called that; the flow
    // to Nowhere names nothing anywhere and is reported for each template.
    #expect(wellFormed.count == 2)
    #expect(wellFormed.allSatisfy { $0.contains("'Nowhere'") })
  }

  @Test func aDirectoryWithoutATemplateIsAnErrorAndOnlyTemplatesSkipsFiles() throws {
    let fixtures = try Fixtures()
    let package = try fixtures.write("package.json", #"{"name": "app"}"#)
    let empty = InfragenCLI.run(["validate", fixtures.directory.path])
    #expect(empty.exitCode == .usage)
    #expect(
      empty.stderr
        == "\(fixtures.directory.path): error: holds no CloudFormation template (templates are found by content, in files up to 10 MiB)\n"
    )
    // Given by name, a file that is no template is refused, unless --only-templates.
    let refused = InfragenCLI.run(["validate", package])
    #expect(refused.exitCode == .usage)
    #expect(refused.stderr.hasPrefix(package + ":"))
    let skipped = InfragenCLI.run(["validate", "--only-templates", package])
    #expect(skipped.exitCode == .success)
    #expect(
      skipped.stdout == "0 errors, 0 warnings in 0 templates (0 resources); 1 other file skipped (not templates)\n")
  }

  /// A large template given alone is read on two cores; beside another file, on one each. The
  /// findings, with their lines and columns, are the same.
  @Test func aLargeTemplateAloneReadsAsOneAmongOthers() throws {
    let fixtures = try Fixtures()
    let count = 400
    let resources = (0..<count).map { index in
      """
          "Host\(index)": {
            "Type": "AWS::EC2::Instance",
            "Properties": {"ImageId": "ami-1", "SubnetId": "subnet-1", "SecurityGroupIds": [{"Ref": "Group\(index)"}]}
          },
          "Group\(index)": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
              "GroupDescription": "host \(index) – ssh",
              "VpcId": "vpc-1",
              "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"}]
            }
          }
      """
    }
    let large = try fixtures.write(
      "large.json", "{\n  \"Resources\": {\n" + resources.joined(separator: ",\n") + "\n  }\n}\n")
    #expect(try FileSystem.read(large).count >= 128 * 1024)
    let small = try fixtures.write("small.json", Self.network)
    let alone = InfragenCLI.run(["validate", "--rules", "isolation", large])
    let together = InfragenCLI.run(["validate", "--rules", "isolation", large, small])
    #expect(alone.exitCode == .findings)
    let findings = alone.stdout.split(separator: "\n").filter { $0.hasPrefix(large + ":") }
    #expect(findings.count == count)
    #expect(
      findings.last?.hasPrefix("\(large):\(12 * count):34: error: [PublicIngressOnlyOnLoadBalancer] Group\(count - 1):")
        == true)
    #expect(findings == together.stdout.split(separator: "\n").filter { $0.hasPrefix(large + ":") })
  }

  @Test func mayBeTemplateLooksAtContentOnly() {
    #expect(TemplateInput.mayBeTemplate(Array("Resources:\n  A: {Type: X}\n".utf8)))
    #expect(TemplateInput.mayBeTemplate(Array("\u{FEFF}AWSTemplateFormatVersion: 2010-09-09\n".utf8)))
    #expect(TemplateInput.mayBeTemplate(Array("# c\n\"Resources\": {}\n".utf8)))
    #expect(TemplateInput.mayBeTemplate(Array(#"{"a": {"Resources": 1}}"#.utf8)))
    #expect(!TemplateInput.mayBeTemplate(Array("text:\n  Resources: 1\n".utf8)))
    #expect(!TemplateInput.mayBeTemplate(Array("Resources:\n".utf8) + [0]))
    #expect(TemplateInput.startsLikeTemplate(Array("# heading\n---\nParameters:\n".utf8)))
    #expect(!TemplateInput.startsLikeTemplate(Array("# Example\n\nA stack:\n".utf8)))
  }
}
