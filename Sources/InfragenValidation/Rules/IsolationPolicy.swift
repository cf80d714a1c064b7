import InfragenCore

/// The isolation policy, derived from the template's own wiring: who may reach each role's
/// groups, and on which ports. Shared by the rules that check ingress into a role.
struct IsolationPolicy {
  let topology: Topology

  /// The groups of internet-facing load balancers.
  var loadBalancerGroups: Set<LogicalID> { topology.groups(of: .loadBalancer) }
  /// The groups of services.
  var serviceGroups: Set<LogicalID> { topology.groups(of: .service) }

  /// `'A', 'B'`.
  static func list(_ ids: Set<LogicalID>) -> String {
    ids.sorted().map { "'\($0)'" }.joined(separator: ", ")
  }

  /// `tcp 3306`, or `tcp on the port of parameter 'DbPort'` when the port is a parameter.
  static func port(of attachment: Topology.Attachment) -> String {
    if attachment.ports.isEmpty, let parameter = attachment.portParameter {
      return "tcp on the port of parameter '\(parameter)' (FromPort and ToPort as Ref '\(parameter)')"
    }
    return attachment.ports.isEmpty ? "its port, which cannot be resolved statically" : "tcp \(ports(attachment.ports))"
  }

  /// `3000` or `80, 443`.
  static func ports(_ ports: Set<Int>) -> String {
    ports.isEmpty ? "no port" : ports.sorted().map(String.init).joined(separator: ", ")
  }

  /// Checks every ingress rule into the groups of `role`'s resources: each must come from one of
  /// `allowed` on the resource's own ports, over TCP. Internet sources are reported too; sources
  /// that cannot be resolved are left to ``SourcesAreResolvable``.
  func checkIngress<Rule: ValidationRule>(
    into role: Topology.Role, from allowed: Set<LogicalID>, allowedName: String, rule: Rule
  ) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for attachment in topology.attachments(role) {
      for case .group(let group) in attachment.groups {
        for ingress in topology.ingress(into: group) {
          switch ingress.peer {
          case .unresolved, .prefixList: continue
          case .group(let peer) where allowed.contains(peer) && ingress.isTCP(within: attachment.ports):
            continue
          case .group(let peer)
          where allowed.contains(peer) && ingress.ipProtocol == .tcp && attachment.portParameter != nil
            && ingress.portParameter == attachment.portParameter:
            continue
          default:
            findings.append(
              rule.finding(
                ingress.location,
                "ingress from \(ingress.peer) on \(ingress.portDescription) into '\(group)', the group of \(role.rawValue) '\(attachment.resource)'; only \(allowedName) \(Self.list(allowed)) may reach it, on \(Self.port(of: attachment))"
              ))
          }
        }
      }
    }
    return findings
  }
}
