import InfragenCore
import InfragenFormats
import InfragenModel
import Testing

@testable import InfragenStacks

/// A YAML configuration as a value tree; a blank file is an empty document.
func document(_ yaml: String) throws -> (TemplateValue, SourceMap) {
  let bytes = Array(yaml.utf8)
  if Configuration.isBlank(bytes) { return (.null, SourceMap(file: "infragen.yaml")) }
  return try YAMLReader.parseValue(bytes, file: "infragen.yaml", dialect: .configuration)
}

/// Reads a YAML configuration and renders the stack it describes.
func configured(_ yaml: String, environment: String? = nil) throws -> (ReferenceStack.Options, Template) {
  let (root, source) = try document(yaml)
  let options = try Configuration.options(from: root, source: source, environment: environment)
  return (options, try ReferenceStack(options: options).stack.template())
}

/// The error lines a YAML configuration gives.
func configurationErrors(_ yaml: String, environment: String? = nil) throws -> [String] {
  let (root, source) = try document(yaml)
  do {
    _ = try Configuration.options(from: root, source: source, environment: environment)
    return []
  } catch {
    return error.errors.map(\.description)
  }
}

@Suite struct ConfigurationFieldTests {
  @Test func anEmptyFileIsTheReferenceStack() throws {
    #expect(try configured("").0 == ReferenceStack.Options())
    #expect(try configured("# nothing but a comment\n").0 == ReferenceStack.Options())
    #expect(try configured("{}").0 == ReferenceStack.Options())
  }

  @Test func theStarterFileIsTheReferenceStack() throws {
    let (options, template) = try configured(Configuration.starter)
    #expect(options == ReferenceStack.Options())
    #expect(template == (try ReferenceStack().stack.template()))
    #expect(
      Configuration.environments(in: try YAMLReader.parseValue(Array(Configuration.starter.utf8), file: "s").0) == [
        "staging", "production",
      ])
  }

  @Test func serviceSettings() throws {
    let (_, template) = try configured(
      """
      service:
        name: billing
        port: 8080
        cpu: 1024
        memory: 4096
        count: {desired: 3, min: 3, max: 12}
        scaling: {cpu: 50, memory: 65}
        healthCheckPath: /ready
        environment:
          LOG_LEVEL: debug
          WORKERS: 4
        secrets: [STRIPE_KEY, SESSION_SECRET]
      """)
    let task = template.resource("TaskDefinition")
    #expect(task?[property: "Cpu"] == "1024")
    #expect(task?[property: "Memory"] == "4096")
    let container = task?[property: "ContainerDefinitions"]?.listValue?.first
    #expect(container?["Name"] == "billing")
    #expect(container?["PortMappings"] == [["ContainerPort": 8080, "Protocol": "tcp"]])
    let environment = container?["Environment"]?.listValue ?? []
    #expect(
      environment.prefix(3) == [
        ["Name": "LOG_LEVEL", "Value": "debug"], ["Name": "WORKERS", "Value": "4"], ["Name": "PORT", "Value": "8080"],
      ])
    let secrets = container?["Secrets"]?.listValue?.compactMap { $0["Name"]?.stringValue }
    #expect(secrets == ["DB_USERNAME", "DB_PASSWORD", "REDIS_AUTH_TOKEN", "STRIPE_KEY", "SESSION_SECRET"])
    #expect(template.resource("AppSecretStripeKey") != nil)
    #expect(template.resource("Service")?[property: "DesiredCount"] == 3)
    #expect(template.resource("ServiceScalableTarget")?[property: "MinCapacity"] == 3)
    #expect(template.resource("ServiceScalableTarget")?[property: "MaxCapacity"] == 12)
    #expect(
      template.resource("ServiceCpuScalingPolicy")?[property: "TargetTrackingScalingPolicyConfiguration"]?[
        "TargetValue"] == 50)
    #expect(
      template.resource("ServiceMemoryScalingPolicy")?[property: "TargetTrackingScalingPolicyConfiguration"]?[
        "TargetValue"] == 65)
    #expect(template.resource("TargetGroup")?[property: "HealthCheckPath"] == "/ready")
    #expect(template.resource("TargetGroup")?[property: "Port"] == 8080)
    #expect(template.resource("ServiceIngressFromLoadBalancer")?[property: "FromPort"] == 8080)
  }

  @Test func networkSettings() throws {
    let (_, template) = try configured(
      """
      network:
        vpcCidr: 172.20.0.0/16
        availabilityZones: 3
        natGateways: single
      """)
    // Search nodes follow the zones when the file does not set their count.
    #expect(template.resource("SearchDomain")?[property: "ClusterConfig"]?["InstanceCount"] == 3)
    #expect(template.resource("Vpc")?[property: "CidrBlock"] == "172.20.0.0/16")
    #expect(template.resources.filter { $0.type == "AWS::EC2::Subnet" }.count == 6)
    #expect(template.resources.filter { $0.type == "AWS::EC2::NatGateway" }.count == 1)
    #expect(template.resource("PrivateSubnet3")?[property: "CidrBlock"] == "172.20.160.0/20")
  }

  @Test func explicitSubnets() throws {
    let (_, template) = try configured(
      """
      network:
        vpcCidr: 10.8.0.0/16
        publicSubnets: [10.8.0.0/24, 10.8.1.0/24]
        privateSubnets: [10.8.10.0/24, 10.8.11.0/24]
      """)
    #expect(template.resource("PublicSubnet2")?[property: "CidrBlock"] == "10.8.1.0/24")
    #expect(template.resource("PrivateSubnet1")?[property: "CidrBlock"] == "10.8.10.0/24")
  }

  @Test func dataStoreSettings() throws {
    let (_, template) = try configured(
      """
      database: {engineVersion: 8.0.42, instanceClass: db.r7g.large, storage: 100, maxStorage: 500, backupDays: 14, multiAz: false}
      cache: {engineVersion: '7.0', nodeType: cache.r7g.large, replicas: 2}
      search: {engineVersion: OpenSearch_2.11, instanceType: r6g.large.search, instanceCount: 4, volumeSize: 100}
      logs: {retentionDays: 90}
      """)
    let database = template.resource("Database")
    #expect(database?[property: "EngineVersion"] == "8.0.42")
    #expect(database?[property: "DBInstanceClass"] == "db.r7g.large")
    #expect(database?[property: "AllocatedStorage"] == "100")
    #expect(database?[property: "MaxAllocatedStorage"] == 500)
    #expect(database?[property: "BackupRetentionPeriod"] == 14)
    #expect(database?[property: "MultiAZ"] == false)
    #expect(template.resource("Cache")?[property: "EngineVersion"] == "7.0")
    #expect(template.resource("Cache")?[property: "CacheNodeType"] == "cache.r7g.large")
    #expect(template.resource("Cache")?[property: "NumCacheClusters"] == 3)
    let search = template.resource("SearchDomain")
    #expect(search?[property: "EngineVersion"] == "OpenSearch_2.11")
    #expect(search?[property: "ClusterConfig"]?["InstanceType"] == "r6g.large.search")
    #expect(search?[property: "ClusterConfig"]?["InstanceCount"] == 4)
    #expect(search?[property: "EBSOptions"]?["VolumeSize"] == 100)
    #expect(template.resource("ServiceLogGroup")?[property: "RetentionInDays"] == 90)
  }

  @Test func alarmThresholdsSlackTagsAndDeletionProtection() throws {
    let (_, template) = try configured(
      """
      alarms: {serviceCpu: 70, serviceMemory: 75, loadBalancer5xx: 25, databaseCpu: 60, databaseFreeStorageGiB: 10, cacheCpu: 65, cacheMemory: 85}
      slack: false
      tags: {team: payments, cost-center: 4711}
      loadBalancer: {deletionProtection: false}
      """)
    #expect(template.resource("ServiceCpuAlarm")?[property: "Threshold"] == 70)
    #expect(template.resource("ServiceMemoryAlarm")?[property: "Threshold"] == 75)
    #expect(template.resource("LoadBalancer5xxAlarm")?[property: "Threshold"] == 25)
    #expect(template.resource("DatabaseCpuAlarm")?[property: "Threshold"] == 60)
    #expect(template.resource("DatabaseFreeStorageAlarm")?[property: "Threshold"] == .integer(10 * 1_073_741_824))
    #expect(template.resource("CacheCpuAlarm")?[property: "Threshold"] == 65)
    #expect(template.resource("CacheMemoryAlarm")?[property: "Threshold"] == 85)
    #expect(template.resource("SlackChannel") == nil)
    #expect(template.parameters["SlackWorkspaceId"] == nil)
    #expect(
      template.resource("Database")?[property: "Tags"] == [
        ["Key": "team", "Value": "payments"], ["Key": "cost-center", "Value": "4711"],
      ])
    #expect(
      template.resource("LoadBalancer")?[property: "LoadBalancerAttributes"]?.listValue?.contains([
        "Key": "deletion_protection.enabled", "Value": "false",
      ]) == true)
  }
}

@Suite struct EnvironmentTests {
  static let file = """
    service:
      count: {desired: 4, min: 4, max: 20}
      environment: {LOG_LEVEL: info}
    tags: {team: web}
    environments:
      staging:
        service:
          count: {desired: 1, min: 1, max: 2}
          environment: {LOG_LEVEL: debug}
        database: {multiAz: false}
        tags: {stage: staging}
      production:
        network: {availabilityZones: 3}
        search: {instanceCount: 3}
    """

  @Test func overridesApplyOnTopOfTheBase() throws {
    let (staging, _) = try configured(Self.file, environment: "staging")
    #expect(staging.desiredCount == 1 && staging.minimumCount == 1 && staging.maximumCount == 2)
    #expect(staging.databaseMultiAZ == false)
    #expect(staging.environment.first { $0.name == "LOG_LEVEL" }?.value == "debug")
    #expect(staging.tags == [Tag("team", "web"), Tag("stage", "staging")])
    let (production, _) = try configured(Self.file, environment: "production")
    #expect(production.availabilityZones == 3 && production.desiredCount == 4 && production.databaseMultiAZ)
    let (base, _) = try configured(Self.file)
    #expect(base.availabilityZones == 2 && base.desiredCount == 4)
  }

  @Test func anUnknownEnvironmentSuggestsOne() throws {
    #expect(
      try configurationErrors(Self.file, environment: "stagin") == [
        "infragen.yaml:5:1: error: environments: no environment 'stagin'; did you mean 'staging'? (available: staging, production)"
      ])
    #expect(
      try configurationErrors("service: {port: 80}\n", environment: "prod") == [
        "infragen.yaml: error: environments: no environment 'prod' (the file defines none)"
      ])
  }

  @Test func anErrorInAnyEnvironmentIsReportedWhicheverIsChosen() throws {
    let file = Self.file + "\n  broken:\n    service: {count: {min: 9}}\n"
    #expect(
      try configurationErrors(file, environment: "staging") == [
        "infragen.yaml:16:23: error: environments.broken.service.count.min: desired 4 is outside min 9 and max 20 (min <= desired <= max)"
      ])
  }
}

@Suite struct ConfigurationErrorTests {
  static let cases: [(yaml: String, errors: [String])] = [
    (
      "servce: {port: 80}\n",
      [
        "infragen.yaml:1:1: error: servce: unknown key; did you mean 'service'? (known keys: service, services, stacks, network, loadBalancer, database, cache, search, queues, domain, logs, alarms, slack, tags, environments)"
      ]
    ),
    (
      "service: {prot: 80}\n",
      [
        "infragen.yaml:1:11: error: service.prot: unknown key; did you mean 'port'? (known keys: name, port, cpu, memory, count, scaling, healthCheckPath, environment, secrets)"
      ]
    ),
    (
      "service: {port: '3000'}\n",
      ["infragen.yaml:1:11: error: service.port: expected a whole number, found the string '3000' (1 to 65535)"]
    ),
    ("service: {port: 70000}\n", ["infragen.yaml:1:11: error: service.port: 70000 is out of range (1 to 65535)"]),
    ("service: {port: 0}\n", ["infragen.yaml:1:11: error: service.port: 0 is out of range (1 to 65535)"]),
    (
      "service: {cpu: 256, memory: 4096}\n",
      [
        "infragen.yaml:1:21: error: service.memory: cpu 256 with memory 4096 is not a Fargate task size (memory 512, 1024 or 2048 with cpu 256)"
      ]
    ),
    (
      "service: {cpu: 300}\n",
      [
        "infragen.yaml:1:11: error: service.cpu: cpu 300 with memory 1024 is not a Fargate task size (cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384)"
      ]
    ),
    (
      "service:\n  count: {min: 5, max: 2}\n",
      ["infragen.yaml:2:19: error: service.count.max: min 5 is above max 2 (min <= desired <= max)"]
    ),
    (
      "service:\n  count: {desired: 11}\n",
      [
        "infragen.yaml:2:11: error: service.count.desired: desired 11 is outside min 2 and max 10 (min <= desired <= max)"
      ]
    ),
    (
      "network: {vpcCidr: 10.0.0.1/16}\n",
      [
        "infragen.yaml:1:11: error: network.vpcCidr: '10.0.0.1/16' has host bits set; did you mean '10.0.0.0/16'? (an IPv4 block such as 10.0.0.0/16)"
      ]
    ),
    (
      "network: {vpcCidr: 10.0.0.0}\n",
      [
        "infragen.yaml:1:11: error: network.vpcCidr: CIDR mask is missing in '10.0.0.0'; did you mean '10.0.0.0/32'? (an IPv4 block such as 10.0.0.0/16)"
      ]
    ),
    (
      "network: {vpcCidr: 10.0.0.0/26}\n",
      [
        "infragen.yaml:1:11: error: network.vpcCidr: 10.0.0.0/26 is too small to hold 16 subnets of at least /28 (a block from /16 to /24, or list publicSubnets and privateSubnets)"
      ]
    ),
    (
      "network:\n  vpcCidr: 10.0.0.0/16\n  publicSubnets: [10.1.0.0/24, 10.0.1.0/24]\n  privateSubnets: [10.0.2.0/24, 10.0.1.0/25]\n",
      [
        "infragen.yaml:3:19: error: network.publicSubnets[0]: 10.1.0.0/24 does not fit in the VPC's 10.0.0.0/16 (a block inside 10.0.0.0/16)",
        "infragen.yaml:4:33: error: network.privateSubnets[1]: 10.0.1.0/25 overlaps network.publicSubnets[1] (10.0.1.0/24)",
      ]
    ),
    (
      "network:\n  publicSubnets: [10.0.0.0/24]\n  privateSubnets: [10.0.2.0/24, 10.0.3.0/24]\n",
      ["infragen.yaml:2:3: error: network.publicSubnets: 1 subnets for 2 availability zones (one per zone)"]
    ),
    (
      "network: {availabilityZones: 4}\n",
      ["infragen.yaml:1:11: error: network.availabilityZones: expected 2 or 3, found the number 4"]
    ),
    (
      "network: {natGateways: two}\n",
      ["infragen.yaml:1:11: error: network.natGateways: expected one of per-az, single, found the string 'two'"]
    ),
    (
      "database: {multiAz: yes please}\n",
      ["infragen.yaml:1:12: error: database.multiAz: expected true or false, found the string 'yes please'"]
    ),
    (
      "database: {instanceClass: t4g.medium}\n",
      [
        "infragen.yaml:1:12: error: database.instanceClass: 't4g.medium' is not valid (an instance class such as db.t4g.medium)"
      ]
    ),
    (
      "database: {storage: 100, maxStorage: 50}\n",
      ["infragen.yaml:1:26: error: database.maxStorage: maxStorage 50 is below storage 100 (maxStorage >= storage)"]
    ),
    (
      "cache: {engineVersion: [7.1]}\n",
      [
        "infragen.yaml:1:9: error: cache.engineVersion: expected text, found a sequence (a version such as 8.4.7)"
      ]
    ),
    (
      "search: {instanceCount: 3}\n",
      [
        "infragen.yaml:1:10: error: search.instanceCount: 3 search nodes cannot spread evenly over 2 zones (a multiple of 2)"
      ]
    ),
    (
      "logs: {retentionDays: 45}\n",
      [
        "infragen.yaml:1:8: error: logs.retentionDays: 45 is not a CloudWatch Logs retention (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)"
      ]
    ),
    (
      "service:\n  environment: {DB_PASSWORD: hunter2}\n",
      [
        "infragen.yaml:2:17: error: service.environment.DB_PASSWORD: 'DB_PASSWORD' is set by the stack itself (reserved: DB_HOST, DB_PASSWORD, DB_PORT, DB_USERNAME, OPENSEARCH_URL, PORT, REDIS_AUTH_TOKEN, REDIS_HOST, REDIS_PORT, REDIS_TLS)"
      ]
    ),
    (
      "service:\n  environment: {STRIPE_SECRET: sk_live}\n",
      [
        "infragen.yaml:2:17: error: service.environment.STRIPE_SECRET: 'STRIPE_SECRET' looks like a secret; list it under service.secrets so that it comes from Secrets Manager, never from the template"
      ]
    ),
    (
      "service:\n  secrets: [api-key]\n",
      [
        "infragen.yaml:2:13: error: service.secrets[0]: 'api-key' is not valid (capital letters, digits and _, not starting with a digit)"
      ]
    ),
    (
      "tags: {aws:owner: me}\n",
      [
        "infragen.yaml:1:8: error: tags.aws:owner: 'aws:owner' is not a tag key (1 to 128 characters, not starting with aws:)"
      ]
    ),
    ("slack: 1\n", ["infragen.yaml:1:1: error: slack: expected true or false, found the number 1"]),
    ("- service\n", ["infragen.yaml:1:1: error: expected a mapping of settings, found a sequence"]),
  ]

  @Test(arguments: cases.indices)
  func eachErrorIsOneLineNamingTheKey(_ index: Int) throws {
    let (yaml, expected) = Self.cases[index]
    let actual = try configurationErrors(yaml)
    #expect(actual == expected, "\(actual)")
  }

  @Test func everyErrorIsReportedAtOnceInFileOrder() throws {
    let errors = try configurationErrors(
      """
      service:
        port: 99999
        cpu: 256
        memory: 8192
      network:
        vpcCidr: nope
      colour: blue
      """)
    #expect(errors.count == 4)
    #expect(
      errors.map { $0.split(separator: " ")[2] } == ["service.port:", "service.memory:", "network.vpcCidr:", "colour:"])
  }
}

/// Values as written, values AWS accepts, and messages in the file's own words.
@Suite struct ConfigurationValueTests {
  /// The value of an environment variable of the rendered container.
  static func variable(_ name: String, in template: Template) -> TemplateValue? {
    let task = template.resource("TaskDefinition")?[property: "ContainerDefinitions"]?.listValue?.first
    return task?["Environment"]?.listValue?.first { $0["Name"] == .string(name) }?["Value"]
  }

  @Test func environmentValuesAreTextAsWritten() throws {
    let (_, template) = try configured(
      """
      service:
        environment:
          ZIP: 02134
          MODE: 0755
          COUNTRY: NO
          C: 0x10
          H: yes
          V: 1.10
          E: 1e3
          N: ~
          Q: "0755"
      """)
    let expected: [(String, String)] = [
      ("ZIP", "02134"), ("MODE", "0755"), ("COUNTRY", "NO"), ("C", "0x10"), ("H", "yes"), ("V", "1.10"),
      ("E", "1e3"), ("N", "~"), ("Q", "0755"),
    ]
    for (name, text) in expected {
      #expect(Self.variable(name, in: template) == .string(text), "\(name)")
    }
  }

  @Test func anUnquotedVersionIsTextAsWritten() throws {
    // `7.0` is the float 7.0 to YAML; as a version it is the text written, not `7`.
    #expect(try configured("cache: {engineVersion: 7.0}\n").0.cacheEngineVersion == "7.0")
  }

  @Test func tagValuesAreTextAsWrittenAndNumbersStayNumbers() throws {
    let (options, _) = try configured(
      """
      tags: {CostCentre: 0042, Flag: off}
      service: {port: 0x1F90}
      """)
    #expect(options.tags.map(\.value) == ["0042", "off"])
    // A setting that is a number keeps YAML's reading of it: 0x1F90 is 8080.
    #expect(options.containerPort == 8080)
  }

  @Test func aJSONNumberIsTextAsWritten() throws {
    let (root, source) = try JSONReader.parseValue(
      Array(#"{"service": {"environment": {"V": 1.10, "N": 7}}}"#.utf8), file: "infragen.json")
    let options = try Configuration.options(from: root, source: source, environment: nil, syntax: .json)
    #expect(options.environment.first { $0.name == "V" }?.value == "1.10")
    #expect(options.environment.first { $0.name == "N" }?.value == "7")
  }

  @Test func aNameInEnvironmentAndSecretsIsAnError() throws {
    #expect(
      try configurationErrors(
        """
        service:
          environment: {API_URL: https://x}
          secrets: [DB_URL, API_URL]
        """) == [
          "infragen.yaml:3:21: error: service.secrets[1]: 'API_URL' is both an environment variable and a secret; ECS refuses a task definition that sets a name twice (keep it in secrets)"
        ])
  }

  @Test(arguments: [
    (
      "database:\n  instanceClass: db.x9.huge\n",
      "database.instanceClass: 'db.x9.huge' is not an instance class RDS offers for mysql 8.4.7"
    ),
    (
      "database:\n  engineVersion: 5.7.44\n",
      "database.engineVersion: mysql 5.7.44 is deprecated (cfn-lint warns about it)"
    ),
    ("database:\n  engineVersion: 8.4.99\n", "database.engineVersion: '8.4.99' is not a mysql version RDS offers"),
    (
      "cache:\n  engineVersion: 9.9\n",
      "cache.engineVersion: '9.9' is not a redis version ElastiCache offers (allowed: 4.0.10, 5.0.6, 6.{0,2}, 7.{0,1})"
    ),
    (
      "cache:\n  nodeType: cache.t4g.mediun\n",
      "cache.nodeType: 'cache.t4g.mediun' is not an ElastiCache node type; did you mean 'cache.t4g.medium'?"
    ),
    (
      "search:\n  instanceType: m6g.huge.search\n",
      "search.instanceType: 'm6g.huge.search' is not an OpenSearch instance type: no size 'huge'"
    ),
    (
      "search:\n  instanceType: x9.large.search\n",
      "search.instanceType: 'x9.large.search' is not an OpenSearch instance type: no family 'x9'"
    ),
  ])
  func valuesTheServiceRefusesAreErrors(_ yaml: String, _ message: String) throws {
    let errors = try configurationErrors(yaml)
    #expect(errors.count == 1, "\(errors)")
    #expect(errors.first?.contains("error: " + message) == true, "\(errors)")
  }

  @Test func allowedValuesComeFromTheTables() {
    #expect(AllowedValues.databaseInstanceClasses(engine: "mysql", version: "8.4.7").contains("db.t4g.medium"))
    #expect(!AllowedValues.databaseInstanceClasses(engine: "mysql", version: "8.4.7").contains("db.x9.huge"))
    // A class for one family is checked against that family's list.
    #expect(AllowedValues.databaseInstanceClasses(engine: "postgres", version: "17.4").contains("db.m7g.large"))
  }

  @Test func anchorsAndMergeKeysSpeakOfTheConfigurationFile() throws {
    for (yaml, message) in [
      ("a: &x 1\nb: *x\n", "anchors and aliases are not supported in infragen configuration files"),
      (
        "base: {x: 1}\nservice:\n  <<: {port: 1}\n",
        "merge keys ('<<') are not supported in infragen configuration files"
      ),
      (
        "a: 1\n---\nb: 2\n",
        "a second YAML document in the stream; an infragen configuration file holds exactly one document"
      ),
    ] {
      let error = try #require(throws: ReadError.self) { _ = try document(yaml) }
      #expect(error.message == message, "\(yaml)")
    }
  }

  @Test func shapeErrorsSayMappingAndSequenceInYAMLAndObjectAndArrayInJSON() throws {
    #expect(
      try configurationErrors("service: [1]\nservice2: x\n").first
        == "infragen.yaml:1:1: error: service: expected a mapping of settings, found a sequence")
    let (root, source) = try JSONReader.parseValue(Array(#"{"service": [1]}"#.utf8), file: "infragen.json")
    do {
      _ = try Configuration.options(from: root, source: source, environment: nil, syntax: .json)
      Issue.record("expected an error")
    } catch {
      #expect(
        error.errors.map(\.description) == [
          "infragen.json:1:2: error: service: expected an object of settings, found an array"
        ])
    }
  }

  @Test func messagesHaveNoStraySemicolonAndCountNodesRight() throws {
    let unknown = try configurationErrors("alarms: {zzzz: 1}\n")
    #expect(unknown.first?.contains("alarms.zzzz: unknown key (known keys: ") == true, "\(unknown)")
    let nodes = try configurationErrors("search: {instanceCount: 1}\n")
    #expect(
      nodes == [
        "infragen.yaml:1:10: error: search.instanceCount: 1 search node cannot spread evenly over 2 zones (a multiple of 2)"
      ])
  }
}
