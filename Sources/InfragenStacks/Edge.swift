import InfragenCore
import InfragenModel

/// The internet-facing load balancer: HTTPS on 443 forwarding to the service, HTTP on 80 only
/// redirecting.
public struct Edge: StackComponent {
  let options: ReferenceStack.Options
  let network: Network
  let isolation: Isolation
  let parameters: StackParameters
  let protection: Protection

  /// The load balancer.
  public var loadBalancer: LoadBalancer {
    LoadBalancer(
      "LoadBalancer", subnets: network.publicSubnets, securityGroups: [isolation.loadBalancer],
      deletionProtection: options.loadBalancerDeletionProtection, accessLogs: protection.accessLogPolicy)
  }

  /// The service's target group.
  public var targetGroup: TargetGroup {
    TargetGroup(
      "TargetGroup", vpc: network.vpc, port: options.containerPort,
      healthCheck: TargetGroup.HealthCheck(path: options.healthCheckPath))
  }

  /// The HTTPS listener.
  public var httpsListener: Listener {
    .https(
      "HttpsListener", loadBalancer: loadBalancer,
      certificateARN: TemplateString(parameters.certificateARN.ref), forwardTo: targetGroup)
  }

  /// The HTTP listener that redirects.
  public var httpListener: Listener { .redirectToHTTPS("HttpRedirectListener", loadBalancer: loadBalancer) }

  /// The load balancer, its target group and listeners.
  public var body: [StackElement] {
    loadBalancer
    targetGroup
    httpsListener
    httpListener
  }
}
