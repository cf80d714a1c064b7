import InfragenCLI
import Testing

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct HelpTests {
  @Test func rootHelpListsTheSubcommandsOnStdout() {
    let result = InfragenCLI.run(["--help"])
    #expect(result.exitCode == .success)
    #expect(result.stderr.isEmpty)
    #expect(result.stdout.hasPrefix("OVERVIEW: "))
    #expect(result.stdout.contains("USAGE: infragen <subcommand> [options]"))
    #expect(result.stdout.contains("SUBCOMMANDS:\n  render                  Render the reference stack"))
  }

  @Test func noArgumentsPrintsHelpOnStderrAsAUsageError() {
    let result = InfragenCLI.run([])
    #expect(result.exitCode == .usage)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("SUBCOMMANDS:"))
  }

  @Test func version() {
    #expect(InfragenCLI.run(["--version"]).stdout == "infragen \(InfragenCLI.version) (\(InfragenCLI.commit))\n")
  }

  @Test(arguments: [["help", "render"], ["render", "--help"], ["render", "-h"]])
  func commandHelp(_ arguments: [String]) {
    let result = InfragenCLI.run(arguments)
    #expect(result.exitCode == .success)
    #expect(
      result.stdout.hasPrefix(
        "OVERVIEW: Render the reference stack as a CloudFormation template.\n\nUSAGE: infragen render"))
    #expect(
      result.stdout.contains("  --format <format>       The template's format. (values: json, yaml) (default: json)\n"))
    #expect(result.stdout.contains("  -o, --output <file>     Write the template to this file"))
    #expect(result.stdout.contains("  -h, --help              Show help information.\n"))
  }

  @Test func helpForAnUnknownCommandSuggestsOne() {
    let result = InfragenCLI.run(["help", "rendr"])
    #expect(result.exitCode == .usage)
    #expect(result.stderr.hasPrefix("Error: Unknown command 'rendr'. Did you mean 'render'?\n"))
  }
}

@Suite struct UsageErrorTests {
  @Test(arguments: [
    (
      ["rendr"],
      "Error: Unknown command 'rendr'. Did you mean 'render'?\nUsage: infragen <subcommand> [options]\n  See 'infragen --help' for more information.\n"
    ),
    (
      ["deploy"],
      "Error: Unknown command 'deploy'\nUsage: infragen <subcommand> [options]\n  See 'infragen --help' for more information.\n"
    ),
    (
      ["--verison"],
      "Error: Unknown option '--verison'. Did you mean '--version'?\nUsage: infragen <subcommand> [options]\n  See 'infragen --help' for more information.\n"
    ),
    (
      ["render", "--fromat", "json"],
      "Error: Unknown option '--fromat'. Did you mean '--format'?\nUsage: infragen render [--config FILE] [--env NAME] [--format json|yaml] [--yaml-style short|long] [--stacks single|per-service] [--output FILE | --output-dir DIR | --check FILE|DIR]\n  See 'infragen render --help' for more information.\n"
    ),
    (
      ["render", "--format", "jsn"],
      "Error: The value 'jsn' is invalid for '--format <format>'; expected one of json, yaml. Did you mean 'json'?\nUsage: infragen render [--config FILE] [--env NAME] [--format json|yaml] [--yaml-style short|long] [--stacks single|per-service] [--output FILE | --output-dir DIR | --check FILE|DIR]\n  See 'infragen render --help' for more information.\n"
    ),
    (
      ["render", "--format=xml"],
      "Error: The value 'xml' is invalid for '--format <format>'; expected one of json, yaml\nUsage: infragen render [--config FILE] [--env NAME] [--format json|yaml] [--yaml-style short|long] [--stacks single|per-service] [--output FILE | --output-dir DIR | --check FILE|DIR]\n  See 'infragen render --help' for more information.\n"
    ),
    (
      ["render", "--output"],
      "Error: Missing value for '--output <file>'\nUsage: infragen render [--config FILE] [--env NAME] [--format json|yaml] [--yaml-style short|long] [--stacks single|per-service] [--output FILE | --output-dir DIR | --check FILE|DIR]\n  See 'infragen render --help' for more information.\n"
    ),
    (
      ["render", "extra.json"],
      "Error: Unexpected argument 'extra.json'\nUsage: infragen render [--config FILE] [--env NAME] [--format json|yaml] [--yaml-style short|long] [--stacks single|per-service] [--output FILE | --output-dir DIR | --check FILE|DIR]\n  See 'infragen render --help' for more information.\n"
    ),
    (
      ["--version", "extra"],
      "Error: Unexpected argument 'extra'\nUsage: infragen <subcommand> [options]\n  See 'infragen --help' for more information.\n"
    ),
    (
      ["render", "--help=yes"],
      "Error: Option '--help' takes no value\nUsage: infragen render [--config FILE] [--env NAME] [--format json|yaml] [--yaml-style short|long] [--stacks single|per-service] [--output FILE | --output-dir DIR | --check FILE|DIR]\n  See 'infragen render --help' for more information.\n"
    ),
  ])
  func exitsTwoWithTheErrorAndUsage(_ arguments: [String], _ expected: String) {
    let result = InfragenCLI.run(arguments)
    #expect(result.exitCode == .usage)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr == expected)
  }
}

@Suite struct RenderCommandTests {
  @Test func rendersJSONToStdout() {
    let result = InfragenCLI.run(["render"])
    #expect(result.exitCode == .success)
    #expect(result.stderr.isEmpty)
    #expect(result.stdout.hasPrefix("{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n"))
    #expect(result.stdout == InfragenCLI.run(["render", "--format", "json"]).stdout)
  }

  @Test func writesTheOutputFileWithNothingLeftBeside() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/stack.json"
    try Data("old contents".utf8).write(to: URL(fileURLWithPath: path))
    let result = InfragenCLI.run(["render", "--output", path])
    #expect(result.exitCode == .success)
    #expect(result.stdout.isEmpty && result.stderr.isEmpty)
    let written = try String(decoding: Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    #expect(written == InfragenCLI.run(["render"]).stdout)
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["stack.json"])
  }

  @Test func aMissingDirectoryIsOneLineAndExitTwoAndWritesNothing() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/missing/stack.json"
    let result = InfragenCLI.run(["render", "-o", path])
    #expect(result.exitCode == .usage)
    #expect(
      result.stderr == "\(path): error: cannot be written: the directory '\(directory.path)/missing' does not exist\n")
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func aDirectoryIsNotAnOutputFile() throws {
    let directory = try TemporaryDirectory()
    let result = InfragenCLI.run(["render", "--output", directory.path])
    #expect(result.exitCode == .usage)
    #expect(result.stderr == "\(directory.path): error: is a directory; give a file name\n")
  }
}

/// A fresh directory, removed when the value goes away.
final class TemporaryDirectory {
  let path: String

  init() throws {
    path = FileManager.default.temporaryDirectory.path + "/infragen-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// The directory as a file URL.
  var url: URL { URL(fileURLWithPath: path) }

  deinit { try? FileManager.default.removeItem(atPath: path) }
}
