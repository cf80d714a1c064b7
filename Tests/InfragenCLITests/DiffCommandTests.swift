import InfragenCore
import InfragenStacks
import Testing

@testable import InfragenCLI

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A fresh directory of templates for `diff`, removed when the value goes away.
private final class DiffFixtures {
  let path: String

  init() throws {
    path = FileManager.default.temporaryDirectory.path + "/infragen-diff-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// Writes `text` to `name` in the directory and returns its path.
  func write(_ name: String, _ text: String) throws -> String {
    let file = path + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    return file
  }

  static let old = """
    {
      "AWSTemplateFormatVersion": "2010-09-09",
      "Resources": {
        "Database": {"Type": "AWS::RDS::DBInstance", "Properties": {"Engine": "mysql", "MultiAZ": true}},
        "OldQueue": {"Type": "AWS::SQS::Queue"},
        "Service": {"Type": "AWS::ECS::Service", "Properties": {"DesiredCount": 2, "Cluster": {"Ref": "Cluster"}}}
      }
    }
    """

  static let new = """
    {
      "AWSTemplateFormatVersion": "2010-09-09",
      "Resources": {
        "Service": {"Type": "AWS::ECS::Service", "Properties": {"Cluster": {"Ref": "Cluster"}, "DesiredCount": 4}},
        "NewTopic": {"Type": "AWS::SNS::Topic"},
        "Database": {"Type": "AWS::RDS::DBInstance", "Properties": {"MultiAZ": false, "Engine": "mysql"}}
      }
    }
    """

  /// The same template as ``old``, with its keys and resources in another order.
  static let reordered = """
    {
      "Resources": {
        "Service": {"Properties": {"Cluster": {"Ref": "Cluster"}, "DesiredCount": 2}, "Type": "AWS::ECS::Service"},
        "OldQueue": {"Type": "AWS::SQS::Queue"},
        "Database": {"Properties": {"MultiAZ": true, "Engine": "mysql"}, "Type": "AWS::RDS::DBInstance"}
      },
      "AWSTemplateFormatVersion": "2010-09-09"
    }
    """
}

@Suite struct DiffCommandTests {
  /// Runs `diff` the way the dispatcher will: parse, then run; a thrown error becomes its result.
  func diff(_ arguments: [String]) -> CommandResult {
    do {
      return try DiffCommand.run(try ParsedArguments(arguments, spec: DiffCommand.spec))
    } catch {
      return error.result
    }
  }

  @Test func differentTemplatesPrintTheChangesAndExitOne() throws {
    let fixtures = try DiffFixtures()
    let old = try fixtures.write("old.json", DiffFixtures.old)
    let new = try fixtures.write("new.json", DiffFixtures.new)
    let result = diff([old, new])
    #expect(result.exitCode == .findings)
    #expect(result.stderr.isEmpty)
    #expect(
      result.stdout == """
        + Resources.NewTopic (AWS::SNS::Topic)
        - Resources.OldQueue (AWS::SQS::Queue)
        ~ Resources.Database.Properties.MultiAZ: true -> false
        ~ Resources.Service.Properties.DesiredCount: 2 -> 4
        2 resources changed, 1 added, 1 removed

        """)
  }

  @Test func theSameTemplateInAnotherOrderIsEquivalentAndExitsZero() throws {
    let fixtures = try DiffFixtures()
    let old = try fixtures.write("old.json", DiffFixtures.old)
    let reordered = try fixtures.write("reordered.json", DiffFixtures.reordered)
    let result = diff([old, reordered])
    #expect(result.exitCode == .success)
    #expect(result.stdout == "no differences\n")
    #expect(result.stderr.isEmpty)
  }

  @Test func theRenderedReferenceStackReadsBackWithNoDifferences() throws {
    let fixtures = try DiffFixtures()
    let stack = try fixtures.write("stack.json", InfragenCLI.run(["render"]).stdout)
    let read = try TemplateInput.read(stack)
    let diff = TemplateDiff(old: try ReferenceStack().stack.template(), new: read)
    #expect(diff.text() == "no differences\n")
    #expect(self.diff([stack, stack]).exitCode == .success)
  }

  @Test func theJSONAndYAMLRenderingsAreEquivalent() throws {
    let fixtures = try DiffFixtures()
    let json = try fixtures.write("stack.json", InfragenCLI.run(["render"]).stdout)
    let yaml = try fixtures.write("stack.yaml", InfragenCLI.run(["render", "--format", "yaml"]).stdout)
    let result = diff([json, yaml])
    #expect(result.stderr.isEmpty)
    #expect(result.stdout == "no differences\n")
    #expect(result.exitCode == .success)
  }

  @Test func aMissingFileExitsTwoAndNamesIt() throws {
    let fixtures = try DiffFixtures()
    let old = try fixtures.write("old.json", DiffFixtures.old)
    let missing = fixtures.path + "/missing.json"
    let result = diff([old, missing])
    #expect(result.exitCode == .usage)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr == "\(missing): error: no such file\n")
  }

  @Test func everyUnreadableTemplateIsReported() throws {
    let fixtures = try DiffFixtures()
    let broken = try fixtures.write("broken.json", "{\"Resources\": ")
    let missing = fixtures.path + "/missing.json"
    let result = diff([broken, missing])
    #expect(result.exitCode == .usage)
    #expect(result.stdout.isEmpty)
    let lines = result.stderr.split(separator: "\n").map(String.init)
    #expect(lines.count == 2)
    #expect(lines.first?.hasPrefix("\(broken):") == true)
    #expect(lines.last == "\(missing): error: no such file")
  }

  @Test(arguments: [[], ["one.json"], ["one.json", "two.json", "three.json"]])
  func anythingButTwoTemplatesIsAUsageError(_ arguments: [String]) {
    let result = diff(arguments)
    #expect(result.exitCode == .usage)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("Error: Expected two templates, OLD and NEW, found \(arguments.count)\n"))
  }

  @Test func unknownOptionsAreUsageErrors() {
    let result = diff(["--format", "json", "a.json", "b.json"])
    #expect(result.exitCode == .usage)
    #expect(result.stderr.hasPrefix("Error: Unknown option '--format'"))
  }

  @Test func helpNamesBothArgumentsAndTheExitCodes() {
    let help = DiffCommand.spec.helpText
    #expect(
      help.hasPrefix(
        "OVERVIEW: Show what changes between two templates, resource by resource.\n\nUSAGE: infragen diff OLD NEW\n"))
    #expect(help.contains("  <old> <new>             Two CloudFormation templates (JSON or YAML).\n"))
    #expect(help.contains("Exit codes: 0 the templates are equivalent, 1 they differ, 2 a usage error"))
  }
}
