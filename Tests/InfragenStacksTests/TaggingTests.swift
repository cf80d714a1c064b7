import Foundation
import InfragenCore
import InfragenFormats
import InfragenModel
import InfragenStacks
import Testing

/// Stack-wide tags reach exactly the resources whose CloudFormation schema (cfn-lint's copy,
/// in the test virtualenv) has a `Tags` property.
@Suite struct TaggingTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static let python = root.appendingPathComponent(".venv/bin/python").path

  @Test(
    .enabled(
      if: FileManager.default.isExecutableFile(atPath: python),
      ".venv/bin/python is not installed (make test installs cfn-lint into .venv)"))
  func tagsReachEveryTaggableResourceAndNoOther() throws {
    var options = ReferenceStack.Options()
    options.tags = [Tag("team", "web"), Tag("Name", "ignored where a resource names itself")]
    let template = try ReferenceStack(options: options).stack.template()
    let python = Self.python
    let types = Set(template.resources.map(\.type)).sorted()
    let script = """
      import json, os, sys, cfnlint
      from cfnlint.data.schemas.providers.us_east_1 import types
      base = os.path.join(os.path.dirname(cfnlint.__file__), "data", "schemas", "resources")
      for name in sys.argv[1:]:
          schema = json.load(open(os.path.join(base, types[name] + ".json")))
          if "Tags" in schema.get("properties", {}):
              print(name)
      """
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = ["-c", script] + types
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0)
    let taggable = Set(String(decoding: output, as: UTF8.self).split(separator: "\n").map(String.init))
    #expect(taggable.count > 10)
    for resource in template.resources {
      let tags = resource[property: "Tags"]?.listValue ?? []
      let team = tags.contains { $0["Key"] == "team" && $0["Value"] == "web" }
      #expect(team == taggable.contains(resource.type), "\(resource.logicalID) (\(resource.type))")
    }
    let vpcTags = template.resource("Vpc")?[property: "Tags"]?.listValue ?? []
    #expect(vpcTags.filter { $0["Key"] == "Name" }.count == 1)
    #expect(vpcTags.first?["Value"] == .sub("${AWS::StackName}-vpc"))
  }
}
