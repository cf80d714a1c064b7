import Foundation
import Testing

/// `.pre-commit-hooks.yaml`, run by the real pre-commit (`.venv`) with `pre-commit try-repo`
/// against a scratch repository: pre-commit builds infragen from a snapshot of this package
/// (`language: swift`) and runs the hooks on the scratch repository's files.
@Suite(
  .enabled(if: Tools.python("pre-commit") != nil, Comment(rawValue: Tools.pythonMissing("pre-commit"))),
  .enabled(if: Tools.binary != nil, Comment(rawValue: Tools.binaryMissing)),
  .serialized)
struct PreCommitTests {
  /// The package's files as they are now (tracked and untracked, as git lists them), committed
  /// to a repository of their own, so that pre-commit builds what is being tested, once.
  static let snapshot: Result<(path: String, commit: String), SnapshotFailed> = {
    do {
      let directory = FileManager.default.temporaryDirectory.path + "/infragen-hooks-" + UUID().uuidString
      let root = Tools.packageRoot.path
      let listed = try Tools.shell("git -C '\(root)' ls-files -z --cached --others --exclude-standard")
      guard listed.status == 0 else { return .failure(SnapshotFailed(reason: listed.stderr)) }
      for name in listed.stdout.split(separator: "\0").map(String.init) {
        let source = root + "/" + name
        guard FileManager.default.fileExists(atPath: source) else { continue }
        let target = directory + "/" + name
        try FileManager.default.createDirectory(
          atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: source, toPath: target)
      }
      let commit = try Tools.shell(
        "cd '\(directory)' && git init -q && git add -A && \(git) commit -qm snapshot && git rev-parse HEAD")
      guard commit.status == 0 else { return .failure(SnapshotFailed(reason: commit.stderr)) }
      return .success((directory, commit.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))
    } catch {
      return .failure(SnapshotFailed(reason: "\(error)"))
    }
  }()

  struct SnapshotFailed: Error { var reason: String }

  static let git = "git -c user.name=infragen -c user.email=tests@infragen.invalid -c commit.gpgsign=false"

  /// A scratch repository with `files`, all committed.
  func repository(_ files: [String: String]) throws -> TemporaryDirectory {
    let directory = try TemporaryDirectory()
    for (name, text) in files {
      let path = directory.path + "/" + name
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
    let result = try Tools.shell(
      "git init -q && git add -A && \(Self.git) commit -qm files", in: URL(fileURLWithPath: directory.path))
    #expect(result.status == 0, "\(result.stderr)")
    return directory
  }

  /// `pre-commit try-repo SNAPSHOT --all-files` in `repository`: every hook of the package.
  /// try-repo builds in a store of its own each time (about a minute on two cores), so each
  /// call checks both hooks.
  func tryHooks(in repository: TemporaryDirectory) throws -> (status: Int32, output: String) {
    guard let preCommit = Tools.python("pre-commit") else {
      throw Tools.MissingTool(reason: Tools.pythonMissing("pre-commit"))
    }
    let (path, commit) = try Self.snapshot.get()
    let result = try Tools.shell(
      "'\(preCommit.path)' try-repo '\(path)' --ref \(commit) --all-files --color never 2>&1",
      in: URL(fileURLWithPath: repository.path))
    return (result.status, result.stdout)
  }

  func render() throws -> String {
    let result = try Tools.infragen(["render"])
    #expect(result.status == 0)
    return result.stdout
  }

  /// The hook's line in pre-commit's output: `infragen validate....Failed`.
  func verdict(_ hook: String, _ output: String) -> String? {
    output.split(separator: "\n").first { $0.hasPrefix(hook + ".") }.map {
      String($0.reversed().prefix { $0 != "." }.reversed())
    }
  }

  @Test func theHooksFailOnABrokenRepositoryAndPassOnceItIsFixed() throws {
    let fixtures = try Fixtures()
    let open = try String(contentsOfFile: try fixtures.openDatabase(), encoding: .utf8)
    let stack = try render()
    let others = ["package.json": #"{"name": "web"}"#, ".github/workflows/ci.yml": "on: push\njobs: {}\n"]
    // A template that opens the database, and a rendered template edited by hand.
    let broken = try repository(
      others.merging([
        "infra/open.json": open, "stack.json": stack.replacing("\"MinCapacity\": 2", with: "\"MinCapacity\": 1"),
      ]) { $1 })
    let failing = try tryHooks(in: broken)
    #expect(failing.status == 1, "\(failing.output)")
    #expect(verdict("infragen validate", failing.output) == "Failed", "\(failing.output)")
    #expect(failing.output.contains("infra/open.json"))
    #expect(failing.output.contains("[DatabaseIngressOnlyFromService]"))
    #expect(verdict("infragen render --check", failing.output) == "Failed", "\(failing.output)")
    #expect(failing.output.contains("stack.json"))
    // The same repository fixed: package.json and the workflow are skipped, not refused.
    let fixed = try repository(others.merging(["infra/stack.json": stack, "stack.json": stack]) { $1 })
    let passing = try tryHooks(in: fixed)
    #expect(passing.status == 0, "\(passing.output)")
    #expect(verdict("infragen validate", passing.output) == "Passed", "\(passing.output)")
    #expect(verdict("infragen render --check", passing.output) == "Passed", "\(passing.output)")
  }
}
