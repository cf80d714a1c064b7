import InfragenCore

/// What each workload that runs code uses: the workloads its task definition (or function, or
/// instance) references by `Ref`, `Fn::GetAtt` or `Fn::Sub`, through a secret attached to them,
/// by a Service Connect or Cloud Map name, or by the EFS file system (or access point) of a mount target.
public struct Uses: Sendable {
  /// For each workload, the workloads it uses and how, in words.
  public let uses: [LogicalID: [LogicalID: String]]
  /// For each workload, what was read: `its task definition 'Task'`, `its properties`.
  public let readFrom: [LogicalID: String]
  /// The ECS cluster whose tasks each instance runs (its properties name the cluster, as the
  /// `ECS_CLUSTER=` line of its user data does).
  public let containerHosts: [LogicalID: LogicalID]
  /// The ECS services of each cluster, and whether their tasks run on the cluster's instances
  /// (bridge or host networking) rather than on their own network interfaces (`awsvpc`).
  public let clusterServices: [LogicalID: [(service: LogicalID, onHosts: Bool)]]

  init(
    _ topology: (template: Template, types: [LogicalID: String], workloads: [Topology.Workload]), _ resolver: Resolver
  ) {
    let template = topology.template
    let types = topology.types
    var isWorkload = Set<LogicalID>()
    for workload in topology.workloads { isWorkload.insert(workload.resource) }
    // Secrets and the workloads they belong to.
    var secretOwners: [LogicalID: [LogicalID]] = [:]
    for resource in template.resources where resource.type == "AWS::SecretsManager::SecretTargetAttachment" {
      guard let secret = resource[property: "SecretId"].flatMap(Values.target)?.id,
        let target = resource[property: "TargetId"].flatMap(Values.target)?.id
      else { continue }
      secretOwners[secret, default: []].append(target)
    }
    for workload in topology.workloads where !workload.role.isCompute {
      guard let resource = resolver.byID[workload.resource], let properties = resource.properties else { continue }
      for id in Self.references(in: .object(properties)) where types[id] == "AWS::SecretsManager::Secret" {
        secretOwners[id, default: []].append(workload.resource)
      }
    }
    // Instances of a cluster stand for their cluster; Cloud Map services for what registers in them.
    var standsFor: [LogicalID: LogicalID] = [:]
    // A file system is reached through its mount targets; an access point is its file system.
    var mountTargets: [LogicalID: [LogicalID]] = [:]
    var accessPoints: [LogicalID: LogicalID] = [:]
    for resource in template.resources {
      switch resource.type {
      case "AWS::RDS::DBInstance", "AWS::DocDB::DBInstance", "AWS::Neptune::DBInstance":
        if let cluster = resource[property: "DBClusterIdentifier"].flatMap(Values.target)?.id {
          standsFor[resource.logicalID] = cluster
        }
      case "AWS::RDS::DBProxyEndpoint", "AWS::RDS::DBProxyTargetGroup":
        if let proxy = resource[property: "DBProxyName"].flatMap(Values.target)?.id {
          standsFor[resource.logicalID] = proxy
        }
      case "AWS::EFS::MountTarget":
        if let system = resource[property: "FileSystemId"].flatMap(Values.target)?.id {
          mountTargets[system, default: []].append(resource.logicalID)
        }
      case "AWS::EFS::AccessPoint":
        if let system = resource[property: "FileSystemId"].flatMap(Values.target)?.id {
          accessPoints[resource.logicalID] = system
        }
      case "AWS::ECS::Service":
        for registry in Values.elements(resource[property: "ServiceRegistries"]) {
          if let service = registry.value["RegistryArn"].flatMap(Values.target)?.id {
            standsFor[service] = resource.logicalID
          }
        }
      default: continue
      }
    }
    // The names other services call a service by.
    var names: [(name: String, service: LogicalID)] = []
    for resource in template.resources where resource.type == "AWS::ECS::Service" {
      for entry in Values.elements(resource[property: "ServiceConnectConfiguration"]?["Services"]) {
        if let name = entry.value["DiscoveryName"]?.stringValue { names.append((name, resource.logicalID)) }
        if let name = entry.value["PortName"]?.stringValue, entry.value["ClientAliases"] == nil {
          names.append((name, resource.logicalID))
        }
        for alias in Values.elements(entry.value["ClientAliases"]) {
          if let name = alias.value["DnsName"]?.stringValue { names.append((name, resource.logicalID)) }
        }
      }
    }
    for resource in template.resources where resource.type == "AWS::ServiceDiscovery::Service" {
      guard let service = standsFor[resource.logicalID], let name = resource[property: "Name"]?.stringValue else {
        continue
      }
      names.append((name, service))
      if let namespace = resource[property: "NamespaceId"].flatMap(Values.target)?.id,
        let domain = resolver.byID[namespace]?[property: "Name"]?.stringValue
      {
        names.append(("\(name).\(domain)", service))
      }
    }
    // Node groups: their launch template's instances are the nodes of an EKS cluster.
    var nodeOf: [LogicalID: (cluster: LogicalID, group: LogicalID)] = [:]
    var clusterServices: [LogicalID: [(service: LogicalID, onHosts: Bool)]] = [:]
    for resource in template.resources {
      switch resource.type {
      case "AWS::EKS::Nodegroup":
        if let cluster = resource[property: "ClusterName"].flatMap(Values.target)?.id,
          let launch = resource[property: "LaunchTemplate"]?["Id"].flatMap(Values.target)?.id
        {
          nodeOf[launch] = (cluster, resource.logicalID)
        }
      case "AWS::ECS::Service":
        guard let cluster = resource[property: "Cluster"].flatMap(Values.target)?.id else { continue }
        let mode = resolver.taskDefinition(of: resource)?[property: "NetworkMode"]?.stringValue
        let onHosts = resource[property: "NetworkConfiguration"] == nil && mode != "awsvpc"
        clusterServices[cluster, default: []].append((resource.logicalID, onHosts))
      default: continue
      }
    }
    var containerHosts: [LogicalID: LogicalID] = [:]
    var uses: [LogicalID: [LogicalID: String]] = [:]
    var readFrom: [LogicalID: String] = [:]
    for workload in topology.workloads where workload.role.isCompute {
      guard let resource = resolver.byID[workload.resource] else { continue }
      var sources: [TemplateValue] = [.object(resource.properties ?? Fields())]
      if resource.type == "AWS::ECS::Service", let definition = resolver.taskDefinition(of: resource) {
        sources.append(.object(definition.properties ?? Fields()))
        readFrom[workload.resource] = "its task definition '\(definition.logicalID)'"
      } else if resource.type == "AWS::Events::Rule", let definition = resolver.scheduledTaskDefinition(of: resource) {
        // A scheduled task uses what its task definition names.
        sources.append(.object(definition.properties ?? Fields()))
        readFrom[workload.resource] = "its task definition '\(definition.logicalID)'"
      } else {
        readFrom[workload.resource] = "its properties"
      }
      var found: [LogicalID: String] = [:]
      func add(_ id: LogicalID, _ how: String) {
        if id != workload.resource && isWorkload.contains(id) && found[id] == nil { found[id] = how }
      }
      if let node = nodeOf[workload.resource] {
        add(node.cluster, "is a node of '\(node.cluster)' (node group '\(node.group)')")
      }
      var strings: [String] = []
      for source in sources {
        for id in Self.references(in: source, strings: &strings) {
          if workload.role == .instance, types[id] == "AWS::ECS::Cluster", containerHosts[workload.resource] == nil {
            containerHosts[workload.resource] = id
          }
          add(id, "references '\(id)'")
          if let other = standsFor[id] { add(other, "references '\(id)' of '\(other)'") }
          for owner in secretOwners[id] ?? [] { add(owner, "uses the secret '\(id)' of '\(owner)'") }
          let system = accessPoints[id] ?? id
          for target in mountTargets[system] ?? [] { add(target, "mounts '\(system)', through its mount targets") }
        }
      }
      for (name, service) in names where strings.contains(where: { Self.mentions($0, host: name) }) {
        add(service, "calls it by its service name '\(name)'")
      }
      uses[workload.resource] = found
    }
    self.uses = uses
    self.readFrom = readFrom
    self.containerHosts = containerHosts
    self.clusterServices = clusterServices
  }

  /// The logical IDs a value references.
  static func references(in value: TemplateValue) -> [LogicalID] {
    var ignored: [String] = []
    return references(in: value, strings: &ignored)
  }

  /// The logical IDs a value references, collecting its literal strings and `Fn::Sub` texts.
  static func references(in value: TemplateValue, strings: inout [String]) -> [LogicalID] {
    var result: [LogicalID] = []
    func visit(_ value: TemplateValue) {
      switch value {
      case .string(let text): strings.append(text)
      case .list(let items): items.forEach(visit)
      case .object(let fields): for field in fields { visit(field.value) }
      case .intrinsic(let intrinsic):
        switch intrinsic {
        case .ref(let id): result.append(LogicalID(id))
        case .getAtt(let id, _): result.append(LogicalID(id))
        case .sub(let text, let variables):
          strings.append(text)
          for name in Self.subNames(text) where variables[name] == nil { result.append(LogicalID(name)) }
          for variable in variables { visit(variable.value) }
        default: visit(intrinsic.argument)
        }
      default: return
      }
    }
    visit(value)
    return result
  }

  /// The names `${Name}` and `${Name.Attribute}` of an `Fn::Sub` text (not `${!Literal}`).
  static func subNames(_ text: String) -> [String] { Intrinsic.subNames(text) }

  /// Whether a text names a host: `http://api:8080`, `api.internal`, `api`.
  static func mentions(_ text: String, host: String) -> Bool {
    let needle = Array(host.utf8)
    guard !needle.isEmpty else { return false }
    let bytes = Array(text.utf8)
    let boundaries = Set("/@=:\"',.; ".utf8)
    guard bytes.count >= needle.count else { return false }
    for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
      guard bytes[start..<(start + needle.count)].elementsEqual(needle) else { continue }
      let before = start == 0 ? nil : bytes[start - 1]
      let after = start + needle.count == bytes.count ? nil : bytes[start + needle.count]
      if (before.map(boundaries.contains) ?? true) && (after.map(boundaries.contains) ?? true) { return true }
    }
    return false
  }
}
