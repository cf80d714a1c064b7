import InfragenCore

extension Validator {
  /// The best-practice rules: encryption, deletion protection, secrets, least privilege and
  /// logging, as checkov, cfn_nag and cdk-nag check them. Their findings are warnings; `--strict`
  /// makes them fail a run.
  public static let bestPracticeRules: [any ValidationRule.Type] = [
    DatabaseStorageIsEncrypted.self,
    DatabaseIsProtected.self,
    DatabaseIsMultiAZ.self,
    CacheIsEncrypted.self,
    SearchDomainIsEncrypted.self,
    ListenersUseHTTPS.self,
    LoadBalancerDropsInvalidHeaders.self,
    SecretsComeFromValueFrom.self,
    NoSecretLiterals.self,
    IAMDoesNotGrantSecretsOrKMSOnEverything.self,
    LogGroupsHaveRetention.self,
    AlarmsHaveActions.self,
    TopicsAreEncrypted.self,
    LogGroupsAreEncrypted.self,
    SecretsUseCustomerManagedKeys.self,
    LoadBalancerHasAccessLogs.self,
    DatabaseHasEnhancedMonitoring.self,
    DatabaseUsesIAMAuthentication.self,
    SearchDomainPublishesLogs.self,
    VPCHasFlowLogs.self,
  ]
}

/// How a setting falls short, over the branches of the `Fn::If`s on its way.
struct Lapse: Equatable {
  /// The offending value; `nil` when the setting is absent (`AWS::NoValue` counts as absent).
  var value: TemplateValue?
  /// Whether other branches are fine, so that only some conditions lapse.
  var conditional: Bool

  /// `has no StorageEncrypted` or `sets StorageEncrypted to false`, with the branch noted.
  func phrase(_ name: String) -> String {
    let what = value.map { "sets \(name) to \(Setting.describe($0))" } ?? "has no \(name)"
    return conditional ? "\(what) in one branch of an Fn::If" : what
  }
}

/// Reading settings for the best-practice rules: every branch of each `Fn::If` counts, an
/// `AWS::NoValue` branch means the setting is absent, and an intrinsic value is unknown, never wrong.
enum Setting {
  /// At most this many branches are followed, so a hostile template cannot blow up.
  static let limit = 64

  /// The forms a value takes over both branches of each `Fn::If` on top of it; `nil` stands for
  /// absent.
  static func branches(_ value: TemplateValue?) -> [TemplateValue?] {
    var result: [TemplateValue?] = []
    func visit(_ value: TemplateValue?) {
      guard result.count < limit else { return }
      switch value {
      case .intrinsic(.if(_, let whenTrue, let whenFalse))?:
        visit(whenTrue)
        visit(whenFalse)
      case let present? where Values.isNoValue(present):
        result.append(nil)
      default:
        result.append(value)
      }
    }
    visit(value)
    return result
  }

  /// The forms of the value at `path` under `root`, following both branches of every `Fn::If`
  /// on the way; `nil` where the path ends early.
  static func values(_ root: TemplateValue?, at path: [String]) -> [TemplateValue?] {
    var current = branches(root)
    for key in path {
      var next: [TemplateValue?] = []
      for value in current where next.count < limit {
        next += branches(value?[key])
      }
      current = Array(next.prefix(limit))
    }
    return current
  }

  /// The forms of a resource property at `path` (keys under `Properties`).
  static func values(_ resource: Template.Resource, _ path: [String]) -> [TemplateValue?] {
    values(resource.properties.map(TemplateValue.object), at: path)
  }

  /// The lapse among `values`: `verdict` says `true` (fine), `false` (falls short) or `nil`
  /// (cannot be known, such as a `Ref` to a parameter, which counts as fine).
  static func judge(_ values: [TemplateValue?], _ verdict: (TemplateValue?) -> Bool?) -> Lapse? {
    var lapse: Lapse?
    var fine = false
    for value in values {
      if verdict(value) == false {
        if lapse == nil { lapse = Lapse(value: value, conditional: false) }
      } else {
        fine = true
      }
    }
    lapse?.conditional = fine
    return lapse
  }

  /// A boolean that must be true: absent is false, `true`/`"true"` (any case) is fine, an
  /// intrinsic is unknown.
  static func isTrue(_ value: TemplateValue?) -> Bool? {
    guard let value else { return false }
    return Values.boolean(value)
  }

  /// The lapse of a resource's boolean property that must be true.
  static func mustBeTrue(_ resource: Template.Resource, _ path: [String]) -> Lapse? {
    judge(values(resource, path), isTrue)
  }

  /// The lapse of a resource property that must be set (to anything) in every branch.
  static func mustBePresent(_ resource: Template.Resource, _ path: [String]) -> Lapse? {
    judge(values(resource, path)) { $0 != nil }
  }

  /// Where a lapse is: the property when it has a value, or the deepest mapping that should hold
  /// it when it is absent (`Properties` itself at the least).
  static func location(_ resource: Template.Resource, _ path: [String], _ lapse: Lapse) -> [PathComponent] {
    var result: [PathComponent] = [.key("Properties")]
    if lapse.value != nil { return result + path.map(PathComponent.key) }
    var current: TemplateValue? = resource.properties.map(TemplateValue.object)
    for key in path {
      guard let next = current?[key] else { break }
      result.append(.key(key))
      current = next
    }
    return result
  }

  /// A literal as a message shows it: `false`, `0`, `'HTTP'`.
  static func describe(_ value: TemplateValue) -> String {
    switch value {
    case .boolean(let flag): return "\(flag)"
    case .integer(let number): return "\(number)"
    default: return Values.describe(value)
    }
  }

  /// A plain string, or `nil` for anything else.
  static func text(_ value: TemplateValue?) -> String? { value?.stringValue }

  /// Whether a resource sets `key` at all, in any branch.
  static func isPresent(_ resource: Template.Resource, _ key: String) -> Bool {
    values(resource, [key]).contains { $0 != nil }
  }

  /// The values of the attribute `key` in a load balancer's `LoadBalancerAttributes` (a list of
  /// `{Key, Value}`), over every branch, with the index of its entry; `nil` where a branch lacks it.
  static func attribute(_ resource: Template.Resource, _ key: String) -> [(index: Int?, value: TemplateValue?)] {
    var result: [(Int?, TemplateValue?)] = []
    for list in branches(resource[property: "LoadBalancerAttributes"]) {
      var found = false
      for (index, entry) in Values.elements(list) {
        for name in branches(entry["Key"]) where text(name) == key {
          found = true
          result += branches(entry["Value"]).map { (index, $0) }
        }
      }
      if !found { result.append((nil, nil)) }
    }
    return result
  }

  /// A load balancer attribute that must be `"true"`: the lapse and where it is (the entry's
  /// `Value`, or `LoadBalancerAttributes` or `Properties` when the attribute is missing).
  static func attributeMustBeTrue(_ resource: Template.Resource, _ key: String) -> (Lapse, [PathComponent])? {
    let entries = attribute(resource, key)
    guard let lapse = judge(entries.map(\.value), isTrue) else { return nil }
    let base: [PathComponent] = [.key("Properties")]
    if lapse.value != nil, let index = entries.first(where: { isTrue($0.value) == false })?.index {
      return (lapse, base + [.key("LoadBalancerAttributes"), .index(index), .key("Value")])
    }
    return (lapse, resource[property: "LoadBalancerAttributes"] == nil ? base : base + [.key("LoadBalancerAttributes")])
  }

  /// The types a load balancer has over the branches of its `Type`; absent is `application`.
  /// Intrinsics are left out.
  static func loadBalancerTypes(_ resource: Template.Resource) -> Set<String> {
    Set(values(resource, ["Type"]).compactMap { $0 == nil ? "application" : text($0)?.lowercased() })
  }
}

/// What RDS resource a template entry is, for the database rules.
enum DatabaseKind {
  /// An `AWS::RDS::DBInstance` on its own.
  case instance
  /// An `AWS::RDS::DBInstance` in a cluster (`DBClusterIdentifier`), whose storage, backups and
  /// deletion protection the cluster decides.
  case clusterMember
  /// An `AWS::RDS::DBCluster`.
  case cluster

  /// The kind of `resource`, or `nil` when it is not an RDS instance or cluster.
  init?(_ resource: Template.Resource) {
    switch resource.type {
    case "AWS::RDS::DBInstance":
      self = Setting.isPresent(resource, "DBClusterIdentifier") ? .clusterMember : .instance
    case "AWS::RDS::DBCluster":
      self = .cluster
    default:
      return nil
    }
  }

  /// `database` or `database cluster`, for messages.
  var noun: String { self == .cluster ? "database cluster" : "database" }
}
