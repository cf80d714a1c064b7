import Foundation
import Testing

@testable import InfragenCLI

/// `infragen completions`: the scripts complete what the commands' specs say, and bash, given
/// the script, completes a command line as a user's shell would.
@Suite struct CompletionsTests {
  /// What bash offers for `words` (the last one being completed), with the bash script loaded
  /// and the built binary as `infragen`, run in `directory`.
  func complete(_ words: [String], in directory: URL? = nil) throws -> [String] {
    guard let binary = Tools.binary else { throw Tools.MissingTool(reason: Tools.binaryMissing) }
    let quoted = ([binary.path] + words).map { "'" + $0.replacing("'", with: "'\\''") + "'" }
    let script = """
      source <('\(binary.path)' completions bash) || exit 3
      COMP_WORDS=(\(quoted.joined(separator: " ")))
      COMP_CWORD=\(words.count)
      _infragen
      printf '%s\\n' "${COMPREPLY[@]}"
      """
    let result = try Tools.run(URL(fileURLWithPath: "/bin/bash"), ["-c", script], in: directory)
    #expect(result.status == 0, "\(result.stderr)")
    return result.stdout.split(separator: "\n").map(String.init)
  }

  @Test(.enabled(if: Tools.binary != nil, Comment(rawValue: Tools.binaryMissing)))
  func bashCompletesCommandsOptionsAndValues() throws {
    #expect(try complete(["va"]) == ["validate"])
    #expect(try complete(["re"]) == ["render"])
    #expect(try complete(["validate", "--fo"]) == ["--format"])
    #expect(try complete(["validate", "--format", ""]) == ["text", "json", "sarif"])
    #expect(try complete(["validate", "--rules", ""]) == ["isolation", "all"])
    #expect(try complete(["render", "--stacks", "p"]) == ["per-service"])
    #expect(try complete(["completions", ""]) == ["bash", "zsh", "fish"])
    #expect(try complete(["help", "gr"]) == ["graph"])
  }

  @Test(.enabled(if: Tools.binary != nil, Comment(rawValue: Tools.binaryMissing)))
  func bashCompletesTheConfigurationsEnvironmentsAndFileNames() throws {
    let directory = try TemporaryDirectory()
    let root = URL(fileURLWithPath: directory.path)
    try "service: {name: shop}\nenvironments:\n  staging: {}\n  production: {}\n  preview: {}\n".write(
      to: root.appendingPathComponent("infragen.yaml"), atomically: true, encoding: .utf8)
    try "{}".write(to: root.appendingPathComponent("stack.json"), atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent("stacks"), withIntermediateDirectories: true)
    #expect(try complete(["render", "--env", ""], in: root) == ["staging", "production", "preview"])
    #expect(try complete(["render", "--env", "pr"], in: root) == ["production", "preview"])
    let example = Tools.packageRoot.appendingPathComponent("Templates/example/infragen.yaml").path
    #expect(try complete(["validate", "--config", example, "--env", ""], in: root) == ["staging", "production"])
    #expect(try complete(["validate", "st"], in: root) == ["stack.json", "stacks"])
    #expect(try complete(["render", "--output-dir", "st"], in: root) == ["stacks"])
    #expect(try complete(["diff", "stack.json", "st"], in: root) == ["stack.json", "stacks"])
  }

  @Test func everyCommandAndOptionIsInEveryScript() {
    for script in [CompletionScripts.bash, CompletionScripts.zsh, CompletionScripts.fish] {
      for command in CommandSpec.all {
        #expect(script.contains(command.name))
        for option in command.options {
          // fish names options without their dashes (`-l format`).
          #expect(script.contains(option.name) || script.contains("-l \(option.name.dropFirst(2))"))
        }
      }
    }
  }

  @Test(arguments: [("zsh", ["-n"]), ("fish", ["--no-execute"])])
  func theOtherScriptsParse(_ shell: String, _ check: [String]) throws {
    guard
      let path = ["/usr/bin/", "/bin/", "/usr/local/bin/"].map({ $0 + shell })
        .first(where: FileManager.default.isExecutableFile)
    else {
      // The syntax check needs the shell; the script's content is checked above.
      return
    }
    let script = shell == "zsh" ? CompletionScripts.zsh : CompletionScripts.fish
    let directory = try TemporaryDirectory()
    let file = directory.path + "/infragen.\(shell)"
    try script.write(toFile: file, atomically: true, encoding: .utf8)
    let result = try Tools.run(URL(fileURLWithPath: path), check + [file])
    #expect(result.status == 0, "\(result.stderr)")
    if shell == "fish" {
      // fish completes a command line itself with `complete -C`.
      let offered = try Tools.run(
        URL(fileURLWithPath: path),
        ["-c", "source \(file); complete -C 'infragen va'; complete -C 'infragen validate --rules '"])
      let words = offered.stdout.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) }
      #expect(words == ["validate", "all", "isolation"])
    }
  }

  @Test func badShellsAndEnvironmentsWithoutAConfiguration() throws {
    let wrong = InfragenCLI.run(["completions", "bsh"])
    #expect(wrong.exitCode == .usage)
    #expect(
      wrong.stderr.hasPrefix("Error: 'bsh' is not a shell infragen completes (bash, zsh, fish); did you mean 'bash'?"))
    #expect(InfragenCLI.run(["completions"]).exitCode == .usage)
    // Completing --env must never print an error into the command line.
    let missing = InfragenCLI.run(["completions", "--environments", "--config", "/nonexistent/infragen.yaml"])
    #expect(missing.exitCode == .success)
    #expect(missing.stdout.isEmpty && missing.stderr.isEmpty)
  }
}
