import Foundation
import InfragenCore
import InfragenFormats
import Testing

/// `action.yml`, the composite GitHub Action: it parses, it is a valid action by SchemaStore's
/// schema (check-jsonschema's copy), and its run steps, executed by bash as a runner executes
/// them, write a SARIF report that a SARIF 2.1.0 model accepts.
@Suite struct ActionTests {
  static let action = Tools.packageRoot.appendingPathComponent("action.yml")

  func read() throws -> TemplateValue {
    let bytes = Array(try Data(contentsOf: Self.action))
    return try YAMLReader.parseValue(bytes, file: "action.yml", dialect: .configuration).0
  }

  @Test func itParsesAndHasTheInputsCIJobsUse() throws {
    let action = try read()
    #expect(action["runs"]?["using"]?.stringValue == "composite")
    let inputs = action["inputs"]?.objectValue
    #expect(inputs?.keys == ["paths", "format", "policy", "strict", "output", "binary"])
    #expect(action["inputs"]?["format"]?["default"]?.stringValue == "sarif")
    #expect(action["outputs"]?.objectValue?.keys == ["report", "exit-code", "binary"])
    let uses = action["runs"]?["steps"]?.listValue?.compactMap { $0["uses"]?.stringValue } ?? []
    #expect(uses == ["actions/cache@v4"])
  }

  @Test(
    .enabled(if: Tools.python("check-jsonschema") != nil, Comment(rawValue: Tools.pythonMissing("check-jsonschema"))))
  func itIsAValidActionBySchemaStoresSchema() throws {
    guard let checker = Tools.python("check-jsonschema") else { return }
    let result = try Tools.run(checker, ["--builtin-schema", "vendor.github-actions", Self.action.path])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
  }

  /// The README's CI job is a valid workflow, and uses this action with inputs it has.
  @Test(
    .enabled(if: Tools.python("check-jsonschema") != nil, Comment(rawValue: Tools.pythonMissing("check-jsonschema"))))
  func theReadmesJobIsAValidWorkflowThatUsesTheAction() throws {
    guard let checker = Tools.python("check-jsonschema") else { return }
    guard let job = try Tools.readmeWorkflow(named: "infrastructure") else {
      Issue.record("README.md has no CI job")
      return
    }
    let result = try Tools.checkWorkflow(job, named: "infrastructure", checker: checker)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let workflow = try YAMLReader.parseValue(Array(job.utf8), file: "infrastructure.yml", dialect: .configuration).0
    let steps = workflow["jobs"]?["infragen"]?["steps"]?.listValue ?? []
    guard let step = steps.first(where: { $0["uses"]?.stringValue?.hasPrefix("your-org/infragen@") == true }) else {
      Issue.record("the job does not use the action")
      return
    }
    let inputs = try read()["inputs"]?.objectValue?.keys ?? []
    for key in step["with"]?.objectValue?.keys ?? [] { #expect(inputs.contains(key), "\(key)") }
  }

  /// A runner's view of the steps: expressions of inputs, `github.action_path` and earlier steps'
  /// outputs replaced, `uses` steps skipped (the cache, which only a runner has), each `run`
  /// executed with `bash --noprofile --norc -eo pipefail` as GitHub does.
  struct Runner {
    var inputs: [String: String]
    var workspace: URL
    var toolCache: URL
    var outputs: [String: [String: String]] = [:]
    var log = ""

    mutating func evaluate(_ text: String) throws -> String {
      var result = ""
      var rest = text[...]
      while let open = rest.range(of: "${{") {
        result += rest[..<open.lowerBound]
        guard let close = rest[open.upperBound...].range(of: "}}") else { throw Unsupported(text: text) }
        let expression = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
        rest = rest[close.upperBound...]
        let parts = expression.split(separator: ".").map(String.init)
        if parts.count == 2, parts[0] == "inputs" {
          result += inputs[parts[1]] ?? ""
        } else if expression == "github.action_path" {
          result += Tools.packageRoot.path
        } else if parts.count == 4, parts[0] == "steps", parts[2] == "outputs" {
          result += outputs[parts[1]]?[parts[3]] ?? ""
        } else {
          throw Unsupported(text: expression)
        }
      }
      return result + rest
    }

    struct Unsupported: Error { var text: String }

    /// Runs the steps; returns the exit status of the first that fails, or 0.
    mutating func run(_ steps: [TemplateValue]) throws -> Int32 {
      for (index, step) in steps.enumerated() {
        if step["uses"] != nil { continue }
        #expect(step["if"] == nil, "a run step with a condition the test cannot evaluate")
        guard let script = step["run"]?.stringValue else { continue }
        let outputFile = workspace.appendingPathComponent(".output-\(index)")
        FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let file = workspace.appendingPathComponent(".step-\(index).sh")
        try script.write(to: file, atomically: true, encoding: .utf8)
        var environment = [
          "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
          "HOME": workspace.path, "GITHUB_OUTPUT": outputFile.path, "RUNNER_TEMP": workspace.path,
          "RUNNER_TOOL_CACHE": toolCache.path, "GITHUB_WORKSPACE": workspace.path,
        ]
        for field in step["env"]?.objectValue ?? Fields() {
          environment[field.key] = try evaluate(field.value.stringValue ?? "")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["--noprofile", "--norc", "-eo", "pipefail", file.path]
        process.environment = environment
        process.currentDirectoryURL = workspace
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        log += String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var values: [String: String] = [:]
        for line in try String(contentsOf: outputFile, encoding: .utf8).split(separator: "\n") {
          guard let equals = line.firstIndex(of: "=") else { continue }
          values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        if let id = step["id"]?.stringValue { outputs[id] = values }
        if process.terminationStatus != 0 { return process.terminationStatus }
      }
      return 0
    }
  }

  func runner(_ inputs: [String: String]) throws -> (Runner, TemporaryDirectory, [TemplateValue]) {
    let action = try read()
    var values: [String: String] = [:]
    for field in action["inputs"]?.objectValue ?? Fields() {
      values[field.key] = field.value["default"]?.stringValue ?? ""
    }
    for (key, value) in inputs { values[key] = value }
    let directory = try TemporaryDirectory()
    let workspace = URL(fileURLWithPath: directory.path)
    let cache = workspace.appendingPathComponent("tool-cache")
    try FileManager.default.createDirectory(
      at: workspace.appendingPathComponent("infra/app"), withIntermediateDirectories: true)
    let runner = Runner(inputs: values, workspace: workspace, toolCache: cache)
    return (runner, directory, action["runs"]?["steps"]?.listValue ?? [])
  }

  /// The reference stack, and a copy with the database open to every address.
  func writeTemplates(in workspace: URL) throws {
    let fixtures = try Fixtures()
    let open = try String(contentsOfFile: try fixtures.openDatabase(), encoding: .utf8)
    try open.write(to: workspace.appendingPathComponent("infra/app/open.json"), atomically: true, encoding: .utf8)
    try Data(contentsOf: Tools.packageRoot.appendingPathComponent("Templates/stack.yaml")).write(
      to: workspace.appendingPathComponent("infra/stack.yaml"))
    try #"{"name": "web"}"#.write(
      to: workspace.appendingPathComponent("package.json"), atomically: true, encoding: .utf8)
  }

  func isValidSARIF(_ file: URL) throws -> Bool {
    guard let python = Tools.python("python") else { return true }
    let check = "import json, sys; from sarif_pydantic import Sarif; Sarif.model_validate(json.load(open(sys.argv[1])))"
    let result = try Tools.run(python, ["-c", check, file.path])
    #expect(result.status == 0, "\(result.stderr)")
    return result.status == 0
  }

  @Test(.enabled(if: Tools.binary != nil, Comment(rawValue: Tools.binaryMissing)))
  func theStepsWriteASARIFReportOfTheTemplatesTheGlobsMatch() throws {
    guard let binary = Tools.binary else { return }
    var (runner, directory, steps) = try runner(["binary": binary.path, "paths": "infra/**/*.json\ninfra/*.yaml"])
    _ = directory
    try writeTemplates(in: runner.workspace)
    let status = try runner.run(steps)
    // The open database is a finding: the step fails, as CI should, and says why in its outputs.
    #expect(status == 1, "\(runner.log)")
    #expect(runner.outputs["validate"]?["exit-code"] == "1")
    #expect(runner.outputs["validate"]?["report"] == "infragen.sarif")
    let report = runner.workspace.appendingPathComponent("infragen.sarif")
    let sarif = try JSONReader.parseValue(Array(try Data(contentsOf: report)), file: "infragen.sarif").0
    #expect(sarif["version"]?.stringValue == "2.1.0")
    let runs = sarif["runs"]?.listValue ?? []
    #expect(runs.count == 1)
    let results = runs.first?["results"]?.listValue ?? []
    let files = Set(
      results.compactMap {
        $0["locations"]?.listValue?.first?["physicalLocation"]?["artifactLocation"]?["uri"]?.stringValue
      })
    #expect(files == ["infra/app/open.json"])
    #expect(results.contains { $0["ruleId"]?.stringValue == "DatabaseIngressOnlyFromService" })
    #expect(try isValidSARIF(report))
  }

  @Test(.enabled(if: Tools.binary != nil, Comment(rawValue: Tools.binaryMissing)))
  func aCachedBinaryIsUsedAndADirectoryIsWalked() throws {
    guard let binary = Tools.binary else { return }
    var (runner, directory, steps) = try runner(["paths": "infra", "strict": "true"])
    _ = directory
    try writeTemplates(in: runner.workspace)
    try FileManager.default.removeItem(at: runner.workspace.appendingPathComponent("infra/app/open.json"))
    // What actions/cache restores: the binary under the directory the version step names.
    var probe = runner
    _ = try probe.run(Array(steps.prefix(1)))
    guard let cached = probe.outputs["version"]?["directory"] else {
      Issue.record("the version step names no directory: \(probe.log)")
      return
    }
    #expect(cached.hasPrefix(runner.toolCache.path + "/infragen/infragen-"))
    try FileManager.default.createDirectory(atPath: cached, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: binary.path, toPath: cached + "/infragen")
    let status = try runner.run(steps)
    #expect(status == 0, "\(runner.log)")
    #expect(runner.outputs["build"]?["binary"] == cached + "/infragen")
    #expect(!runner.log.contains("Compiling"))
    #expect(try isValidSARIF(runner.workspace.appendingPathComponent("infragen.sarif")))
  }

  @Test(.enabled(if: Tools.binary != nil, Comment(rawValue: Tools.binaryMissing)))
  func aGlobThatMatchesNothingFailsTheStep() throws {
    guard let binary = Tools.binary else { return }
    var (runner, directory, steps) = try runner(["binary": binary.path, "paths": "cfn/**/*.json"])
    _ = directory
    let status = try runner.run(steps)
    #expect(status == 2)
    #expect(runner.log.contains("::error::infragen: 'cfn/**/*.json' matches no file"))
  }
}
