import Foundation
import InfragenCLI
import InfragenStacks
import Testing

/// The settings table is the one spelling of every setting: the reader's keys and ranges, the
/// starter file, the README's table and the checked-in JSON Schema all agree with it.
@Suite struct SettingsTableTests {
  static let root = Tools.packageRoot
  static let schemaFile = root.appendingPathComponent("Templates/infragen.schema.json")

  /// `infragen.yaml` holding `text`, read; its error lines.
  static func errors(_ text: String) throws -> [String] {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infragen-settings-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("infragen.yaml")
    try Data(text.utf8).write(to: file)
    let result = InfragenCLI.run([
      "render", "--config", file.path, "--output", directory.appendingPathComponent("s.json").path,
    ])
    return result.exitCode == .usage ? result.stderr.split(separator: "\n").map(String.init) : []
  }

  /// A document that sets `path` (no `*` in it) to `value`, with what it needs beside it.
  static func document(_ path: String, _ value: String) -> String {
    let keys = path.split(separator: ".")
    var text = ""
    for (depth, key) in keys.enumerated() {
      text += String(repeating: "  ", count: depth) + key + ":" + (depth == keys.count - 1 ? " \(value)\n" : "\n")
    }
    return text
  }

  @Test func theCheckedInSchemaIsTheTablesSchema() throws {
    let printed = InfragenCLI.run(["schema"])
    #expect(printed.exitCode == .success)
    let file = try String(contentsOf: Self.schemaFile, encoding: .utf8)
    #expect(file == printed.stdout, "Templates/infragen.schema.json is stale; run make templates")
  }

  @Test func theReadmeTableIsTheTable() throws {
    let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
    let start = "<!-- settings table: generated from Settings.table -->\n"
    let table = try #require(readme.components(separatedBy: start).last?.components(separatedBy: "<!-- end").first)
    let expected = InfragenCLI.run(["schema", "--format", "markdown"]).stdout
    if ProcessInfo.processInfo.environment["INFRAGEN_RECORD"] != nil, table != expected {
      try Data(readme.replacingOccurrences(of: start + table, with: start + expected).utf8)
        .write(to: Self.root.appendingPathComponent("README.md"))
      Issue.record("recorded the README's settings table; review it with git diff")
      return
    }
    #expect(table == expected, "the README's settings table differs from the table (INFRAGEN_RECORD=1 rewrites it)")
    #expect(Settings.table.count == expected.split(separator: "\n").count - 2)
  }

  @Test func theReaderKnowsExactlyTheTablesKeys() throws {
    for section in ["", "service", "network", "database", "cache", "search", "alarms", "services.*", "queues.*"] {
      let keys = Settings.keys(under: section)
      #expect(!keys.isEmpty, "\(section)")
      let path = section.isEmpty ? "bogus" : section.replacingOccurrences(of: "*", with: "x") + ".bogus"
      var text = Self.document(path, "1")
      if section == "services.*" { text = "services:\n  x: {kind: web, bogus: 1}\n" }
      if section == "queues.*" { text = "services:\n  x: {kind: web}\nqueues:\n  x: {bogus: 1}\n" }
      let lines = try Self.errors(text)
      let known = "(known keys: \(keys.joined(separator: ", ")))"
      #expect(lines.contains { $0.contains("bogus: unknown key") && $0.hasSuffix(known) }, "\(section): \(lines)")
    }
  }

  /// Settings whose top is refused beside the others' defaults: a Fargate size, Aurora only, a
  /// multiple of the zones, a count above the maximum.
  static let checkedWithAnother: Set<String> = [
    "service.cpu", "service.memory", "database.instances", "search.instanceCount", "service.count.min",
    "service.count.desired", "database.storage",
  ]

  /// Every integer setting of the reference stack's sections takes its range's ends and refuses
  /// one past its top, naming the key.
  @Test func theReaderEnforcesTheTablesRanges() throws {
    for setting in Settings.table where !setting.path.contains("*") {
      guard case .integer(let range) = setting.value,
        ["service", "alarms", "search", "database"].contains(String(setting.keys[0]))
      else {
        continue
      }
      if Self.checkedWithAnother.contains(setting.path) { continue }
      let over = try Self.errors(Self.document(setting.path, "\(range.upperBound + 1)"))
      #expect(over.contains { $0.contains(": error: \(setting.path): ") }, "\(setting.path): \(over)")
      let top = try Self.errors(Self.document(setting.path, "\(range.upperBound)"))
      #expect(!top.contains { $0.contains(": error: \(setting.path): ") }, "\(setting.path): \(top)")
    }
  }

  @Test func theStarterIsMadeFromTheTable() {
    let starter = Configuration.starter
    #expect(starter.hasPrefix("# yaml-language-server: $schema=infragen.schema.json\n"))
    for setting in Settings.table where setting.inStarter && !setting.path.contains("*") {
      guard let value = setting.defaultValue, setting.keys.count > 1 || setting.path == "slack" else { continue }
      #expect(starter.contains("\(setting.key): \(value)"), "\(setting.path)")
      #expect(starter.contains("# \(setting.summary)"), "\(setting.path)")
    }
  }

  /// The real validator (jsonschema, which checkov brings into `.venv`) takes the schema as
  /// draft 2020-12, passes the starter and the examples, and fails a file with a mistake.
  @Test(.enabled(if: Tools.python("python") != nil, "\(Tools.pythonMissing("python"))"))
  func jsonschemaChecksFilesWithTheSchema() throws {
    let python = try #require(Tools.python("python"))
    let script = """
      import json, sys, yaml, jsonschema
      schema = json.load(open(sys.argv[1]))
      jsonschema.Draft202012Validator.check_schema(schema)
      validator = jsonschema.Draft202012Validator(schema)
      for path in sys.argv[2:]:
          errors = list(validator.iter_errors(yaml.safe_load(open(path)) or {}))
          print(path.rsplit("/", 1)[-1], len(errors), errors[0].message if errors else "")
      """
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infragen-schema-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let starter = directory.appendingPathComponent("starter.yaml")
    try Data(Configuration.starter.utf8).write(to: starter)
    let mistake = directory.appendingPathComponent("mistake.yaml")
    try Data("services:\n  web: {kind: web, prot: 3000}\n".utf8).write(to: mistake)
    let range = directory.appendingPathComponent("range.yaml")
    try Data("service: {cpu: 100}\n".utf8).write(to: range)
    let examples = ["Templates/example/infragen.yaml", "Templates/example/shop.yaml"].map {
      Self.root.appendingPathComponent($0).path
    }
    let result = try Tools.run(
      python, ["-c", script, Self.schemaFile.path, starter.path] + examples + [mistake.path, range.path])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.prefix(3) == ["starter.yaml 0 ", "infragen.yaml 0 ", "shop.yaml 0 "])
    #expect(lines.dropFirst(3).first?.hasPrefix("mistake.yaml 1 Additional properties are not allowed ('prot'") == true)
    #expect(lines.last == "range.yaml 1 100 is less than the minimum of 256")
  }
}
