import InfragenCore

extension LoadBalancer {
  /// Lowers to an application `AWS::ElasticLoadBalancingV2::LoadBalancer`.
  public func lowered() -> Template.Resource {
    var attributes: [TemplateValue] = []
    if let accessLogBucket {
      attributes += [
        ["Key": "access_logs.s3.bucket", "Value": accessLogBucket.value],
        ["Key": "access_logs.s3.enabled", "Value": "true"],
        ["Key": "access_logs.s3.prefix", "Value": .string(accessLogPrefix ?? "")],
      ]
    }
    attributes += [
      ["Key": "deletion_protection.enabled", "Value": .string(String(deletionProtection))],
      ["Key": "idle_timeout.timeout_seconds", "Value": .string(String(idleTimeoutSeconds))],
      ["Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"],
    ]
    var properties: Fields = [
      "IpAddressType": "ipv4",
      "LoadBalancerAttributes": .list(attributes),
      "Scheme": .string(scheme.rawValue),
      "SecurityGroups": .list(securityGroups.map { .getAtt($0.logicalID, "GroupId") }),
      "Subnets": .list(subnets.map(\.value)),
      "Type": "application",
    ]
    properties.setIfPresent("Tags", tags.lowered)
    return Template.Resource(
      logicalID, type: Self.typeName, dependsOn: accessLogPolicy.map { [$0] } ?? [], properties: properties)
  }
}

extension TargetGroup {
  /// Lowers to an IP-target `AWS::ElasticLoadBalancingV2::TargetGroup`.
  public func lowered() -> Template.Resource {
    var properties: Fields = [
      "HealthCheckEnabled": true,
      "HealthCheckIntervalSeconds": .integer(healthCheck.intervalSeconds),
      "HealthCheckPath": .string(healthCheck.path),
      "HealthCheckProtocol": "HTTP",
      "HealthCheckTimeoutSeconds": .integer(healthCheck.timeoutSeconds),
      "HealthyThresholdCount": .integer(healthCheck.healthyThreshold),
      "Matcher": ["HttpCode": .string(healthCheck.successCodes)],
      "Port": .integer(port),
      "Protocol": "HTTP",
      "TargetGroupAttributes": [
        [
          "Key": "deregistration_delay.timeout_seconds",
          "Value": .string(String(deregistrationDelaySeconds)),
        ]
      ],
      "TargetType": "ip",
      "UnhealthyThresholdCount": .integer(healthCheck.unhealthyThreshold),
      "VpcId": vpc.value,
    ]
    properties.setIfPresent("Tags", tags.lowered)
    return Template.Resource(logicalID, type: Self.typeName, properties: properties)
  }
}

extension Listener {
  /// Lowers to `AWS::ElasticLoadBalancingV2::Listener`.
  public func lowered() -> Template.Resource {
    var properties: Fields = ["LoadBalancerArn": loadBalancer.value, "Port": .integer(port)]
    switch kind {
    case .https(let certificate, let policy, let targetGroup):
      properties["Certificates"] = [["CertificateArn": certificate.value]]
      properties["DefaultActions"] = [["TargetGroupArn": targetGroup.value, "Type": "forward"]]
      properties["Protocol"] = "HTTPS"
      properties["SslPolicy"] = .string(policy.rawValue)
    case .redirectToHTTPS:
      properties["DefaultActions"] = [
        [
          "RedirectConfig": ["Port": "443", "Protocol": "HTTPS", "StatusCode": "HTTP_301"],
          "Type": "redirect",
        ]
      ]
      properties["Protocol"] = "HTTP"
    }
    return Template.Resource(logicalID, type: Self.typeName, properties: properties)
  }
}

extension ListenerRule {
  /// Lowers to `AWS::ElasticLoadBalancingV2::ListenerRule` with a forward action.
  public func lowered() -> Template.Resource {
    let conditions: [TemplateValue] = conditions.map { condition in
      switch condition {
      case .path(let values):
        return ["Field": "path-pattern", "PathPatternConfig": ["Values": .list(values.map(TemplateValue.string))]]
      case .host(let values):
        return ["Field": "host-header", "HostHeaderConfig": ["Values": .list(values.map(TemplateValue.string))]]
      case .header(let name, let values):
        return [
          "Field": "http-header",
          "HttpHeaderConfig": ["HttpHeaderName": .string(name), "Values": .list(values.map(TemplateValue.string))],
        ]
      }
    }
    return Template.Resource(
      logicalID, type: Self.typeName,
      properties: [
        "Actions": [["TargetGroupArn": targetGroup.value, "Type": "forward"]],
        "Conditions": .list(conditions),
        "ListenerArn": listener.value,
        "Priority": .integer(priority),
      ])
  }
}
