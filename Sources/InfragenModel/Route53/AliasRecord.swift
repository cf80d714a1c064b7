import InfragenCore

/// A Route 53 alias record that points a name at a load balancer: `A` (or `AAAA`) with
/// `AliasTarget` set to the load balancer's `DNSName` and `CanonicalHostedZoneID`, answering
/// only while the load balancer has healthy targets. Lowers to `AWS::Route53::RecordSet`.
/// See [AWS::Route53::RecordSet](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-route53-recordset.html).
public struct AliasRecord: Resource, Hashable {
  /// The record type of an alias.
  public enum RecordType: String, Hashable, Sendable {
    /// IPv4.
    case a = "A"
    /// IPv6.
    case aaaa = "AAAA"
  }

  /// `AWS::Route53::RecordSet`.
  public static let typeName = "AWS::Route53::RecordSet"
  /// The record's logical ID.
  public var logicalID: LogicalID
  /// The hosted zone the record is in.
  public var hostedZoneID: TemplateString
  /// The name, such as `shop.example.com`.
  public var name: TemplateString
  /// `A` or `AAAA`. Defaults to `A`.
  public var recordType: RecordType
  /// The load balancer's DNS name.
  public var targetDNSName: Attribute<LoadBalancer>
  /// The load balancer's own hosted zone.
  public var targetHostedZoneID: Attribute<LoadBalancer>
  /// Whether Route 53 answers only while the target is healthy. Defaults to `true`.
  public var evaluateTargetHealth: Bool

  /// An alias of `name` in `hostedZoneID` to `loadBalancer`.
  public init(
    _ logicalID: LogicalID, hostedZoneID: TemplateString, name: TemplateString, to loadBalancer: LoadBalancer,
    recordType: RecordType = .a, evaluateTargetHealth: Bool = true
  ) {
    self.logicalID = logicalID
    self.hostedZoneID = hostedZoneID
    self.name = name
    self.recordType = recordType
    self.targetDNSName = loadBalancer.dnsName
    self.targetHostedZoneID = loadBalancer.canonicalHostedZoneID
    self.evaluateTargetHealth = evaluateTargetHealth
  }
}
