import Foundation
import InfragenModel
import Testing

@testable import InfragenCLI

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Nothing lost: what a command writes never replaces a link, a device or an input, keeps a
/// file's mode, and a failed write leaves the old file as it was.
@Suite struct OutputFileTests {
  static func mode(_ path: String) -> mode_t {
    var info = stat()
    _ = lstat(path, &info)
    return info.st_mode
  }

  static func contents(_ path: String) -> [UInt8] {
    (try? Data(contentsOf: URL(fileURLWithPath: path))).map { Array($0) } ?? []
  }

  static let rendered = InfragenCLI.run(["render"]).stdout

  @Test func aSymbolicLinkIsFollowedAndKept() throws {
    let directory = try TemporaryDirectory()
    let real = directory.path + "/real.json"
    let link = directory.path + "/link.json"
    try Data("old".utf8).write(to: URL(fileURLWithPath: real))
    chmod(real, 0o600)
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.json")
    let result = InfragenCLI.run(["render", "--output", link])
    #expect(result.exitCode == .success, "\(result.stderr)")
    #expect(Self.mode(link) & S_IFMT == S_IFLNK, "the link is still a link")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "real.json")
    #expect(Self.contents(real) == Array(Self.rendered.utf8))
    #expect(Self.mode(real) & 0o777 == 0o600, "the target keeps its mode")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["link.json", "real.json"])
  }

  @Test func aLinkToAFileNotYetThereCreatesItsTarget() throws {
    let directory = try TemporaryDirectory()
    let link = directory.path + "/link.json"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "new.json")
    #expect(InfragenCLI.run(["render", "-o", link]).exitCode == .success)
    #expect(Self.mode(link) & S_IFMT == S_IFLNK)
    #expect(Self.contents(directory.path + "/new.json") == Array(Self.rendered.utf8))
  }

  @Test func anExistingFileKeepsItsMode() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/stack.json"
    try Data("old".utf8).write(to: URL(fileURLWithPath: path))
    chmod(path, 0o640)
    #expect(InfragenCLI.run(["render", "-o", path]).exitCode == .success)
    #expect(Self.mode(path) & 0o777 == 0o640)
    #expect(Self.mode(path) & S_IFMT == S_IFREG)
  }

  @Test func aFIFOIsWrittenToNotReplaced() throws {
    let directory = try TemporaryDirectory()
    let fifo = directory.path + "/pipe"
    try #require(mkfifo(fifo, 0o600) == 0)
    let received = Received()
    let reader = Thread {
      received.bytes = (try? FileSystem.read(fifo)) ?? []
      received.done.signal()
    }
    reader.start()
    let result = InfragenCLI.run(["render", "--output", fifo])
    received.done.wait()
    #expect(result.exitCode == .success, "\(result.stderr)")
    #expect(Self.mode(fifo) & S_IFMT == S_IFIFO, "the FIFO is still a FIFO")
    #expect(received.bytes == Array(Self.rendered.utf8))
  }

  final class Received: @unchecked Sendable {
    var bytes: [UInt8] = []
    let done = DispatchSemaphore(value: 0)
  }

  @Test func aDeviceIsWrittenToNeverRenamedOver() throws {
    let result = InfragenCLI.run(["render", "--output", "/dev/full"])
    #expect(result.exitCode == .usage)
    #expect(result.stderr == "/dev/full: error: cannot be written: No space left on device\n")
    #expect(Self.mode("/dev/full") & S_IFMT == S_IFCHR, "/dev/full is still a device")
  }

  @Test func anEmptyNameIsNotAFileName() throws {
    for arguments in [["render", "--output", ""], ["init", "--output", ""], ["validate", "--output", ""]] {
      let result = InfragenCLI.run(arguments)
      #expect(result.exitCode == .usage, "\(arguments)")
      #expect(result.stderr == "error: '' is not a file name\n", "\(arguments)")
    }
    #expect(InfragenCLI.run(["validate", ""]).stderr == "error: '' is not a file name\n")
  }

  @Test func dashIsStandardOutput() throws {
    let result = InfragenCLI.run(["render", "--output", "-"])
    #expect(result.exitCode == .success)
    #expect(result.stdout == Self.rendered)
    #expect(!FileSystem.exists("-"))
    let starter = InfragenCLI.run(["init", "--output", "-"])
    #expect(starter.exitCode == .success)
    #expect(starter.stdout.contains("service:"))
  }

  @Test func standardInputCannotBeReadTwice() {
    for arguments in [["diff", "-", "-"], ["validate", "-", "-"]] {
      let result = InfragenCLI.run(arguments)
      #expect(result.exitCode == .usage, "\(arguments)")
      #expect(
        result.stderr.hasPrefix("Error: '-' (standard input) is given more than once; it can be read only once\n"))
    }
  }

  @Test func theConfigurationBeingReadIsNeverTheOutput() throws {
    let directory = try TemporaryDirectory()
    let configuration = directory.path + "/infragen.yaml"
    let text = "service:\n  port: 8080\n"
    try Data(text.utf8).write(to: URL(fileURLWithPath: configuration))
    let hardLink = directory.path + "/hard.yaml"
    try FileManager.default.linkItem(atPath: configuration, toPath: hardLink)
    let symbolic = directory.path + "/soft.yaml"
    try FileManager.default.createSymbolicLink(atPath: symbolic, withDestinationPath: "infragen.yaml")
    let otherSpelling = directory.path + "/./infragen.yaml"
    for output in [configuration, hardLink, symbolic, otherSpelling] {
      let result = InfragenCLI.run(["render", "--config", configuration, "--output", output])
      #expect(result.exitCode == .usage, "\(output)")
      #expect(
        result.stderr
          == "\(output): error: is the configuration file this command reads ('\(configuration)'); write the output to another file\n"
      )
      #expect(Self.contents(configuration) == Array(text.utf8), "\(output)")
    }
  }

  @Test func aTemplateBeingValidatedIsNeverTheReport() throws {
    let directory = try TemporaryDirectory()
    let template = directory.path + "/stack.json"
    try Data(Self.rendered.utf8).write(to: URL(fileURLWithPath: template))
    for arguments in [
      ["validate", template, "--format", "sarif", "--output", template], ["graph", template, "--output", template],
    ] {
      let result = InfragenCLI.run(arguments)
      #expect(result.exitCode == .usage, "\(arguments)")
      #expect(result.stderr.contains("is a template this command reads"), "\(result.stderr)")
      #expect(Self.contents(template) == Array(Self.rendered.utf8))
    }
    let written = InfragenCLI.run(["validate", template, "--output", directory.path + "/report.txt"])
    #expect(written.exitCode == .success)
    #expect(written.stdout.isEmpty)
    #expect(
      Self.contents(directory.path + "/report.txt") == Array("0 errors, 0 warnings in 1 template (82 resources)\n".utf8)
    )
  }

  @Test func aRefusedRenderLeavesTheOldFileAsItWas() throws {
    let directory = try TemporaryDirectory()
    let configuration = directory.path + "/bad.yaml"
    try Data("service:\n  port: 0\n".utf8).write(to: URL(fileURLWithPath: configuration))
    let output = directory.path + "/stack.json"
    try Data("previous".utf8).write(to: URL(fileURLWithPath: output))
    let result = InfragenCLI.run(["render", "--config", configuration, "--output", output])
    #expect(result.exitCode == .usage)
    #expect(Self.contents(output) == Array("previous".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["bad.yaml", "stack.json"])
  }
}

/// Write errors on standard output are errors, for every command that prints.
@Suite(.enabled(if: Tools.binary != nil, Comment(rawValue: Tools.binaryMissing)))
struct StandardOutputErrorTests {
  static let stack = Tools.packageRoot.appendingPathComponent("Templates/stack.json").path
  static let staging = Tools.packageRoot.appendingPathComponent("Templates/example/staging.json").path

  static func quoted(_ word: String) -> String { "'" + word.replacing("'", with: "'\\''") + "'" }

  @Test(arguments: [
    ["render"], ["render", "--format", "yaml"], ["validate", stack], ["validate", stack, "--format", "sarif"],
    ["graph", stack], ["diff", stack, staging], ["init", "--output", "-"], ["validate", "--list-rules"],
  ])
  func aFullDeviceIsExitTwoWithOneLine(_ arguments: [String]) throws {
    let binary = try #require(Tools.binary)
    let command = ([binary.path] + arguments).map(Self.quoted).joined(separator: " ")
    let result = try Tools.shell("\(command) > /dev/full")
    #expect(result.status == 2, "\(arguments): \(result.stderr)")
    #expect(result.stderr.hasSuffix("error: writing standard output: No space left on device\n"), "\(result.stderr)")
  }

  @Test func aFileSizeLimitIsExitTwoAndNamed() throws {
    let binary = try #require(Tools.binary)
    let directory = try TemporaryDirectory()
    let result = try Tools.shell(
      "ulimit -f 16; trap '' XFSZ; \(Self.quoted(binary.path)) render > t.json",
      in: URL(fileURLWithPath: directory.path))
    #expect(result.status == 2)
    #expect(result.stderr == "error: writing standard output: File too large (the file size limit was reached)\n")
  }

  @Test func aFileSizeLimitOnOutputLeavesTheOldFile() throws {
    let binary = try #require(Tools.binary)
    let directory = try TemporaryDirectory()
    try Data("previous".utf8).write(to: URL(fileURLWithPath: directory.path + "/stack.json"))
    let result = try Tools.shell(
      "ulimit -f 16; trap '' XFSZ; \(Self.quoted(binary.path)) render --output stack.json",
      in: URL(fileURLWithPath: directory.path))
    #expect(result.status == 2)
    #expect(result.stderr == "stack.json: error: cannot be written: File too large (the file size limit was reached)\n")
    #expect(OutputFileTests.contents(directory.path + "/stack.json") == Array("previous".utf8))
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["stack.json"])
  }

  @Test func aClosedPipeEndsQuietly() throws {
    let binary = try #require(Tools.binary)
    let result = try Tools.shell("\(Self.quoted(binary.path)) render | head -c 1 >/dev/null")
    #expect(result.status == 0, "head's status")
    #expect(result.stderr.isEmpty)
  }
}

/// One configuration file per directory: two are refused, naming both.
@Suite(.enabled(if: Tools.binary != nil, Comment(rawValue: Tools.binaryMissing)))
struct ConfigurationFileChoiceTests {
  @Test func twoConfigurationFilesAreRefused() throws {
    let directory = try TemporaryDirectory()
    let url = URL(fileURLWithPath: directory.path)
    try Data("service:\n  port: 8080\n".utf8).write(to: url.appendingPathComponent("infragen.yml"))
    try Data("{}".utf8).write(to: url.appendingPathComponent("infragen.json"))
    for arguments in [["render"], ["validate"], ["graph"], ["render", "--check", "x.json"]] {
      let result = try Tools.infragen(arguments, in: url)
      #expect(result.status == 2, "\(arguments)")
      #expect(
        result.stderr
          == "error: more than one configuration file here (infragen.yml, infragen.json); keep one, or choose with --config FILE\n"
      )
    }
    let chosen = try Tools.infragen(["render", "--config", "infragen.yml"], in: url)
    #expect(chosen.status == 0, "\(chosen.stderr)")
  }

  @Test func initRefusesBesideAnotherConfigurationFile() throws {
    let directory = try TemporaryDirectory()
    let url = URL(fileURLWithPath: directory.path)
    try Data("service:\n  port: 8080\n".utf8).write(to: url.appendingPathComponent("infragen.yml"))
    let result = try Tools.infragen(["init"], in: url)
    #expect(result.status == 2)
    #expect(
      result.stderr
        == "infragen.yaml: error: infragen.yml already exists; a second configuration file would make the directory ambiguous (pass --force to write it anyway)\n"
    )
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["infragen.yml"])
    let forced = try Tools.infragen(["init", "--force"], in: url)
    #expect(forced.status == 0)
  }
}
