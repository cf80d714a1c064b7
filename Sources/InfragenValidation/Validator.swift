import InfragenCore

/// Runs rules over a template and reports every finding at once, sorted, with source positions
/// and waivers applied.
public struct Validator: Sendable {
  /// The isolation rules: what ARCHITECTURE.md section 2 promises.
  public static let isolationRules: [any ValidationRule.Type] = [
    LogicalIDsAreValid.self,
    LogicalIDsAreUnique.self,
    ReferencesResolve.self,
    PublicIngressOnlyOnLoadBalancer.self,
    ServiceIngressOnlyFromLoadBalancer.self,
    DatabaseIngressOnlyFromService.self,
    CacheIngressOnlyFromService.self,
    SearchIngressOnlyFromService.self,
    FlowsAreAllowed.self,
    WorkloadsCarryTheirOwnGroups.self,
    FlowIsDeclaredButBlocked.self,
    DeclaredFlowsAreWellFormed.self,
    SourcesAreResolvable.self,
    DataStoresArePrivate.self,
    TasksArePrivate.self,
    TransformsAreExpanded.self,
  ]

  /// Every rule there is.
  public static let allRules: [any ValidationRule.Type] = isolationRules + bestPracticeRules + waiverRules

  /// The rules about waivers themselves, which run whatever rules are chosen.
  public static let waiverRules: [any ValidationRule.Type] = [WaiversHaveReasons.self, WaiversNameKnownRules.self]

  /// From this many resources on, a template's rules run in parallel: below it, starting
  /// threads costs more than it saves.
  static let parallelRulesThreshold = 200

  /// The rules this validator runs.
  public let rules: [any ValidationRule.Type]
  /// From how many resources on this validator runs a template's rules in parallel.
  var parallelFrom = Validator.parallelRulesThreshold

  /// The rule sets `--rules` chooses from.
  public enum RuleSet: String, CaseIterable, Sendable {
    /// The isolation rules.
    case isolation
    /// The isolation and best-practice rules.
    case all

    /// The rules of the set.
    public var rules: [any ValidationRule.Type] {
      switch self {
      case .isolation: return Validator.isolationRules
      case .all: return Validator.isolationRules + Validator.bestPracticeRules
      }
    }
  }

  /// A validator running `rules`.
  public init(rules: [any ValidationRule.Type] = Validator.isolationRules) { self.rules = rules }

  /// A validator running a rule set.
  public init(_ set: RuleSet) { self.rules = set.rules }

  /// Every finding on `template`: positioned, waived where its resource's metadata says so,
  /// sorted by location, rule and message.
  public func validate(_ template: Template, policy: FlowPolicy = FlowPolicy()) -> [Diagnostic] {
    validate(ValidationContext(template: template, policy: policy), original: nil)
  }

  /// Every finding on a template whose context is already made (its topology computed once).
  public func validate(_ context: ValidationContext) -> [Diagnostic] { validate(context, original: nil) }

  /// Every finding on each of several templates, in their order. A template is judged beside
  /// the templates it is linked to by imports and exports: imports resolve to their exports,
  /// and flows cross stacks. Templates not linked are validated alone. The templates are
  /// validated on every core; each template's findings are its own.
  ///
  /// A flow of `policy` whose `to` is a resource of some template is judged in that template's
  /// network (the templates linked to it, directly or through others) only; any other flow (a
  /// `to` that names nothing, so that it is reported) in all.
  /// - Parameter progress: Told, on the calling thread, how many templates are done.
  public func validate(
    stacks templates: [Template], policy: FlowPolicy = FlowPolicy(), progress: ((_ done: Int) -> Void)? = nil
  ) -> [[Diagnostic]] {
    guard templates.count > 1 else { return templates.map { validate($0, policy: policy) } }
    let set = StackSet(templates: templates)
    let networks = set.networks
    var policies = [FlowPolicy](repeating: policy, count: templates.count)
    if !policy.flows.isEmpty {
      let names = networks.map { network in
        Set(network.flatMap { templates[$0].resources.map(\.logicalID.rawValue) })
      }
      let everywhere = names.reduce(into: Set<String>()) { $0.formUnion($1) }
      for (network, names) in zip(networks, names) {
        var own = policy
        own.flows = policy.flows.filter { names.contains($0.to) || !everywhere.contains($0.to) }
        for index in network { policies[index] = own }
      }
    }
    return Parallel.map(templates.count, batch: 16, progress: progress) { [policies] index in
      guard !set.neighbors[index].isEmpty else {
        return validate(
          ValidationContext(template: templates[index], policy: policies[index], origins: [:], together: true))
      }
      let view = set.view(index)
      return validate(
        ValidationContext(template: view.template, policy: policies[index], origins: view.origins, together: true),
        original: templates[index])
    }
  }

  /// The findings of a context; with the `original` template of a view of several, only those
  /// on its own entries.
  func validate(_ context: ValidationContext, original: Template?) -> [Diagnostic] {
    let own = original.map { Set($0.resources.map(\.logicalID)) }
    let template = context.template
    var findings: [Diagnostic] = []
    var seen = Set<Diagnostic>()
    // A large template's rules run on every core; their findings are taken in rule order.
    let rules = self.rules
    let found: [[Diagnostic]]
    if template.resources.count >= parallelFrom {
      // The first task computes the topology; meanwhile the other cores take the rules that
      // read only the template, and the rules that read the topology come after them.
      let order =
        rules.indices.filter { !rules[$0].readsTopology } + rules.indices.filter { rules[$0].readsTopology }
      let done = Parallel.map(order.count + 1, batch: order.count + 1) { task -> [Diagnostic] in
        guard task > 0 else {
          _ = context.topology
          return []
        }
        return rules[order[task - 1]].init().check(context)
      }
      var byRule = [[Diagnostic]](repeating: [], count: rules.count)
      for (position, rule) in order.enumerated() { byRule[rule] = done[position + 1] }
      found = byRule
    } else {
      found = rules.map { $0.init().check(context) }
    }
    for ruleFindings in found {
      for finding in ruleFindings where seen.insert(finding).inserted {
        if let own, let original, let id = finding.location.logicalID {
          switch finding.location.section {
          case "Resources": if !own.contains(id) { continue }
          case "Parameters": if original.parameters[id.rawValue] == nil { continue }
          case "Conditions": if original.conditions[id.rawValue] == nil { continue }
          case "Mappings": if original.mappings[id.rawValue] == nil { continue }
          case "Outputs": if original.outputs[id.rawValue] == nil { continue }
          default: break
          }
        }
        findings.append(finding)
      }
    }
    let waivers = context.waivers
    findings = findings.map { finding in
      var finding = finding
      finding.suppression = waivers.reason(rule: finding.rule, resource: finding.location.logicalID)
      return finding
    }
    for rule in Self.waiverRules { findings += rule.init().check(context) }
    if let source = template.source {
      for index in findings.indices {
        findings[index].position = source.position(of: findings[index].location.documentPath)
      }
    }
    return Diagnostic.sorted(findings)
  }
}

/// The waivers in resources' metadata: `{"infragen": {"suppress": [{"rule": …, "reason": …}]}}`.
struct Waivers: Sendable {
  struct Waiver: Sendable {
    var rule: String?
    var reason: String?
    var path: [PathComponent]
  }

  var byResource: [LogicalID: [Waiver]] = [:]

  init(_ template: Template) {
    for resource in template.resources {
      guard let suppress = resource.metadata?["infragen"]?["suppress"] else { continue }
      let base: [PathComponent] = [.key("Metadata"), .key("infragen"), .key("suppress")]
      guard case .list(let entries) = suppress else {
        byResource[resource.logicalID, default: []].append(Waiver(rule: nil, reason: nil, path: base))
        continue
      }
      for (index, entry) in entries.enumerated() {
        let reason = entry["reason"]?.stringValue.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        byResource[resource.logicalID, default: []].append(
          Waiver(rule: entry["rule"]?.stringValue, reason: reason, path: base + [.index(index)]))
      }
    }
  }

  /// The reason a rule is waived on a resource, if a waiver with a reason says so.
  func reason(rule: String, resource: LogicalID?) -> String? {
    guard let resource else { return nil }
    return byResource[resource]?.first { $0.rule == rule && $0.reason != nil }?.reason
  }
}
