import InfragenCore
import InfragenFormats
import InfragenModel
import InfragenStacks
import InfragenValidation
import Testing

/// The public components: several services in one environment, named from their names, wired by
/// what each uses (rules on both sides, grants, environment, flows), proved by the validator in
/// exact mode; a rule written beside them is caught, and two services of one name do not lower.
@Suite struct ComponentTests {
  static let environment = Environment(defaultService: "web", defaultPort: 3000)
  static let database = AuroraDatabase("Database", in: environment)
  static let cache = RedisCache("Cache", in: environment)
  static let jobs = JobQueue("jobs", in: environment)

  static func stack(
    webUses: [any ServiceUse] = [], apiName: String = "order-api", @StackBuilder extra: () -> [StackElement] = { [] }
  ) -> Stack {
    let web = WebService(ServiceSettings("web", uses: webUses), in: environment, port: 3000)
    let api = WebService(
      ServiceSettings(apiName, uses: [database, cache, jobs.sending]), in: environment, port: 8080,
      conditions: [.path(["/api/*"])], priority: 10)
    let worker = WorkerService(ServiceSettings("worker", uses: [database]), in: environment, consuming: jobs)
    return Stack(exactFlows: true) {
      environment
      database
      cache
      jobs
      web
      api
      worker
      extra()
    }
  }

  static func errors(_ template: Template) -> [Diagnostic] {
    Validator().validate(template).filter { $0.severity >= .warning }
  }

  @Test func logicalIDsComeFromTheNames() throws {
    let template = try Self.stack().template()
    for id in [
      "OrderApiService", "OrderApiSecurityGroup", "OrderApiTaskDefinition", "OrderApiLogGroup", "OrderApiExecutionRole",
      "OrderApiTaskRole", "OrderApiImage", "OrderApiTargetGroup", "OrderApiListenerRule", "OrderApiScalableTarget",
      "WebService", "WebTargetGroup", "WorkerService", "WorkerQueueScaling", "Database", "DatabaseWriter",
      "DatabaseReader1", "Cache", "JobsQueue", "JobsDeadLetterQueue", "LoadBalancer", "HttpsListener",
    ] {
      #expect(template.resource(LogicalID(id)) != nil || template.parameters[id] != nil, "\(id)")
    }
    #expect(template.resource("WebListenerRule") == nil, "the default service has no rule")
  }

  @Test func whatEachServiceUsesIsProvenExactly() throws {
    let template = try Self.stack().template()
    #expect(Self.errors(template).isEmpty, "\(Self.errors(template))")
    let flows = template.metadata["infragen"]?.objectValue?["flows"]?.listValue ?? []
    let pairs = flows.compactMap { flow -> String? in
      guard let object = flow.objectValue, let from = object["from"]?.stringValue, let to = object["to"]?.stringValue
      else { return nil }
      return "\(from)->\(to)"
    }
    #expect(
      pairs == [
        "internet->LoadBalancer", "LoadBalancer->WebService", "OrderApiService->Database", "OrderApiService->Cache",
        "LoadBalancer->OrderApiService", "WorkerService->Database",
      ])
  }

  @Test func aRuleWrittenBesideTheUsesIsCaught() throws {
    let web = SecurityGroup("WebSecurityGroup", description: "web tasks", vpc: Self.environment.network.vpc)
    let template = try Self.stack {
      SecurityGroupIngress(
        "DatabaseFromWeb", group: Self.database.securityGroup,
        rule: .tcp(5432, from: .securityGroup(web.ref), description: "web to the database"))
      SecurityGroupEgress(
        "WebToDatabase", group: web,
        rule: .tcp(5432, to: .securityGroup(Self.database.securityGroup.ref), description: "web to the database"))
    }.template()
    let errors = Self.errors(template)
    #expect(errors.map(\.rule) == ["DatabaseIngressOnlyFromService"])
    #expect(errors.first?.location.logicalID == "DatabaseFromWeb")
  }

  @Test func aUseIsTheDeclarationThatOpensThePath() throws {
    // web using the database gets the rules, the secrets, the environment and the flow; the proof stays clean.
    let template = try Self.stack(webUses: [Self.database]).template()
    #expect(Self.errors(template).isEmpty, "\(Self.errors(template))")
    #expect(template.resource("DatabaseFromWebService")?.type == "AWS::EC2::SecurityGroupIngress")
    #expect(template.resource("WebServiceToDatabase")?.type == "AWS::EC2::SecurityGroupEgress")
  }

  /// The statements of a role's inline policies, or of a policy resource.
  static func statements(_ template: Template, _ id: LogicalID) -> [Fields] {
    let resource = template.resource(id)
    let documents =
      (resource?[property: "Policies"]?.listValue ?? []).compactMap { $0.objectValue?["PolicyDocument"] }
      + [resource?[property: "PolicyDocument"]].compactMap { $0 }
    return documents.flatMap { $0.objectValue?["Statement"]?.listValue ?? [] }.compactMap(\.objectValue)
  }

  /// A string or a list of strings.
  static func strings(_ value: TemplateValue?) -> [String] {
    guard let value else { return [] }
    if let list = value.listValue { return list.compactMap(\.stringValue) }
    return [value.stringValue].compactMap { $0 }
  }

  @Test func theExecutionRoleReadsExactlyTheInjectedSecrets() throws {
    let template = try Self.stack().template()
    func secretsRead(by role: LogicalID) -> [String] {
      Self.statements(template, role).filter { Self.strings($0["Action"]) == ["secretsmanager:GetSecretValue"] }
        .flatMap { statement -> [String] in
          let resources = statement["Resource"]?.listValue ?? []
          return resources.compactMap { value -> String? in
            guard case .intrinsic(.ref(let id)) = value else { return nil }
            return id
          }
        }
    }
    #expect(secretsRead(by: "OrderApiExecutionRole") == ["DatabaseSecret", "CacheAuthToken"])
    #expect(secretsRead(by: "WorkerExecutionRole") == ["DatabaseSecret"])
    #expect(secretsRead(by: "WebExecutionRole") == [])
  }

  @Test func theQueueGrantsFollowTheUse() throws {
    let template = try Self.stack().template()
    func actions(_ id: LogicalID) -> [String] { Self.statements(template, id).flatMap { Self.strings($0["Action"]) } }
    #expect(actions("WorkerServiceConsumesJobsQueue").contains("sqs:ReceiveMessage"))
    #expect(!actions("WorkerServiceConsumesJobsQueue").contains("sqs:SendMessage"))
    #expect(actions("OrderApiServiceSendsToJobsQueue").contains("sqs:SendMessage"))
    #expect(!actions("OrderApiServiceSendsToJobsQueue").contains("sqs:ReceiveMessage"))
    #expect(template.resource("WebServiceConsumesJobsQueue") == nil)
  }

  @Test func theEnvironmentFollowsTheUse() throws {
    let template = try Self.stack().template()
    func variables(_ id: LogicalID) -> [String] {
      let containers = template.resource(id)?[property: "ContainerDefinitions"]?.listValue ?? []
      let entries = containers.flatMap { $0.objectValue?["Environment"]?.listValue ?? [] }
      return entries.compactMap { $0.objectValue?["Name"]?.stringValue }
    }
    #expect(
      variables("OrderApiTaskDefinition") == [
        "PORT", "DATABASE_HOST", "DATABASE_PORT", "CACHE_HOST", "CACHE_PORT", "CACHE_TLS", "JOBS_QUEUE_URL",
      ])
    #expect(variables("WorkerTaskDefinition") == ["DATABASE_HOST", "DATABASE_PORT", "JOBS_QUEUE_URL"])
    #expect(variables("WebTaskDefinition") == ["PORT"])
  }

  @Test func twoServicesOfOneNameDoNotLower() throws {
    #expect(throws: LoweringError.self) { try Self.stack(apiName: "worker").template() }
    do {
      _ = try Self.stack(apiName: "worker").template()
    } catch {
      #expect(error.diagnostics.contains { $0.rule == "LogicalIDsAreUnique" }, "\(error)")
    }
  }

  @Test func theRenderPassesTheValidatorsBestPractices() throws {
    let template = try Self.stack().template()
    let json = JSONEmitter().emit(template)
    let reread = try JSONReader.readTemplate(Array(json.utf8), file: "components.json")
    #expect(Validator().validate(reread).filter { $0.severity >= .warning }.isEmpty)
  }
}
