import InfragenCore
import InfragenModel

/// One setting of `infragen.yaml`: where it is, what it takes, its default and what it does.
///
/// ``Settings/table`` is the one spelling of every setting: the decoder's known keys, ranges and
/// did-you-mean, the starter file `infragen init` writes, the README's table and the JSON Schema
/// (`Templates/infragen.schema.json`) all come from it.
public struct Setting: Sendable {
  /// What a setting takes.
  public enum Value: Sendable {
    /// A mapping of the settings below it; `orNone` when `none` may stand for the whole section.
    case section(orNone: Bool)
    /// A mapping from names the file chooses (`*` in the path) to the settings below it.
    case named(what: String)
    /// A whole number in a range.
    case integer(ClosedRange<Int>)
    /// `true` or `false`.
    case boolean
    /// One of these words.
    case choice([String])
    /// Text of a form; numbers are read as written (`7.1`, `8.4.7`).
    case text(String)
    /// A text or a list of texts, each of a form.
    case texts(String)
    /// A list of texts, each of a form.
    case list(String)
    /// A mapping from names to texts.
    case variables(String)
  }

  /// The key path, such as `service.cpu`; `*` stands for a name the file chooses.
  public var path: String
  /// What it takes.
  public var value: Value
  /// Its default as YAML would write it; `nil` when it has none (it is absent unless given).
  public var defaultValue: String?
  /// One line on what it does.
  public var summary: String
  /// Whether the starter file sets it (to its default): not for what only `services:` files use.
  public var inStarter: Bool
  /// A value the starter file shows in a comment, for a setting with no default.
  public var example: String?

  /// A setting.
  public init(
    _ path: String, _ value: Value, default defaultValue: String? = nil, inStarter: Bool = true,
    example: String? = nil, _ summary: String
  ) {
    self.example = example
    self.path = path
    self.value = value
    self.defaultValue = defaultValue
    self.inStarter = inStarter
    self.summary = summary
  }

  /// The path's keys.
  public var keys: [Substring] { path.split(separator: ".") }

  /// The last key.
  public var key: String { keys.last.map(String.init) ?? path }

  /// What it allows, in words, for the README.
  public var allowed: String {
    switch value {
    case .section(let orNone): return orNone ? "a mapping, or `none`" : "a mapping"
    case .named(let what): return "a mapping from \(what) names"
    case .integer(let range): return "\(range.lowerBound) to \(range.upperBound)"
    case .boolean: return "`true`, `false`"
    case .choice(let words): return words.map { "`\($0)`" }.joined(separator: ", ")
    case .text(let form): return form
    case .texts(let form): return "\(form), or a list of them"
    case .list(let form): return "a list: \(form)"
    case .variables(let form): return "a mapping: \(form)"
    }
  }
}

/// The settings of `infragen.yaml`, in the order the starter file and the README give them.
public enum Settings {
  /// What every service has, under `service` and `services.<name>`.
  static func serviceSettings(_ prefix: String, name: Bool) -> [Setting] {
    (name
      ? [
        Setting(
          "\(prefix).name", .text(Pattern.serviceName.description), default: "app",
          "The service's name, in logical IDs and descriptions")
      ] : [])
      + [
        Setting(
          "\(prefix).port", .integer(1...65535), default: "3000",
          "The container port the load balancer or its users connect to"),
        Setting(
          "\(prefix).cpu", .integer(256...16384), default: "512",
          "Fargate CPU units: 256, 512, 1024, 2048, 4096, 8192 or 16384"),
        Setting(
          "\(prefix).memory", .integer(512...122880), default: "1024", "MiB; a size Fargate allows with that cpu"),
        Setting("\(prefix).count", .section(orNone: false), "How many tasks run"),
        Setting("\(prefix).count.desired", .integer(0...1000), default: "2", "Tasks at deployment"),
        Setting("\(prefix).count.min", .integer(0...1000), default: "2", "Auto scaling keeps at least this many tasks"),
        Setting("\(prefix).count.max", .integer(1...1000), default: "10", "Auto scaling runs at most this many tasks"),
        Setting("\(prefix).scaling", .section(orNone: false), "The averages auto scaling holds"),
        Setting("\(prefix).scaling.cpu", .integer(1...100), default: "60", "Average CPU %"),
        Setting("\(prefix).scaling.memory", .integer(1...100), default: "70", "Average memory %"),
        Setting(
          "\(prefix).healthCheckPath", .text(Pattern.healthCheckPath.description), default: "/health",
          "The path the target group checks"),
        Setting(
          "\(prefix).environment", .variables("names of capital letters, digits and _ to texts"),
          default: "{NODE_ENV: production}", "Plain variables; secrets go under secrets"),
        Setting(
          "\(prefix).secrets", .list(Pattern.variableName.description), default: "[SESSION_SECRET]",
          "Generated in Secrets Manager, injected at start"),
      ]
  }

  /// The sections an environment may override, and the base settings' sections.
  static let sectionSettings: [Setting] =
    [
      Setting(
        "service", .section(orNone: false), "One service: the reference stack (read as one web service beside services)"
      )
    ]
    + serviceSettings("service", name: true)
    + [
      Setting("services", .named(what: "service"), "Several services, each with a kind"),
      Setting(
        "services.*.kind", .choice(Application.Kind.allCases.map(\.rawValue)),
        "What the service is: behind the load balancer, reached by its users, on a queue, or on a schedule"),
      Setting("services.*.port", .integer(1...65535), default: "3000", "web and backend: the container port"),
      Setting(
        "services.*.path", .texts(Pattern.routePath.description),
        "web: the paths its listener rule matches; /* is the default route"),
      Setting("services.*.host", .texts(Pattern.hostName.description), "web: the hosts its listener rule matches"),
      Setting(
        "services.*.priority", .integer(1...50000),
        "web: its rule's priority; derived 10, 20, ... in file order when absent"),
      Setting("services.*.schedule", .text(Pattern.schedule.description), "scheduled: when it runs"),
      Setting(
        "services.*.uses", .texts("database, cache, search, queues.<name> or a backend service"),
        "What it reaches: the rules on both sides, grants, environment and flows"),
    ]
    + serviceSettings("services.*", name: false).filter { $0.path != "services.*.port" }
    + [
      Setting(
        "stacks", .choice(["single", "per-service"]), default: "single", inStarter: false,
        "One stack, or an environment stack and one per service (render --output-dir)"),
      Setting("network", .section(orNone: false), "The VPC"),
      Setting("network.vpcCidr", .text("an IPv4 block from /16 to /28"), default: "10.0.0.0/16", "The VPC's block"),
      Setting(
        "network.availabilityZones", .integer(2...3), default: "2", "Zones, each with a public and a private subnet"),
      Setting(
        "network.natGateways", .choice(["per-az", "single"]), default: "per-az",
        "One NAT gateway per zone (highly available) or one (cheaper)"),
      Setting(
        "network.publicSubnets", .list("IPv4 blocks inside vpcCidr, one per zone"),
        example: "[10.0.0.0/20, 10.0.16.0/20]", "Carved from vpcCidr when absent"),
      Setting(
        "network.privateSubnets", .list("IPv4 blocks inside vpcCidr, one per zone"),
        example: "[10.0.128.0/20, 10.0.144.0/20]", "Carved from vpcCidr when absent"),
      Setting("loadBalancer", .section(orNone: false), "The internet-facing ALB"),
      Setting("loadBalancer.deletionProtection", .boolean, default: "true", "Whether it can be deleted"),
      Setting("database", .section(orNone: true), "RDS or Aurora; none for no database"),
      Setting(
        "database.engine", .choice(DatabaseEngine.allCases.map(\.rawValue) + ["none"]), default: "mysql",
        inStarter: false, "The engine"),
      Setting(
        "database.engineVersion", .text(Pattern.engineVersion.description), default: "8.4.7", "The engine's version"),
      Setting(
        "database.instanceClass", .text("an instance class such as db.t4g.medium"), default: "db.t4g.medium",
        "The instance class"),
      Setting("database.storage", .integer(20...65536), default: "50", "GiB"),
      Setting("database.maxStorage", .integer(20...65536), default: "200", "GiB, storage autoscaling's ceiling"),
      Setting("database.backupDays", .integer(1...35), default: "7", "Days of automated backups"),
      Setting("database.multiAz", .boolean, default: "true", "A standby in another zone"),
      Setting("database.instances", .integer(1...16), default: "2", inStarter: false, "Aurora: the writer and readers"),
      Setting("cache", .section(orNone: true), "ElastiCache for Redis; none for no cache"),
      Setting("cache.engine", .choice(["redis", "none"]), default: "redis", inStarter: false, "The engine"),
      Setting("cache.engineVersion", .text(Pattern.version.description), default: "'7.1'", "Redis's version"),
      Setting(
        "cache.nodeType", .text("an instance class such as cache.t4g.medium"), default: "cache.t4g.medium",
        "The node type"),
      Setting("cache.replicas", .integer(1...5), default: "1", "Replicas beside the primary"),
      Setting(
        "cache.nodes", .integer(1...6), inStarter: false, "Nodes in all: 1 is a single node, more a replication group"),
      Setting("search", .section(orNone: true), "OpenSearch Service inside the VPC; none for no search"),
      Setting(
        "search.engineVersion", .text(Pattern.searchVersion.description), default: "OpenSearch_2.13",
        "The engine's version"),
      Setting(
        "search.instanceType", .text(Pattern.searchInstanceType.description), default: "m6g.large.search",
        "The data nodes' type"),
      Setting("search.instanceCount", .integer(1...80), default: "2", "Data nodes; a multiple of availabilityZones"),
      Setting("search.volumeSize", .integer(10...16384), default: "20", "GiB per node"),
      Setting("queues", .named(what: "queue"), "SQS queues, each with a dead-letter queue"),
      Setting("queues.*.deadLetter", .boolean, default: "true", "Always true: a failing message is kept"),
      Setting("queues.*.visibilityTimeout", .integer(0...43200), default: "30", "Seconds a received message is hidden"),
      Setting(
        "domain", .section(orNone: false),
        "A name for the load balancer: an ACM certificate validated by DNS and an alias record"),
      Setting("domain.name", .text(Pattern.hostName.description), "The domain name"),
      Setting("domain.hostedZoneId", .text(Pattern.hostedZoneID.description), "Its Route 53 hosted zone"),
      Setting("logs", .section(orNone: false), "CloudWatch Logs"),
      Setting(
        "logs.retentionDays", .choice(LogGroup.retentionDays.map(String.init)), default: "30", "Days logs are kept"),
      Setting("alarms", .section(orNone: false), "Alarm thresholds"),
      Setting("alarms.serviceCpu", .integer(1...100), default: "80", "Service CPU %"),
      Setting("alarms.serviceMemory", .integer(1...100), default: "80", "Service memory %"),
      Setting("alarms.loadBalancer5xx", .integer(1...1_000_000), default: "10", "5xx responses per 5 minutes"),
      Setting("alarms.databaseCpu", .integer(1...100), default: "80", "Database CPU %"),
      Setting("alarms.databaseFreeStorageGiB", .integer(1...65536), default: "5", "Free database storage, GiB"),
      Setting("alarms.cacheCpu", .integer(1...100), default: "80", "Cache CPU %"),
      Setting("alarms.cacheMemory", .integer(1...100), default: "80", "Cache memory %"),
      Setting("slack", .boolean, default: "true", "Alarms to Slack through AWS Chatbot"),
      Setting(
        "tags", .variables("keys of 1 to 128 characters, not aws:, to texts"), default: "{}",
        "Added to every resource that takes tags"),
    ]

  /// Every setting, `environments` last.
  public static let table: [Setting] =
    sectionSettings + [
      Setting("environments", .named(what: "environment"), "Overrides of any setting above, chosen with --env NAME")
    ]

  /// The keys directly under `path` (`""` for the top level, `services.*` for a service), in
  /// table order.
  public static func keys(under path: String) -> [String] {
    let depth = path.isEmpty ? 0 : path.split(separator: ".").count
    return table.filter { setting in
      let keys = setting.keys
      return keys.count == depth + 1 && keys.dropLast().joined(separator: ".") == path
    }.map(\.key)
  }

  /// The setting at `path`.
  public static func setting(_ path: String) -> Setting? { table.first { $0.path == path } }

  /// The range of the integer setting at `path` (a setting of `service` also answers for
  /// `services.*`).
  static func range(_ path: String) -> ClosedRange<Int> {
    if case .integer(let range)? = setting(path)?.value { return range }
    preconditionFailure("no integer setting \(path) in Settings.table")
  }
}
