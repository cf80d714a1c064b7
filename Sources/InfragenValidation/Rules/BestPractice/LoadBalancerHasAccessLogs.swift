import InfragenCore

/// Application and network load balancers write access logs.
///
/// Lint: an `AWS::ElasticLoadBalancingV2::LoadBalancer` of `Type` `application` (the default) or
/// `network` whose `LoadBalancerAttributes` lack `access_logs.s3.enabled`, or set it to anything
/// but `"true"`, in any branch of an `Fn::If`, raises a warning. Gateway load balancers have no
/// access logs.
public struct LoadBalancerHasAccessLogs: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Load balancers write access logs to S3 (checkov CKV_AWS_91; cfn_nag W52; cdk-nag AwsSolutions-ELB2)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning
  /// Reads only the template.
  public static let readsTopology = false

  /// The attribute.
  static let key = "access_logs.s3.enabled"

  /// The rule.
  public init() {}

  /// Checks each application and network load balancer.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for resource in context.template.resources where resource.type == "AWS::ElasticLoadBalancingV2::LoadBalancer" {
      guard !Setting.loadBalancerTypes(resource).isDisjoint(with: ["application", "network"]),
        case let (lapse, path)? = Setting.attributeMustBeTrue(resource, Self.key)
      else { continue }
      let what =
        lapse.value == nil
        ? "does not set \(Self.key)" : "sets \(Self.key) to \(Setting.describe(lapse.value ?? .null))"
      let branch = lapse.conditional ? " in one branch of an Fn::If" : ""
      findings.append(
        finding(
          .init(resource.logicalID, path),
          "load balancer '\(resource.logicalID)' \(what)\(branch), so no record of its requests is kept; set \(Self.key) to \"true\" with access_logs.s3.bucket"
        ))
    }
    return findings
  }
}
