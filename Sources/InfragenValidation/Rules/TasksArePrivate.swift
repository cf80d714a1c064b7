import InfragenCore

/// Service tasks have no public IP and run in private subnets.
///
/// Lint: an ECS service with `AssignPublicIp: ENABLED`, or with a public subnet in its
/// `AwsvpcConfiguration`, is an error: its tasks could be reached around the load balancer.
public struct TasksArePrivate: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary = "ECS tasks get no public IP and run in private subnets"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// Checks each service's network configuration.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    let topology = context.topology
    var findings: [Diagnostic] = []
    for attachment in topology.workloads(.service) {
      let configuration = context.template.resource(attachment.resource)?[property: "NetworkConfiguration"]?[
        "AwsvpcConfiguration"]
      for variant in Values.variants(configuration?["AssignPublicIp"] ?? "DISABLED") {
        if variant.stringValue?.uppercased() == "ENABLED" {
          findings.append(
            finding(
              .init(
                attachment.resource,
                [.key("Properties"), .key("NetworkConfiguration"), .key("AwsvpcConfiguration"), .key("AssignPublicIp")]),
              "service '\(attachment.resource)' assigns public IPs to its tasks; set AssignPublicIp to DISABLED"))
          break
        }
      }
      findings += Placement.subnetFindings(
        attachment, topology, rule: self, subject: "service '\(attachment.resource)' runs tasks in",
        belongs: "tasks belong in private subnets")
    }
    return findings
  }
}
