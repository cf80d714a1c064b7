import Foundation
import InfragenFormats
import InfragenModel
import InfragenStacks
import Testing

/// Every component and type the example leaves out, in one stack rendered and given to the real
/// tools: a domain with an ACM certificate and an alias record, Service Connect with a backend,
/// a scheduled job, a single-node Redis, Aurora MySQL with its cluster parameters, PostgreSQL on
/// one instance, a bucket read grant. cfn-lint (informational checks
/// included), checkov and `infragen validate` find nothing.
@Suite(
  .enabled(
    if: Tools.binary != nil && Tools.python("cfn-lint") != nil && Tools.python("checkov") != nil,
    Comment(rawValue: "\(Tools.binaryMissing); \(Tools.pythonMissing("cfn-lint"))")))
struct ComponentRenderTests {
  static func stack() -> Stack {
    let environment = Environment(
      defaultService: "web", defaultPort: 3000,
      domain: .init("shop.example.com", hostedZoneID: "Z0123456789ABCDEFGHIJ"), serviceConnect: "internal")
    let database = AuroraDatabase(
      "Database", in: environment, engine: .auroraMySQL, engineVersion: "8.0.mysql_aurora.3.08.0")
    let cache = RedisCache("Sessions", in: environment, replicas: 0)
    let ledger = RDSDatabase(
      "Ledger", in: environment, engine: .postgres, engineVersion: "16.8", multiAZ: false,
      singleAZReason: "a ledger replica rebuilt from the main database")
    let orders = BackendService(ServiceSettings("orders", uses: [database, ledger]), in: environment, port: 8080)
    let web = WebService(ServiceSettings("web", uses: [orders, cache]), in: environment, port: 3000)
    let report = ScheduledJob(
      ServiceSettings("report", count: 1, uses: [database]), in: environment, schedule: "cron(0 3 * * ? *)")
    let reader = Role("ReportReaderRole", assumedBy: .ecsTasks, description: "Reads the access logs")
    return Stack(description: "Every component", exactFlows: true) {
      environment
      database
      ledger
      cache
      orders
      web
      report
      reader
      environment.protection.accessLogBucket.grantRead("ReportReadsLogs", to: [reader], prefix: "alb/")
    }
  }

  /// Writes the stack to a new temporary directory.
  static func render() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infragen-components-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let file = directory.appendingPathComponent("components.json")
    try Data(JSONEmitter().emit(try stack().template()).utf8).write(to: file)
    return file
  }

  @Test func cfnLintFindsNothingEvenInformational() throws {
    let file = try Self.render()
    defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
    let lint = try #require(Tools.python("cfn-lint"))
    let result = try Tools.run(
      lint, ["--include-checks", "I", "--non-zero-exit-code", "informational", "--", file.path])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
  }

  @Test func checkovFindsNothing() throws {
    let file = try Self.render()
    defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
    let checkov = try #require(Tools.python("checkov"))
    let result = try Tools.run(
      checkov,
      [
        "--file", file.path, "--framework", "cloudformation", "--compact", "--quiet", "--skip-download", "--output",
        "cli",
      ])
    #expect(result.status == 0, "\(result.stdout)")
  }

  @Test func validateFindsNothingAndProvesTheUses() throws {
    let file = try Self.render()
    defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
    let result = try Tools.infragen(["validate", file.path])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let graph = try Tools.infragen(["graph", file.path])
    #expect(graph.status == 0, "\(graph.stderr)")
    let edges = graph.stdout.split(separator: "\n").filter { $0.contains("-->") }.map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    #expect(
      edges == [
        "OrdersService -- \"tcp 3306\" --> Database", "ReportSchedule -- \"tcp 3306\" --> Database",
        "OrdersService -- \"tcp 5432\" --> Ledger",
        "internet -- \"tcp 443\" --> LoadBalancer", "internet -- \"tcp 80\" --> LoadBalancer",
        "WebService -- \"tcp 8080\" --> OrdersService", "WebService -- \"tcp 6379\" --> Sessions",
        "LoadBalancer -- \"tcp 3000\" --> WebService",
      ])
  }
}
