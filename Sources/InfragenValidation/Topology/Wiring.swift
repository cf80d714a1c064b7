import InfragenCore

/// What load balancers forward to: listener -> default action and listener rules -> target
/// group -> the services, instances or launch templates registered in it, on the target port.
public struct Wiring: Sendable {
  /// A listener of a v2 or classic load balancer.
  public struct Listener: Sendable {
    /// The listener resource (the load balancer itself for a classic one).
    public var resource: LogicalID
    /// Its load balancer, when it is one of the template's; `nil` for one imported or given as a parameter.
    public var loadBalancer: LogicalID?
    /// Its port, when static.
    public var port: Int?
    /// The protocols it accepts: TCP for HTTP, HTTPS, TCP and TLS; UDP for UDP; both for TCP_UDP.
    public var protocols: [NetworkProtocol]
    /// The target groups it and its rules forward to.
    public var targetGroups: [LogicalID]
  }

  /// A target registered in a target group (or behind a classic load balancer).
  public struct Registration: Sendable {
    /// The target group, or the classic load balancer.
    public var targetGroup: LogicalID
    /// The workload registered: a service, an instance, a launch template (through its Auto Scaling group).
    public var target: LogicalID
    /// The port traffic arrives on, when static.
    public var port: Int?
  }

  /// Every listener, in template order.
  public let listeners: [Listener]
  /// Every registration, in template order.
  public let registrations: [Registration]
  /// The subnets an Auto Scaling group gives its launch template or configuration.
  let autoScalingSubnets: [LogicalID: [(id: LogicalID, path: [PathComponent])]]
  /// For each launch template or configuration, the `VPCZoneIdentifier` of every Auto Scaling
  /// group that launches it (`nil` for a group that names none: it launches in the default VPC).
  let autoScalingZones: [LogicalID: [TemplateValue?]]
  /// Each target group's port.
  let targetGroupPorts: [LogicalID: Int]
  /// What each load balancer forwards to, computed once.
  private let forwarded: [LogicalID: [(target: LogicalID, port: Int?)]]
  /// Registrations in target groups that no listener of the template forwards to: their load
  /// balancer is in another stack, or not yet wired.
  public let unattachedRegistrations: [Registration]

  init(_ resolver: Resolver) {
    let template = resolver.template
    let types = resolver.types
    func ids(_ value: TemplateValue?) -> [LogicalID] {
      Values.elements(value).compactMap { Values.target($0.value)?.id }
    }
    // A port as written, or the default of the parameter it names (as rules' ports are read).
    func integer(_ value: TemplateValue?) -> Int? {
      if let port = Values.integer(value) { return port }
      guard case .intrinsic(.ref(let id))? = value else { return nil }
      return Values.integer(template.parameters[id]?["Default"])
    }
    func protocols(_ value: TemplateValue?) -> [NetworkProtocol] {
      switch value?.stringValue?.uppercased() {
      case "UDP": return [.udp]
      case "TCP_UDP": return [.tcp, .udp]
      case "GENEVE": return [.udp]
      default: return [.tcp]
      }
    }
    func forwarded(_ actions: TemplateValue?) -> [LogicalID] {
      var result: [LogicalID] = []
      for action in Values.elements(actions) {
        result += ids(action.value["TargetGroupArn"])
        for group in Values.elements(action.value["ForwardConfig"]?["TargetGroups"]) {
          result += ids(group.value["TargetGroupArn"])
        }
      }
      return result
    }
    var listeners: [Listener] = []
    var listenerIndex: [LogicalID: Int] = [:]
    var registrations: [Registration] = []
    var ports: [LogicalID: Int] = [:]
    var autoScalingSubnets: [LogicalID: [(id: LogicalID, path: [PathComponent])]] = [:]
    var autoScalingZones: [LogicalID: [TemplateValue?]] = [:]
    // A classic load balancer sends to the instance port of each of its listeners.
    var instancePorts: [LogicalID: [Int]] = [:]
    for resource in template.resources {
      switch resource.type {
      case "AWS::ElasticLoadBalancingV2::TargetGroup":
        if let port = integer(resource[property: "Port"]) { ports[resource.logicalID] = port }
      case "AWS::ElasticLoadBalancing::LoadBalancer":
        for listener in Values.elements(resource[property: "Listeners"]) {
          if let port = integer(listener.value["InstancePort"]),
            !(instancePorts[resource.logicalID] ?? []).contains(port)
          {
            instancePorts[resource.logicalID, default: []].append(port)
          }
        }
      default: continue
      }
    }
    for resource in template.resources {
      let properties = resource.properties.map(TemplateValue.object)
      switch resource.type {
      case "AWS::ElasticLoadBalancingV2::Listener":
        let balancer = ids(resource[property: "LoadBalancerArn"]).first {
          types[$0] == "AWS::ElasticLoadBalancingV2::LoadBalancer"
        }
        listenerIndex[resource.logicalID] = listeners.count
        listeners.append(
          Listener(
            resource: resource.logicalID, loadBalancer: balancer, port: integer(resource[property: "Port"]),
            protocols: protocols(resource[property: "Protocol"]),
            targetGroups: forwarded(resource[property: "DefaultActions"])))
      case "AWS::ElasticLoadBalancing::LoadBalancer":
        for listener in Values.elements(properties?["Listeners"]) {
          listeners.append(
            Listener(
              resource: resource.logicalID, loadBalancer: resource.logicalID,
              port: integer(listener.value["LoadBalancerPort"]),
              protocols: [.tcp], targetGroups: [resource.logicalID]))
          for instance in ids(properties?["Instances"]) {
            registrations.append(
              Registration(
                targetGroup: resource.logicalID, target: instance,
                port: integer(listener.value["InstancePort"])))
          }
        }
      case "AWS::ECS::Service":
        for entry in Values.elements(properties?["LoadBalancers"]) {
          let port = integer(entry.value["ContainerPort"])
          for group in ids(entry.value["TargetGroupArn"]) + ids(entry.value["LoadBalancerName"]) {
            for groupPort in instancePorts[group]?.map(Optional.some) ?? [ports[group]] {
              registrations.append(
                Registration(targetGroup: group, target: resource.logicalID, port: port ?? groupPort))
            }
          }
        }
      case "AWS::ElasticLoadBalancingV2::TargetGroup":
        for target in Values.elements(properties?["Targets"]) {
          for id in ids(target.value["Id"]) where WorkloadTable.byType[types[id] ?? ""] != nil {
            registrations.append(
              Registration(
                targetGroup: resource.logicalID, target: id,
                port: integer(target.value["Port"]) ?? ports[resource.logicalID]))
          }
        }
      case "AWS::AutoScaling::AutoScalingGroup":
        var templates = ids(properties?["LaunchTemplate"]?["LaunchTemplateId"])
        templates += ids(properties?["LaunchConfigurationName"])
        templates += ids(
          properties?["MixedInstancesPolicy"]?["LaunchTemplate"]?["LaunchTemplateSpecification"]?["LaunchTemplateId"])
        for launch in templates { autoScalingZones[launch, default: []].append(properties?["VPCZoneIdentifier"]) }
        for element in Values.elements(properties?["VPCZoneIdentifier"]) {
          guard let subnet = Values.target(element.value)?.id else { continue }
          for launch in templates {
            autoScalingSubnets[launch, default: []].append(
              (subnet, [.key("Properties"), .key("VPCZoneIdentifier"), .index(element.index)]))
          }
        }
        for group in ids(properties?["TargetGroupARNs"]) + ids(properties?["LoadBalancerNames"]) {
          for launch in templates {
            for port in instancePorts[group]?.map(Optional.some) ?? [ports[group]] {
              registrations.append(Registration(targetGroup: group, target: launch, port: port))
            }
          }
        }
      default: continue
      }
    }
    for resource in template.resources where resource.type == "AWS::ElasticLoadBalancingV2::ListenerRule" {
      for listener in ids(resource[property: "ListenerArn"]) {
        guard let position = listenerIndex[listener] else { continue }
        listeners[position].targetGroups += forwarded(resource[property: "Actions"])
      }
    }
    self.listeners = listeners
    self.registrations = registrations
    self.autoScalingSubnets = autoScalingSubnets
    self.autoScalingZones = autoScalingZones
    self.targetGroupPorts = ports
    var groups: [LogicalID: Set<LogicalID>] = [:]
    var anyListener = Set<LogicalID>()
    for listener in listeners {
      anyListener.formUnion(listener.targetGroups)
      if let balancer = listener.loadBalancer { groups[balancer, default: []].formUnion(listener.targetGroups) }
    }
    var forwarded: [LogicalID: [(target: LogicalID, port: Int?)]] = [:]
    for (balancer, targetGroups) in groups {
      forwarded[balancer] = registrations.filter { targetGroups.contains($0.targetGroup) }.map { ($0.target, $0.port) }
    }
    self.forwarded = forwarded
    self.unattachedRegistrations = registrations.filter { !anyListener.contains($0.targetGroup) }
  }

  /// The listeners of a load balancer of the template.
  public func listeners(of loadBalancer: LogicalID) -> [Listener] {
    listeners.filter { $0.loadBalancer == loadBalancer }
  }

  /// The workloads a load balancer forwards to, each with the port traffic arrives on.
  public func targets(of loadBalancer: LogicalID) -> [(target: LogicalID, port: Int?)] {
    forwarded[loadBalancer] ?? []
  }

  /// Listener ports on load balancers that are not the template's (imported, parameters).
  public var foreignListenerPorts: Set<Int> {
    Set(listeners.filter { $0.loadBalancer == nil }.compactMap(\.port))
  }
}
