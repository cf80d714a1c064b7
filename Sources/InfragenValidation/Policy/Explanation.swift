import InfragenCore

/// Why a source can or cannot reach a workload, rule by rule, as `validate --explain` prints it.
public struct Explanation: Sendable {
  /// Whether any flow goes from the source to the target.
  public let reachable: Bool
  /// The explanation, one line each.
  public let lines: [String]

  /// What is wrong with the names given, when one names nothing of the template.
  public enum NameError: Error, Equatable {
    /// The target is not a workload.
    case unknownTarget(String, known: [String])
    /// The source is not `internet`, a CIDR, a workload or a group.
    case unknownSource(String, known: [String])
  }

  /// Explains the flows from `source` (`internet`, a CIDR, a workload or group) to `target` (a workload).
  public init(
    _ template: Template, policy given: FlowPolicy = FlowPolicy(), from source: String, to target: String
  ) throws(NameError) {
    let context = ValidationContext(template: template, policy: given)
    let topology = context.topology
    let check = context.flowCheck
    let names = topology.workloads.map(\.resource.rawValue)
    guard let workload = topology.workload(LogicalID(target)) else {
      throw .unknownTarget(target, known: names)
    }
    let sourceID = LogicalID(source)
    let isCIDR = source.contains("/")
    guard
      source == "internet" || isCIDR || topology.workload(sourceID) != nil || topology.members[sourceID] != nil
        || topology.groups.contains(sourceID)
    else { throw .unknownSource(source, known: ["internet"] + names) }
    var lines: [String] = []
    let flows = topology.flows.flows.filter { $0.target == workload.resource && check.sourceMatches(source, $0) }
    let blocked = topology.flows.blocked.filter {
      $0.flow.target == workload.resource && check.sourceMatches(source, $0.flow)
    }
    let subject = "'\(source)' -> \(topology.name(workload.resource))"
    if flows.isEmpty {
      lines.append("\(subject): not reachable")
    } else {
      let ports = flows.map(\.portDescription)
      var unique: [String] = []
      for port in ports where !unique.contains(port) { unique.append(port) }
      lines.append("\(subject): reachable on \(unique.joined(separator: ", "))")
    }
    if let own = topology.workload(sourceID) {
      let groups = own.groups.map(\.description).joined(separator: ", ")
      lines.append("  source: \(topology.name(own.resource)), carrying \(groups.isEmpty ? "no group" : groups)")
    }
    if source == "internet" {
      if workload.role == .loadBalancer {
        lines.append(
          "  path: \(workload.internetFacing ? "internet-facing: the internet reaches it" : "internal: the internet has no path to it")"
        )
      } else if let reason = workload.publicIPReason {
        lines.append("  path: \(reason)")
      } else {
        lines.append("  path: no public IP: the internet has no path to it, whatever its groups allow")
      }
    }
    lines.append(
      "  target: carries \(workload.groups.map(\.description).joined(separator: ", ")); ports \(check.describe(workload.ports, [.tcp]))"
    )
    for case .group(let group) in workload.groups {
      for (index, rule) in topology.rules.enumerated() where rule.direction == .ingress && rule.owner == .group(group) {
        let carried = flows.contains { $0.rule == index } || blocked.contains { $0.flow.rule == index }
        let mark = carried ? "admits it" : "does not admit it"
        lines.append("  ingress \(rule.location): from \(rule.peer) on \(rule.portDescription): \(mark)")
      }
    }
    for item in blocked { lines.append("  blocked (\(item.flow.portDescription)): \(item.reason)") }
    for (index, flow) in topology.flows.flows.enumerated() where flows.contains(flow) {
      if let why = check.allowances[index] {
        lines.append("  policy (\(flow.portDescription)): allowed: \(why)")
      } else if let denial = check.denials.first(where: { $0.flow == flow }) {
        lines.append("  policy (\(flow.portDescription)): not allowed: \(denial.reason)")
      } else {
        lines.append("  policy (\(flow.portDescription)): the source cannot be resolved statically")
      }
    }
    if flows.isEmpty && blocked.isEmpty {
      lines.append("  no ingress rule into the groups of '\(workload.resource)' admits '\(source)'")
    }
    self.reachable = !flows.isEmpty
    self.lines = lines
  }
}
