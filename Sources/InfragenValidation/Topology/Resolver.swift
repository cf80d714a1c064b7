import InfragenCore

/// Turns a template's resources into the topology's facts.
struct Resolver {
  let template: Template
  let types: [LogicalID: String]
  /// Each resource by logical ID (the first, should a template repeat one).
  let byID: [LogicalID: Template.Resource]

  init(template: Template, types: [LogicalID: String]) {
    self.template = template
    self.types = types
    var byID: [LogicalID: Template.Resource] = [:]
    for resource in template.resources where byID[resource.logicalID] == nil { byID[resource.logicalID] = resource }
    self.byID = byID
  }

  // MARK: Groups and rules

  /// A reference to a security group, resolved when it names one of the template's groups.
  func group(_ value: TemplateValue) -> Peer {
    switch value {
    case .intrinsic(.ref(let id)), .intrinsic(.getAtt(let id, "GroupId")):
      let logicalID = LogicalID(id)
      if types[logicalID] == "AWS::EC2::SecurityGroup" { return .group(logicalID) }
      return unresolved(value)
    default:
      return unresolved(value)
    }
  }

  /// Why a value cannot be resolved statically, in words.
  func unresolved(_ value: TemplateValue) -> Peer {
    switch value {
    case .string(let text) where text.hasPrefix("sg-"): return .unresolved("the literal group ID '\(text)'")
    case .string(let text): return .unresolved("'\(text)'")
    case .intrinsic(.ref(let id)):
      if template.parameters[id] != nil { return .unresolved("the parameter '\(id)'") }
      if let type = types[LogicalID(id)] { return .unresolved("'\(id)' (\(type)), which is not a security group") }
      return .unresolved("'\(id)', which is not declared in the template")
    case .intrinsic(.getAtt(let id, let attribute)):
      if types[LogicalID(id)] == "AWS::EC2::VPC" && attribute == "DefaultSecurityGroup" {
        return .unresolved("the VPC's default security group")
      }
      return .unresolved("'\(id).\(attribute)'")
    case .intrinsic(.function(.importValue, let name)):
      if case .intrinsic(.sub(let text, _)) = name { return .unresolved("the imported value '\(text)'") }
      return .unresolved("the imported value \(Values.describe(name))")
    case .intrinsic(let intrinsic):
      return .unresolved("a value computed by \(intrinsic.name)")
    default:
      return .unresolved(Values.describe(value))
    }
  }

  /// A CIDR property: a literal block, or an unresolved value.
  func cidr(_ value: TemplateValue) -> Peer {
    if case .string(let block) = value { return .cidr(block) }
    return unresolved(value)
  }

  /// The peer of a rule's properties.
  func peer(_ rule: Fields, direction: NetworkRule.Direction) -> Peer {
    let groupKey = direction == .ingress ? "SourceSecurityGroupId" : "DestinationSecurityGroupId"
    let prefixKey = direction == .ingress ? "SourcePrefixListId" : "DestinationPrefixListId"
    if let value = rule[groupKey] { return group(value) }
    if let value = rule["SourceSecurityGroupName"], direction == .ingress {
      if case .intrinsic(.ref) = value { return group(value) }
      return .unresolved("the group named \(Values.describe(value))")
    }
    if let value = rule["CidrIp"] { return cidr(value) }
    if let value = rule["CidrIpv6"] { return cidr(value) }
    if let value = rule[prefixKey] {
      if case .string(let list) = value { return .prefixList(list) }
      return unresolved(value)
    }
    return .unresolved("no source")
  }

  /// The rule of one concrete rule mapping.
  /// The values an `Fn::FindInMap` can take: the entry for literal keys, every entry of the
  /// mapping for a key that is not literal; `nil` for any other value.
  func mappedValues(_ value: TemplateValue) -> [TemplateValue]? {
    guard case .intrinsic(.function(.findInMap, .list(let arguments))) = value, arguments.count >= 3,
      case .string(let name) = arguments[0], let map = template.mappings[name]?.objectValue
    else { return nil }
    let tops = arguments[1].stringValue.map { [$0] } ?? map.keys
    var result: [TemplateValue] = []
    for top in tops {
      guard let entry = map[top]?.objectValue else { continue }
      let seconds = arguments[2].stringValue.map { [$0] } ?? entry.keys
      for second in seconds { if let found = entry[second] { result.append(found) } }
    }
    return result.isEmpty ? nil : result
  }

  /// A rule's fields in every form the template lets them take: `Fn::FindInMap` expanded to its
  /// mapping's values, and a CIDR parameter both as its default and as an unknown value.
  func expanded(_ fields: Fields) -> [Fields] {
    var forms = [fields]
    for key in ["CidrIp", "CidrIpv6", "FromPort", "ToPort", "IpProtocol"] {
      guard let value = fields[key] else { continue }
      var candidates = mappedValues(value) ?? []
      if key.hasPrefix("Cidr"), case .intrinsic(.ref(let id)) = value,
        let fallback = template.parameters[id]?["Default"]
      {
        candidates = [fallback, value]
      }
      guard !candidates.isEmpty else { continue }
      forms = forms.flatMap { form in
        candidates.map { candidate in
          var changed = form
          changed[key] = candidate
          return changed
        }
      }
      if forms.count > 64 { forms = Array(forms.prefix(64)) }
    }
    return forms
  }

  func rule(
    _ fields: Fields, owner: Peer, direction: NetworkRule.Direction, location: Diagnostic.Location
  ) -> NetworkRule {
    let ipProtocol = NetworkProtocol(fields["IpProtocol"])
    var ports = 0...65535
    if ipProtocol.hasPorts || ipProtocol == .icmp || ipProtocol == .icmpv6 {
      let from = Values.integer(fields["FromPort"])
      let to = Values.integer(fields["ToPort"])
      if let from, let to, from >= 0, to >= 0 {
        ports = min(from, to)...max(from, to)
      } else if let from, to == nil, from >= 0 {
        ports = from...from
      }
    }
    var rule = NetworkRule(
      direction: direction, owner: owner, peer: peer(fields, direction: direction),
      ipProtocol: ipProtocol, ports: ports, location: location)
    if case .intrinsic(.ref(let from))? = fields["FromPort"], case .intrinsic(.ref(let to))? = fields["ToPort"],
      from == to
    {
      rule.portParameter = from
    }
    return rule
  }

  /// Every rule of the template: inline on groups and standalone, each `Fn::If` branch counted.
  func rules() -> [NetworkRule] {
    var rules: [NetworkRule] = []
    for resource in template.resources {
      let properties = resource.properties ?? Fields()
      switch resource.type {
      case "AWS::EC2::SecurityGroup":
        for (key, direction) in [
          ("SecurityGroupIngress", NetworkRule.Direction.ingress), ("SecurityGroupEgress", .egress),
        ] {
          for (index, element) in Values.elements(properties[key]) {
            guard case .object(let fields) = element else { continue }
            let location = Diagnostic.Location(resource.logicalID, [.key("Properties"), .key(key), .index(index)])
            for form in expanded(fields) {
              rules.append(rule(form, owner: .group(resource.logicalID), direction: direction, location: location))
            }
          }
        }
      case "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress":
        let direction: NetworkRule.Direction = resource.type.hasSuffix("Ingress") ? .ingress : .egress
        for variant in Values.variants(.object(properties)) {
          guard case .object(let fields) = variant else { continue }
          let owners: [Peer]
          if let groupID = fields["GroupId"] {
            owners = Values.variants(groupID).map(group)
          } else if let name = fields["GroupName"] {
            owners = Values.variants(name).map { value in
              if case .intrinsic(.ref) = value { return group(value) }
              return .unresolved("the group named \(Values.describe(value))")
            }
          } else {
            owners = [.unresolved("no GroupId")]
          }
          for owner in owners {
            for form in expanded(fields) {
              rules.append(
                rule(
                  form, owner: owner, direction: direction,
                  location: Diagnostic.Location(resource.logicalID, [.key("Properties")])))
            }
          }
        }
      default:
        continue
      }
    }
    return rules
  }

  // MARK: Subnets

  /// Subnets that map public IPs on launch, or whose route table routes to an internet gateway.
  func publicSubnets() -> [LogicalID: String] {
    // Every branch of an Fn::If counts: a route, an association or a flag that is public in one
    // branch makes the subnet public.
    func ids(_ value: TemplateValue?) -> [String] {
      guard let value else { return [] }
      return Values.variants(value).compactMap { variant in
        if case .intrinsic(.ref(let id)) = variant { return id }
        return nil
      }
    }
    var gatewayTables: [LogicalID: LogicalID] = [:]
    for resource in template.resources where resource.type == "AWS::EC2::Route" {
      guard let gatewayValue = resource[property: "GatewayId"] else { continue }
      var gateway: LogicalID?
      for variant in Values.variants(gatewayValue) {
        if let target = Values.target(variant), types[target.id] == "AWS::EC2::InternetGateway" {
          gateway = target.id
        } else if case .string(let literal) = variant, literal.hasPrefix("igw-") {
          gateway = LogicalID(literal)
        }
      }
      guard let gateway else { continue }
      for table in ids(resource[property: "RouteTableId"]) { gatewayTables[LogicalID(table)] = gateway }
    }
    var result: [LogicalID: String] = [:]
    for resource in template.resources {
      switch resource.type {
      case "AWS::EC2::Subnet":
        if let flag = resource[property: "MapPublicIpOnLaunch"],
          Values.variants(flag).contains(where: { Values.boolean($0) == true })
        {
          result[resource.logicalID] = "it maps public IPs on launch"
        }
      case "AWS::EC2::SubnetRouteTableAssociation":
        for table in ids(resource[property: "RouteTableId"]) {
          guard let gateway = gatewayTables[LogicalID(table)] else { continue }
          for subnet in ids(resource[property: "SubnetId"]) where result[LogicalID(subnet)] == nil {
            result[LogicalID(subnet)] = "its route table '\(table)' routes to the internet gateway '\(gateway)'"
          }
        }
      default: continue
      }
    }
    return result
  }

  // MARK: Attachments

  /// The groups listed under a path of a resource's properties.
  func groups(_ resource: Template.Resource, _ path: [String]) -> [Peer] {
    var value: TemplateValue? = resource.properties.map(TemplateValue.object)
    for key in path { value = value?[key] }
    return Values.elements(value).map { group($0.value) }
  }

  /// The subnets listed under a value, by reference.
  /// The subnets listed under a value that are not subnets of the template, described.
  func unresolvedSubnets(_ value: TemplateValue?, path: [PathComponent]) -> [(what: String, path: [PathComponent])] {
    guard let value else { return [] }
    if case .intrinsic(.ref(let id)) = value, template.parameters[id] != nil {
      return [("the parameter '\(id)'", path)]
    }
    var result: [(what: String, path: [PathComponent])] = []
    for element in Values.elements(value) {
      if case .intrinsic(.ref(let id)) = element.value, types[LogicalID(id)] == "AWS::EC2::Subnet" { continue }
      if case .list = element.value { continue }
      if case .unresolved(let what) = unresolved(element.value) {
        result.append((what, path + [.index(element.index)]))
      }
    }
    return result
  }

  func subnets(_ value: TemplateValue?, path: [PathComponent]) -> [(id: LogicalID, path: [PathComponent])] {
    Values.elements(value).compactMap { element in
      guard case .intrinsic(.ref(let id)) = element.value else { return nil }
      return (LogicalID(id), path + [.index(element.index)])
    }
  }

  /// What cannot be resolved about a store's subnet group: a group that is a parameter or an
  /// import, or subnets of its group that are.
  func unresolvedSubnetGroup(_ resource: Template.Resource, _ key: String) -> [(what: String, path: [PathComponent])] {
    guard let value = resource[property: key] else { return [] }
    let path: [PathComponent] = [.key("Properties"), .key(key)]
    var result: [(what: String, path: [PathComponent])] = []
    for variant in Values.variants(value) {
      switch variant {
      case .intrinsic(.ref(let id)) where byID[LogicalID(id)] != nil:
        result += unresolvedSubnets(byID[LogicalID(id)]?[property: "SubnetIds"], path: path).map { ($0.what, path) }
      case .string: continue
      default:
        if case .unresolved(let what) = unresolved(variant) { result.append(("the subnet group \(what)", path)) }
      }
    }
    return result
  }

  /// The subnets of the subnet group a store names by `Ref` under `key`, each with the path of
  /// the store's own `key` property.
  func subnetGroupSubnets(_ resource: Template.Resource, _ key: String) -> [(id: LogicalID, path: [PathComponent])] {
    var groups: [Template.Resource] = []
    for variant in Values.variants(resource[property: key] ?? .null) {
      switch variant {
      case .intrinsic(.ref(let id)): if let group = byID[LogicalID(id)] { groups.append(group) }
      case .string(let name):
        // A subnet group named by its physical name, declared in the same template.
        groups += template.resources.filter {
          $0.type.hasSuffix("SubnetGroup") && ($0[property: key]?.stringValue?.lowercased() == name.lowercased())
        }
      default: continue
      }
    }
    return groups.flatMap { group in
      subnets(group[property: "SubnetIds"], path: []).map { ($0.id, [.key("Properties"), .key(key)]) }
    }
  }

  static let defaultPorts: [String: Int] = [
    "mysql": 3306, "mariadb": 3306, "aurora": 3306, "aurora-mysql": 3306, "postgres": 5432,
    "aurora-postgresql": 5432, "oracle-ee": 1521, "oracle-se2": 1521, "oracle-ee-cdb": 1521,
    "oracle-se2-cdb": 1521, "sqlserver-ee": 1433, "sqlserver-se": 1433, "sqlserver-ex": 1433,
    "sqlserver-web": 1433, "db2-se": 50000, "db2-ae": 50000, "redis": 6379, "valkey": 6379,
    "memcached": 11211,
  ]

  func port(_ resource: Template.Resource, engineDefault: Int) -> Set<Int> {
    if let port = Values.integer(resource[property: "Port"]) { return [port] }
    if let value = resource[property: "Port"], let mapped = mappedValues(value) {
      return Set(mapped.compactMap { Values.integer($0) })
    }
    if case .intrinsic(.ref(let id))? = resource[property: "Port"],
      let fallback = Values.integer(template.parameters[id]?["Default"])
    {
      return [fallback]
    }
    if resource[property: "Port"] != nil { return [] }
    if case .string(let engine)? = resource[property: "Engine"], let port = Self.defaultPorts[engine.lowercased()] {
      return [port]
    }
    return [engineDefault]
  }

  /// Every resource that carries security groups, with its role, ports and placement.
  func attachments() -> [Topology.Attachment] {
    var listenerPorts: [LogicalID: Set<Int>] = [:]
    for resource in template.resources where resource.type == "AWS::ElasticLoadBalancingV2::Listener" {
      guard case .intrinsic(.ref(let lb))? = resource[property: "LoadBalancerArn"],
        let port = Values.integer(resource[property: "Port"])
      else { continue }
      listenerPorts[LogicalID(lb), default: []].insert(port)
    }
    var result: [Topology.Attachment] = []
    func add(
      _ resource: Template.Resource, _ role: Topology.Role, _ path: [String], ports: Set<Int>,
      internetFacing: Bool = false, subnets: [(id: LogicalID, path: [PathComponent])] = [],
      unresolvedSubnets: [(what: String, path: [PathComponent])] = []
    ) {
      var attachment = Topology.Attachment(
        resource: resource.logicalID, type: resource.type, role: role, groups: groups(resource, path),
        groupsPath: [.key("Properties")] + path.map(PathComponent.key), ports: ports,
        internetFacing: internetFacing, subnets: subnets)
      attachment.unresolvedSubnets = unresolvedSubnets
      if case .intrinsic(.ref(let id))? = resource[property: "Port"], template.parameters[id] != nil {
        attachment.portParameter = id
      }
      result.append(attachment)
    }
    for resource in template.resources {
      let properties = resource.properties.map(TemplateValue.object)
      switch resource.type {
      case "AWS::ElasticLoadBalancingV2::LoadBalancer":
        let scheme = resource[property: "Scheme"]?.stringValue ?? "internet-facing"
        add(
          resource, .loadBalancer, ["SecurityGroups"], ports: listenerPorts[resource.logicalID] ?? [],
          internetFacing: scheme != "internal",
          subnets: subnets(properties?["Subnets"], path: [.key("Properties"), .key("Subnets")]))
      case "AWS::ElasticLoadBalancing::LoadBalancer":
        let ports = Values.elements(properties?["Listeners"]).compactMap {
          Values.integer($0.value["LoadBalancerPort"])
        }
        add(
          resource, .loadBalancer, ["SecurityGroups"], ports: Set(ports),
          internetFacing: resource[property: "Scheme"]?.stringValue != "internal")
      case "AWS::ECS::Service":
        var ports = Set<Int>()
        for element in Values.elements(properties?["LoadBalancers"]) {
          if let port = Values.integer(element.value["ContainerPort"]) {
            ports.insert(port)
          } else if let target = element.value["TargetGroupArn"].flatMap(Values.target),
            let port = Values.integer(byID[target.id]?[property: "Port"])
          {
            ports.insert(port)
          }
        }
        let path = [
          PathComponent.key("Properties"), .key("NetworkConfiguration"), .key("AwsvpcConfiguration"), .key("Subnets"),
        ]
        let subnetList = properties?["NetworkConfiguration"]?["AwsvpcConfiguration"]?["Subnets"]
        add(
          resource, .service, ["NetworkConfiguration", "AwsvpcConfiguration", "SecurityGroups"], ports: ports,
          subnets: subnets(subnetList, path: path), unresolvedSubnets: unresolvedSubnets(subnetList, path: path))
      case "AWS::RDS::DBInstance":
        if resource[property: "DBClusterIdentifier"] != nil && resource[property: "VPCSecurityGroups"] == nil {
          continue
        }
        add(
          resource, .database, ["VPCSecurityGroups"], ports: port(resource, engineDefault: 3306),
          subnets: subnetGroupSubnets(resource, "DBSubnetGroupName"),
          unresolvedSubnets: unresolvedSubnetGroup(resource, "DBSubnetGroupName"))
      case "AWS::RDS::DBCluster", "AWS::DocDB::DBCluster", "AWS::Neptune::DBCluster":
        let engineDefault = ["AWS::DocDB::DBCluster": 27017, "AWS::Neptune::DBCluster": 8182][resource.type] ?? 3306
        add(
          resource, .database, ["VpcSecurityGroupIds"], ports: port(resource, engineDefault: engineDefault),
          subnets: subnetGroupSubnets(resource, "DBSubnetGroupName"),
          unresolvedSubnets: unresolvedSubnetGroup(resource, "DBSubnetGroupName"))
      case "AWS::ElastiCache::ReplicationGroup":
        add(
          resource, .cache, ["SecurityGroupIds"], ports: port(resource, engineDefault: 6379),
          subnets: subnetGroupSubnets(resource, "CacheSubnetGroupName"),
          unresolvedSubnets: unresolvedSubnetGroup(resource, "CacheSubnetGroupName"))
      case "AWS::ElastiCache::CacheCluster":
        add(
          resource, .cache, ["VpcSecurityGroupIds"], ports: port(resource, engineDefault: 6379),
          subnets: subnetGroupSubnets(resource, "CacheSubnetGroupName"),
          unresolvedSubnets: unresolvedSubnetGroup(resource, "CacheSubnetGroupName"))
      case "AWS::ElastiCache::ServerlessCache":
        add(
          resource, .cache, ["SecurityGroupIds"], ports: [6379, 6380],
          subnets: subnets(properties?["SubnetIds"], path: [.key("Properties"), .key("SubnetIds")]))
      case "AWS::OpenSearchService::Domain", "AWS::Elasticsearch::Domain":
        let path: [PathComponent] = [.key("Properties"), .key("VPCOptions"), .key("SubnetIds")]
        add(
          resource, .search, ["VPCOptions", "SecurityGroupIds"], ports: [443],
          subnets: subnets(properties?["VPCOptions"]?["SubnetIds"], path: path),
          unresolvedSubnets: unresolvedSubnets(properties?["VPCOptions"]?["SubnetIds"], path: path))
      default:
        continue
      }
    }
    return result
  }
}
