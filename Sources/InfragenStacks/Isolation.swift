import InfragenCore
import InfragenModel

/// The security groups, chained internet → load balancer (443, and 80 to redirect) → service
/// (the container port) → each data store (its own port), and nothing else.
///
/// Inline rules point down the chain. The two rules that point back up (the service's ingress
/// from the load balancer, the service's egress to each store) are standalone resources, so that
/// no two groups refer to each other and CloudFormation can order their creation.
public struct Isolation: StackComponent {
  let options: ReferenceStack.Options
  let network: Network

  /// The MySQL port.
  public static let databasePort = 3306
  /// The Redis port.
  public static let cachePort = 6379
  /// The OpenSearch HTTPS port.
  public static let searchPort = 443

  /// The load balancer's group: HTTPS and the HTTP redirect from anywhere; sends only to the service.
  public var loadBalancer: SecurityGroup {
    Environment.loadBalancerGroup(
      vpc: network.vpc,
      egress: .only([
        .tcp(options.containerPort, to: .securityGroup(service.ref), description: "To the service's tasks")
      ]))
  }

  /// The service's group: sends HTTPS out (AWS APIs, the image registry) and to the data stores.
  public var service: SecurityGroup {
    SecurityGroup(
      "ServiceSecurityGroup", description: "Service tasks: the container port from the load balancer only",
      vpc: network.vpc,
      egress: .only([
        .tcp(443, to: .anyIPv4, description: "HTTPS to AWS APIs and the image registry")
      ]))
  }

  /// A data store's group: its port from the service's group only; sends nothing.
  private func store(_ id: LogicalID, _ name: String, port: Int) -> SecurityGroup {
    SecurityGroup(
      id, description: "\(name): port \(port) from the service only", vpc: network.vpc,
      ingress: [.tcp(port, from: .securityGroup(service.ref), description: "From the service's tasks")])
  }

  /// MySQL's group.
  public var database: SecurityGroup { store("DatabaseSecurityGroup", "MySQL", port: Self.databasePort) }
  /// Redis's group.
  public var cache: SecurityGroup { store("CacheSecurityGroup", "Redis", port: Self.cachePort) }
  /// OpenSearch's group.
  public var search: SecurityGroup { store("SearchSecurityGroup", "OpenSearch", port: Self.searchPort) }

  /// The groups and their standalone rules.
  public var body: [StackElement] {
    loadBalancer
    service
    database
    cache
    search
    SecurityGroupIngress(
      "ServiceIngressFromLoadBalancer", group: service,
      rule: .tcp(options.containerPort, from: .securityGroup(loadBalancer.ref), description: "From the load balancer"))
    SecurityGroupEgress(
      "ServiceEgressToDatabase", group: service,
      rule: .tcp(Self.databasePort, to: .securityGroup(database.ref), description: "To MySQL"))
    SecurityGroupEgress(
      "ServiceEgressToCache", group: service,
      rule: .tcp(Self.cachePort, to: .securityGroup(cache.ref), description: "To Redis"))
    SecurityGroupEgress(
      "ServiceEgressToSearch", group: service,
      rule: .tcp(Self.searchPort, to: .securityGroup(search.ref), description: "To OpenSearch"))
  }
}
