import Foundation
import Testing

/// `render --stacks per-service`: an environment stack and one stack per service, linked by
/// exports scoped by the environment. Each is given to the real tools; together they validate,
/// and their reachability, computed from the JSON alone with the imports resolved by hand, is
/// exactly what each service uses.
@Suite(
  .enabled(
    if: Tools.binary != nil && Tools.python("cfn-lint") != nil && Tools.python("checkov") != nil,
    Comment(rawValue: "\(Tools.binaryMissing); \(Tools.pythonMissing("cfn-lint"))")))
struct PerServiceStacksTests {
  static let configuration = """
    services:
      web:    {kind: web, port: 3000, path: "/*"}
      api:    {kind: web, port: 8080, path: "/api/*", uses: [database, cache, queues.jobs, admin]}
      admin:  {kind: backend, port: 9000, uses: [database, search]}
      worker: {kind: worker, uses: [database, queues.jobs]}
      report: {kind: scheduled, schedule: "cron(0 3 * * ? *)", uses: [database]}
    database: {engine: postgres}
    cache:    {engine: redis, nodes: 2}
    queues:   {jobs: {deadLetter: true}}
    tags: {application: shop}
    environments:
      staging: {network: {availabilityZones: 2, natGateways: single}}

    """

  /// A new directory holding `infragen.yaml`.
  static func workspace(_ text: String = configuration) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infragen-stacks-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: directory.appendingPathComponent("infragen.yaml"))
    return directory
  }

  static func files(_ directory: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
  }

  static func json(_ file: URL) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
  }

  /// The stacks as one template: every `Fn::ImportValue` replaced by the value its export
  /// names (the scope parameter at its default), every resource in one `Resources`.
  static func merged(_ directory: URL) throws -> [String: Any] {
    var templates: [[String: Any]] = []
    for name in try files(directory) where name.hasSuffix(".json") {
      templates.append(try json(directory.appendingPathComponent(name)))
    }
    func scope(_ template: [String: Any]) -> String {
      let parameters = template["Parameters"] as? [String: [String: Any]]
      return parameters?["EnvironmentName"]?["Default"] as? String ?? ""
    }
    var exports: [String: Any] = [:]
    for template in templates {
      for (_, output) in template["Outputs"] as? [String: [String: Any]] ?? [:] {
        guard let export = output["Export"] as? [String: Any], let name = export["Name"] as? [String: String],
          let pattern = name["Fn::Sub"]
        else { continue }
        exports[pattern.replacingOccurrences(of: "${EnvironmentName}", with: scope(template))] = output["Value"]
      }
    }
    func resolve(_ value: Any, _ scope: String) throws -> Any {
      if let object = value as? [String: Any] {
        if let imported = object["Fn::ImportValue"] as? [String: String], let pattern = imported["Fn::Sub"] {
          let name = pattern.replacingOccurrences(of: "${EnvironmentName}", with: scope)
          return try #require(exports[name], "no stack exports \(name)")
        }
        return try object.mapValues { try resolve($0, scope) }
      }
      if let list = value as? [Any] { return try list.map { try resolve($0, scope) } }
      return value
    }
    var resources: [String: Any] = [:]
    for template in templates {
      for (id, resource) in template["Resources"] as? [String: Any] ?? [:] {
        #expect(resources[id] == nil, "\(id) is in two stacks")
        resources[id] = try resolve(resource, scope(template))
      }
    }
    return ["Resources": resources]
  }

  @Test func theStacksPassTheRealToolsAndValidateTogether() throws {
    let directory = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: directory) }
    let render = try Tools.infragen(["render", "--stacks", "per-service", "--output-dir", "stacks"], in: directory)
    #expect(render.status == 0, "\(render.stderr)")
    #expect(render.stdout.isEmpty)
    #expect(render.stderr.contains("stacks/environment.json, stacks/admin.json, stacks/web.json"), "backends first")
    let stacks = directory.appendingPathComponent("stacks")
    let names = try Self.files(stacks)
    #expect(names == ["admin.json", "api.json", "environment.json", "report.json", "web.json", "worker.json"])
    let paths = names.map { stacks.appendingPathComponent($0).path }
    let validate = try Tools.infragen(["validate"] + paths)
    #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
    let lint = try Tools.run(
      try #require(Tools.python("cfn-lint")),
      ["--include-checks", "I", "--non-zero-exit-code", "informational", "--"] + paths)
    #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    for path in paths {
      let checkov = try Tools.run(
        try #require(Tools.python("checkov")),
        ["--file", path, "--framework", "cloudformation", "--compact", "--quiet", "--skip-download"])
      #expect(checkov.status == 0, "\(path): \(checkov.stdout)")
    }
  }

  @Test func eachServiceReachesExactlyWhatItUsesAcrossTheStacks() throws {
    let directory = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: directory) }
    #expect(
      try Tools.infragen(["render", "--stacks", "per-service", "--output-dir", "out"], in: directory).status == 0)
    let reach = try Reachability(template: try Self.merged(directory.appendingPathComponent("out")))
    #expect(reach.sources(of: "WebService") == ["LoadBalancer:3000"])
    #expect(reach.sources(of: "ApiService") == ["LoadBalancer:8080"])
    #expect(reach.sources(of: "AdminService") == ["ApiService:9000"])
    #expect(
      reach.sources(of: "Database") == [
        "AdminService:5432", "ApiService:5432", "ReportSchedule:5432", "WorkerService:5432",
      ])
    #expect(reach.sources(of: "Cache") == ["ApiService:6379"])
    #expect(reach.sources(of: "SearchDomain") == ["AdminService:443"])
    #expect(reach.sources(of: "WorkerService") == [])
  }

  @Test func aServiceStackHoldsItsServiceAndImportsTheRest() throws {
    let directory = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: directory) }
    let render = try Tools.infragen(
      ["render", "--env", "staging", "--stacks", "per-service", "--output-dir", "out"], in: directory)
    #expect(render.status == 0, "\(render.stderr)")
    let out = directory.appendingPathComponent("out")
    let environment = try Self.json(out.appendingPathComponent("environment.json"))
    let api = try Self.json(out.appendingPathComponent("api.json"))
    let resources = try #require(api["Resources"] as? [String: [String: Any]])
    // The rules of api's uses live with api, on both sides: the store's ingress imports its group.
    #expect(resources["DatabaseFromApiService"] != nil)
    #expect(resources["AdminServiceFromApiService"] != nil)
    #expect(resources["Database"] == nil)
    let ingress = try #require(resources["DatabaseFromApiService"]?["Properties"] as? [String: Any])
    #expect(
      ingress["GroupId"] as? [String: [String: String]] == [
        "Fn::ImportValue": ["Fn::Sub": "${EnvironmentName}-DatabaseSecurityGroup-GroupId"]
      ])
    let parameters = try #require(api["Parameters"] as? [String: [String: Any]])
    #expect(parameters["EnvironmentName"]?["Default"] as? String == "shop-staging", "scoped by the environment")
    #expect(parameters["WebImage"] == nil, "a stack declares only the parameters it uses")
    let outputs = try #require(environment["Outputs"] as? [String: [String: Any]])
    let export = try #require(outputs["DatabaseSecurityGroupGroupIdExport"]?["Export"] as? [String: [String: String]])
    #expect(export["Name"]?["Fn::Sub"] == "${EnvironmentName}-DatabaseSecurityGroup-GroupId")
    // No DependsOn crosses a stack: the imports order the deployment.
    for (id, resource) in resources {
      for target in resource["DependsOn"] as? [String] ?? [] { #expect(resources[target] != nil, "\(id)") }
    }
  }

  @Test func checkComparesEveryStackAndNamesWhatDiffers() throws {
    let directory = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: directory) }
    let arguments = ["render", "--stacks", "per-service"]
    #expect(try Tools.infragen(arguments + ["--output-dir", "out"], in: directory).status == 0)
    let clean = try Tools.infragen(arguments + ["--check", "out"], in: directory)
    #expect(clean.status == 0, "\(clean.stderr)")
    #expect(clean.stderr == "out: the 6 stacks are up to date\n")

    let web = directory.appendingPathComponent("out/web.json")
    let original = try Data(contentsOf: web)
    try Data(String(decoding: original, as: UTF8.self).replacingOccurrences(of: "3000", with: "3001").utf8)
      .write(to: web)
    let changed = try Tools.infragen(arguments + ["--check", "out"], in: directory)
    #expect(changed.status == 1)
    #expect(changed.stderr.hasPrefix("out/web.json differs from the render\n"))
    #expect(changed.stderr.contains("to update them, run: infragen render --stacks per-service --output-dir out"))
    #expect(changed.stdout.contains("out/web.json:"))
    #expect(try Data(contentsOf: web) != original, "a check writes nothing")

    try original.write(to: web)
    try FileManager.default.removeItem(at: directory.appendingPathComponent("out/report.json"))
    try Data("{}".utf8).write(to: directory.appendingPathComponent("out/old.json"))
    let stale = try Tools.infragen(arguments + ["--check", "out"], in: directory)
    #expect(stale.status == 1)
    #expect(stale.stderr.contains("out/report.json is missing\n"))
    #expect(stale.stderr.contains("out/old.json is not one of the stacks rendered"))
  }

  @Test func theConfigurationCanAskForPerServiceStacks() throws {
    let directory = try Self.workspace(Self.configuration + "stacks: per-service\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let written = try Tools.infragen(["render", "--output-dir", "out"], in: directory)
    #expect(written.status == 0, "\(written.stderr)")
    #expect(try Self.files(directory.appendingPathComponent("out")).count == 6)
    let single = try Tools.infragen(["render", "--stacks", "single"], in: directory)
    #expect(single.status == 0, "--stacks overrides the file")
    #expect(single.stdout.contains("\"WebService\""))
  }

  @Test(arguments: [
    (["render", "--stacks", "per-service"], "give --output-dir DIR"),
    (["render", "--stacks", "per-service", "--output", "x.json"], "--output writes one file"),
    (["render", "--stacks", "per-service", "--output-dir", "a", "--check", "b"], "cannot be used together"),
    (["render", "--output-dir", "out"], "--output-dir writes per-service stacks"),
    (["render", "--stacks", "per-services", "--output-dir", "out"], "per-services"),
  ])
  func misusedOptionsAreRefusedAndWriteNothing(_ arguments: [String], _ message: String) throws {
    let directory = try Self.workspace()
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try Tools.infragen(arguments, in: directory)
    #expect(result.status == 2)
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(try Self.files(directory) == ["infragen.yaml"])
  }

  @Test func theReferenceStackIsOneServiceAndIsNotSplit() throws {
    let directory = try Self.workspace("service: {name: shop}\n")
    defer { try? FileManager.default.removeItem(at: directory) }
    let result = try Tools.infragen(["render", "--stacks", "per-service", "--output-dir", "out"], in: directory)
    #expect(result.status == 2)
    #expect(result.stderr.contains("the reference stack is one service"))
    #expect(try Self.files(directory) == ["infragen.yaml"])
  }

  @Test func aStackTooLargeForCloudFormationSuggestsPerServiceStacks() throws {
    var text = "services:\n  web: {kind: web, port: 3000, uses: [database]}\n"
    for index in 0..<30 {
      text += "  svc\(index): {kind: web, port: 8080, path: \"/s\(index)/*\", uses: [database, cache]}\n"
    }
    let directory = try Self.workspace(text)
    defer { try? FileManager.default.removeItem(at: directory) }
    let single = try Tools.infragen(["render", "--output", "stack.json"], in: directory)
    #expect(single.status == 1)
    #expect(single.stderr.contains("[StackFitsCloudFormation]"))
    #expect(single.stderr.contains("CloudFormation allows 500 in one template; split it into per-service stacks"))
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("stack.json").path))
    let split = try Tools.infragen(["render", "--stacks", "per-service", "--output-dir", "out"], in: directory)
    #expect(split.status == 0, "\(split.stderr)")
    let out = directory.appendingPathComponent("out")
    for name in try Self.files(out) {
      let resources = try #require(try Self.json(out.appendingPathComponent(name))["Resources"] as? [String: Any])
      #expect(resources.count <= 500, "\(name)")
    }
  }
}
