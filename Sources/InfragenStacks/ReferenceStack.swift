import InfragenCore
import InfragenModel

/// The stack infragen ships: a VPC over two or three zones, an internet-facing load balancer in
/// front of a Fargate service, MySQL, Redis and OpenSearch in private subnets, security groups
/// chained internet → load balancer → service → each data store, secrets from Secrets Manager,
/// and alarms to SNS and Slack.
public struct ReferenceStack: StackComponent {
  /// The options.
  public var options: Options

  /// The reference stack with these options.
  public init(options: Options = Options()) { self.options = options }

  /// The values given at deploy time.
  public var parameters: StackParameters { StackParameters(options: options) }
  /// The encryption key and the access-log bucket.
  public var protection: Protection { Protection(options: options) }
  /// The network.
  public var network: Network { Network(options: options, protection: protection) }
  /// The security groups.
  public var isolation: Isolation { Isolation(options: options, network: network) }
  /// The load balancer and its listeners.
  public var edge: Edge {
    Edge(options: options, network: network, isolation: isolation, parameters: parameters, protection: protection)
  }
  /// The secrets.
  public var secrets: Secrets { Secrets(options: options, protection: protection) }
  /// MySQL, Redis and OpenSearch.
  public var data: DataStores {
    DataStores(
      options: options, network: network, isolation: isolation, secrets: secrets, protection: protection,
      taskRole: Compute.taskRole(options))
  }
  /// The cluster, task and service.
  public var compute: Compute {
    Compute(
      options: options, network: network, isolation: isolation, edge: edge, secrets: secrets,
      data: data, parameters: parameters, protection: protection)
  }
  /// Alarms, the SNS topic and Slack.
  public var observability: Observability {
    Observability(
      options: options, edge: edge, compute: compute, data: data, parameters: parameters, protection: protection)
  }

  /// The whole stack.
  public var body: [StackElement] {
    parameters
    protection
    network
    isolation
    edge
    secrets
    data
    compute
    observability
    Output(
      "LoadBalancerDnsName", description: "The load balancer's DNS name; point the service's domain here",
      value: TemplateString(edge.loadBalancer.dnsName))
    Output("ServiceName", description: "The ECS service's name", value: TemplateString(compute.service.name))
    Output(
      "DatabaseEndpoint", description: "The MySQL endpoint address",
      value: TemplateString(data.database.endpointAddress))
    Output(
      "CacheEndpoint", description: "The Redis primary endpoint address",
      value: TemplateString(data.cache.primaryEndpointAddress))
    Output(
      "SearchEndpoint", description: "The OpenSearch domain endpoint",
      value: TemplateString(data.search.domainEndpoint))
  }

  /// The reference stack as a ``Stack``, ready to lower.
  public var stack: Stack {
    Stack(
      description:
        "infragen reference stack: \(options.serviceName) on ECS Fargate behind an ALB, with MySQL, Redis and OpenSearch",
      tags: options.tags
    ) { self }
  }
}
