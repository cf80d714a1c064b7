import Foundation
import InfragenCLI
import InfragenValidation
import Testing

/// Every rule's summary, for checks of the peer ids they name.
enum ValidationRules {
  static var all: [String] { Validator.allRules.map { $0.summary } }
}

/// Golden files: every shipped stack rendered byte for byte as checked in under `Templates/`.
/// `INFRAGEN_RECORD=1 swift test` rewrites a file and fails that run, so a new golden file is
/// always reviewed before it passes.
@Suite struct ReferenceTests {
  static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Templates")

  /// Each golden file and the command line that renders it.
  static let cases: [(file: String, arguments: [String])] = [
    ("stack.json", ["render"]),
    ("stack.yaml", ["render", "--format", "yaml"]),
    ("example/staging.json", ["render", "--config", example, "--env", "staging"]),
    ("example/production.json", ["render", "--config", example, "--env", "production"]),
    ("example/shop.json", ["render", "--config", shop]),
    ("example/shop-staging.json", ["render", "--config", shop, "--env", "staging"]),
  ]

  /// The example application of several services.
  static let shop = templates.appendingPathComponent("example/shop.yaml").path

  /// The example configuration shipped beside the rendered templates.
  static let example = templates.appendingPathComponent("example/infragen.yaml").path

  @Test(arguments: cases.indices)
  func renderMatchesTheGoldenFile(_ index: Int) throws {
    let (file, arguments) = Self.cases[index]
    let result = InfragenCLI.run(arguments)
    try #require(result.exitCode == .success, "\(arguments) failed: \(result.stderr)")
    let url = Self.templates.appendingPathComponent(file)
    if ProcessInfo.processInfo.environment["INFRAGEN_RECORD"] != nil {
      try Data(result.stdout.utf8).write(to: url, options: .atomic)
      Issue.record("recorded new golden file \(file); review it with git diff, then run the tests again")
      return
    }
    let golden = try #require(
      try? String(contentsOf: url, encoding: .utf8),
      "missing golden file Templates/\(file); record it with INFRAGEN_RECORD=1")
    if golden != result.stdout {
      Issue.record("Templates/\(file) differs from the render:\n\(Self.difference(golden, result.stdout, file: file))")
    }
  }

  /// The example application's per-service stacks: each file exactly as rendered, none missing
  /// or left over, and proved together.
  @Test func thePerServiceStacksMatchTheirDirectoryAndValidateTogether() throws {
    let directory = Self.templates.appendingPathComponent("example/shop-stacks")
    let check = InfragenCLI.run(["render", "--config", Self.shop, "--stacks", "per-service", "--check", directory.path])
    #expect(check.exitCode == .success, "\(check.stderr)\(check.stdout)")
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    #expect(files == ["admin.json", "api.json", "environment.json", "report.json", "web.json", "worker.json"])
    let validate = InfragenCLI.run(["validate"] + files.map { directory.appendingPathComponent($0).path })
    #expect(validate.exitCode == .success, "\(validate.stdout)\(validate.stderr)")
  }

  /// The package's root.
  static let root = templates.deletingLastPathComponent()

  /// A tool of the package's `.venv` (installed by `make test`), when it is there.
  static func tool(_ name: String) -> String? {
    let path = root.appendingPathComponent(".venv/bin/\(name)").path
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }

  /// Runs a program; its exit status and standard output.
  static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
  }

  /// cfn-flip, the field's own converter, turns our YAML into exactly our JSON (same values, same order).
  @Test(.enabled(if: tool("cfn-flip") != nil, ".venv/bin/cfn-flip is not installed (make test installs it)"))
  func cfnFlipTurnsTheYAMLIntoTheJSON() throws {
    let flip = try #require(Self.tool("cfn-flip"))
    let python = try #require(Self.tool("python"))
    let script = """
      import json, subprocess, sys
      flipped = json.loads(subprocess.run([sys.argv[1], "-j", sys.argv[2]], check=True, capture_output=True).stdout)
      ours = json.load(open(sys.argv[3]))
      print("same" if json.dumps(flipped) == json.dumps(ours) else "different")
      """
    for style in ["short", "long"] {
      let yaml = FileManager.default.temporaryDirectory.appendingPathComponent("infragen-\(UUID().uuidString).yaml")
      try Data(InfragenCLI.run(["render", "--format", "yaml", "--yaml-style", style]).stdout.utf8).write(to: yaml)
      defer { try? FileManager.default.removeItem(at: yaml) }
      let result = try Self.run(
        python, ["-c", script, flip, yaml.path, Self.templates.appendingPathComponent("stack.json").path])
      #expect(result.status == 0)
      #expect(result.output == "same\n", "\(style)")
    }
  }

  /// Configurations at the edges of what the settings allow; each renders a template that
  /// cfn-lint passes with no error and no warning.
  static let edgeConfigurations = [
    """
    network: {availabilityZones: 2, natGateways: single}
    service: {cpu: 256, memory: 512, count: {desired: 1, min: 1, max: 1}, environment: {ZIP: 02134, ON: yes}}
    database: {engineVersion: 8.0.42, instanceClass: db.t3.micro, storage: 20, maxStorage: 20, backupDays: 1, multiAz: false}
    cache: {engineVersion: 6.2, nodeType: cache.t3.micro, replicas: 1}
    search: {instanceType: t3.small.search, instanceCount: 2, volumeSize: 10}
    logs: {retentionDays: 1}
    slack: false
    """,
    """
    network: {availabilityZones: 3, vpcCidr: 10.20.0.0/16}
    service: {cpu: 16384, memory: 122880, count: {desired: 1000, min: 0, max: 1000}}
    database: {engineVersion: 8.4.9, instanceClass: db.r8g.48xlarge, storage: 65536, maxStorage: 65536, backupDays: 35}
    cache: {engineVersion: 7.0, nodeType: cache.r7g.16xlarge, replicas: 5}
    search: {instanceType: r7g.16xlarge.search, instanceCount: 78, volumeSize: 1024}
    logs: {retentionDays: 3653}
    """,
  ]

  @Test(.enabled(if: tool("cfn-lint") != nil, ".venv/bin/cfn-lint is not installed (make test installs it)"))
  func everyConfigurationRendersATemplateCfnLintPasses() throws {
    let lint = try #require(Self.tool("cfn-lint"))
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infragen-edges-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var templates: [String] = []
    for (index, configuration) in Self.edgeConfigurations.enumerated() {
      let file = directory.appendingPathComponent("edge\(index).yaml")
      try Data(configuration.utf8).write(to: file)
      let template = directory.appendingPathComponent("edge\(index).json").path
      let result = InfragenCLI.run(["render", "--config", file.path, "--output", template])
      try #require(result.exitCode == .success, "configuration \(index): \(result.stderr)")
      templates.append(template)
    }
    let result = try Self.run(lint, ["--non-zero-exit-code", "warning", "--format", "parseable", "--"] + templates)
    #expect(result.status == 0, "\(result.output)")
  }

  /// The checkov checks of CloudFormation, as installed: the ids of `checkov/cloudformation/checks`.
  static func checkovCloudFormationIDs() throws -> Set<String> {
    let lib = root.appendingPathComponent(".venv/lib")
    let python = try #require(
      try FileManager.default.contentsOfDirectory(atPath: lib.path).first { $0.hasPrefix("python") })
    let checks = lib.appendingPathComponent("\(python)/site-packages/checkov/cloudformation/checks")
    var ids = Set<String>()
    let files = FileManager.default.enumerator(atPath: checks.path)?.compactMap { $0 as? String } ?? []
    for file in files where file.hasSuffix(".py") {
      let text = try String(contentsOf: checks.appendingPathComponent(file), encoding: .utf8)
      ids.formUnion(text.matches(of: /CKV2?_AWS_[0-9]+/).map { String($0.output) })
    }
    return ids
  }

  @Test(.enabled(if: tool("checkov") != nil, ".venv/bin/checkov is not installed (make test installs it)"))
  func everyCheckovIDNamedIsACloudFormationCheck() throws {
    let known = try Self.checkovCloudFormationIDs()
    try #require(known.count > 100, "found \(known.count) checks")
    var named = Set<String>()
    let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
    named.formUnion(readme.matches(of: /CKV2?_AWS_[0-9]+/).map { String($0.output) })
    for rule in ValidationRules.all { named.formUnion(rule.matches(of: /CKV2?_AWS_[0-9]+/).map { String($0.output) }) }
    #expect(named.count > 10)
    #expect(named.subtracting(known).sorted() == [], "checkov has no CloudFormation check with these ids")
  }

  @Test func theSchemaTablesComeFromTheCfnLintTheMakefileInstalls() throws {
    let makefile = try String(contentsOf: Self.root.appendingPathComponent("Makefile"), encoding: .utf8)
    let version = try #require(makefile.firstMatch(of: /CFN_LINT_VERSION := ([0-9.]+)/)?.output.1)
    for table in [
      "Sources/InfragenStacks/Configuration/AllowedValues.swift", "Sources/InfragenCore/ReplacementProperties.swift",
    ] {
      let text = try String(contentsOf: Self.root.appendingPathComponent(table), encoding: .utf8)
      #expect(
        text.hasPrefix("// Generated by .ci/generate-schema-tables.py from the schemas of cfn-lint \(version);"),
        "\(table)")
    }
  }

  @Test func twoRendersAreByteIdentical() {
    #expect(InfragenCLI.run(["render"]).stdout == InfragenCLI.run(["render"]).stdout)
  }

  /// The first differing line, and `git diff --no-index` when git is available.
  static func difference(_ expected: String, _ actual: String, file: String) -> String {
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let line =
      zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
      ?? min(expectedLines.count, actualLines.count)
    var text = "first difference at line \(line + 1):\n"
    text += "  golden: \(line < expectedLines.count ? String(expectedLines[line]) : "<end of file>")\n"
    text += "  render: \(line < actualLines.count ? String(actualLines[line]) : "<end of file>")\n"
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
      "infragen-render-\(UUID().uuidString)-\(file.replacingOccurrences(of: "/", with: "-"))")
    guard (try? Data(actual.utf8).write(to: scratch)) != nil else { return text }
    defer { try? FileManager.default.removeItem(at: scratch) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "diff", "--no-index", "-U5", templates.appendingPathComponent(file).path, scratch.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = Pipe()
    guard (try? process.run()) != nil else { return text }
    let diff = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return text + String(decoding: diff, as: UTF8.self)
  }
}
