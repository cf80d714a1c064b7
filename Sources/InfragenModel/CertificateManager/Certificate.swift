import InfragenCore

/// A public ACM certificate for a domain, validated by DNS: CloudFormation writes the validation
/// records into the hosted zone and waits until ACM issues the certificate. Lowers to
/// `AWS::CertificateManager::Certificate` with `ValidationMethod: DNS` and one
/// `DomainValidationOptions` entry per name.
///
/// Secure defaults: RSA 2048 keys, certificate transparency logging on.
/// See [AWS::CertificateManager::Certificate](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-certificatemanager-certificate.html).
public struct Certificate: Resource, Hashable {
  /// `AWS::CertificateManager::Certificate`.
  public static let typeName = "AWS::CertificateManager::Certificate"
  /// The certificate's logical ID.
  public var logicalID: LogicalID
  /// The domain, such as `shop.example.com`.
  public var domainName: TemplateString
  /// Other names the certificate covers, such as `www.shop.example.com`.
  public var alternativeNames: [TemplateString]
  /// The Route 53 hosted zone that holds the validation records.
  public var hostedZoneID: TemplateString
  /// Tags.
  public var tags: [Tag]

  /// A certificate for `domainName` (and `alternativeNames`), validated in `hostedZoneID`.
  public init(
    _ logicalID: LogicalID, domainName: TemplateString, alternativeNames: [TemplateString] = [],
    hostedZoneID: TemplateString, tags: [Tag] = []
  ) {
    self.logicalID = logicalID
    self.domainName = domainName
    self.alternativeNames = alternativeNames
    self.hostedZoneID = hostedZoneID
    self.tags = tags
  }

  /// The certificate's ARN (its `Ref`), for an HTTPS listener.
  public var arn: TemplateString { TemplateString(ref) }
}
