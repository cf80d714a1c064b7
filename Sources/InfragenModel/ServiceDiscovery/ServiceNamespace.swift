import InfragenCore

/// A Cloud Map private DNS namespace in a VPC, such as `internal`, which ECS Service Connect
/// uses to name the services that other services call (`http://orders.internal:8080`).
/// Lowers to `AWS::ServiceDiscovery::PrivateDnsNamespace`.
/// See [AWS::ServiceDiscovery::PrivateDnsNamespace](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-servicediscovery-privatednsnamespace.html).
public struct ServiceNamespace: Resource, Hashable {
  /// `AWS::ServiceDiscovery::PrivateDnsNamespace`.
  public static let typeName = "AWS::ServiceDiscovery::PrivateDnsNamespace"
  /// The namespace's logical ID.
  public var logicalID: LogicalID
  /// The DNS name, such as `internal`.
  public var name: String
  /// The VPC the names resolve in.
  public var vpc: Reference<VPC>
  /// Tags.
  public var tags: [Tag]

  /// A private namespace `name` in `vpc`.
  public init(_ logicalID: LogicalID, name: String, vpc: VPC, tags: [Tag] = []) {
    self.logicalID = logicalID
    self.name = name
    self.vpc = vpc.ref
    self.tags = tags
  }

  /// The namespace's ARN, which a service's Service Connect configuration names.
  public var arn: Attribute<ServiceNamespace> { Attribute(logicalID, "Arn") }
}

/// How an ECS service takes part in Service Connect: always as a client of the namespace, and,
/// with `server`, also reachable as `discoveryName.namespace:port` through its container's named
/// port. Lowers to the service's `ServiceConnectConfiguration`.
public struct ServiceConnect: Hashable, Sendable {
  /// The name a service is reached by.
  public struct Server: Hashable, Sendable {
    /// The container port's name (the task definition's `PortMappings[].Name`).
    public var portName: String
    /// The name in the namespace, such as `orders`.
    public var discoveryName: String
    /// The port clients use.
    public var port: Int
  }

  /// The namespace's ARN.
  public var namespace: Attribute<ServiceNamespace>
  /// The name it is reached by; `nil` for a client only.
  public var server: Server?

  /// A client of `namespace`.
  public static func client(of namespace: ServiceNamespace) -> ServiceConnect {
    ServiceConnect(namespace: namespace.arn, server: nil)
  }

  /// A client of `namespace`, reachable as `discoveryName` on `port` through the port named `portName`.
  public static func server(
    in namespace: ServiceNamespace, discoveryName: String, portName: String, port: Int
  ) -> ServiceConnect {
    ServiceConnect(
      namespace: namespace.arn, server: Server(portName: portName, discoveryName: discoveryName, port: port))
  }
}
