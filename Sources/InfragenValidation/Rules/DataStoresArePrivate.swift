import InfragenCore

/// Databases, caches and search domains cannot be reached from outside the VPC.
///
/// Lint: a database with `PubliclyAccessible: true`, a store whose subnet group holds a public
/// subnet (one that maps public IPs, or routes to an internet gateway), and a search domain
/// without `VPCOptions` (a public endpoint) or in a public subnet, are errors.
public struct DataStoresArePrivate: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Data stores are not publicly accessible and sit in private subnets (checkov CKV_AWS_17; cfn_nag F22; no peer checks subnet placement)"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// Checks each store's placement.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    let topology = context.topology
    var findings: [Diagnostic] = []
    for attachment in topology.workloads where [.database, .cache, .search].contains(attachment.role) {
      let resource = context.template.resource(attachment.resource)
      let name = "\(attachment.role.rawValue) '\(attachment.resource)'"
      if attachment.role == .database {
        for variant in Values.variants(resource?[property: "PubliclyAccessible"] ?? false)
        where Values.boolean(variant) == true {
          findings.append(
            finding(
              .init(attachment.resource, [.key("Properties"), .key("PubliclyAccessible")]),
              "\(name) is publicly accessible; set PubliclyAccessible to false"))
          break
        }
      }
      let vpcOptions = resource?[property: "VPCOptions"]
      if attachment.role == .search,
        vpcOptions.map({ Values.mayBeAbsent($0) || Values.variants($0).contains { $0["SubnetIds"] == nil } }) ?? true
      {
        findings.append(
          finding(
            .init(attachment.resource, [.key("Properties")]),
            "\(name) has no VPCOptions, so its endpoint is public, outside the VPC; place it in private subnets with VPCOptions"
          ))
      }
      if attachment.type == "AWS::RDS::DBInstance", resource?[property: "DBSubnetGroupName"] == nil,
        resource?[property: "DBClusterIdentifier"] == nil,
        Values.variants(resource?[property: "PubliclyAccessible"] ?? .null).contains(where: {
          Values.boolean($0) != false
        })
      {
        findings.append(
          finding(
            .init(attachment.resource, [.key("Properties")]),
            "\(name) has no DBSubnetGroupName, so it is placed in the default VPC, where RDS makes it publicly accessible unless PubliclyAccessible is false; give it a subnet group of private subnets"
          ))
      }
      findings += Placement.subnetFindings(
        attachment, topology, rule: self, subject: "\(name) is placed in",
        belongs: "data stores belong in private subnets")
    }
    return findings
  }
}
