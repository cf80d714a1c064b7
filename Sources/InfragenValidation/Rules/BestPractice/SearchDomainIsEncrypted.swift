import InfragenCore

/// OpenSearch and Elasticsearch domains encrypt data at rest, between nodes and to clients, with
/// TLS 1.2 or newer.
///
/// Lint: an `AWS::OpenSearchService::Domain` or `AWS::Elasticsearch::Domain` raises one warning
/// for each of `EncryptionAtRestOptions.Enabled`, `NodeToNodeEncryptionOptions.Enabled` and
/// `DomainEndpointOptions.EnforceHTTPS` that is absent or false in any branch of an `Fn::If`, and
/// one when `DomainEndpointOptions.TLSSecurityPolicy` is absent (the default,
/// `Policy-Min-TLS-1-0-2019-07`, accepts TLS 1.0) or names a policy other than
/// `Policy-Min-TLS-1-2-2019-07` or `Policy-Min-TLS-1-2-PFS-2023-10`.
public struct SearchDomainIsEncrypted: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Search domains encrypt at rest, between nodes and over HTTPS with TLS 1.2+ (checkov CKV_AWS_5, CKV_AWS_6, CKV_AWS_83; cfn_nag W54, W85; cdk-nag AwsSolutions-OS8, AwsSolutions-OS2)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning
  /// Reads only the template.
  public static let readsTopology = false

  /// The domain types.
  static let types: Set<String> = ["AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain"]
  /// The TLS policies that refuse TLS 1.0 and 1.1.
  static let modernPolicies: Set<String> = ["Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-2-PFS-2023-10"]

  /// The rule.
  public init() {}

  /// Checks each domain.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for resource in context.template.resources where Self.types.contains(resource.type) {
      let name = "search domain '\(resource.logicalID)'"
      let flags = [
        (["EncryptionAtRestOptions", "Enabled"], "its indices, logs and snapshots are not encrypted at rest"),
        (["NodeToNodeEncryptionOptions", "Enabled"], "traffic between its nodes is plaintext"),
        (["DomainEndpointOptions", "EnforceHTTPS"], "its endpoint also answers plain HTTP"),
      ]
      for (path, consequence) in flags {
        guard let lapse = Setting.mustBeTrue(resource, path) else { continue }
        let key = path.joined(separator: ".")
        findings.append(
          finding(
            .init(resource.logicalID, Setting.location(resource, path, lapse)),
            "\(name) \(lapse.phrase(key)), so \(consequence); set \(key) to true"))
      }
      let path = ["DomainEndpointOptions", "TLSSecurityPolicy"]
      let lapse = Setting.judge(Setting.values(resource, path)) { value in
        guard let value else { return false }
        return Setting.text(value).map(Self.modernPolicies.contains)
      }
      if let lapse {
        let defaultNote = lapse.value == nil ? " (the default, Policy-Min-TLS-1-0-2019-07)" : ""
        findings.append(
          finding(
            .init(resource.logicalID, Setting.location(resource, path, lapse)),
            "\(name) \(lapse.phrase("DomainEndpointOptions.TLSSecurityPolicy")), so it accepts TLS older than 1.2\(defaultNote); use Policy-Min-TLS-1-2-2019-07 or Policy-Min-TLS-1-2-PFS-2023-10"
          ))
      }
    }
    return findings
  }
}
