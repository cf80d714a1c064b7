import InfragenCore
import InfragenModel

/// What the services of an application share: the network of the reference stack (VPC, public
/// and private subnets over the zones, NAT, flow logs), its KMS key and access-log bucket, the
/// ECS cluster, one internet-facing load balancer with an HTTPS listener (and HTTP only to
/// redirect), the certificate parameter, an SNS topic for alarms (`AlarmTopic`), the load
/// balancer's 5xx alarm, and with `slack` an AWS Chatbot channel for the topic.
///
/// The HTTPS listener forwards by default to the target group of the service named
/// `defaultService` (`web` gives `WebTargetGroup`), which this component declares; the other web
/// services add listener rules.
///
/// With a `domain`, the certificate is an ACM certificate validated by DNS in the domain's hosted
/// zone (`Certificate`) and the domain is an alias of the load balancer (`DomainRecord`); without
/// one, the certificate is the `CertificateArn` parameter. With `serviceConnect`, a Cloud Map
/// namespace (`ServiceNamespace`) names the backend services, and every service is a Service
/// Connect client of it.
public struct Environment: StackComponent, Sendable {
  /// The domain the load balancer answers for.
  public struct Domain: Sendable {
    /// The name, such as `shop.example.com`.
    public var name: TemplateString
    /// The Route 53 hosted zone that holds it.
    public var hostedZoneID: TemplateString

    /// A domain in a hosted zone.
    public init(_ name: TemplateString, hostedZoneID: TemplateString) {
      self.name = name
      self.hostedZoneID = hostedZoneID
    }
  }

  /// The network, protection, log retention and alarm thresholds come from these options;
  /// the options of a single service (its name, port, scaling) are not read.
  public var options: ReferenceStack.Options
  /// The web service the HTTPS listener forwards to by default.
  public var defaultService: String
  /// That service's container port.
  public var defaultPort: Int
  /// That service's health check path.
  public var defaultHealthCheckPath: String
  /// The domain; `nil` takes the certificate as a parameter.
  public var domain: Domain?
  /// The Service Connect namespace's name, such as `internal`; `nil` for none.
  public var serviceConnect: String?
  /// The alarm topic's display name. Defaults to `Alarms`.
  public var alarmTopicName: String
  /// Whether alarms also go to a Slack channel through AWS Chatbot, named by the
  /// `SlackWorkspaceId` and `SlackChannelId` parameters. Defaults to `false`.
  public var slack: Bool

  /// An environment whose listener forwards to `defaultService` on `defaultPort` by default.
  public init(
    options: ReferenceStack.Options = ReferenceStack.Options(), defaultService: String, defaultPort: Int,
    healthCheckPath: String = "/health", domain: Domain? = nil, serviceConnect: String? = nil,
    alarmTopicName: String = "Alarms", slack: Bool = false
  ) {
    self.options = options
    self.defaultService = defaultService
    self.defaultPort = defaultPort
    self.defaultHealthCheckPath = healthCheckPath
    self.domain = domain
    self.serviceConnect = serviceConnect
    self.alarmTopicName = alarmTopicName
    self.slack = slack
  }

  /// The KMS key and the access-log bucket.
  public var protection: Protection { Protection(options: options) }
  /// The VPC and its subnets.
  public var network: Network { Network(options: options, protection: protection) }
  /// The ECS cluster.
  public var cluster: Cluster { Cluster("Cluster") }

  /// The certificate parameter, used when there is no domain.
  public var certificateARN: Parameter {
    Parameter(
      "CertificateArn", description: "The ACM certificate the load balancer's HTTPS listener presents",
      allowedPattern: "^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+$",
      constraintDescription: "must be an ACM certificate ARN")
  }

  /// The ACM certificate of the domain, if there is one.
  public var certificate: Certificate? {
    domain.map { Certificate("Certificate", domainName: $0.name, hostedZoneID: $0.hostedZoneID) }
  }

  /// The alias of the domain to the load balancer, if there is a domain.
  public var domainRecord: AliasRecord? {
    domain.map { AliasRecord("DomainRecord", hostedZoneID: $0.hostedZoneID, name: $0.name, to: loadBalancer) }
  }

  /// The Cloud Map namespace of Service Connect, if there is one.
  public var namespace: ServiceNamespace? {
    serviceConnect.map { ServiceNamespace("ServiceNamespace", name: $0, vpc: network.vpc) }
  }

  /// The load balancer's own group, `LoadBalancerSecurityGroup`: HTTPS and HTTP (to redirect)
  /// from the internet, port 80 waived for checkov with the reason. Its egress to each web
  /// service is written by that service's connection.
  public var loadBalancerGroup: SecurityGroup {
    SecurityGroup(
      "LoadBalancerSecurityGroup", description: "Load balancer: HTTPS from the internet, HTTP only to redirect",
      vpc: network.vpc,
      ingress: [
        .tcp(443, from: .anyIPv4, description: "HTTPS from the internet"),
        .tcp(80, from: .anyIPv4, description: "HTTP from the internet, redirected to HTTPS"),
      ],
      egress: .only([]),
      checkovWaivers: [
        CheckovWaiver(
          "CKV_AWS_260",
          reason: "Port 80 is open only so that the HTTP listener can redirect to HTTPS; it forwards nothing")
      ])
  }

  /// The internet-facing load balancer, in the public subnets, with access logs.
  public var loadBalancer: LoadBalancer {
    LoadBalancer(
      "LoadBalancer", subnets: network.publicSubnets, securityGroups: [loadBalancerGroup],
      deletionProtection: options.loadBalancerDeletionProtection, accessLogs: protection.accessLogPolicy)
  }

  /// The load balancer as a connection point, for the services it forwards to.
  public var loadBalancerPoint: ConnectionPoint {
    ConnectionPoint(loadBalancer, group: loadBalancerGroup, name: "the load balancer")
  }

  /// The default service's target group.
  public var defaultTargetGroup: TargetGroup {
    TargetGroup(
      LogicalID("\(ServiceNames.pascal(defaultService))TargetGroup"), vpc: network.vpc, port: defaultPort,
      healthCheck: TargetGroup.HealthCheck(path: defaultHealthCheckPath))
  }

  /// The HTTPS listener.
  public var httpsListener: Listener {
    .https(
      "HttpsListener", loadBalancer: loadBalancer,
      certificateARN: certificate?.arn ?? TemplateString(certificateARN.ref), forwardTo: defaultTargetGroup)
  }

  /// The HTTP listener, which only redirects to HTTPS.
  public var httpListener: Listener { .redirectToHTTPS("HttpRedirectListener", loadBalancer: loadBalancer) }

  /// The group of the store `name` (`<name>SecurityGroup`): no rule of its own; the connections
  /// of the services that use the store add them.
  public func storeGroup(_ name: LogicalID, description: String? = nil) -> SecurityGroup {
    SecurityGroup(
      LogicalID("\(name)SecurityGroup"), description: description ?? "\(name): only the services that use it",
      vpc: network.vpc)
  }

  /// The topic every alarm notifies.
  public var alarmTopic: Topic { Topic("AlarmTopic", displayName: alarmTopicName, kmsKey: protection.key) }

  /// An alarm on `metric` that notifies the topic: over `threshold` (or as `comparison` says)
  /// for `evaluationPeriods` periods of 5 minutes.
  public func alarm(
    _ id: LogicalID, _ description: String, namespace: String, metric: String, dimensions: [Alarm.Dimension],
    statistic: Alarm.Statistic = .average, comparison: Alarm.Comparison = .greaterThan, threshold: Int,
    missingData: Alarm.MissingData = .missing, evaluationPeriods: Int = 3
  ) -> Alarm {
    Alarm(
      id, description: description, namespace: namespace, metricName: metric, dimensions: dimensions,
      statistic: statistic, comparison: comparison, threshold: Double(threshold),
      evaluationPeriods: evaluationPeriods, missingData: missingData, notify: [alarmTopic])
  }

  /// The load balancer's dimension, for alarms on it and its target groups.
  public var loadBalancerDimension: Alarm.Dimension {
    Alarm.Dimension("LoadBalancer", TemplateString(loadBalancer.fullName))
  }

  /// More 5xx answers from the load balancer itself than the threshold in 5 minutes.
  public var loadBalancer5xxAlarm: Alarm {
    let threshold = options.alarms.loadBalancer5xx
    return alarm(
      "LoadBalancer5xxAlarm", "Load balancer answered more than \(threshold) 5xx in 5 minutes",
      namespace: "AWS/ApplicationELB", metric: "HTTPCode_ELB_5XX_Count", dimensions: [loadBalancerDimension],
      statistic: .sum, threshold: threshold, missingData: .notBreaching, evaluationPeriods: 1)
  }

  /// The Slack workspace that receives alarms.
  public var slackWorkspaceID: Parameter {
    Parameter(
      "SlackWorkspaceId",
      description: "The Slack workspace (team) ID authorized in the AWS Chatbot console, such as T0123ABCD",
      allowedPattern: "^[0-9A-Z]{1,255}$", constraintDescription: "must be a Slack workspace ID")
  }

  /// The Slack channel that receives alarms.
  public var slackChannelID: Parameter {
    Parameter(
      "SlackChannelId", description: "The Slack channel ID that receives alarms, such as C0123ABCD",
      allowedPattern: "^[A-Za-z0-9]+$", constraintDescription: "must be a Slack channel ID")
  }

  /// The role AWS Chatbot assumes to read alarm details.
  public var chatbotRole: Role {
    Role(
      "ChatbotRole", assumedBy: .chatbot, description: "Lets AWS Chatbot read alarm details for Slack",
      managedPolicies: ["CloudWatchReadOnlyAccess"])
  }

  /// The Slack channel of the alarm topic.
  public var slackChannel: SlackChannelConfiguration {
    SlackChannelConfiguration(
      "SlackChannel", name: "\(PseudoParameter.stackName)-alarms", role: chatbotRole,
      workspaceID: TemplateString(slackWorkspaceID.ref), channelID: TemplateString(slackChannelID.ref),
      topics: [alarmTopic])
  }

  /// The certificate (or its parameter), the Slack parameters, the domain's record, the
  /// namespace, the network, protection, cluster, load balancer, listeners, alarm topic, 5xx
  /// alarm and Slack channel, and the flows from the internet to the load balancer.
  public var body: [StackElement] {
    if let certificate { certificate } else { certificateARN }
    if slack {
      slackWorkspaceID
      slackChannelID
    }
    if let domainRecord { domainRecord }
    if let namespace { namespace }
    protection
    network
    cluster
    loadBalancerGroup
    loadBalancer
    defaultTargetGroup
    httpsListener
    httpListener
    alarmTopic
    loadBalancer5xxAlarm
    if slack {
      chatbotRole
      slackChannel
    }
    DeclaredFlow(from: "internet", to: loadBalancer.logicalID.rawValue, ports: [443, 80])
  }
}

/// Logical IDs from a component's name: `web` gives `Web`, `order-api` gives `OrderApi`.
public enum ServiceNames {
  /// The name in PascalCase, letters and digits only.
  public static func pascal(_ name: String) -> String {
    name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map {
      $0.prefix(1).uppercased() + $0.dropFirst()
    }.joined()
  }

  /// An upper snake case name in PascalCase: `SESSION_SECRET` gives `SessionSecret`.
  public static func pascal(constant name: String) -> String {
    name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map {
      $0.prefix(1).uppercased() + $0.dropFirst().lowercased()
    }.joined()
  }

  /// The name in upper snake case, for environment variables: `order-api` gives `ORDER_API`.
  public static func constant(_ name: String) -> String {
    name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.uppercased() }.joined(separator: "_")
  }
}
