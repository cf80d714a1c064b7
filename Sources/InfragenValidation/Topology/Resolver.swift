import InfragenCore

/// Turns a template's resources into the topology's facts.
struct Resolver {
  let template: Template
  let types: [LogicalID: String]
  /// Each resource by logical ID (the first, should a template repeat one).
  let byID: [LogicalID: Template.Resource]

  /// A resolver over a template, given each logical ID's first resource and its type.
  init(template: Template, types: [LogicalID: String], byID: [LogicalID: Template.Resource]) {
    self.template = template
    self.types = types
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
    case .intrinsic(.function(.select, .list(let arguments))) where arguments.count == 2:
      // An element of a list parameter or import: named by the list.
      guard case .unresolved(let list) = unresolved(arguments[1]), !list.hasPrefix("a value computed") else {
        return .unresolved("a value computed by Fn::Select")
      }
      return .unresolved("an element of \(list)")
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
    // Keys looked up with the same deploy-time keys in the same mapping take one entry together:
    // FromPort and ToPort from `!FindInMap [Ports, !Ref Engine, From|To]` give one range per engine.
    var joint: [String: [(key: String, second: TemplateValue)]] = [:]
    var order: [String] = []
    for key in Self.ruleKeys {
      guard case .intrinsic(.function(.findInMap, .list(let arguments)))? = fields[key], arguments.count >= 3,
        case .string(let name) = arguments[0], template.mappings[name] != nil, arguments[1].stringValue == nil
      else { continue }
      let group = "\(name)|\(arguments[1])"
      if joint[group] == nil { order.append(group) }
      joint[group, default: []].append((key, arguments[2]))
    }
    var handled = Set<String>()
    for group in order {
      guard let members = joint[group], members.count > 1,
        let name = group.split(separator: "|").first.map(String.init),
        let map = template.mappings[name]?.objectValue
      else { continue }
      var entries: [[(String, TemplateValue)]] = []
      for top in map.keys {
        guard let entry = map[top]?.objectValue else { continue }
        var values: [(String, TemplateValue)] = []
        for member in members {
          guard let second = member.second.stringValue, let found = entry[second] else { continue }
          values.append((member.key, found))
        }
        if values.count == members.count { entries.append(values) }
      }
      guard !entries.isEmpty else { continue }
      members.forEach { handled.insert($0.key) }
      forms = forms.flatMap { form in
        entries.map { values in
          var changed = form
          for (key, value) in values { changed[key] = value }
          return changed
        }
      }
      if forms.count > 64 { forms = Array(forms.prefix(64)) }
    }
    for key in Self.ruleKeys where !handled.contains(key) {
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

  static let ruleKeys = ["CidrIp", "CidrIpv6", "FromPort", "ToPort", "IpProtocol"]

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
          for (index, element) in Values.items(properties[key]) {
            let location = Diagnostic.Location(resource.logicalID, [.key("Properties"), .key(key), .index(index)])
            for branch in Values.branches(element) {
              guard case .object(let chosen) = branch else { continue }
              for form in expanded(chosen) {
                rules.append(rule(form, owner: .group(resource.logicalID), direction: direction, location: location))
              }
            }
          }
        }
      case "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress":
        let direction: NetworkRule.Direction = resource.type.hasSuffix("Ingress") ? .ingress : .egress
        for variant in Values.branches(.object(properties)) {
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

  /// What the template says of its subnets: which are public and why, which route to an
  /// internet gateway, which map public IPs on launch, and each one's CIDR block.
  struct Subnets: Sendable {
    var `public`: [LogicalID: String] = [:]
    var routed = Set<LogicalID>()
    var mapsPublicIP = Set<LogicalID>()
    var cidrs: [LogicalID: String] = [:]
  }

  /// Subnets that map public IPs on launch, or whose route table routes to an internet gateway.
  func publicSubnets() -> Subnets {
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
    var result = Subnets()
    for resource in template.resources {
      switch resource.type {
      case "AWS::EC2::Subnet":
        if let flag = resource[property: "MapPublicIpOnLaunch"],
          Values.variants(flag).contains(where: { Values.boolean($0) == true })
        {
          result.public[resource.logicalID] = "it maps public IPs on launch"
          result.mapsPublicIP.insert(resource.logicalID)
        }
        if case .string(let block)? = resource[property: "CidrBlock"] { result.cidrs[resource.logicalID] = block }
      case "AWS::EC2::SubnetRouteTableAssociation":
        for table in ids(resource[property: "RouteTableId"]) {
          guard let gateway = gatewayTables[LogicalID(table)] else { continue }
          for subnet in ids(resource[property: "SubnetId"]) {
            result.routed.insert(LogicalID(subnet))
            if result.public[LogicalID(subnet)] == nil {
              result.public[LogicalID(subnet)] =
                "its route table '\(table)' routes to the internet gateway '\(gateway)'"
            }
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

  /// The values under a path of a resource's properties, each with its path; `*` walks each
  /// element of a list, and both branches of an `Fn::If` are taken.
  func values(_ resource: Template.Resource, _ path: [String]) -> [(value: TemplateValue, path: [PathComponent])] {
    var result: [(TemplateValue, [PathComponent])] = []
    func walk(_ value: TemplateValue, _ rest: ArraySlice<String>, _ at: [PathComponent]) {
      if Values.isNoValue(value) { return }
      if case .intrinsic(.if(_, let whenTrue, let whenFalse)) = value {
        walk(whenTrue, rest, at)
        walk(whenFalse, rest, at)
        return
      }
      guard let key = rest.first else {
        result.append((value, at))
        return
      }
      switch value {
      case .object(let fields) where key != "*":
        if let inner = fields[key] { walk(inner, rest.dropFirst(), at + [.key(key)]) }
      case .list(let items) where key == "*":
        for (index, item) in items.enumerated() { walk(item, rest.dropFirst(), at + [.index(index)]) }
      default: return
      }
    }
    if let properties = resource.properties { walk(.object(properties), path[...], [.key("Properties")]) }
    return result
  }

  /// The ports of a resource from its `Port` property or engine.
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
    if case .string(let engine)? = resource[property: "Engine"],
      let port = WorkloadTable.enginePorts[engine.lowercased()]
    {
      return [port]
    }
    return [engineDefault]
  }

  /// The task definition of an ECS service, when it is one of the template's.
  func taskDefinition(of service: Template.Resource) -> Template.Resource? {
    guard let value = service[property: "TaskDefinition"], let target = Values.target(value) else { return nil }
    return byID[target.id]
  }

  /// The task definition an EventBridge rule's first ECS target runs, when the template defines it.
  func scheduledTaskDefinition(of rule: Template.Resource) -> Template.Resource? {
    for target in Values.elements(rule[property: "Targets"]) {
      if let value = target.value["EcsParameters"]?["TaskDefinitionArn"], let id = Values.target(value)?.id {
        return byID[id]
      }
    }
    return nil
  }

  /// Every resource that carries security groups, read from ``WorkloadTable``.
  func workloads(wiring: Wiring, subnets facts: Subnets) -> [Topology.Workload] {
    var listenerPorts: [LogicalID: Set<Int>] = [:]
    for listener in wiring.listeners {
      guard let balancer = listener.loadBalancer, let port = listener.port else { continue }
      listenerPorts[balancer, default: []].insert(port)
    }
    // Elastic IPs give their instance or network interface a public address.
    var elasticIPs: [LogicalID: LogicalID] = [:]
    for resource in template.resources
    where resource.type == "AWS::EC2::EIP" || resource.type == "AWS::EC2::EIPAssociation" {
      for key in ["InstanceId", "NetworkInterfaceId"] {
        if let target = resource[property: key].flatMap(Values.target)?.id, elasticIPs[target] == nil {
          elasticIPs[target] = resource.logicalID
        }
      }
    }
    var result: [Topology.Workload] = []
    for declared in template.resources {
      guard let line = WorkloadTable.byType[declared.type] else { continue }
      var resource = declared
      if resource.type == "AWS::Serverless::Function", resource[property: "VpcConfig"] == nil,
        let vpc = template.globals["Function"]?["VpcConfig"]
      {
        // SAM's Globals give the function its VPC configuration.
        var properties = resource.properties ?? Fields()
        properties["VpcConfig"] = vpc
        resource.properties = properties
      }
      if resource.type == "AWS::RDS::DBInstance" && resource[property: "DBClusterIdentifier"] != nil
        && resource[property: "VPCSecurityGroups"] == nil
      {
        continue  // an instance of a cluster: the cluster carries the groups.
      }
      if resource.type == "AWS::EC2::VPCEndpoint",
        let kind = resource[property: "VpcEndpointType"]?.stringValue, kind != "Interface"
      {
        continue  // gateway endpoints carry no groups.
      }
      var groups: [Peer] = []
      var groupPaths: [[PathComponent]] = []
      for path in line.groups {
        for list in values(resource, path) {
          for element in Values.elements(list.value) {
            if case .list = element.value { continue }
            groups.append(group(element.value))
            groupPaths.append(list.path + (isList(list.value) ? [.index(element.index)] : []))
          }
        }
      }
      // A function or instance with no group is outside the VPC, or takes the default group; a
      // rule with no ECS task in a VPC is not a workload.
      if groups.isEmpty && (line.role == .function || line.role == .instance || line.type == "AWS::Events::Rule") {
        continue
      }
      var placed: [(id: LogicalID, path: [PathComponent])] = []
      var unresolved: [(what: String, path: [PathComponent])] = []
      var anySubnet = false
      for path in line.subnets {
        for list in values(resource, path) {
          anySubnet = true
          let base = list.path
          if isList(list.value) {
            placed += subnets(list.value, path: base)
            unresolved += unresolvedSubnets(list.value, path: base)
          } else {
            placed += subnets(.list([list.value]), path: base).map { ($0.id, base) }
            unresolved += unresolvedSubnets(.list([list.value]), path: base).map { ($0.what, base) }
          }
        }
      }
      if let key = line.subnetGroup {
        if resource[property: key] != nil { anySubnet = true }
        placed += subnetGroupSubnets(resource, key)
        unresolved += unresolvedSubnetGroup(resource, key)
      }
      if let fromGroup = wiring.autoScalingSubnets[resource.logicalID] {
        anySubnet = true
        placed += fromGroup
      }
      // Launched by Auto Scaling groups: in their subnets, or in the default VPC when one names none.
      var launchedInDefaultVPC = false
      for zones in wiring.autoScalingZones[resource.logicalID] ?? [] {
        guard let zones else {
          launchedInDefaultVPC = true
          continue
        }
        anySubnet = true
        unresolved += unresolvedSubnets(zones, path: [.key("Properties"), .key("VPCZoneIdentifier")])
      }
      var ports: Set<Int>
      switch line.ports {
      case .listeners: ports = listenerPorts[resource.logicalID] ?? []
      case .classicListeners:
        ports = Set(wiring.listeners(of: resource.logicalID).compactMap(\.port))
      case .containers:
        ports = Set(wiring.registrations.filter { $0.target == resource.logicalID }.compactMap(\.port))
        if let definition = taskDefinition(of: resource) {
          for container in Values.elements(definition[property: "ContainerDefinitions"]) {
            for mapping in Values.elements(container.value["PortMappings"]) {
              if let port = Values.integer(mapping.value["ContainerPort"]) { ports.insert(port) }
            }
          }
        }
      case .port(let fallback): ports = port(resource, engineDefault: fallback)
      case .proxy:
        ports =
          WorkloadTable.proxyPorts[resource[property: "EngineFamily"]?.stringValue?.uppercased() ?? ""]
          .map { [$0] } ?? []
      case .fixed(let fixed):
        ports = Set(fixed)
        if resource.type.hasPrefix("AWS::ElastiCache::ServerlessCache"),
          resource[property: "Engine"]?.stringValue?.lowercased() == "memcached"
        {
          ports = [11211, 11212]
        }
      case .none: ports = []
      }
      var publicIP = false
      var reason: String?
      for path in line.publicIP {
        for found in values(resource, path) {
          let text = found.value.stringValue?.uppercased()
          if Values.boolean(found.value) == true || text == "ENABLED" {
            publicIP = true
            reason = "\(PathComponent.render(Array(found.path.dropFirst()))) gives it a public IP"
          }
        }
      }
      let inDefaultVPC = (line.defaultVPCWithoutSubnets || launchedInDefaultVPC) && !anySubnet
      if !publicIP, line.role == .instance {
        let explicit =
          values(resource, ["NetworkInterfaces", "*", "AssociatePublicIpAddress"])
          + values(resource, ["LaunchTemplateData", "NetworkInterfaces", "*", "AssociatePublicIpAddress"])
          + values(resource, ["AssociatePublicIpAddress"])
        let refused = explicit.contains { Values.boolean($0.value) == false }
        if let address = elasticIPs[resource.logicalID] {
          publicIP = true
          reason = "the Elastic IP '\(address)' is associated with it"
        } else if refused {
          // AssociatePublicIpAddress: false: no public IP, whatever the subnet.
        } else if let subnet = placed.first(where: { facts.mapsPublicIP.contains($0.id) }) {
          publicIP = true
          reason = "its subnet '\(subnet.id)' maps public IPs on launch"
        } else if inDefaultVPC {
          publicIP = true
          reason =
            launchedInDefaultVPC
            ? "its Auto Scaling group names no subnet, so it launches in the default VPC, whose subnets give public IPs"
            : "it names no subnet, so it runs in the default VPC, whose subnets give public IPs"
        } else if let subnet = unresolved.first {
          publicIP = true
          reason = "its subnet is \(subnet.what), which may map public IPs on launch"
        }
      }
      let scheme = resource[property: "Scheme"]?.stringValue ?? "internet-facing"
      var workload = Topology.Workload(
        resource: resource.logicalID, type: resource.type, role: line.role, groups: groups, groupPaths: groupPaths,
        ports: ports, internetFacing: line.role == .loadBalancer && scheme != "internal", publicIP: publicIP,
        publicIPReason: reason, subnets: placed)
      workload.unresolvedSubnets = unresolved
      workload.inDefaultVPC = inDefaultVPC
      if case .intrinsic(.ref(let id))? = resource[property: "Port"], template.parameters[id] != nil {
        workload.portParameter = id
      }
      result.append(workload)
    }
    return result
  }

  func isList(_ value: TemplateValue) -> Bool {
    if case .list = value { return true }
    if case .intrinsic(.if(_, let a, let b)) = value { return isList(a) || isList(b) }
    return false
  }
}
