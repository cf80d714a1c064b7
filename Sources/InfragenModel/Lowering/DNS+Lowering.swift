import InfragenCore

extension Certificate {
  /// Lowers to an `AWS::CertificateManager::Certificate` validated by DNS in the hosted zone.
  public func lowered() -> Template.Resource {
    let names = [domainName] + alternativeNames
    var properties: Fields = [
      "CertificateTransparencyLoggingPreference": "ENABLED",
      "DomainName": domainName.value,
      "DomainValidationOptions": .list(
        names.map { ["DomainName": $0.value, "HostedZoneId": hostedZoneID.value] }),
      "KeyAlgorithm": "RSA_2048",
      "ValidationMethod": "DNS",
    ]
    if !alternativeNames.isEmpty { properties["SubjectAlternativeNames"] = .list(alternativeNames.map(\.value)) }
    properties.setIfPresent("Tags", tags.lowered)
    return Template.Resource(logicalID, type: Self.typeName, properties: properties)
  }
}

extension AliasRecord {
  /// Lowers to an alias `AWS::Route53::RecordSet`.
  public func lowered() -> Template.Resource {
    Template.Resource(
      logicalID, type: Self.typeName,
      properties: [
        "AliasTarget": [
          "DNSName": targetDNSName.value,
          "EvaluateTargetHealth": .boolean(evaluateTargetHealth),
          "HostedZoneId": targetHostedZoneID.value,
        ],
        "HostedZoneId": hostedZoneID.value,
        "Name": name.value,
        "Type": "A",
      ])
  }
}

extension ServiceNamespace {
  /// Lowers to an `AWS::ServiceDiscovery::PrivateDnsNamespace`.
  public func lowered() -> Template.Resource {
    var properties: Fields = [
      "Description": .string("Service Connect names of the services in \(vpc.logicalID)"),
      "Name": .string(name),
      "Vpc": vpc.value,
    ]
    properties.setIfPresent("Tags", tags.lowered)
    return Template.Resource(logicalID, type: Self.typeName, properties: properties)
  }
}
