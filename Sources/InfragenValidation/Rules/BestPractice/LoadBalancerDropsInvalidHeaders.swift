import InfragenCore

/// Application load balancers drop HTTP headers that are not valid, rather than pass them on.
///
/// Lint: an `AWS::ElasticLoadBalancingV2::LoadBalancer` of `Type` `application` (the default when
/// `Type` is absent) whose `LoadBalancerAttributes` lack
/// `routing.http.drop_invalid_header_fields.enabled`, or set it to anything but `"true"`, in any
/// branch of an `Fn::If`, raises a warning.
public struct LoadBalancerDropsInvalidHeaders: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Application load balancers drop invalid HTTP headers (checkov CKV_AWS_131; cdk-nag PCI.DSS.321-ALBHttpDropInvalidHeaderEnabled)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning
  /// Reads only the template.
  public static let readsTopology = false

  /// The attribute.
  static let key = "routing.http.drop_invalid_header_fields.enabled"

  /// The rule.
  public init() {}

  /// Checks each application load balancer.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for resource in context.template.resources where resource.type == "AWS::ElasticLoadBalancingV2::LoadBalancer" {
      guard Setting.loadBalancerTypes(resource).contains("application"),
        case let (lapse, path)? = Setting.attributeMustBeTrue(resource, Self.key)
      else { continue }
      let what =
        lapse.value == nil
        ? "does not set \(Self.key)" : "sets \(Self.key) to \(Setting.describe(lapse.value ?? .null))"
      let branch = lapse.conditional ? " in one branch of an Fn::If" : ""
      findings.append(
        finding(
          .init(resource.logicalID, path),
          "load balancer '\(resource.logicalID)' \(what)\(branch), so malformed headers reach its targets (request smuggling); add the attribute \(Self.key) with Value \"true\""
        ))
    }
    return findings
  }
}
