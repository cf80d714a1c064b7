import Foundation

/// Where the tests find what they run besides the library: the built `infragen` binary, beside
/// the test bundle in the build's products directory (as swift-argument-parser's
/// `AssertExecuteCommand` finds it), and the Python tools that `make test` installs into the
/// package's `.venv`. A test that needs one that is missing is skipped, with the reason.
enum Tools {
  /// The package's root directory.
  static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The directory of the build's products: where the test bundle, and the executables built with it, are.
  static var productsDirectory: URL {
    #if os(macOS)
      for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        return bundle.bundleURL.deletingLastPathComponent()
      }
    #endif
    return Bundle.main.bundleURL
  }

  /// The `infragen` executable of this build, when it was built.
  static let binary: URL? = {
    let url = productsDirectory.appendingPathComponent("infragen")
    return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
  }()

  /// Why a test of the binary is skipped.
  static let binaryMissing = "the infragen executable is not built beside the tests (swift build; make test builds it)"

  /// A tool of the package's `.venv`, such as `cfn-lint`, when it is installed.
  static func python(_ name: String) -> URL? {
    let url = packageRoot.appendingPathComponent(".venv/bin/\(name)")
    return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
  }

  /// Why a test of a Python tool is skipped.
  static func pythonMissing(_ name: String) -> String {
    ".venv/bin/\(name) is not installed (make test installs it)"
  }

  /// Runs a program and returns its exit status and both streams.
  @discardableResult
  static func run(
    _ executable: URL, _ arguments: [String], input: String? = nil, in directory: URL? = nil
  ) throws -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe()
    let err = Pipe()
    let stdin = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    // Read both streams at once, so that a full pipe never blocks the child.
    let stderrData = Box()
    let group = DispatchGroup()
    DispatchQueue.global().async(group: group) { stderrData.data = err.fileHandleForReading.readDataToEndOfFile() }
    let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: stdoutData, as: UTF8.self),
      String(decoding: stderrData.data, as: UTF8.self)
    )
  }

  private final class Box: @unchecked Sendable { var data = Data() }

  /// Runs the built `infragen`.
  @discardableResult
  static func infragen(
    _ arguments: [String], input: String? = nil, in directory: URL? = nil
  ) throws -> (status: Int32, stdout: String, stderr: String) {
    guard let binary else { throw MissingTool(reason: binaryMissing) }
    return try run(binary, arguments, input: input, in: directory)
  }

  /// Runs a shell command line with `sh -c`, for redirections and limits a test needs.
  @discardableResult
  static func shell(_ script: String, in directory: URL? = nil) throws -> (
    status: Int32, stdout: String, stderr: String
  ) {
    try run(URL(fileURLWithPath: "/bin/sh"), ["-c", script], in: directory)
  }

  /// The README's workflow that starts `name: NAME`, from its YAML code block, if it has one.
  static func readmeWorkflow(named name: String) throws -> String? {
    let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    guard let start = readme.range(of: "```yaml\nname: \(name)\n"),
      let end = readme[start.upperBound...].range(of: "```\n")
    else { return nil }
    return "name: \(name)\n" + readme[start.upperBound..<end.lowerBound]
  }

  /// Checks a workflow against SchemaStore's GitHub workflow schema with check-jsonschema.
  static func checkWorkflow(_ workflow: String, named name: String, checker: URL) throws -> (
    status: Int32, stdout: String, stderr: String
  ) {
    let directory = try TemporaryDirectory()
    let file = directory.path + "/\(name).yml"
    try workflow.write(toFile: file, atomically: true, encoding: .utf8)
    return try run(checker, ["--builtin-schema", "vendor.github-workflows", file])
  }

  struct MissingTool: Error, CustomStringConvertible {
    var reason: String
    var description: String { reason }
  }
}
