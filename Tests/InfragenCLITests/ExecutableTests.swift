import Foundation
import Testing

/// Runs the built `infragen` binary as a user would, checking streams and exit codes.
@Suite struct ExecutableTests {
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  static func binary() throws -> URL {
    let candidates = [".build/debug/infragen", ".build/release/infragen"]
      .map { packageRoot.appendingPathComponent($0) }
    return try #require(
      candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
      "build the executable first (swift build)")
  }

  static func run(_ arguments: [String], input: String? = nil) throws -> (status: Int32, stdout: String, stderr: String)
  {
    let process = Process()
    process.executableURL = try binary()
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    let stdin = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
  }

  @Test func renderPrintsTheCheckedInTemplate() throws {
    let result = try Self.run(["render"])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    let golden = try String(
      contentsOf: Self.packageRoot.appendingPathComponent("Templates/stack.json"), encoding: .utf8)
    #expect(result.stdout == golden)
  }

  @Test func anUnknownCommandExitsTwoOnStderr() throws {
    let result = try Self.run(["bogus"])
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("Error: Unknown command 'bogus'\nUsage: infragen"))
  }

  @Test func validateReadsStandardInputAsDashOrDevStdin() throws {
    let yaml = try String(contentsOf: Self.packageRoot.appendingPathComponent("Templates/stack.yaml"), encoding: .utf8)
    for name in ["-", "/dev/stdin"] {
      let result = try Self.run(["validate", name], input: yaml)
      #expect(result.status == 0, "\(name): \(result.stderr)")
      #expect(result.stdout == "0 errors, 0 warnings in 1 template (78 resources)\n")
    }
    let broken = try Self.run(["validate", "-"], input: "Resources:\n  A: [\n")
    #expect(broken.status == 2)
    #expect(broken.stderr.hasPrefix("-:"))
  }

  @Test func versionOnStdout() throws {
    let result = try Self.run(["--version"])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("infragen "))
  }
}
