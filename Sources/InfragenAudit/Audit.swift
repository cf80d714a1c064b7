import InfragenCore
import InfragenValidation

/// `infragen audit`: the validator's findings on the live network of a snapshot, and with
/// templates to compare it to, the flows, workloads and attachments that drifted.
public struct Audit: Sendable {
  /// A finding, with the file it is about: a snapshot file (the live resource's) or a template.
  public struct Finding: Sendable {
    /// The snapshot file or template the finding points into.
    public var file: String
    /// The finding, positioned in that file when the position is known.
    public var diagnostic: Diagnostic
  }

  /// The rules of the comparison with templates (`--against`), for `--list-rules` and waivers.
  public static let driftRules: [(name: String, severity: Diagnostic.Severity, summary: String)] = [
    ("FlowIsNotInTemplate", .error, "A flow the account lets happen that no template opens: drift"),
    (
      "FlowIsNotLive", .warning,
      "A flow a template opens that the account does not: not deployed yet, or removed by hand"
    ),
    ("AttachmentIsNotInTemplate", .error, "A workload carries a group live that its template does not attach"),
    ("AttachmentIsNotLive", .warning, "A workload's template attaches a group that it does not carry live"),
    ("PublicIPIsNotInTemplate", .error, "A workload may get a public IP live that its template does not give it"),
    ("WorkloadIsNotInTemplate", .warning, "A live workload carries groups but is in no template"),
    ("WorkloadIsNotLive", .warning, "A template's workload is not in the account"),
    ("GroupIsNotLive", .warning, "A template's security group is not in the account"),
  ]

  /// The live network, as read from the snapshot.
  public let live: LiveNetwork
  /// What the live network means for the network: its workloads, rules and flows.
  public let topology: Topology
  /// Every finding, the validator's and the comparison's, sorted by file and place.
  public let findings: [Finding]

  /// Audits a snapshot: the `rules` over its live network, judged by `policy` (and what the live
  /// wiring derives), then, with `templates`, the comparison with them.
  /// - Parameters:
  ///   - positions: Where each item of each snapshot file is, by file path and index.
  ///   - templates: The templates to compare the account with, with their file names.
  public init(
    _ snapshot: Snapshot, rules: Validator.RuleSet = .isolation, policy: FlowPolicy = FlowPolicy(),
    against templates: [(file: String, template: Template)] = []
  ) {
    let views = Topology.views(of: templates.map(\.template))
    var known: [KnownWorkload] = []
    for (topology, own) in views {
      for workload in topology.workloads where own.contains(workload.resource) {
        known.append(
          KnownWorkload(role: workload.role, groups: Set(Drift.groupIDs(workload)), id: workload.resource))
      }
    }
    let live = LiveNetwork(snapshot, matching: known)
    self.live = live
    var findings: [Finding] = []
    // One topology of the live network, for the rules, the comparison and the summary.
    let context = ValidationContext(template: live.template, policy: policy)
    self.topology = context.topology
    for diagnostic in Validator(rules).validate(context) {
      findings.append(Self.placed(diagnostic, live: live, snapshot: snapshot))
    }
    if !templates.isEmpty {
      let drift = Drift(live: live, topology: context.topology, views: views)
      findings += drift.live.map { Self.placed($0, live: live, snapshot: snapshot, named: false) }
      findings += drift.template.map { Self.placed($0, in: templates, snapshot: snapshot) }
    }
    self.findings = findings.sorted { lhs, rhs in
      if lhs.file != rhs.file { return lhs.file < rhs.file }
      let left = lhs.diagnostic.position.map { ($0.line, $0.column) } ?? (0, 0)
      let right = rhs.diagnostic.position.map { ($0.line, $0.column) } ?? (0, 0)
      if left != right { return left < right }
      if lhs.diagnostic.location != rhs.diagnostic.location { return lhs.diagnostic.location < rhs.diagnostic.location }
      if lhs.diagnostic.rule != rhs.diagnostic.rule { return lhs.diagnostic.rule < rhs.diagnostic.rule }
      return lhs.diagnostic.message < rhs.diagnostic.message
    }
  }

  /// A finding on a live resource, placed in its snapshot file and, unless the message names
  /// them already, with its live ID and stack.
  static func placed(_ diagnostic: Diagnostic, live: LiveNetwork, snapshot: Snapshot, named: Bool = true) -> Finding {
    var diagnostic = diagnostic
    guard let id = diagnostic.location.logicalID, let origin = live.origins[id] else {
      return Finding(file: snapshot.directory, diagnostic: diagnostic)
    }
    if named { diagnostic.message += " (live: \(origin.kind) \(origin.description))" }
    diagnostic.position = snapshot.position(of: origin)
    return Finding(file: origin.file, diagnostic: diagnostic)
  }

  /// A finding on a template's resource, placed in the template.
  static func placed(
    _ diagnostic: Diagnostic, in templates: [(file: String, template: Template)], snapshot: Snapshot
  ) -> Finding {
    var diagnostic = diagnostic
    for (file, template) in templates {
      guard let id = diagnostic.location.logicalID, template.resource(id) != nil else { continue }
      diagnostic.position = template.source?.position(of: diagnostic.location.documentPath)
      return Finding(file: file, diagnostic: diagnostic)
    }
    return Finding(file: templates.first?.file ?? snapshot.directory, diagnostic: diagnostic)
  }
}

extension Snapshot {
  /// Where a live resource stands in its snapshot file, when the reader recorded it.
  func position(of origin: LiveOrigin) -> SourcePosition? {
    guard let file = files.first(where: { $0.path == origin.file }) else { return nil }
    return file.positions[origin.liveID]
      ?? file.positions[origin.liveID.split(separator: " ").first.map(String.init) ?? ""]
  }
}

/// The comparison of the live network with templates: flows, workloads, groups, attachments
/// and public IPs on one side only.
struct Drift {
  /// Findings on live resources: what the account has that the templates do not.
  var live: [Diagnostic] = []
  /// Findings on the templates' resources: what they have that the account does not.
  var template: [Diagnostic] = []

  init(live network: LiveNetwork, topology liveTopology: Topology, views: [(topology: Topology, own: Set<LogicalID>)]) {
    struct Key: Hashable {
      var source: String
      var target: LogicalID
      var ipProtocol: String
      var ports: ClosedRange<Int>
    }
    func key(_ flow: Flow) -> Key {
      let source: String
      switch flow.source {
      case .internet(let block): source = "internet \(block)"
      case .cidr(let block): source = "cidr \(block)"
      case .workload(let id): source = "workload \(id)"
      case .group(let id): source = "group \(id)"
      case .prefixList(let list): source = "prefix list \(list)"
      case .external(let what): source = "external \(what)"
      }
      return Key(source: source, target: flow.target, ipProtocol: flow.ipProtocol.description, ports: flow.ports)
    }
    // The templates' flows into their own workloads, and their workloads, groups and attachments.
    var expected: [Key: (flow: Flow, topology: Topology)] = [:]
    var expectedOrder: [Key] = []
    var templateWorkloads: [LogicalID: (workload: Topology.Workload, topology: Topology)] = [:]
    var templateWorkloadOrder: [LogicalID] = []
    var templateGroups: [LogicalID] = []
    for (topology, own) in views {
      for flow in topology.flows.flows where own.contains(flow.target) {
        let key = key(flow)
        if expected[key] == nil {
          expected[key] = (flow, topology)
          expectedOrder.append(key)
        }
      }
      for workload in topology.workloads
      where own.contains(workload.resource) && templateWorkloads[workload.resource] == nil {
        templateWorkloads[workload.resource] = (workload, topology)
        templateWorkloadOrder.append(workload.resource)
      }
      for group in topology.groups where own.contains(group) && !templateGroups.contains(group) {
        templateGroups.append(group)
      }
    }
    let actual = liveTopology.flows.flows
    let actualKeys = Set(actual.map(key))
    func named(_ id: LogicalID) -> String {
      network.origins[id].map { "'\(id)' (\($0.liveID))" } ?? "'\(id)'"
    }
    // Flows live that no template opens: drift.
    for flow in actual where expected[key(flow)] == nil {
      guard let target = liveTopology.workload(flow.target) else { continue }
      let rule = liveTopology.rules[flow.rule]
      let opener =
        network.origins[rule.location.logicalID ?? ""].map { "\($0.kind) \($0.liveID)" }
        ?? "'\(rule.location.logicalID?.rawValue ?? "?")'"
      live.append(
        Diagnostic(
          .error, rule: "FlowIsNotInTemplate", at: rule.location,
          "ingress from \(flow.source) on \(flow.portDescription) into \(named(flow.targetGroup)), the group of \(target.role.rawValue) \(named(target.resource)), is open live but in no template: \(opener) opens it"
        ))
    }
    // Flows the templates open that are not live.
    for key in expectedOrder where !actualKeys.contains(key) {
      guard let (flow, topology) = expected[key] else { continue }
      let rule = topology.rules[flow.rule]
      template.append(
        Diagnostic(
          .warning, rule: "FlowIsNotLive", at: rule.location,
          "the template's flow from \(flow.source) on \(flow.portDescription) into '\(flow.targetGroup)', the group of '\(flow.target)', is not open live (not deployed yet, or removed by hand): the live account has no rule that matches '\(rule.location.logicalID?.rawValue ?? "?")'"
        ))
    }
    // Workloads on one side only, and the attachments and public IPs of those on both.
    let liveWorkloads = Dictionary(
      liveTopology.workloads.map { ($0.resource, $0) }, uniquingKeysWith: { first, _ in first })
    for id in templateWorkloadOrder {
      guard let (workload, _) = templateWorkloads[id] else { continue }
      guard let counterpart = liveWorkloads[id] else {
        template.append(
          Diagnostic(
            .warning, rule: "WorkloadIsNotLive", at: .init(id),
            "the template's \(workload.role.rawValue) '\(id)' is not in the snapshot: no live \(workload.role.rawValue) carries its groups (\(Self.groups(workload)))"
          ))
        continue
      }
      let wanted = Set(Self.groupIDs(workload))
      let carried = Self.groupIDs(counterpart)
      for group in carried where !wanted.contains(group) {
        live.append(
          Diagnostic(
            .error, rule: "AttachmentIsNotInTemplate", at: .init(id),
            "\(counterpart.role.rawValue) \(named(id)) carries the group \(named(group)) live, which the template does not attach to it"
          ))
      }
      for group in Self.groupIDs(workload) where !carried.contains(group) {
        template.append(
          Diagnostic(
            .warning, rule: "AttachmentIsNotLive", at: .init(id),
            "the template attaches the group '\(group)' to '\(id)', which does not carry it live"))
      }
      if counterpart.publicIP && !workload.publicIP {
        live.append(
          Diagnostic(
            .error, rule: "PublicIPIsNotInTemplate", at: .init(id),
            "\(counterpart.role.rawValue) \(named(id)) may get a public IP live (\(network.origins[id]?.note ?? counterpart.publicIPReason ?? "live")), which its template does not give it"
          ))
      }
    }
    for workload in liveTopology.workloads where templateWorkloads[workload.resource] == nil {
      live.append(
        Diagnostic(
          .warning, rule: "WorkloadIsNotInTemplate", at: .init(workload.resource),
          "\(workload.role.rawValue) \(named(workload.resource)) carries \(Self.groups(workload)) live, and no template declares it"
        ))
    }
    let liveGroups = Set(liveTopology.groups)
    for group in templateGroups where !liveGroups.contains(group) {
      template.append(
        Diagnostic(
          .warning, rule: "GroupIsNotLive", at: .init(group),
          "the template's security group '\(group)' is not in the snapshot (no live group is tagged with it)"))
    }
  }

  static func groupIDs(_ workload: Topology.Workload) -> [LogicalID] {
    workload.groups.compactMap { peer in
      if case .group(let id) = peer { return id }
      return nil
    }
  }

  static func groups(_ workload: Topology.Workload) -> String {
    let names = groupIDs(workload).map { "'\($0)'" }
    return names.isEmpty ? "no group" : names.joined(separator: ", ")
  }
}
