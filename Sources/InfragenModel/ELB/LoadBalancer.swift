import InfragenCore

/// An Application Load Balancer. Lowers to `AWS::ElasticLoadBalancingV2::LoadBalancer`.
///
/// Secure defaults: invalid header fields are dropped and deletion protection is on.
/// See [AWS::ElasticLoadBalancingV2::LoadBalancer](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-elasticloadbalancingv2-loadbalancer.html).
public struct LoadBalancer: Resource, Hashable {
  /// Who can reach the load balancer.
  public enum Scheme: String, Hashable, Sendable {
    /// Reachable from the internet, from public subnets.
    case internetFacing = "internet-facing"
    /// Reachable only inside the VPC.
    case `internal`
  }

  /// `AWS::ElasticLoadBalancingV2::LoadBalancer`.
  public static let typeName = "AWS::ElasticLoadBalancingV2::LoadBalancer"
  /// The load balancer's logical ID.
  public var logicalID: LogicalID
  /// Its scheme. Defaults to ``Scheme/internetFacing``.
  public var scheme: Scheme
  /// Its subnets, one per zone.
  public var subnets: [Reference<Subnet>]
  /// Its security groups.
  public var securityGroups: [Reference<SecurityGroup>]
  /// Whether the load balancer can be deleted only after turning this off. Defaults to `true`.
  public var deletionProtection: Bool
  /// Seconds a connection may stay idle. Defaults to 60.
  public var idleTimeoutSeconds: Int
  /// Tags.
  public var tags: [Tag]
  /// The bucket access logs go to, if any.
  public var accessLogBucket: Reference<Bucket>?
  /// The key prefix of access logs.
  public var accessLogPrefix: String?
  /// The bucket policy that must exist before the load balancer writes logs.
  public var accessLogPolicy: LogicalID?

  /// A load balancer, logging to the bucket of `accessLogs` when given.
  public init(
    _ logicalID: LogicalID, scheme: Scheme = .internetFacing, subnets: [Subnet],
    securityGroups: [SecurityGroup], deletionProtection: Bool = true,
    idleTimeoutSeconds: Int = 60, accessLogs: LoadBalancerLogBucketPolicy? = nil, tags: [Tag] = []
  ) {
    self.accessLogBucket = accessLogs?.bucket
    self.accessLogPrefix = accessLogs?.prefix
    self.accessLogPolicy = accessLogs?.logicalID
    self.logicalID = logicalID
    self.scheme = scheme
    self.subnets = subnets.map(\.ref)
    self.securityGroups = securityGroups.map(\.ref)
    self.deletionProtection = deletionProtection
    self.idleTimeoutSeconds = idleTimeoutSeconds
    self.tags = tags
  }

  /// The DNS name clients connect to.
  public var dnsName: Attribute<LoadBalancer> { Attribute(logicalID, "DNSName") }
  /// The load balancer's own Route 53 hosted zone, the target zone of an alias record.
  public var canonicalHostedZoneID: Attribute<LoadBalancer> { Attribute(logicalID, "CanonicalHostedZoneID") }
  /// `app/name/id`, the `LoadBalancer` dimension of CloudWatch metrics.
  public var fullName: Attribute<LoadBalancer> { Attribute(logicalID, "LoadBalancerFullName") }
}

/// A target group. Lowers to `AWS::ElasticLoadBalancingV2::TargetGroup`.
public struct TargetGroup: Resource, Hashable {
  /// How the load balancer checks a target's health.
  public struct HealthCheck: Hashable, Sendable {
    /// The path requested. Defaults to `/health`.
    public var path: String
    /// The HTTP codes that mean healthy. Defaults to `200`.
    public var successCodes: String
    /// Seconds between checks. Defaults to 30.
    public var intervalSeconds: Int
    /// Seconds before a check fails. Defaults to 5.
    public var timeoutSeconds: Int
    /// Passing checks before a target is healthy. Defaults to 2.
    public var healthyThreshold: Int
    /// Failing checks before a target is unhealthy. Defaults to 3.
    public var unhealthyThreshold: Int

    /// A health check.
    public init(
      path: String = "/health", successCodes: String = "200", intervalSeconds: Int = 30,
      timeoutSeconds: Int = 5, healthyThreshold: Int = 2, unhealthyThreshold: Int = 3
    ) {
      self.path = path
      self.successCodes = successCodes
      self.intervalSeconds = intervalSeconds
      self.timeoutSeconds = timeoutSeconds
      self.healthyThreshold = healthyThreshold
      self.unhealthyThreshold = unhealthyThreshold
    }
  }

  /// `AWS::ElasticLoadBalancingV2::TargetGroup`.
  public static let typeName = "AWS::ElasticLoadBalancingV2::TargetGroup"
  /// The target group's logical ID.
  public var logicalID: LogicalID
  /// The VPC.
  public var vpc: Reference<VPC>
  /// The port targets listen on.
  public var port: Int
  /// The health check.
  public var healthCheck: HealthCheck
  /// Seconds a draining target keeps its connections. Defaults to 30.
  public var deregistrationDelaySeconds: Int
  /// Tags.
  public var tags: [Tag]

  /// A target group of IP targets (Fargate tasks) speaking HTTP on `port`.
  public init(
    _ logicalID: LogicalID, vpc: VPC, port: Int, healthCheck: HealthCheck = HealthCheck(),
    deregistrationDelaySeconds: Int = 30, tags: [Tag] = []
  ) {
    self.logicalID = logicalID
    self.vpc = vpc.ref
    self.port = port
    self.healthCheck = healthCheck
    self.deregistrationDelaySeconds = deregistrationDelaySeconds
    self.tags = tags
  }

  /// `targetgroup/name/id`, the `TargetGroup` dimension of CloudWatch metrics.
  public var fullName: Attribute<TargetGroup> { Attribute(logicalID, "TargetGroupFullName") }
}

/// A listener. Lowers to `AWS::ElasticLoadBalancingV2::Listener`.
///
/// Only two kinds exist, so that no listener serves plain HTTP: HTTPS that forwards to a target
/// group, and HTTP that only redirects to HTTPS.
public struct Listener: Resource, Hashable {
  /// A TLS security policy of Elastic Load Balancing.
  public enum SSLPolicy: String, Hashable, Sendable {
    /// TLS 1.3 and 1.2 (the recommended policy).
    case tls13And12 = "ELBSecurityPolicy-TLS13-1-2-2021-06"
    /// TLS 1.2 only.
    case tls12 = "ELBSecurityPolicy-TLS-1-2-Ext-2018-06"
  }

  /// What the listener does.
  public enum Kind: Hashable, Sendable {
    /// Terminates TLS with a certificate and forwards to a target group.
    case https(certificateARN: TemplateString, policy: SSLPolicy, targetGroup: Reference<TargetGroup>)
    /// Answers every request with a permanent redirect to HTTPS on port 443.
    case redirectToHTTPS
  }

  /// `AWS::ElasticLoadBalancingV2::Listener`.
  public static let typeName = "AWS::ElasticLoadBalancingV2::Listener"
  /// The listener's logical ID.
  public var logicalID: LogicalID
  /// The load balancer.
  public var loadBalancer: Reference<LoadBalancer>
  /// The port.
  public var port: Int
  /// What it does.
  public var kind: Kind

  /// An HTTPS listener on `port` (443 by default) that forwards to `targetGroup`.
  public static func https(
    _ logicalID: LogicalID, loadBalancer: LoadBalancer, port: Int = 443,
    certificateARN: TemplateString, policy: SSLPolicy = .tls13And12, forwardTo targetGroup: TargetGroup
  ) -> Listener {
    Listener(
      logicalID: logicalID, loadBalancer: loadBalancer.ref, port: port,
      kind: .https(certificateARN: certificateARN, policy: policy, targetGroup: targetGroup.ref))
  }

  /// An HTTP listener on `port` (80 by default) that only redirects to HTTPS.
  public static func redirectToHTTPS(
    _ logicalID: LogicalID, loadBalancer: LoadBalancer, port: Int = 80
  ) -> Listener {
    Listener(logicalID: logicalID, loadBalancer: loadBalancer.ref, port: port, kind: .redirectToHTTPS)
  }
}

/// A rule of an HTTPS listener that forwards the requests it matches to a target group. Lowers to
/// `AWS::ElasticLoadBalancingV2::ListenerRule`. A service behind it must start after it:
/// ``FargateService``'s `after:` takes the rule, and a web component passes it.
public struct ListenerRule: Resource, Hashable {
  /// What a rule matches. A rule with several conditions matches requests that meet all of them.
  public enum Condition: Hashable, Sendable {
    /// The path, with `*` and `?` wildcards: `/api/*`.
    case path([String])
    /// The host name: `api.example.com`, `*.example.com`.
    case host([String])
    /// An HTTP header with one of the values.
    case header(String, [String])
  }

  /// `AWS::ElasticLoadBalancingV2::ListenerRule`.
  public static let typeName = "AWS::ElasticLoadBalancingV2::ListenerRule"
  /// The rule's logical ID.
  public var logicalID: LogicalID
  /// The listener.
  public var listener: Reference<Listener>
  /// The priority, 1 to 50000: lower numbers are evaluated first, and no two rules of a listener
  /// may share one.
  public var priority: Int
  /// What it matches.
  public var conditions: [Condition]
  /// Where matching requests go.
  public var targetGroup: Reference<TargetGroup>

  /// A rule of `listener` forwarding the requests `conditions` match to `targetGroup`.
  public init(
    _ logicalID: LogicalID, listener: Listener, priority: Int, conditions: [Condition],
    forwardTo targetGroup: TargetGroup
  ) {
    self.logicalID = logicalID
    self.listener = listener.ref
    self.priority = priority
    self.conditions = conditions
    self.targetGroup = targetGroup.ref
  }
}

extension ListenerRule: ValueChecked {
  /// A priority outside 1 to 50000, or no condition.
  public var problems: [String] {
    var result: [String] = []
    if !(1...50000).contains(priority) { result.append("Priority \(priority) is outside 1 to 50000") }
    if conditions.isEmpty { result.append("Conditions is empty: a rule matches requests by path, host or header") }
    return result
  }
}
