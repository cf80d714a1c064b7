import InfragenCore
import InfragenModel
import InfragenStacks
import InfragenValidation
import Testing

/// The RDS instance and OpenSearch components, a service's own secrets and scaling, the
/// environment's alarms and Slack, and the reference stack as a composition of them.
@Suite struct StoreComponentTests {
  static let environment = Environment(defaultService: "web", defaultPort: 3000)

  static func pairs(_ template: Template) -> [String] {
    (template.metadata["infragen"]?.objectValue?["flows"]?.listValue ?? []).compactMap { flow in
      guard let object = flow.objectValue, let from = object["from"]?.stringValue, let to = object["to"]?.stringValue,
        let ports = object["ports"]?.listValue
      else { return nil }
      return "\(from)->\(to):\(ports.compactMap { if case .integer(let port) = $0 { port } else { nil } })"
    }
  }

  static func errors(_ template: Template) -> [Diagnostic] {
    Validator().validate(template).filter { $0.severity >= .warning }
  }

  static func variables(_ template: Template, _ task: LogicalID, _ key: String) -> [String] {
    let container = template.resource(task)?[property: "ContainerDefinitions"]?.listValue?.first
    return (container?[key]?.listValue ?? []).compactMap { $0["Name"]?.stringValue }
  }

  @Test(arguments: [(DatabaseEngine.mysql, 3306), (.mariadb, 3306), (.postgres, 5432)])
  func anRDSInstanceIsReachedOnItsEnginesPortByItsUsersOnly(engine: DatabaseEngine, port: Int) throws {
    let database = RDSDatabase("Orders", in: Self.environment, engine: engine, engineVersion: "8.0")
    let web = WebService(ServiceSettings("web", uses: [database]), in: Self.environment, port: 3000)
    let template = try Stack(exactFlows: true) {
      Self.environment
      database
      web
    }.template()
    #expect(Self.errors(template).isEmpty, "\(Self.errors(template))")
    #expect(Self.pairs(template).contains("WebService->Orders:[\(port)]"))
    #expect(template.resource("Orders")?[property: "Engine"] == .string(engine.rawValue))
    #expect(template.resource("Orders")?[property: "MultiAZ"] == true)
    #expect(template.resource("OrdersFromWebService")?[property: "FromPort"] == .integer(port))
    #expect(
      template.resource("OrdersFromWebService")?[property: "Description"] == "From web",
      "a service is called by its name in its rules")
    #expect(Self.variables(template, "WebTaskDefinition", "Environment") == ["PORT", "ORDERS_HOST", "ORDERS_PORT"])
    #expect(Self.variables(template, "WebTaskDefinition", "Secrets") == ["ORDERS_USERNAME", "ORDERS_PASSWORD"])
    for id in ["OrdersSecret", "OrdersSecurityGroup", "OrdersSubnetGroup", "OrdersMonitoringRole"] {
      #expect(template.resource(LogicalID(id)) != nil, "\(id)")
    }
    #expect(template.resource("OrdersCpuAlarm")?[property: "Threshold"] == 80)
    #expect(template.resource("OrdersFreeStorageAlarm")?[property: "Threshold"] == .integer(5 * 1_073_741_824))
  }

  @Test func anInstanceWithoutStandbySaysWhyToBothTools() throws {
    let database = RDSDatabase(
      "Orders", in: Self.environment, engineVersion: "8.4.7", multiAZ: false, singleAZReason: "a test database")
    let template = try Stack {
      Self.environment
      database
    }.template()
    let metadata = template.resource("Orders")?.metadata
    #expect(metadata?["checkov"]?["skip"] == [["comment": "a test database", "id": "CKV_AWS_157"]])
    #expect(metadata?["infragen"]?["suppress"] == [["reason": "a test database", "rule": "DatabaseIsMultiAZ"]])
    let standby = try Stack {
      Self.environment
      RDSDatabase("Orders", in: Self.environment, engineVersion: "8.4.7")
    }.template()
    #expect(standby.resource("Orders")?.metadata?["checkov"] == nil)
  }

  @Test func aSearchDomainIsQueriedOnlyByItsUsers() throws {
    let search = OpenSearch("Catalog", in: Self.environment)
    let web = WebService(ServiceSettings("web", uses: [search]), in: Self.environment, port: 3000)
    let api = WebService(
      ServiceSettings("api"), in: Self.environment, port: 8080, conditions: [.path(["/api/*"])], priority: 10)
    let template = try Stack(exactFlows: true) {
      Self.environment
      search
      web
      api
    }.template()
    #expect(Self.errors(template).isEmpty, "\(Self.errors(template))")
    #expect(Self.pairs(template).contains("WebService->CatalogDomain:[443]"))
    #expect(!Self.pairs(template).contains { $0.hasPrefix("ApiService->") })
    let policy = template.resource("WebServiceQueriesCatalog")
    #expect(policy?[property: "Roles"] == [.ref("WebTaskRole")])
    #expect(
      template.resources.filter { $0.type == "AWS::IAM::Policy" }.map(\.logicalID) == ["WebServiceQueriesCatalog"])
    #expect(Self.variables(template, "WebTaskDefinition", "Environment") == ["PORT", "CATALOG_URL"])
    for id in [
      "CatalogDomain", "CatalogSecurityGroup", "CatalogSlowLogGroup", "CatalogIndexSlowLogGroup",
      "CatalogApplicationLogGroup", "CatalogAuditLogGroup", "CatalogLogPolicy", "CatalogClusterRedAlarm",
    ] {
      #expect(template.resource(LogicalID(id)) != nil, "\(id)")
    }
    #expect(template.resource("CatalogLogPolicy")?[property: "PolicyName"] == .sub("${AWS::StackName}-catalog-logs"))
  }

  @Test func aSearchDomainsAdministratorIsTheRoleGiven() throws {
    let settings = ServiceSettings("web")
    let search = OpenSearch("Search", in: Self.environment, administrator: settings.taskRole)
    let template = try Stack {
      Self.environment
      search
      WebService(
        ServiceSettings("web", uses: [search]), in: Self.environment, port: 3000)
    }.template()
    let options = template.resource("SearchDomain")?[property: "AdvancedSecurityOptions"]
    #expect(options?["MasterUserOptions"]?["MasterUserARN"] == .getAtt("WebTaskRole", "Arn"))
  }

  @Test func aServicesSecretsAreItsOwnAndOnlyItsRoleReadsThem() throws {
    let web = WebService(
      ServiceSettings("web", secrets: ["SESSION_SECRET", "STRIPE_KEY"]), in: Self.environment, port: 3000)
    let api = WebService(
      ServiceSettings("api"), in: Self.environment, port: 8080, conditions: [.path(["/api/*"])], priority: 10)
    let template = try Stack {
      Self.environment
      web
      api
    }.template()
    #expect(template.resource("WebSecretSessionSecret")?.type == "AWS::SecretsManager::Secret")
    #expect(template.resource("WebSecretStripeKey") != nil)
    #expect(Self.variables(template, "WebTaskDefinition", "Secrets") == ["SESSION_SECRET", "STRIPE_KEY"])
    func reads(_ role: LogicalID) -> [TemplateValue] {
      let statements =
        template.resource(role)?[property: "Policies"]?.listValue?.first?["PolicyDocument"]?[
          "Statement"]?.listValue ?? []
      return statements.filter { $0["Action"] == ["secretsmanager:GetSecretValue"] }.flatMap {
        $0["Resource"]?.listValue ?? []
      }
    }
    #expect(reads("WebExecutionRole") == [.ref("WebSecretSessionSecret"), .ref("WebSecretStripeKey")])
    #expect(reads("ApiExecutionRole") == [])
  }

  @Test func scalingFollowsTheTargetsGiven() throws {
    let web = WebService(
      ServiceSettings("web", cpuTarget: nil, memoryTarget: 75), in: Self.environment, port: 3000,
      requestsPerTarget: nil)
    let template = try Stack {
      Self.environment
      web
    }.template()
    let policies = template.resources.filter { $0.type == "AWS::ApplicationAutoScaling::ScalingPolicy" }
    #expect(policies.map(\.logicalID) == ["WebMemoryScaling"])
    #expect(policies.first?[property: "PolicyName"] == .sub("${AWS::StackName}-web-memory"))
    let alarms = template.resources.filter { $0.type == "AWS::CloudWatch::Alarm" }.map(\.logicalID)
    #expect(
      alarms == [
        "LoadBalancer5xxAlarm", "WebCpuAlarm", "WebMemoryAlarm", "WebTarget5xxAlarm", "WebUnhealthyTargetsAlarm",
      ])
  }

  @Test func slackIsTheEnvironmentsChoice() throws {
    let quiet = try Stack { Self.environment }.template()
    #expect(quiet.resource("SlackChannel") == nil)
    #expect(quiet.parameters.keys == ["CertificateArn"])
    let loud = try Stack {
      Environment(defaultService: "web", defaultPort: 3000, alarmTopicName: "shop alarms", slack: true)
    }.template()
    #expect(loud.parameters.keys == ["CertificateArn", "SlackWorkspaceId", "SlackChannelId"])
    #expect(loud.resource("SlackChannel")?[property: "SnsTopicArns"] == [.ref("AlarmTopic")])
    #expect(loud.resource("AlarmTopic")?[property: "DisplayName"] == "shop alarms")
  }

  @Test func theReferenceStackIsTheComponentsWithItsOldLogicalIDs() throws {
    let template = try ReferenceStack().stack.template()
    #expect(
      Self.pairs(template) == [
        "Service->Database:[3306]", "Service->Cache:[6379]", "Service->SearchDomain:[443]",
        "LoadBalancer->Service:[3000]", "internet->LoadBalancer:[443, 80]",
      ])
    #expect(template.metadata["infragen"]?["mode"] == "exact")
    #expect(Self.errors(template).isEmpty, "\(Self.errors(template))")
    for id in [
      "Service", "ServiceSecurityGroup", "TaskDefinition", "TaskExecutionRole", "TaskRole", "ServiceLogGroup",
      "TargetGroup", "ServiceScalableTarget", "ServiceCpuScalingPolicy", "ServiceMemoryScalingPolicy",
      "ServiceIngressFromLoadBalancer", "ServiceEgressToDatabase", "ServiceEgressToCache", "ServiceEgressToSearch",
      "TaskRoleSearchPolicy", "AppSecretSessionSecret", "DatabaseSecret", "CacheAuthToken",
    ] {
      #expect(template.resource(LogicalID(id)) != nil, "\(id)")
    }
    #expect(
      !template.resources.contains {
        $0.logicalID.rawValue.hasPrefix("App") && $0.type != "AWS::SecretsManager::Secret"
      })
    #expect(
      template.resource("ServiceSecurityGroup")?[property: "GroupDescription"]
        == "Service tasks: the container port from the load balancer only",
      "a group's description cannot change in place")
    #expect(
      template.resource("ServiceCpuScalingPolicy")?[property: "PolicyName"]
        == .sub("${AWS::StackName}-cpu-target-tracking"))
  }

  @Test func anotherServiceNameKeepsTheIDsAndTheSecrets() throws {
    var options = ReferenceStack.Options()
    options.serviceName = "billing"
    let template = try ReferenceStack(options: options).stack.template()
    #expect(template.resource("Service") != nil)
    #expect(template.resource("AppSecretSessionSecret") != nil, "a new ID would generate a new secret value")
    #expect(template.resource("BillingSecretSessionSecret") == nil)
    #expect(template.parameters.keys.first == "ContainerImage")
  }
}

/// What a component refuses, and what it adds for the services that use it.
@Suite struct ComponentWiringTests {
  static let connected = Environment(defaultService: "web", defaultPort: 3000, serviceConnect: "internal")

  @Test func aScheduledJobCannotUseABackendService() {
    let orders = BackendService(ServiceSettings("orders"), in: Self.connected, port: 8080)
    let report = ScheduledJob(
      ServiceSettings("report", uses: [orders]), in: Self.connected, schedule: "rate(1 hour)")
    let lowered = Stack {
      Self.connected
      orders
      report
    }.lower()
    #expect(lowered.diagnostics.map(\.rule) == ["ComponentsFitTogether"])
    #expect(
      lowered.diagnostics.first?.message.hasPrefix(
        "the scheduled job 'report' uses the backend service 'orders', which it cannot reach") == true)
    #expect(throws: LoweringError.self) {
      try Stack {
        Self.connected
        orders
        report
      }.template()
    }
  }

  @Test func aBackendServiceNeedsServiceConnect() {
    let plain = Environment(defaultService: "web", defaultPort: 3000)
    let lowered = Stack {
      plain
      BackendService(ServiceSettings("orders"), in: plain, port: 8080)
    }.lower()
    #expect(
      lowered.diagnostics.map(\.message) == [
        "the backend service 'orders' is reached through Service Connect, and its environment has none; give the Environment serviceConnect:"
      ])
    let connected = Stack {
      Self.connected
      BackendService(ServiceSettings("orders"), in: Self.connected, port: 8080)
    }.lower()
    #expect(connected.diagnostics.isEmpty)
  }

  @Test func aServiceStartsAfterTheBackendsItUses() throws {
    let orders = BackendService(ServiceSettings("orders"), in: Self.connected, port: 8080)
    let template = try Stack {
      Self.connected
      orders
      WebService(ServiceSettings("web", uses: [orders]), in: Self.connected, port: 3000)
      WorkerService(
        ServiceSettings("worker", uses: [orders]), in: Self.connected, consuming: JobQueue("jobs", in: Self.connected))
      JobQueue("jobs", in: Self.connected)
    }.template()
    #expect(template.resource("WebService")?.dependsOn == ["HttpsListener", "OrdersService"])
    #expect(template.resource("WorkerService")?.dependsOn == ["OrdersService"])
    #expect(template.resource("OrdersService")?.dependsOn == [])
  }

  @Test func aQueuesKeyServesOnlySQSAndItsTimeoutIsTheConsumers() throws {
    let jobs = JobQueue("jobs", in: Self.connected, visibilityTimeoutSeconds: 600, maxReceiveCount: 3)
    let template = try Stack {
      Self.connected
      jobs
      WorkerService(ServiceSettings("worker"), in: Self.connected, consuming: jobs)
    }.template()
    #expect(template.resource("JobsQueue")?[property: "VisibilityTimeout"] == 600)
    #expect(template.resource("JobsQueue")?[property: "RedrivePolicy"]?["maxReceiveCount"] == 3)
    let statements =
      template.resource("WorkerServiceConsumesJobsQueue")?[property: "PolicyDocument"]?["Statement"]?.listValue ?? []
    let kms = statements.first { $0["Action"] == ["kms:Decrypt"] }
    #expect(kms?["Condition"] == ["StringEquals": ["kms:ViaService": .sub("sqs.${AWS::Region}.amazonaws.com")]])
  }

  @Test func auroraMySQLGetsTheParametersItsLogsNeedAndPostgreSQLNone() throws {
    let mysql = try Stack {
      Self.connected
      AuroraDatabase("Database", in: Self.connected, engine: .auroraMySQL, engineVersion: "8.0.mysql_aurora.3.08.0")
    }.template()
    let parameters = mysql.resource("DatabaseClusterParameters")
    #expect(parameters?[property: "Family"] == "aurora-mysql8.0")
    #expect(parameters?[property: "Parameters"]?["server_audit_logging"] == "1")
    #expect(parameters?[property: "Parameters"]?["slow_query_log"] == "1")
    #expect(mysql.resource("Database")?[property: "DBClusterParameterGroupName"] == .ref("DatabaseClusterParameters"))
    let postgres = try Stack {
      Self.connected
      AuroraDatabase("Database", in: Self.connected)
    }.template()
    #expect(postgres.resource("DatabaseClusterParameters") == nil)
    #expect(postgres.resource("Database")?[property: "DBClusterParameterGroupName"] == nil)
  }
}
