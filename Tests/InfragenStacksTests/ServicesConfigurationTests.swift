import InfragenCore
import InfragenFormats
import InfragenModel
import Testing

@testable import InfragenStacks

/// The stack a YAML configuration describes, or its error lines.
func configuredStack(_ yaml: String, environment: String? = nil) throws -> Result<Template, ConfigurationErrors> {
  let (root, source) = try document(yaml)
  do {
    let stack = try Configuration.stack(from: root, source: source, environment: environment)
    return .success(try stack.template())
  } catch let error as ConfigurationErrors {
    return .failure(error)
  }
}

func stackErrors(_ yaml: String) throws -> [String] {
  if case .failure(let errors) = try configuredStack(yaml) { return errors.errors.map(\.description) }
  return []
}

/// `services:`: web, backend, worker and scheduled services, chosen stores, queues and a domain.
@Suite struct ServicesConfigurationTests {
  static let example = """
    services:
      web:    {kind: web, port: 3000, path: "/*"}
      api:    {kind: web, port: 8080, path: "/api/*", uses: [database, cache]}
      admin:  {kind: backend, port: 9000, uses: [database]}
      worker: {kind: worker, uses: [database, queues.jobs]}
      report: {kind: scheduled, schedule: "cron(0 3 * * ? *)", uses: [database]}
    database: {engine: aurora-postgresql}
    cache:    {engine: redis, nodes: 1}
    search:   none
    queues:   {jobs: {deadLetter: true}}
    domain:   {name: shop.example.com, hostedZoneId: Z0123456789ABCDEFGHIJ}
    environments:
      staging:
        services:
          api: {count: {desired: 1, min: 1, max: 2}}
    """

  @Test func theIssuesExampleRendersEachServiceFromItsUses() throws {
    let template = try configuredStack(Self.example).get()
    for id in ["WebService", "ApiService", "AdminService", "WorkerService", "ReportSchedule", "JobsQueue", "Cache"] {
      #expect(template.resource(LogicalID(id)) != nil, "\(id)")
    }
    #expect(template.resource("Database")?.type == "AWS::RDS::DBCluster")
    #expect(template.resource("Database")?[property: "Engine"] == "aurora-postgresql")
    #expect(template.resource("SearchDomain") == nil)
    #expect(template.resource("Certificate") != nil)
    #expect(template.resource("ApiListenerRule")?[property: "Priority"] == 10)
    #expect(template.resource("DatabaseFromApiService")?[property: "FromPort"] == 5432)
    #expect(template.resource("CacheFromWebService") == nil, "web does not use the cache")
    #expect(template.metadata["infragen"]?["mode"] == "exact")
  }

  @Test func anEnvironmentChangesAService() throws {
    let staging = try configuredStack(Self.example, environment: "staging").get()
    #expect(staging.resource("ApiService")?[property: "DesiredCount"] == 1)
    #expect(try configuredStack(Self.example).get().resource("ApiService")?[property: "DesiredCount"] == 2)
  }

  @Test func theOldServiceKeyStillRendersTheReferenceStack() throws {
    let template = try configuredStack("service: {name: shop, port: 8080}\n").get()
    #expect(template.resource("Service") != nil)
    #expect(template.resource("TaskDefinition") != nil)
  }

  @Test func storesAreChosen() throws {
    let template = try configuredStack(
      """
      services:
        web: {kind: web, uses: [database]}
      database: {engine: postgres}
      cache: none
      search: none
      """
    ).get()
    #expect(template.resource("Database")?.type == "AWS::RDS::DBInstance")
    #expect(template.resource("Database")?[property: "Engine"] == "postgres")
    #expect(template.resource("Cache") == nil)
    #expect(template.resource("CacheSecurityGroup") == nil)
    #expect(template.resource("SearchDomain") == nil)
    let none = try configuredStack("services:\n  web: {kind: web}\ndatabase: none\ncache: none\nsearch: none\n").get()
    #expect(!none.resources.contains { $0.type.hasPrefix("AWS::RDS::") || $0.type.hasPrefix("AWS::ElastiCache::") })
  }

  static let mistakes: [(String, [String])] = [
    (
      "services:\n  web: {kind: web, uses: [databse]}\n",
      [
        "infragen.yaml:2:27: error: services.web.uses[0]: 'databse' is not a store, queue or backend service of this file; did you mean 'database'? (it may use: database, cache, search)"
      ]
    ),
    (
      "services:\n  web: {kind: wbe}\n",
      [
        "infragen.yaml:2:9: error: services.web.kind: expected one of web, backend, worker, scheduled, found the string 'wbe'; did you mean 'web'?"
      ]
    ),
    (
      "services:\n  web: {kind: web}\n  api: {kind: web, port: 8080}\n",
      ["infragen.yaml:3:3: error: services.api: 'api' matches the same requests as 'web'; give it another path or host"]
    ),
    (
      "services:\n  web: {kind: web}\n  work: {kind: worker, port: 80}\n",
      [
        "infragen.yaml:3:3: error: services.work: a worker service consumes a queue and scales on its depth; list one in uses (queues.<name>)",
        "infragen.yaml:3:24: error: services.work.port: a worker service takes no connections, so it has no port",
      ]
    ),
    (
      "services:\n  web: {kind: web, uses: [api]}\n  api: {kind: web, path: /api/*}\n",
      [
        "infragen.yaml:2:27: error: services.web.uses[0]: 'api' is a web service: it is reached through the load balancer; a service may use a backend service"
      ]
    ),
    (
      "services:\n  web: {kind: web, shedule: x}\n",
      [
        "infragen.yaml:2:20: error: services.web.shedule: unknown key; did you mean 'schedule'? (known keys: kind, port, path, host, priority, schedule, uses, cpu, memory, count, scaling, healthCheckPath, environment, secrets)"
      ]
    ),
    (
      "services:\n  web: {kind: web}\n  job: {kind: scheduled}\n",
      ["infragen.yaml:3:3: error: services.job: a scheduled service needs a schedule: rate(...) or cron(...)"]
    ),
    (
      "service: {port: 8080}\nservices:\n  web: {kind: web}\n",
      [
        "infragen.yaml:1:1: error: service: give service: (one service) or services: (several), not both; service: is read as one web service"
      ]
    ),
    (
      "services:\n  web: {kind: web}\nenvironments:\n  staging:\n    services:\n      wbe: {count: {desired: 1}}\n",
      [
        "infragen.yaml:6:7: error: environments.staging.services.wbe: no service 'wbe' in the base settings; did you mean 'web'?; an environment may change a service, not add one"
      ]
    ),
    (
      "services:\n  web: {kind: web}\ndatabase: {engine: postgress}\n",
      [
        "infragen.yaml:3:12: error: database.engine: expected one of mysql, mariadb, postgres, aurora-mysql, aurora-postgresql, none, found the string 'postgress'; did you mean 'postgres'?"
      ]
    ),
    (
      "services:\n  web: {kind: web}\ndomain: {name: shop.example.com}\n",
      ["infragen.yaml:3:1: error: domain: a domain needs both name and hostedZoneId"]
    ),
    (
      "services:\n  web: {kind: web}\nstacks: per-servce\n",
      [
        "infragen.yaml:3:1: error: stacks: expected one of single, per-service, found the string 'per-servce'; did you mean 'per-service'?"
      ]
    ),
    (
      "services:\n  environment: {kind: web}\n",
      [
        "infragen.yaml:2:3: error: services.environment: 'environment' names the environment's stack (environment.json); give the service another name"
      ]
    ),
  ]

  @Test(arguments: mistakes.indices)
  func eachMistakeIsOneLineNamingTheKey(_ index: Int) throws {
    let (yaml, expected) = Self.mistakes[index]
    let actual = try stackErrors(yaml)
    #expect(actual == expected, "\(actual)")
  }
}
