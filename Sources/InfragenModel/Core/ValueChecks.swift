import InfragenCore

/// A resource that knows what CloudFormation would refuse about its values: a port outside 1 to
/// 65535, an empty subnet list, a retention period it does not accept. Lowering turns each
/// problem into an error, so such a stack cannot be emitted.
///
/// ``Resource/problems`` is a requirement of every resource, so lowering asks each one without
/// a dynamic cast (a cast to a protocol searches the binary's conformances the first time, which
/// cost a render a fifth of its time); this protocol marks the types that implement it.
public protocol ValueChecked: Resource {}

extension SecurityGroupRule {
  /// Ports 1 to 65535 for TCP and UDP, the first not above the last; ICMP types and codes -1 to 255.
  var problems: [String] {
    switch ipProtocol {
    case .tcp, .udp:
      guard (1...65535).contains(ports.from), (1...65535).contains(ports.to) else {
        return ["the rule '\(description)' has port \(ports), outside 1 to 65535"]
      }
      if ports.from > ports.to { return ["the rule '\(description)' has port range \(ports), first above last"] }
    case .icmp:
      guard (-1...255).contains(ports.from), (-1...255).contains(ports.to) else {
        return ["the ICMP rule '\(description)' has type or code \(ports), outside -1 to 255"]
      }
    }
    return []
  }
}

extension SecurityGroup: ValueChecked {
  /// Its rules' problems.
  public var problems: [String] {
    var result = ingress.flatMap(\.problems)
    if case .only(let rules) = egress { result += rules.flatMap(\.problems) }
    return result
  }
}

extension SecurityGroupIngress: ValueChecked {
  /// The rule's problems.
  public var problems: [String] { rule.problems }
}

extension SecurityGroupEgress: ValueChecked {
  /// The rule's problems.
  public var problems: [String] { rule.problems }
}

extension LogGroup: ValueChecked {
  /// A retention period CloudWatch Logs does not accept.
  public var problems: [String] {
    guard !Self.retentionDays.contains(retentionInDays) else { return [] }
    let allowed = Self.retentionDays.map(String.init).joined(separator: ", ")
    return ["RetentionInDays \(retentionInDays) is not one CloudWatch Logs accepts (\(allowed))"]
  }
}

/// The problem of an empty subnet list.
func subnetProblems(_ subnets: [Reference<Subnet>], _ property: String) -> [String] {
  subnets.isEmpty ? ["\(property) is empty: give at least one subnet (two, in two zones, for high availability)"] : []
}

extension FargateService: ValueChecked {
  /// No subnets.
  public var problems: [String] { subnetProblems(subnets, "NetworkConfiguration.AwsvpcConfiguration.Subnets") }
}

extension LoadBalancer: ValueChecked {
  /// No subnets.
  public var problems: [String] { subnetProblems(subnets, "Subnets") }
}

extension CacheSubnetGroup: ValueChecked {
  /// No subnets.
  public var problems: [String] { subnetProblems(subnets, "SubnetIds") }
}

extension DatabaseSubnetGroup: ValueChecked {
  /// No subnets.
  public var problems: [String] { subnetProblems(subnets, "SubnetIds") }
}

extension SearchDomain: ValueChecked {
  /// No subnets.
  public var problems: [String] { subnetProblems(subnets, "VPCOptions.SubnetIds") }
}

extension Overridden: ValueChecked {
  /// The base's problems, when it checks its values.
  public var problems: [String] { base.problems }
}
