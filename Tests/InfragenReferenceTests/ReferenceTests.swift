import Foundation
import InfragenCLI
import Testing

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
  ]

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

  /// cfn-flip, the field's own converter, turns our YAML into exactly our JSON (same values, same order).
  @Test func cfnFlipTurnsTheYAMLIntoTheJSON() throws {
    let root = Self.templates.deletingLastPathComponent()
    let flip = root.appendingPathComponent(".venv/bin/cfn-flip").path
    try #require(
      FileManager.default.isExecutableFile(atPath: flip), "\(flip) is missing: run `make test`, which installs it")
    let python = root.appendingPathComponent(".venv/bin/python").path
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
      let process = Process()
      process.executableURL = URL(fileURLWithPath: python)
      process.arguments = ["-c", script, flip, yaml.path, Self.templates.appendingPathComponent("stack.json").path]
      let pipe = Pipe()
      process.standardOutput = pipe
      try process.run()
      let output = pipe.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      #expect(process.terminationStatus == 0)
      #expect(String(decoding: output, as: UTF8.self) == "same\n", "\(style)")
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
