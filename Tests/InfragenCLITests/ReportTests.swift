import Foundation
import InfragenCore
import InfragenModel
import Testing

@testable import InfragenCLI

/// What `validate` prints is complete and in order, whatever could or could not be read; options
/// that would be ignored are refused.
@Suite struct ReportTests {
  static let openGroups = """
    {
      "Resources": {
        "Zed": {
          "Type": "AWS::EC2::SecurityGroup",
          "Properties": {"GroupDescription": "z", "SecurityGroupIngress": [
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"}]}
        },
        "Alpha": {
          "Type": "AWS::EC2::SecurityGroup",
          "Properties": {"GroupDescription": "a", "SecurityGroupIngress": [
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"}]}
        }
      }
    }
    """

  @Test func findingsAreInFileOrder() throws {
    let fixtures = try Fixtures()
    let path = try fixtures.write("groups.json", Self.openGroups)
    let result = InfragenCLI.run(["validate", path, "--rules", "isolation"])
    let all = result.stdout.split(separator: "\n").map(String.init)
    // Two groups and no workload: the chain was not checked, which a note says first.
    try #require(all.count == 4, "\(result.stdout)")
    #expect(
      all[0].hasSuffix(
        "note: [FlowsAreAllowed] Resources: the chain was not checked: no workloads carry the template's 2 security groups"
      ))
    let lines = Array(all.dropFirst())
    #expect(lines[0].hasPrefix("\(path):6:"))
    #expect(lines[0].contains("] Zed:"))
    #expect(lines[1].hasPrefix("\(path):11:"))
    #expect(lines[1].contains("] Alpha:"))
  }

  @Test func filesKeepTheOrderGiven() throws {
    let fixtures = try Fixtures()
    let second = try fixtures.write("b.json", Self.openGroups)
    let first = try fixtures.write("a.json", Self.openGroups)
    let result = InfragenCLI.run(["validate", second, first, "--rules", "isolation"])
    let files = result.stdout.split(separator: "\n").filter { $0.contains(": error: ") }.map {
      $0.split(separator: ":")[0]
    }
    #expect(files == [Substring(second), Substring(second), Substring(first), Substring(first)])
  }

  @Test func anUnreadableFileStillGivesACompleteSARIFDocument() throws {
    let fixtures = try Fixtures()
    let good = try fixtures.write("good.json", InfragenCLI.run(["render"]).stdout)
    let bad = try fixtures.write("bad.json", "{\"Resources\": ")
    let result = InfragenCLI.run(["validate", good, bad, "--format", "sarif"])
    #expect(result.exitCode == .usage)
    let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let run = try #require((document["runs"] as? [[String: Any]])?.first)
    let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
    #expect(invocation["executionSuccessful"] as? Bool == false)
    let notifications = try #require(invocation["toolExecutionNotifications"] as? [[String: Any]])
    #expect(notifications.count == 1)
    #expect(
      (notifications[0]["message"] as? [String: Any])?["text"] as? String
        == "\(bad): unexpected end of input inside an object; expected a value")
    #expect(notifications[0]["level"] as? String == "error")
    #expect(result.stderr == "\(bad):1:15: error: unexpected end of input inside an object; expected a value\n")
  }

  @Test func aCleanRunSaysItsInvocationSucceeded() throws {
    let result = InfragenCLI.run(["validate", "--format", "sarif"])
    let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let run = try #require((document["runs"] as? [[String: Any]])?.first)
    let invocation = try #require((run["invocations"] as? [[String: Any]])?.first)
    #expect(invocation["executionSuccessful"] as? Bool == true)
    #expect(invocation["toolExecutionNotifications"] == nil)
  }

  @Test func anUnreadableFileStillGivesACompleteJSONDocument() throws {
    let fixtures = try Fixtures()
    let missing = fixtures.directory.path + "/missing.json"
    let result = InfragenCLI.run(["validate", missing, "--format", "json"])
    #expect(result.exitCode == .usage)
    let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect((document["findings"] as? [Any])?.isEmpty == true)
    let errors = try #require(document["errors"] as? [[String: Any]])
    #expect(errors.count == 1)
    #expect(errors[0]["file"] as? String == missing)
    #expect(errors[0]["message"] as? String == "no such file")
  }

  @Test func configurationOptionsWithTemplatesAreRefused() throws {
    let fixtures = try Fixtures()
    let path = try fixtures.write("t.json", "{\"Resources\": {}}")
    for arguments in [
      ["validate", path, "--env", "prod"], ["validate", path, "--config", "infragen.yaml"],
      ["graph", path, "--env", "x"],
    ] {
      let result = InfragenCLI.run(arguments)
      #expect(result.exitCode == .usage, "\(arguments)")
      #expect(result.stderr.contains("shapes the reference stack and has no effect on template files"))
    }
  }

  @Test func listRulesHonoursJSONAndTakesNoFiles() throws {
    let json = InfragenCLI.run(["validate", "--list-rules", "--format", "json"])
    #expect(json.exitCode == .success)
    let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let rules = try #require(document["rules"] as? [[String: Any]])
    #expect(rules.contains { $0["name"] as? String == "LogicalIDsAreUnique" && $0["set"] as? String == "isolation" })
    #expect(rules.count == InfragenValidationRules.count)
    let withFile = InfragenCLI.run(["validate", "--list-rules", "stack.json"])
    #expect(withFile.exitCode == .usage)
    #expect(withFile.stderr.hasPrefix("Error: --list-rules takes no template, found 'stack.json'\n"))
    #expect(InfragenCLI.run(["validate", "--list-rules", "--format", "sarif"]).exitCode == .usage)
  }

  @Test func logicalIDsAreUniqueIsARegisteredRule() throws {
    #expect(InfragenCLI.run(["validate", "--list-rules"]).stdout.contains("  LogicalIDsAreUnique "))
    let sarif = InfragenCLI.run(["validate", "--format", "sarif"]).stdout
    #expect(sarif.contains("\"id\": \"LogicalIDsAreUnique\""))
  }

  @Test func aBadIDDeclaredTwiceIsReportedOncePerRule() throws {
    let result = try RenderCommand.render(
      Stack {
        Topic("Bad-ID", displayName: "a")
        Topic("Bad-ID", displayName: "b")
      })
    #expect(result.exitCode == .findings)
    #expect(result.stderr.components(separatedBy: "[LogicalIDsAreValid]").count == 2, "\(result.stderr)")
    #expect(result.stderr.components(separatedBy: "[LogicalIDsAreUnique]").count == 2, "\(result.stderr)")
  }

  @Test func helpHelpIsTheHelpOfHelp() {
    let result = InfragenCLI.run(["help", "help"])
    #expect(result.exitCode == .success)
    #expect(result.stdout.hasPrefix("OVERVIEW: Show help for a subcommand.\n\nUSAGE: infragen help [<subcommand>]\n"))
  }

  @Test func aSingleValueOptionGivenTwiceIsAUsageError() {
    for arguments in [
      ["render", "--env", "a", "--env", "b"], ["validate", "--format", "json", "--format=text"],
      ["graph", "--format", "dot", "--format", "dot"],
    ] {
      let result = InfragenCLI.run(arguments)
      #expect(result.exitCode == .usage, "\(arguments)")
      #expect(result.stderr.hasPrefix("Error: Option '--"), "\(result.stderr)")
      #expect(result.stderr.contains("is given more than once; give it once"))
    }
    // A repeatable option may be repeated.
    let repeated = InfragenCLI.run([
      "validate", "--template", ReferenceTestsPaths.stack, "--template", ReferenceTestsPaths.stack,
    ])
    #expect(repeated.exitCode == .success, "\(repeated.stderr)")
  }
}

/// How many rules `--list-rules` names: every rule the validator has.
let InfragenValidationRules = ValidateCommand.ruleSets.flatMap(\.rules)

enum ReferenceTestsPaths {
  static let stack = Tools.packageRoot.appendingPathComponent("Templates/stack.json").path
}
