import Foundation
import InfragenFormats
import InfragenModel
import InfragenStacks
import Testing

/// An application of the kinds `services:` describes (web services sharing the load balancer, a
/// backend, a worker on a queue, a scheduled job), Aurora PostgreSQL, one Redis node, no search,
/// a domain: rendered and given to the real tools, and its reachability, computed from the JSON
/// alone, is exactly what each service uses.
@Suite(
  .enabled(
    if: Tools.binary != nil && Tools.python("cfn-lint") != nil && Tools.python("checkov") != nil,
    Comment(rawValue: "\(Tools.binaryMissing); \(Tools.pythonMissing("cfn-lint"))")))
struct ApplicationTests {
  static func service(
    _ name: String, _ kind: Application.Kind, port: Int = 3000, paths: [String] = [], uses: [String] = []
  ) -> Application.Service {
    var service = Application.Service(name, kind: kind)
    service.port = port
    service.paths = paths
    service.uses = uses
    if kind == .scheduled { service.schedule = "cron(0 3 * * ? *)" }
    return service
  }

  static func application(apiUsesAdmin: Bool = false) -> Application {
    var application = Application()
    application.services = [
      service("web", .web, paths: ["/*"]),
      service(
        "api", .web, port: 8080, paths: ["/api/*"], uses: ["database", "cache"] + (apiUsesAdmin ? ["admin"] : [])),
      service("admin", .backend, port: 9000, uses: ["database"]),
      service("worker", .worker, uses: ["database", "queues.jobs"]),
      service("report", .scheduled, uses: ["database"]),
    ]
    application.database = Application.Database(engine: .auroraPostgreSQL, engineVersion: "16.8")
    application.cacheNodes = 1
    application.search = false
    application.queues = [Application.QueueSettings(name: "jobs")]
    application.domain = ("shop.example.com", "Z0123456789ABCDEFGHIJ")
    return application
  }

  /// The application's template, written to a new temporary directory.
  static func render(_ application: Application = application()) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infragen-application-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("application.json")
    try Data(JSONEmitter().emit(try application.stack.template()).utf8).write(to: file)
    return file
  }

  static func reachability(_ file: URL) throws -> Reachability {
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: file))
    return try Reachability(template: try #require(object as? [String: Any]))
  }

  @Test func theRealToolsFindNothing() throws {
    let file = try Self.render()
    defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
    let validate = try Tools.infragen(["validate", file.path])
    #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
    let lint = try Tools.run(
      try #require(Tools.python("cfn-lint")),
      ["--include-checks", "I", "--non-zero-exit-code", "informational", "--", file.path])
    #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    let checkov = try Tools.run(
      try #require(Tools.python("checkov")),
      ["--file", file.path, "--framework", "cloudformation", "--compact", "--quiet", "--skip-download"])
    #expect(checkov.status == 0, "\(checkov.stdout)")
  }

  @Test func eachServiceReachesExactlyWhatItUses() throws {
    let file = try Self.render()
    defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
    let reach = try Self.reachability(file)
    #expect(reach.sources(of: "WebService") == ["LoadBalancer:3000"])
    #expect(reach.sources(of: "ApiService") == ["LoadBalancer:8080"])
    #expect(
      reach.sources(of: "Database") == [
        "AdminService:5432", "ApiService:5432", "ReportSchedule:5432", "WorkerService:5432",
      ])
    #expect(reach.sources(of: "Cache") == ["ApiService:6379"])
    #expect(reach.sources(of: "AdminService") == [], "nothing uses admin")
    #expect(reach.sources(of: "WorkerService") == [])
  }

  @Test func aBackendIsReachedByWhatUsesIt() throws {
    let file = try Self.render(Self.application(apiUsesAdmin: true))
    defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
    #expect(try Self.reachability(file).sources(of: "AdminService") == ["ApiService:9000"])
    #expect(try Tools.infragen(["validate", file.path]).status == 0)
  }

  @Test func theWiringFollowsTheUses() throws {
    let template = try Self.application().stack.template()
    #expect(template.resource("ApiListenerRule")?[property: "Priority"] == 10)
    #expect(template.resource("WebListenerRule") == nil, "web is the default route")
    #expect(template.resource("WorkerQueueScaling") != nil)
    #expect(template.resource("ReportSchedule")?.type == "AWS::Events::Rule")
    #expect(template.resource("Certificate")?.type == "AWS::CertificateManager::Certificate")
    #expect(template.parameters["CertificateArn"] == nil, "a domain brings its own certificate")
    #expect(template.resource("SearchDomain") == nil)
    #expect(template.resource("Cache")?[property: "NumCacheClusters"] == 1)
    let container = template.resource("ApiTaskDefinition")?[property: "ContainerDefinitions"]?.listValue?.first
    let variables = (container?["Environment"]?.listValue ?? []).compactMap { $0["Name"]?.stringValue }
    #expect(variables == ["NODE_ENV", "PORT", "DB_HOST", "DB_PORT", "REDIS_HOST", "REDIS_PORT", "REDIS_TLS"])
    #expect(template.metadata["infragen"]?["mode"] == "exact")
  }

  @Test func anApplicationWithoutADefaultRouteOrAWorkerWithoutAQueueDoesNotLower() {
    var application = Self.application()
    application.services[0].paths = ["/web/*"]
    application.services[3].uses = ["database"]
    let messages = application.stack.lower().diagnostics.map(\.message)
    #expect(
      messages.contains {
        $0.hasPrefix("no web service takes the load balancer's default route")
      })
    #expect(messages.contains("the worker service 'worker' consumes no queue; list one in its uses (queues.<name>)"))
  }
}
