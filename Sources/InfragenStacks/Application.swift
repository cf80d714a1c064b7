import InfragenCore
import InfragenModel

/// An application of several services, as `infragen.yaml`'s `services:` describes it: web,
/// backend, worker and scheduled services in one environment, the stores each uses, queues and a
/// domain. ``stack`` composes it from the public components; what each service lists in `uses`
/// is its whole wiring, and the stack allows only the flows those uses declare.
public struct Application: Sendable {
  /// What a service is.
  public enum Kind: String, Sendable, CaseIterable {
    /// Behind the shared load balancer, on a path or host rule (or the default route).
    case web
    /// No load balancer; reached through Service Connect by the services that use it.
    case backend
    /// No inbound traffic; consumes a queue and scales on its depth.
    case worker
    /// Run by EventBridge on a schedule.
    case scheduled
  }

  /// One service.
  public struct Service: Sendable {
    /// Its name, which its logical IDs come from (`api` gives `ApiService`).
    public var name: String
    /// What it is.
    public var kind: Kind
    /// Its container port: web and backend services only.
    public var port: Int
    /// The paths its listener rule matches (web), such as `/api/*`; `/*` is the default route.
    public var paths: [String] = []
    /// The hosts its listener rule matches (web).
    public var hosts: [String] = []
    /// Its rule's priority; `nil` derives one from the services' order.
    public var priority: Int?
    /// When it runs (scheduled): `rate(...)` or `cron(...)`.
    public var schedule: String = ""
    /// The names it uses: `database`, `cache`, `search`, `queues.<name>`, a backend service.
    public var uses: [String] = []
    /// The task size, counts, scaling targets, health check, environment and secrets, in the
    /// reference stack's options (its service fields only are read).
    public var settings: ReferenceStack.Options

    /// A service of `kind` named `name`.
    public init(_ name: String, kind: Kind, settings: ReferenceStack.Options = ReferenceStack.Options()) {
      self.name = name
      self.kind = kind
      self.settings = settings
      self.port = settings.containerPort
      self.settings.serviceName = name
    }

    /// Whether it is the listener's default route: a web service matching `/*`, or nothing.
    public var isDefaultRoute: Bool { kind == .web && hosts.isEmpty && (paths.isEmpty || paths == ["/*"]) }
  }

  /// The database, if any.
  public struct Database: Sendable {
    /// Its engine.
    public var engine: DatabaseEngine
    /// Its engine version.
    public var engineVersion: String
    /// Instances of an Aurora cluster: the writer and readers.
    public var instances: Int = 2

    /// A database of `engine` at `engineVersion` (the engine's default when `nil`).
    public init(engine: DatabaseEngine, engineVersion: String? = nil, instances: Int = 2) {
      self.engine = engine
      self.engineVersion = engineVersion ?? Self.defaultVersion(engine)
      self.instances = instances
    }

    /// The engine's default version.
    public static func defaultVersion(_ engine: DatabaseEngine) -> String {
      switch engine {
      case .mysql: return "8.4.7"
      case .mariadb: return "11.4.8"
      case .postgres: return "16.8"
      case .auroraMySQL: return "8.0.mysql_aurora.3.08.0"
      case .auroraPostgreSQL: return "16.8"
      }
    }
  }

  /// A queue.
  public struct QueueSettings: Sendable {
    /// Its name: `jobs` gives `JobsQueue` and `JOBS_QUEUE_URL`.
    public var name: String
    /// Seconds a received message is hidden. Defaults to 30.
    public var visibilityTimeoutSeconds = 30

    /// A queue named `name`.
    public init(name: String, visibilityTimeoutSeconds: Int = 30) {
      self.name = name
      self.visibilityTimeoutSeconds = visibilityTimeoutSeconds
    }
  }

  /// The services, in file order.
  public var services: [Service] = []
  /// The database; `nil` for none.
  public var database: Database? = Database(engine: .mysql, engineVersion: "8.4.7")
  /// Redis nodes (1 is a single node, more is a replication group); `nil` for no cache.
  public var cacheNodes: Int? = 2
  /// Whether there is an OpenSearch domain.
  public var search = true
  /// The queues.
  public var queues: [QueueSettings] = []
  /// The domain the load balancer answers for, with its hosted zone.
  public var domain: (name: String, hostedZoneID: String)?
  /// The network, stores' sizes, logs, alarms, Slack and tags, in the reference stack's options.
  public var options = ReferenceStack.Options()
  /// The environment's name, which scopes the names per-service stacks export (`shop-staging`).
  public var name = "infragen"
  /// Whether it is rendered as per-service stacks (``perServiceStacks``) rather than one.
  public var perService = false

  /// An application.
  public init() {}

  /// The names a service may use, besides the backend services.
  public var storeNames: [String] {
    (database == nil ? [] : ["database"]) + (cacheNodes == nil ? [] : ["cache"]) + (search ? ["search"] : [])
      + queues.map { "queues.\($0.name)" }
  }

  /// The listener rules' priorities: as given, or 10, 20, ... in the order of the web services
  /// that are not the default route, skipping those given.
  public var priorities: [String: Int] {
    var result: [String: Int] = [:]
    var taken = Set(services.compactMap(\.priority))
    var next = 10
    for service in services where service.kind == .web && !service.isDefaultRoute {
      if let given = service.priority {
        result[service.name] = given
        continue
      }
      while taken.contains(next) { next += 10 }
      result[service.name] = next
      taken.insert(next)
    }
    return result
  }
}

extension Application {
  /// The environment: the default route's service, a domain, Service Connect when a backend
  /// service exists, Slack as the options say.
  var environment: Environment {
    let web = services.first(where: \.isDefaultRoute)
    return Environment(
      options: options, defaultService: web?.name ?? "web", defaultPort: web?.port ?? 3000,
      healthCheckPath: web?.settings.healthCheckPath ?? "/health",
      domain: domain.map {
        Environment.Domain(
          TemplateString(stringLiteral: $0.name), hostedZoneID: TemplateString(stringLiteral: $0.hostedZoneID))
      },
      serviceConnect: services.contains { $0.kind == .backend } ? "internal" : nil,
      slack: options.slack)
  }

  /// The database component, prefixed `DB_` in its users' environment.
  func databaseUse(_ environment: Environment) -> (any StackComponent & ServiceUse)? {
    guard let database else { return nil }
    if database.engine.isAurora {
      return AuroraDatabase(
        "Database", in: environment, engine: database.engine, engineVersion: database.engineVersion,
        instanceCount: database.instances, instanceClass: options.databaseInstanceClass, environmentPrefix: "DB")
    }
    return RDSDatabase(
      "Database", in: environment, engine: database.engine, engineVersion: database.engineVersion,
      instanceClass: options.databaseInstanceClass, allocatedStorage: options.databaseStorage,
      maxAllocatedStorage: options.databaseMaxStorage, multiAZ: options.databaseMultiAZ,
      singleAZReason:
        "Multi-AZ is turned off by configuration (database.multiAz: false), to save cost where a standby is not needed",
      backupRetentionDays: options.databaseBackupDays, environmentPrefix: "DB")
  }

  /// The settings of a service, its uses resolved.
  func settings(_ service: Service, uses: [any ServiceUse]) -> ServiceSettings {
    let options = service.settings
    return ServiceSettings(
      service.name, size: options.size, count: options.desiredCount, minimum: options.minimumCount,
      maximum: options.maximumCount, environment: options.environment, uses: uses,
      secrets: options.applicationSecrets, cpuTarget: options.cpuScalingTarget,
      memoryTarget: options.memoryScalingTarget)
  }

  /// The application as a stack: the environment, the stores, the queues and the services, the
  /// flows of their uses the only ones allowed.
  public var stack: Stack { composed.stack }

  /// How ``stack``'s template divides into per-service stacks: `environment` (network, load
  /// balancer, listeners, cluster, stores, queues, alarms topic), then one part per service,
  /// backends first, each holding its service's resources and the rules of its uses.
  public var perServiceStacks: StackSplit { composed.split }

  /// The stack and its per-service parts.
  var composed: (stack: Stack, split: StackSplit) {
    let environment = environment
    let database = databaseUse(environment)
    let cache = cacheNodes.map {
      RedisCache(
        "Cache", in: environment, replicas: $0 - 1, nodeType: options.cacheNodeType, environmentPrefix: "REDIS")
    }
    let searchAdministrator = services.first { $0.uses.contains("search") }.map {
      ServiceSettings($0.name).taskRole
    }
    let search =
      search
      ? OpenSearch(
        "Search", in: environment, engineVersion: options.searchEngineVersion,
        instanceType: options.searchInstanceType, instanceCount: options.searchInstanceCount,
        volumeSize: options.searchVolumeSize, administrator: searchAdministrator, environmentPrefix: "OPENSEARCH")
      : nil
    let queues = queues.map {
      JobQueue($0.name, in: environment, visibilityTimeoutSeconds: $0.visibilityTimeoutSeconds)
    }
    var backends: [String: BackendService] = [:]
    func uses(of service: Service) -> [any ServiceUse] {
      service.uses.compactMap { name -> (any ServiceUse)? in
        switch name {
        case "database": return database
        case "cache": return cache
        case "search": return search
        default:
          if name.hasPrefix("queues."), let queue = queues.first(where: { "queues.\($0.name)" == name }) {
            return service.kind == .worker ? queue : queue.sending
          }
          return backends[name]
        }
      }
    }
    // Backends first, in order, so that a backend may use one declared before it.
    for service in services where service.kind == .backend {
      backends[service.name] = BackendService(
        settings(service, uses: uses(of: service)), in: environment, port: service.port)
    }
    let priorities = priorities
    var components: [StackElement] = []
    var parts: [StackSplit.Part] = []
    for service in services {
      let before = components.count
      defer {
        parts.append(
          StackSplit.Part(
            service.name, description: "infragen application \(name): the \(service.kind) service \(service.name)",
            seeds: components[before...].compactMap {
              if case .resource(let resource) = $0 { return resource.logicalID }
              return nil
            }))
      }
      if service.name == "environment" {
        components.append(
          .problem("a service cannot be named 'environment': per-service stacks write environment.json"))
      }
      switch service.kind {
      case .web:
        var conditions: [ListenerRule.Condition] = []
        if !service.isDefaultRoute {
          if !service.paths.isEmpty { conditions.append(.path(service.paths)) }
          if !service.hosts.isEmpty { conditions.append(.host(service.hosts)) }
        }
        components +=
          WebService(
            settings(service, uses: uses(of: service)), in: environment, port: service.port, conditions: conditions,
            priority: priorities[service.name] ?? 0, healthCheckPath: service.settings.healthCheckPath
          ).body
      case .backend:
        if let backend = backends[service.name] { components += backend.body }
      case .worker:
        var serviceUses = uses(of: service)
        let queueIndex = serviceUses.firstIndex { $0 is JobQueue }
        let queue = queueIndex.map { serviceUses.remove(at: $0) } as? JobQueue
        if let queue {
          components += WorkerService(settings(service, uses: serviceUses), in: environment, consuming: queue).body
        } else {
          components.append(
            .problem("the worker service '\(service.name)' consumes no queue; list one in its uses (queues.<name>)"))
        }
      case .scheduled:
        components +=
          ScheduledJob(
            settings(service, uses: uses(of: service)), in: environment, schedule: service.schedule
          ).body
      }
    }
    if !services.contains(where: \.isDefaultRoute) {
      components.append(
        .problem(
          "no web service takes the load balancer's default route; give one web service path \"/*\" (or no path and no host)"
        ))
    }
    let names = services.map(\.name).joined(separator: ", ")
    // Backends deploy first: the services that use them import their groups.
    let ordered = parts.enumerated().sorted {
      let backend = (services[$0.offset].kind == .backend, services[$1.offset].kind == .backend)
      return backend.0 != backend.1 ? backend.0 : $0.offset < $1.offset
    }.map(\.element)
    var shared: [StackElement] = environment.body + (database?.body ?? []) + (cache?.body ?? []) + (search?.body ?? [])
    for queue in queues { shared += queue.body }
    let environmentPart = StackSplit.Part(
      "environment",
      description: "infragen application \(name): the environment (network, load balancer, cluster, stores)",
      seeds: shared.compactMap {
        if case .resource(let resource) = $0 { return resource.logicalID }
        return nil
      })
    let split = StackSplit(scope: name, parts: [environmentPart] + ordered)
    let stack = Stack(
      description: "infragen application: \(names) on ECS Fargate behind one ALB", tags: options.tags,
      exactFlows: true
    ) {
      environment
      if let database { database.body }
      if let cache { cache }
      if let search { search }
      for queue in queues { queue }
      components
      Output(
        "LoadBalancerDnsName", description: "The load balancer's DNS name",
        value: TemplateString(environment.loadBalancer.dnsName))
    }
    return (stack, split)
  }
}
