import InfragenCore

/// VPCs record their traffic with flow logs.
///
/// Lint: an `AWS::EC2::VPC` that no `AWS::EC2::FlowLog` names in its `ResourceId` (by `Ref` or
/// `Fn::GetAtt`, in any branch of an `Fn::If`) raises a warning. Flow logs on subnets or network
/// interfaces do not count: they miss the rest of the VPC.
public struct VPCHasFlowLogs: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary = "VPCs have flow logs (cdk-nag AwsSolutions-VPC7)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning

  /// The rule.
  public init() {}

  /// Finds the VPCs with flow logs, then checks each VPC.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var logged = Set<LogicalID>()
    for resource in context.template.resources where resource.type == "AWS::EC2::FlowLog" {
      for value in Setting.values(resource, ["ResourceId"]) {
        if let value, let target = Values.target(value) { logged.insert(target.id) }
      }
    }
    var findings: [Diagnostic] = []
    for resource in context.template.resources
    where resource.type == "AWS::EC2::VPC" && !logged.contains(resource.logicalID) {
      findings.append(
        finding(
          .init(resource.logicalID, [.key("Properties")]),
          "VPC '\(resource.logicalID)' has no flow log, so its traffic is not recorded; add an AWS::EC2::FlowLog with ResourceType VPC and ResourceId Ref '\(resource.logicalID)'"
        ))
    }
    return findings
  }
}
