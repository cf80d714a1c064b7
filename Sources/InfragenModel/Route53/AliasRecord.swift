import InfragenCore

/// A Route 53 alias record that points a name at a load balancer: `A` with `AliasTarget` set to
/// the load balancer's `DNSName` and `CanonicalHostedZoneID`, answering only while the load
/// balancer has healthy targets. Lowers to `AWS::Route53::RecordSet`.
///
/// IPv4 only, like ``LoadBalancer``: an `AAAA` alias of a load balancer without IPv6 addresses
/// would answer nothing, so there is none until the load balancer can be dual-stack.
/// See [AWS::Route53::RecordSet](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-route53-recordset.html).
public struct AliasRecord: Resource, Hashable {
  /// `AWS::Route53::RecordSet`.
  public static let typeName = "AWS::Route53::RecordSet"
  /// The record's logical ID.
  public var logicalID: LogicalID
  /// The hosted zone the record is in.
  public var hostedZoneID: TemplateString
  /// The name, such as `shop.example.com`.
  public var name: TemplateString
  /// The load balancer's DNS name.
  public var targetDNSName: Attribute<LoadBalancer>
  /// The load balancer's own hosted zone.
  public var targetHostedZoneID: Attribute<LoadBalancer>
  /// Whether Route 53 answers only while the target is healthy. Defaults to `true`.
  public var evaluateTargetHealth: Bool

  /// An alias of `name` in `hostedZoneID` to `loadBalancer`.
  public init(
    _ logicalID: LogicalID, hostedZoneID: TemplateString, name: TemplateString, to loadBalancer: LoadBalancer,
    evaluateTargetHealth: Bool = true
  ) {
    self.logicalID = logicalID
    self.hostedZoneID = hostedZoneID
    self.name = name
    self.targetDNSName = loadBalancer.dnsName
    self.targetHostedZoneID = loadBalancer.canonicalHostedZoneID
    self.evaluateTargetHealth = evaluateTargetHealth
  }
}
