import InfragenCore
import InfragenValidation

/// Where a resource of the live network came from: its live ID, what it is, and the stack
/// and logical ID its CloudFormation tags name.
public struct LiveOrigin: Sendable, Hashable {
  /// `sg-0123…`, `sgr-0123…`, a load balancer's name, a database's identifier.
  public var liveID: String
  /// `security group`, `ingress rule`, `database`, ...
  public var kind: String
  /// `aws:cloudformation:stack-name`, when tagged.
  public var stack: String?
  /// `aws:cloudformation:logical-id`, when tagged.
  public var taggedLogicalID: String?
  /// The snapshot file it was read from.
  public var file: String
  /// What else the snapshot says of it: a task interface's public IP.
  public var note: String?

  /// `sg-0123 (stack 'shop')`.
  public var description: String {
    var text = liveID
    if let stack { text += " (stack '\(stack)')" }
    if let note { text += "; \(note)" }
    return text
  }
}

/// A workload a template declares, for naming the live one that carries the same groups.
public struct KnownWorkload: Sendable, Hashable {
  /// Its role.
  public var role: Topology.Role
  /// Its groups' logical IDs.
  public var groups: Set<LogicalID>
  /// Its logical ID.
  public var id: LogicalID

  /// A workload of a template.
  public init(role: Topology.Role, groups: Set<LogicalID>, id: LogicalID) {
    self.role = role
    self.groups = groups
    self.id = id
  }
}

/// The live network of a snapshot as a CloudFormation template, so that the validator's
/// topology, flows and rules read it as they read any template.
///
/// Security groups, their rules (each rule a resource named by its live ID), subnets, route
/// tables and network ACLs become the resources they were created from; each workload (load
/// balancer, ECS service, database, cache, search domain, Lambda function, instance, interface
/// endpoint) becomes its type with the groups and subnets it carries live. Network interfaces tie
/// the rest: a task's public IP makes its service public, a cache's interfaces give it its
/// groups, and an interface with groups that no workload explains is a workload of its own.
///
/// A resource's logical ID is its `aws:cloudformation:logical-id` tag; a workload without one
/// takes the logical ID of the template's workload of the same role that carries the same groups
/// (with `--against`), else a name made from its live ID.
public struct LiveNetwork: Sendable {
  /// The live network as a template.
  public let template: Template
  /// Where each resource came from.
  public let origins: [LogicalID: LiveOrigin]

  /// The live network of a snapshot, its workloads named after `known` ones where they match.
  public init(_ snapshot: Snapshot, matching known: [KnownWorkload] = []) {
    var builder = Builder(snapshot: snapshot, known: known)
    builder.build()
    var template = Template(description: "The live network of the snapshot \(snapshot.directory)")
    template.resources = builder.resources
    self.template = template
    self.origins = builder.origins
  }
}

// MARK: Reading the AWS CLI's JSON

extension TemplateValue {
  fileprivate func text(_ key: String) -> String? { self[key]?.stringValue }
  fileprivate func number(_ key: String) -> Int? {
    switch self[key] {
    case .integer(let value)?: return value
    case .string(let text)?: return Int(text)
    default: return nil
    }
  }
  fileprivate func flag(_ key: String) -> Bool? {
    if case .boolean(let value)? = self[key] { return value }
    return nil
  }
  fileprivate func items(_ key: String) -> [TemplateValue] { self[key]?.listValue ?? [] }
  /// A tag's value: EC2's and RDS's `{Key, Value}`, ECS's `{key, value}`.
  fileprivate func tag(_ name: String) -> String? {
    for list in ["Tags", "TagList", "tags", "TagSet"] {
      for tag in items(list) where (tag.text("Key") ?? tag.text("key")) == name {
        return tag.text("Value") ?? tag.text("value")
      }
    }
    return nil
  }
}

private struct Builder {
  let snapshot: Snapshot
  let known: [KnownWorkload]
  var resources: [Template.Resource] = []
  var origins: [LogicalID: LiveOrigin] = [:]
  /// Logical IDs by live ID (groups, subnets, route tables, target groups, load balancers, ...).
  var ids: [String: LogicalID] = [:]
  /// Each live group's logical ID, and the live groups each workload carries.
  var groupsOfWorkload: [LogicalID: [String]] = [:]
  var used = Set<String>()
  var dbSubnetGroups: [String: LogicalID] = [:]
  /// Each resource's index in `resources`.
  var positions: [LogicalID: Int] = [:]

  init(snapshot: Snapshot, known: [KnownWorkload]) {
    self.snapshot = snapshot
    self.known = known
  }

  /// The file a command's items come from, for origins.
  func file(_ service: String, _ command: String) -> String {
    snapshot.files.first { $0.command.service == service && $0.command.command == command }?.path
      ?? snapshot.directory
  }

  /// A logical ID of the template not yet taken: `preferred` (a tag's), else one made from the live ID.
  mutating func name(_ preferred: String?, live: String) -> LogicalID {
    var base = preferred.flatMap { $0.isEmpty ? nil : String($0.filter { $0.isLetter || $0.isNumber }) } ?? ""
    if base.isEmpty {
      let tail = live.split(separator: "/").last.map(String.init) ?? live
      base = tail.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { part in
        part.prefix(1).uppercased() + part.dropFirst()
      }.joined()
      if base.first?.isNumber != false { base = "Live" + base }
    }
    var candidate = base
    var suffix = 2
    while !used.insert(candidate).inserted {
      candidate = base + String(suffix)
      suffix += 1
    }
    return LogicalID(candidate)
  }

  mutating func add(
    _ id: LogicalID, _ type: String, _ properties: Fields, origin: LiveOrigin
  ) {
    positions[id] = resources.count
    resources.append(Template.Resource(id, type: type, properties: properties))
    origins[id] = origin
  }

  func reference(_ live: String) -> TemplateValue {
    ids[live].map { .ref($0) } ?? .string(live)
  }

  func references(_ lives: [String]) -> TemplateValue { .list(lives.map(reference)) }

  /// The logical ID of a workload: its tag, else a known workload of the role with these groups.
  mutating func workloadName(_ item: TemplateValue?, role: Topology.Role, groups: [String], live: String) -> LogicalID {
    let tagged = item?.tag("aws:cloudformation:logical-id")
    if tagged == nil {
      let names = Set(groups.compactMap { ids[$0] })
      if !names.isEmpty, let match = known.first(where: { $0.role == role && $0.groups == names }),
        !used.contains(match.id.rawValue)
      {
        return name(match.id.rawValue, live: live)
      }
    }
    return name(tagged, live: live)
  }

  func origin(_ item: TemplateValue?, _ live: String, _ kind: String, _ file: String) -> LiveOrigin {
    LiveOrigin(
      liveID: live, kind: kind, stack: item?.tag("aws:cloudformation:stack-name"),
      taggedLogicalID: item?.tag("aws:cloudformation:logical-id"), file: file)
  }

  // MARK: The network

  mutating func build() {
    subnets()
    routeTables()
    networkACLs()
    securityGroups()
    loadBalancers()
    services()
    databases()
    caches()
    searchDomains()
    functions()
    instances()
    endpoints()
    networkInterfaces()
  }

  mutating func subnets() {
    let file = file("ec2", "describe-subnets")
    for subnet in snapshot.items("ec2", "describe-subnets") {
      guard let live = subnet.text("SubnetId") else { continue }
      let id = name(subnet.tag("aws:cloudformation:logical-id"), live: live)
      ids[live] = id
      var properties: Fields = ["VpcId": .string(subnet.text("VpcId") ?? "")]
      if let block = subnet.text("CidrBlock") { properties["CidrBlock"] = .string(block) }
      if let zone = subnet.text("AvailabilityZone") { properties["AvailabilityZone"] = .string(zone) }
      if subnet.flag("MapPublicIpOnLaunch") == true { properties["MapPublicIpOnLaunch"] = true }
      add(id, "AWS::EC2::Subnet", properties, origin: origin(subnet, live, "subnet", file))
    }
  }

  mutating func routeTables() {
    let file = file("ec2", "describe-route-tables")
    let subnets = snapshot.items("ec2", "describe-subnets")
    var associated = Set<String>()
    let tables = snapshot.items("ec2", "describe-route-tables")
    for table in tables {
      for association in table.items("Associations") {
        if let subnet = association.text("SubnetId") { associated.insert(subnet) }
      }
    }
    for table in tables {
      guard let live = table.text("RouteTableId") else { continue }
      let id = name(table.tag("aws:cloudformation:logical-id"), live: live)
      ids[live] = id
      add(
        id, "AWS::EC2::RouteTable", ["VpcId": .string(table.text("VpcId") ?? "")],
        origin: origin(table, live, "route table", file))
      for (index, route) in table.items("Routes").enumerated() {
        guard let gateway = route.text("GatewayId"), gateway.hasPrefix("igw-") else { continue }
        let routeID = name(id.rawValue + "InternetRoute" + (index == 0 ? "" : String(index)), live: live)
        add(
          routeID, "AWS::EC2::Route",
          [
            "RouteTableId": .ref(id), "GatewayId": .string(gateway),
            "DestinationCidrBlock": .string(route.text("DestinationCidrBlock") ?? "0.0.0.0/0"),
          ], origin: origin(nil, "\(live) route to \(gateway)", "route", file))
      }
      var members: [String] = []
      for association in table.items("Associations") {
        if let subnet = association.text("SubnetId") { members.append(subnet) }
        if association.flag("Main") == true {
          // The main table routes every subnet of its VPC that has no table of its own.
          let vpc = table.text("VpcId")
          members += subnets.filter { $0.text("VpcId") == vpc }.compactMap { $0.text("SubnetId") }
            .filter { !associated.contains($0) }
        }
      }
      for subnet in members {
        associate(
          subnet, with: (id, live), as: ("AWS::EC2::SubnetRouteTableAssociation", "RouteTableId", "route table"),
          file: file)
      }
    }
  }

  mutating func networkACLs() {
    let file = file("ec2", "describe-network-acls")
    for acl in snapshot.items("ec2", "describe-network-acls") {
      guard let live = acl.text("NetworkAclId") else { continue }
      let id = name(acl.tag("aws:cloudformation:logical-id"), live: live)
      ids[live] = id
      add(
        id, "AWS::EC2::NetworkAcl", ["VpcId": .string(acl.text("VpcId") ?? "")],
        origin: origin(acl, live, "network ACL", file))
      for entry in acl.items("Entries") {
        guard let number = entry.number("RuleNumber"), number < 32767, let block = entry.text("CidrBlock") else {
          continue
        }
        let egress = entry.flag("Egress") == true
        let entryID = name(id.rawValue + (egress ? "Egress" : "Ingress") + String(number), live: live)
        var properties: Fields = [
          "NetworkAclId": .ref(id), "RuleNumber": .integer(number),
          "Protocol": .integer(Int(entry.text("Protocol") ?? "-1") ?? -1),
          "RuleAction": .string(entry.text("RuleAction") ?? "deny"), "Egress": .boolean(egress),
          "CidrBlock": .string(block),
        ]
        if let range = entry["PortRange"], let from = range.number("From"), let to = range.number("To") {
          properties["PortRange"] = ["From": .integer(from), "To": .integer(to)]
        }
        add(
          entryID, "AWS::EC2::NetworkAclEntry", properties,
          origin: origin(nil, "\(live) entry \(number)", "network ACL entry", file))
      }
      for association in acl.items("Associations") {
        guard let subnet = association.text("SubnetId") else { continue }
        associate(
          subnet, with: (id, live), as: ("AWS::EC2::SubnetNetworkAclAssociation", "NetworkAclId", "network ACL"),
          file: file)
      }
    }
  }

  /// A subnet's association with a route table or network ACL.
  mutating func associate(
    _ subnet: String, with owner: (id: LogicalID, live: String), as shape: (type: String, key: String, kind: String),
    file: String
  ) {
    let id = name(owner.id.rawValue + (ids[subnet]?.rawValue ?? subnet) + "Association", live: subnet)
    add(
      id, shape.type, Fields([(shape.key, .ref(owner.id)), ("SubnetId", reference(subnet))]),
      origin: origin(nil, "\(subnet) in \(owner.live)", "\(shape.kind) association", file))
  }

  // MARK: Groups and rules

  mutating func securityGroups() {
    let file = file("ec2", "describe-security-groups")
    let groups = snapshot.items("ec2", "describe-security-groups")
    var groupIDs: [LogicalID] = []
    for group in groups {
      guard let live = group.text("GroupId") else { continue }
      let id = name(group.tag("aws:cloudformation:logical-id"), live: live)
      ids[live] = id
      groupIDs.append(id)
    }
    let rules = snapshot.items("ec2", "describe-security-group-rules")
    let fromRules = snapshot.captured("ec2", "describe-security-group-rules")
    for (group, id) in zip(groups.filter { $0.text("GroupId") != nil }, groupIDs) {
      let live = group.text("GroupId") ?? ""
      var properties: Fields = [
        "GroupDescription": .string(group.text("Description") ?? ""), "VpcId": .string(group.text("VpcId") ?? ""),
      ]
      if let name = group.text("GroupName") { properties["GroupName"] = .string(name) }
      // Egress stays the default (all traffic out) unless the group's egress rules say otherwise.
      let egress: [TemplateValue] =
        fromRules
        ? rules.filter { $0.text("GroupId") == live && $0.flag("IsEgress") == true }.map(ruleProperties)
        : group.items("IpPermissionsEgress").flatMap(permissionProperties)
      let isDefault =
        egress.count >= 1
        && egress.allSatisfy { rule in
          rule["IpProtocol"] == "-1" && (rule["CidrIp"] == "0.0.0.0/0" || rule["CidrIpv6"] == "::/0")
        }
      if !isDefault {
        properties["SecurityGroupEgress"] = .list(
          egress.isEmpty ? [["IpProtocol": "-1", "CidrIp": "127.0.0.1/32"]] : egress)
      }
      if !fromRules {
        let ingress = group.items("IpPermissions").flatMap(permissionProperties)
        if !ingress.isEmpty { properties["SecurityGroupIngress"] = .list(ingress) }
      }
      add(id, "AWS::EC2::SecurityGroup", properties, origin: origin(group, live, "security group", file))
    }
    guard fromRules else { return }
    let rulesFile = self.file("ec2", "describe-security-group-rules")
    for rule in rules where rule.flag("IsEgress") != true {
      guard let live = rule.text("SecurityGroupRuleId"), let owner = rule.text("GroupId"), ids[owner] != nil else {
        continue
      }
      let id = name(nil, live: live)
      var properties: Fields = ["GroupId": reference(owner)]
      if case .object(let fields) = ruleProperties(rule) {
        for field in fields { properties[field.key] = field.value }
      }
      if properties["SourceSecurityGroupId"] == nil, properties["DestinationSecurityGroupId"] != nil {
        properties["SourceSecurityGroupId"] = properties["DestinationSecurityGroupId"]
        properties["DestinationSecurityGroupId"] = nil
      }
      add(id, "AWS::EC2::SecurityGroupIngress", properties, origin: origin(rule, live, "ingress rule", rulesFile))
    }
  }

  /// A rule of `describe-security-group-rules` as a template's rule.
  func ruleProperties(_ rule: TemplateValue) -> TemplateValue {
    var fields: Fields = ["IpProtocol": .string(rule.text("IpProtocol") ?? "-1")]
    if let from = rule.number("FromPort"), from != -1 || rule.text("IpProtocol") != "-1" {
      fields["FromPort"] = .integer(from)
    }
    if let to = rule.number("ToPort"), to != -1 || rule.text("IpProtocol") != "-1" { fields["ToPort"] = .integer(to) }
    if let block = rule.text("CidrIpv4") { fields["CidrIp"] = .string(block) }
    if let block = rule.text("CidrIpv6") { fields["CidrIpv6"] = .string(block) }
    if let list = rule.text("PrefixListId") {
      fields[rule.flag("IsEgress") == true ? "DestinationPrefixListId" : "SourcePrefixListId"] = .string(list)
    }
    if let peer = rule["ReferencedGroupInfo"]?.text("GroupId") {
      fields[rule.flag("IsEgress") == true ? "DestinationSecurityGroupId" : "SourceSecurityGroupId"] = reference(peer)
    }
    if let description = rule.text("Description") { fields["Description"] = .string(description) }
    return .object(fields)
  }

  /// The rules of an `IpPermissions` entry of `describe-security-groups`.
  func permissionProperties(_ permission: TemplateValue) -> [TemplateValue] {
    var base: Fields = ["IpProtocol": .string(permission.text("IpProtocol") ?? "-1")]
    if let from = permission.number("FromPort") { base["FromPort"] = .integer(from) }
    if let to = permission.number("ToPort") { base["ToPort"] = .integer(to) }
    var result: [TemplateValue] = []
    for range in permission.items("IpRanges") {
      var rule = base
      rule["CidrIp"] = .string(range.text("CidrIp") ?? "")
      result.append(.object(rule))
    }
    for range in permission.items("Ipv6Ranges") {
      var rule = base
      rule["CidrIpv6"] = .string(range.text("CidrIpv6") ?? "")
      result.append(.object(rule))
    }
    for pair in permission.items("UserIdGroupPairs") {
      var rule = base
      rule["SourceSecurityGroupId"] = reference(pair.text("GroupId") ?? "")
      result.append(.object(rule))
    }
    for list in permission.items("PrefixListIds") {
      var rule = base
      rule["SourcePrefixListId"] = .string(list.text("PrefixListId") ?? "")
      result.append(.object(rule))
    }
    return result
  }

  // MARK: Workloads

  mutating func loadBalancers() {
    let file = file("elbv2", "describe-load-balancers")
    var balancers: [String: LogicalID] = [:]
    for balancer in snapshot.items("elbv2", "describe-load-balancers") {
      guard let arn = balancer.text("LoadBalancerArn") else { continue }
      let groups = balancer.items("SecurityGroups").compactMap(\.stringValue)
      let id = workloadName(
        balancer, role: .loadBalancer, groups: groups, live: balancer.text("LoadBalancerName") ?? arn)
      ids[arn] = id
      balancers[arn] = id
      groupsOfWorkload[id] = groups
      let subnets = balancer.items("AvailabilityZones").compactMap { $0.text("SubnetId") }
      add(
        id, "AWS::ElasticLoadBalancingV2::LoadBalancer",
        [
          "Type": .string(balancer.text("Type") ?? "application"),
          "Scheme": .string(balancer.text("Scheme") ?? "internet-facing"),
          "SecurityGroups": references(groups), "Subnets": references(subnets),
        ], origin: origin(balancer, balancer.text("LoadBalancerName") ?? arn, "load balancer", file))
    }
    let groupsFile = self.file("elbv2", "describe-target-groups")
    for (index, group) in snapshot.items("elbv2", "describe-target-groups").enumerated() {
      guard let arn = group.text("TargetGroupArn") else { continue }
      let id = name(nil, live: "TargetGroup-" + (group.text("TargetGroupName") ?? arn))
      ids[arn] = id
      var properties: Fields = [
        "Protocol": .string(group.text("Protocol") ?? "HTTP"), "TargetType": .string(group.text("TargetType") ?? "ip"),
        "VpcId": .string(group.text("VpcId") ?? ""),
      ]
      if let port = group.number("Port") { properties["Port"] = .integer(port) }
      // The N-th health file holds the N-th group's targets: instances registered by ID.
      let targets = (snapshot.items("elbv2", "describe-target-health", number: index + 1) ?? []).compactMap {
        description -> TemplateValue? in
        guard let target = description["Target"], let live = target.text("Id"), live.hasPrefix("i-") else {
          return nil
        }
        var entry: Fields = ["Id": reference(live)]
        if let port = target.number("Port") { entry["Port"] = .integer(port) }
        return .object(entry)
      }
      if !targets.isEmpty { properties["Targets"] = .list(targets) }
      add(
        id, "AWS::ElasticLoadBalancingV2::TargetGroup", properties,
        origin: origin(group, group.text("TargetGroupName") ?? arn, "target group", groupsFile))
    }
    let listenersFile = self.file("elbv2", "describe-listeners")
    for listener in snapshot.items("elbv2", "describe-listeners") {
      guard let arn = listener.text("ListenerArn"), let balancer = listener.text("LoadBalancerArn") else { continue }
      let id = name(
        nil,
        live: (balancers[balancer]?.rawValue ?? "Balancer") + "Listener"
          + (listener.number("Port").map(String.init) ?? ""))
      ids[arn] = id
      var properties: Fields = [
        "LoadBalancerArn": reference(balancer), "Protocol": .string(listener.text("Protocol") ?? "HTTP"),
        "DefaultActions": .list(listener.items("DefaultActions").map(action)),
      ]
      if let port = listener.number("Port") { properties["Port"] = .integer(port) }
      add(id, "AWS::ElasticLoadBalancingV2::Listener", properties, origin: origin(nil, arn, "listener", listenersFile))
    }
    let rulesFile = self.file("elbv2", "describe-rules")
    for rule in snapshot.items("elbv2", "describe-rules") where rule.flag("IsDefault") != true {
      guard let arn = rule.text("RuleArn") else { continue }
      // arn:…:listener-rule/app/NAME/LB/LISTENER/RULE: the listener's ARN is the rule's without its last part.
      var parts = arn.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
      guard parts.count > 1 else { continue }
      parts.removeLast()
      let listener = parts.joined(separator: "/").replacing(":listener-rule/", with: ":listener/")
      let id = name(nil, live: (ids[listener]?.rawValue ?? "Listener") + "Rule" + (rule.text("Priority") ?? ""))
      add(
        id, "AWS::ElasticLoadBalancingV2::ListenerRule",
        [
          "ListenerArn": reference(listener), "Priority": .integer(Int(rule.text("Priority") ?? "") ?? 1),
          "Actions": .list(rule.items("Actions").map(action)),
        ], origin: origin(nil, arn, "listener rule", rulesFile))
    }
  }

  /// A listener's or rule's action, its target groups by logical ID.
  func action(_ action: TemplateValue) -> TemplateValue {
    var fields: Fields = ["Type": .string(action.text("Type") ?? "forward")]
    if let group = action.text("TargetGroupArn") { fields["TargetGroupArn"] = reference(group) }
    let groups = action["ForwardConfig"]?.items("TargetGroups").compactMap { $0.text("TargetGroupArn") } ?? []
    if !groups.isEmpty {
      fields["ForwardConfig"] = [
        "TargetGroups": .list(groups.map { ["TargetGroupArn": reference($0)] as TemplateValue })
      ]
    }
    return .object(fields)
  }

  mutating func services() {
    let file = file("ecs", "describe-services")
    for service in snapshot.items("ecs", "describe-services") {
      guard let arn = service.text("serviceArn"),
        let network = service["networkConfiguration"]?["awsvpcConfiguration"]
      else { continue }
      let groups = network.items("securityGroups").compactMap(\.stringValue)
      let id = workloadName(service, role: .service, groups: groups, live: service.text("serviceName") ?? arn)
      ids[arn] = id
      groupsOfWorkload[id] = groups
      let balancers: [TemplateValue] = service.items("loadBalancers").compactMap { entry in
        guard let group = entry.text("targetGroupArn") else { return nil }
        var fields: Fields = ["TargetGroupArn": reference(group)]
        if let name = entry.text("containerName") { fields["ContainerName"] = .string(name) }
        if let port = entry.number("containerPort") { fields["ContainerPort"] = .integer(port) }
        return .object(fields)
      }
      var properties: Fields = [
        "Cluster": .string(service.text("clusterArn") ?? ""),
        "LaunchType": .string(service.text("launchType") ?? "FARGATE"),
        "NetworkConfiguration": [
          "AwsvpcConfiguration": [
            "AssignPublicIp": .string(network.text("assignPublicIp") ?? "DISABLED"),
            "SecurityGroups": references(groups),
            "Subnets": references(network.items("subnets").compactMap(\.stringValue)),
          ]
        ],
      ]
      if !balancers.isEmpty { properties["LoadBalancers"] = .list(balancers) }
      add(
        id, "AWS::ECS::Service", properties,
        origin: origin(service, service.text("serviceName") ?? arn, "ECS service", file))
    }
  }

  mutating func databases() {
    let file = file("rds", "describe-db-instances")
    let instances = snapshot.items("rds", "describe-db-instances")
    for instance in instances where instance.text("DBClusterIdentifier") == nil {
      guard let live = instance.text("DBInstanceIdentifier") else { continue }
      let groups = instance.items("VpcSecurityGroups").compactMap { $0.text("VpcSecurityGroupId") }
      let id = workloadName(instance, role: .database, groups: groups, live: live)
      groupsOfWorkload[id] = groups
      var properties: Fields = [
        "Engine": .string(instance.text("Engine") ?? "mysql"), "VPCSecurityGroups": references(groups),
        "PubliclyAccessible": .boolean(instance.flag("PubliclyAccessible") ?? false),
      ]
      if let port = instance["Endpoint"]?.number("Port") ?? instance.number("DbInstancePort") {
        properties["Port"] = .integer(port)
      }
      if let group = subnetGroup(instance["DBSubnetGroup"], file: file) { properties["DBSubnetGroupName"] = group }
      add(id, "AWS::RDS::DBInstance", properties, origin: origin(instance, live, "database", file))
    }
    let clustersFile = self.file("rds", "describe-db-clusters")
    for cluster in snapshot.items("rds", "describe-db-clusters") {
      guard let live = cluster.text("DBClusterIdentifier") else { continue }
      let groups = cluster.items("VpcSecurityGroups").compactMap { $0.text("VpcSecurityGroupId") }
      let id = workloadName(cluster, role: .database, groups: groups, live: live)
      groupsOfWorkload[id] = groups
      var properties: Fields = [
        "Engine": .string(cluster.text("Engine") ?? "aurora-mysql"), "VpcSecurityGroupIds": references(groups),
        "PubliclyAccessible": .boolean(
          instances.contains { $0.text("DBClusterIdentifier") == live && $0.flag("PubliclyAccessible") == true }),
      ]
      if let port = cluster.number("Port") { properties["Port"] = .integer(port) }
      let member = instances.first { $0.text("DBClusterIdentifier") == live }
      if let group = subnetGroup(member?["DBSubnetGroup"], file: file) { properties["DBSubnetGroupName"] = group }
      add(id, "AWS::RDS::DBCluster", properties, origin: origin(cluster, live, "database cluster", clustersFile))
    }
  }

  /// A database's subnet group, made once per name.
  mutating func subnetGroup(_ group: TemplateValue?, file: String) -> TemplateValue? {
    guard let group, let live = group.text("DBSubnetGroupName") else { return nil }
    if let id = dbSubnetGroups[live] { return .ref(id) }
    let id = name(nil, live: "SubnetGroup-" + live)
    dbSubnetGroups[live] = id
    add(
      id, "AWS::RDS::DBSubnetGroup",
      [
        "DBSubnetGroupDescription": .string(group.text("DBSubnetGroupDescription") ?? live),
        "SubnetIds": references(group.items("Subnets").compactMap { $0.text("SubnetIdentifier") }),
      ], origin: origin(nil, live, "DB subnet group", file))
    return .ref(id)
  }

  /// The groups of a cache's network interfaces (`ElastiCache <cluster>`), for caches whose
  /// description names none.
  func interfaceGroups(describedAs prefixes: [String]) -> [String] {
    var groups: [String] = []
    for interface in snapshot.items("ec2", "describe-network-interfaces") {
      guard let description = interface.text("Description"), prefixes.contains(where: { description.hasPrefix($0) })
      else { continue }
      for group in interface.items("Groups") {
        if let live = group.text("GroupId"), !groups.contains(live) { groups.append(live) }
      }
    }
    return groups
  }

  mutating func caches() {
    let clusters = snapshot.items("elasticache", "describe-cache-clusters")
    let clustersFile = file("elasticache", "describe-cache-clusters")
    func groups(of cluster: TemplateValue) -> [String] {
      cluster.items("SecurityGroups").compactMap { $0.text("SecurityGroupId") }
    }
    let file = self.file("elasticache", "describe-replication-groups")
    for group in snapshot.items("elasticache", "describe-replication-groups") {
      guard let live = group.text("ReplicationGroupId") else { continue }
      let members = group.items("MemberClusters").compactMap(\.stringValue)
      var carried: [String] = []
      for cluster in clusters where cluster.text("ReplicationGroupId") == live {
        for group in groups(of: cluster) where !carried.contains(group) { carried.append(group) }
      }
      if carried.isEmpty {
        carried = interfaceGroups(describedAs: members.map { "ElastiCache \($0)" } + ["ElastiCache \(live)"])
      }
      let id = workloadName(group, role: .cache, groups: carried, live: live)
      groupsOfWorkload[id] = carried
      var properties: Fields = [
        "ReplicationGroupDescription": .string(group.text("Description") ?? live),
        "Engine": .string(group.text("Engine") ?? "redis"), "SecurityGroupIds": references(carried),
      ]
      let endpoint = group["ConfigurationEndpoint"] ?? group.items("NodeGroups").first?["PrimaryEndpoint"]
      if let port = endpoint?.number("Port") { properties["Port"] = .integer(port) }
      add(id, "AWS::ElastiCache::ReplicationGroup", properties, origin: origin(group, live, "cache", file))
    }
    for cluster in clusters where cluster.text("ReplicationGroupId") == nil {
      guard let live = cluster.text("CacheClusterId") else { continue }
      var carried = groups(of: cluster)
      if carried.isEmpty { carried = interfaceGroups(describedAs: ["ElastiCache \(live)"]) }
      let id = workloadName(cluster, role: .cache, groups: carried, live: live)
      groupsOfWorkload[id] = carried
      var properties: Fields = [
        "Engine": .string(cluster.text("Engine") ?? "redis"),
        "CacheNodeType": .string(cluster.text("CacheNodeType") ?? ""),
        "NumCacheNodes": .integer(cluster.number("NumCacheNodes") ?? 1), "VpcSecurityGroupIds": references(carried),
      ]
      if let port = cluster.items("CacheNodes").first?["Endpoint"]?.number("Port") {
        properties["Port"] = .integer(port)
      }
      add(id, "AWS::ElastiCache::CacheCluster", properties, origin: origin(cluster, live, "cache", clustersFile))
    }
  }

  mutating func searchDomains() {
    let file = file("opensearch", "describe-domains")
    for domain in snapshot.items("opensearch", "describe-domains") {
      guard let live = domain.text("DomainName"), let options = domain["VPCOptions"] else { continue }
      addInVPC(
        domain, live: live, options: options, as: ("AWS::OpenSearchService::Domain", "VPCOptions", .search),
        kind: "search domain", file: file)
    }
  }

  mutating func functions() {
    let file = file("lambda", "list-functions")
    for function in snapshot.items("lambda", "list-functions") {
      guard let live = function.text("FunctionName"), let config = function["VpcConfig"],
        !config.items("SecurityGroupIds").isEmpty
      else { continue }
      addInVPC(
        function, live: live, options: config, as: ("AWS::Lambda::Function", "VpcConfig", .function),
        kind: "Lambda function", file: file)
    }
  }

  /// A workload whose groups and subnets sit in one VPC settings object (`VPCOptions`, `VpcConfig`).
  mutating func addInVPC(
    _ item: TemplateValue, live: String, options: TemplateValue,
    as shape: (type: String, key: String, role: Topology.Role),
    kind: String, file: String
  ) {
    let groups = options.items("SecurityGroupIds").compactMap(\.stringValue)
    let id = workloadName(item, role: shape.role, groups: groups, live: live)
    groupsOfWorkload[id] = groups
    let settings: TemplateValue = [
      "SecurityGroupIds": references(groups),
      "SubnetIds": references(options.items("SubnetIds").compactMap(\.stringValue)),
    ]
    add(id, shape.type, Fields([(shape.key, settings)]), origin: origin(item, live, kind, file))
  }

  mutating func instances() {
    let file = file("ec2", "describe-instances")
    for reservation in snapshot.items("ec2", "describe-instances") {
      for instance in reservation.items("Instances") {
        guard let live = instance.text("InstanceId"), instance["State"]?.text("Name") != "terminated" else { continue }
        let groups = instance.items("SecurityGroups").compactMap { $0.text("GroupId") }
        let id = workloadName(instance, role: .instance, groups: groups, live: live)
        ids[live] = id
        groupsOfWorkload[id] = groups
        var interface: Fields = ["DeviceIndex": "0", "GroupSet": references(groups)]
        if let subnet = instance.text("SubnetId") { interface["SubnetId"] = reference(subnet) }
        interface["AssociatePublicIpAddress"] = .boolean(instance.text("PublicIpAddress") != nil)
        add(
          id, "AWS::EC2::Instance", ["NetworkInterfaces": [.object(interface)]],
          origin: origin(instance, live, "instance", file))
      }
    }
  }

  mutating func endpoints() {
    let file = file("ec2", "describe-vpc-endpoints")
    for endpoint in snapshot.items("ec2", "describe-vpc-endpoints")
    where endpoint.text("VpcEndpointType") == "Interface" {
      guard let live = endpoint.text("VpcEndpointId") else { continue }
      let groups = endpoint.items("Groups").compactMap { $0.text("GroupId") }
      let id = workloadName(endpoint, role: .endpoint, groups: groups, live: live)
      groupsOfWorkload[id] = groups
      add(
        id, "AWS::EC2::VPCEndpoint",
        [
          "VpcEndpointType": "Interface", "ServiceName": .string(endpoint.text("ServiceName") ?? ""),
          "VpcId": .string(endpoint.text("VpcId") ?? ""), "SecurityGroupIds": references(groups),
          "SubnetIds": references(endpoint.items("SubnetIds").compactMap(\.stringValue)),
        ], origin: origin(endpoint, live, "VPC endpoint", file))
    }
  }

  /// Network interfaces: a task's public IP makes its service public; an interface whose groups
  /// no workload carries is a workload of its own.
  mutating func networkInterfaces() {
    let file = file("ec2", "describe-network-interfaces")
    let workloadGroups = groupsOfWorkload
    // The workloads by the set of groups they carry, and by each group they carry.
    var bySet: [Set<String>: [LogicalID]] = [:]
    var byGroup: [String: [LogicalID]] = [:]
    for (id, groups) in workloadGroups.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where !groups.isEmpty {
      bySet[Set(groups), default: []].append(id)
      for group in Set(groups) { byGroup[group, default: []].append(id) }
    }
    for interface in snapshot.items("ec2", "describe-network-interfaces") {
      guard let live = interface.text("NetworkInterfaceId") else { continue }
      let groups = interface.items("Groups").compactMap { $0.text("GroupId") }
      guard !groups.isEmpty else { continue }
      let description = interface.text("Description") ?? ""
      let publicIP = interface["Association"]?.text("PublicIp") != nil
      if let instance = interface["Attachment"]?.text("InstanceId"), ids[instance] != nil { continue }
      // The workloads this interface belongs to: those that carry exactly its groups.
      let carried = Set(groups)
      let owners = bySet[carried] ?? []
      if !owners.isEmpty {
        if publicIP,
          description.hasPrefix("arn:aws:ecs:") || interface.text("InterfaceType") == "ecs"
            || description.contains("ecs")
        {
          let address = interface["Association"]?.text("PublicIp") ?? ""
          for owner in owners { makePublic(owner, because: live, address: address) }
        }
        continue
      }
      if description.hasPrefix("ElastiCache ") { continue }
      // Groups attached by hand to a workload's interface: the workload whose groups are a part
      // of the interface's, the most of them, carries the others too.
      var partial: [(id: LogicalID, count: Int)] = []
      for id in Set(groups.flatMap { byGroup[$0] ?? [] }).sorted(by: { $0.rawValue < $1.rawValue }) {
        let own = Set(workloadGroups[id] ?? [])
        if own.isStrictSubset(of: carried) { partial.append((id, own.count)) }
      }
      if let most = partial.map(\.count).max() {
        let owners = partial.filter { $0.count == most }.map(\.id)
        if owners.count == 1, let owner = owners.first {
          attach(groups.filter { !(workloadGroups[owner] ?? []).contains($0) }, to: owner, through: live)
          continue
        }
      }
      let id = name(interface.tag("aws:cloudformation:logical-id"), live: live)
      var properties: Fields = ["GroupSet": references(groups)]
      if let subnet = interface.text("SubnetId") { properties["SubnetId"] = reference(subnet) }
      add(id, "AWS::EC2::NetworkInterface", properties, origin: origin(interface, live, "network interface", file))
    }
  }

  /// Where each workload type lists its groups.
  static let groupPaths: [String: [String]] = [
    "AWS::ElasticLoadBalancingV2::LoadBalancer": ["SecurityGroups"],
    "AWS::ECS::Service": ["NetworkConfiguration", "AwsvpcConfiguration", "SecurityGroups"],
    "AWS::RDS::DBInstance": ["VPCSecurityGroups"], "AWS::RDS::DBCluster": ["VpcSecurityGroupIds"],
    "AWS::ElastiCache::ReplicationGroup": ["SecurityGroupIds"],
    "AWS::ElastiCache::CacheCluster": ["VpcSecurityGroupIds"],
    "AWS::OpenSearchService::Domain": ["VPCOptions", "SecurityGroupIds"],
    "AWS::Lambda::Function": ["VpcConfig", "SecurityGroupIds"], "AWS::EC2::VPCEndpoint": ["SecurityGroupIds"],
  ]

  /// Adds groups a workload's network interface carries to the workload's own list.
  mutating func attach(_ groups: [String], to id: LogicalID, through interface: String) {
    guard let index = positions[id], let path = Self.groupPaths[resources[index].type]
    else { return }
    func adding(_ value: TemplateValue?, _ rest: ArraySlice<String>) -> TemplateValue {
      guard let key = rest.first else {
        return .list((value?.listValue ?? []) + groups.map(reference))
      }
      var fields = value?.objectValue ?? Fields()
      fields[key] = adding(fields[key], rest.dropFirst())
      return .object(fields)
    }
    resources[index].properties = adding(resources[index].properties.map(TemplateValue.object), path[...]).objectValue
    groupsOfWorkload[id, default: []] += groups
    let names = groups.joined(separator: ", ")
    let earlier = origins[id]?.note.map { $0 + "; " } ?? ""
    origins[id]?.note = earlier + "its network interface \(interface) also carries \(names)"
  }

  /// Sets an ECS service's `AssignPublicIp` to `ENABLED`: one of its tasks has a public IP.
  mutating func makePublic(_ id: LogicalID, because interface: String, address: String) {
    guard let index = positions[id], resources[index].type == "AWS::ECS::Service"
    else { return }
    var network = resources[index][property: "NetworkConfiguration"]?.objectValue ?? Fields()
    var awsvpc = network["AwsvpcConfiguration"]?.objectValue ?? Fields()
    awsvpc["AssignPublicIp"] = "ENABLED"
    network["AwsvpcConfiguration"] = .object(awsvpc)
    resources[index][property: "NetworkConfiguration"] = .object(network)
    origins[id]?.note = "its task's network interface \(interface) has the public IP \(address)"
  }
}
