import Foundation
import InfragenCLI
import Testing

/// Runs the built `infragen` binary as a user would, checking streams and exit codes.
@Suite(.enabled(if: Tools.binary != nil, Comment(rawValue: Tools.binaryMissing)))
struct ExecutableTests {
  @Test func renderPrintsTheCheckedInTemplate() throws {
    let result = try Tools.infragen(["render"])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    let golden = try String(
      contentsOf: Tools.packageRoot.appendingPathComponent("Templates/stack.json"), encoding: .utf8)
    #expect(result.stdout == golden)
  }

  @Test func anUnknownCommandExitsTwoOnStderr() throws {
    let result = try Tools.infragen(["bogus"])
    #expect(result.status == 2)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("Error: Unknown command 'bogus'\nUsage: infragen"))
  }

  @Test func validateReadsStandardInputAsDashOrDevStdin() throws {
    let yaml = try String(contentsOf: Tools.packageRoot.appendingPathComponent("Templates/stack.yaml"), encoding: .utf8)
    for name in ["-", "/dev/stdin"] {
      let result = try Tools.infragen(["validate", name], input: yaml)
      #expect(result.status == 0, "\(name): \(result.stderr)")
      #expect(result.stdout == "0 errors, 0 warnings in 1 template (82 resources)\n")
    }
    let broken = try Tools.infragen(["validate", "-"], input: "Resources:\n  A: [\n")
    #expect(broken.status == 2)
    #expect(broken.stderr.hasPrefix("-:"))
  }

  /// `infragen 0.2.0 (1bac2c9917f7)`: the version, and the commit of the checkout it was built
  /// from, as git names it (`-dirty` with uncommitted changes).
  @Test func versionNamesTheCommitItWasBuiltFrom() throws {
    let result = try Tools.infragen(["--version"])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("infragen \(InfragenCLI.version) ("))
    if let given = ProcessInfo.processInfo.environment["INFRAGEN_COMMIT"], !given.isEmpty {
      // make sets it from git for every build, since SwiftPM keeps a manifest's result until
      // the manifest or the environment changes.
      #expect(result.stdout == "infragen \(InfragenCLI.version) (\(given))\n")
    } else {
      #expect(result.stdout.wholeMatch(of: /infragen [0-9.]+ \(([0-9a-f]{12}(-dirty)?|unknown)\)\n/) != nil)
    }
  }
}
