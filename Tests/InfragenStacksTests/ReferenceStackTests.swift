import InfragenCore
import InfragenFormats
import InfragenModel
import InfragenStacks
import Testing

/// The reference stack, checked resource by resource against ARCHITECTURE.md section 1.
@Suite struct ReferenceStackTests {
  static func template(_ configure: (inout ReferenceStack.Options) -> Void = { _ in }) -> Template {
    var options = ReferenceStack.Options()
    configure(&options)
    return ReferenceStack(options: options).stack.lower().draft
  }

  let template = Self.template()

  func resources(_ type: String) -> [Template.Resource] { template.resources.filter { $0.type == type } }
  func resource(_ id: LogicalID) -> Template.Resource? { template.resource(id) }

  @Test func lowersWithoutDiagnostics() {
    #expect(ReferenceStack().stack.lower().diagnostics.isEmpty)
  }

  @Test func rendersEveryPartOfTheArchitecture() {
    let expected: [(String, Int)] = [
      ("AWS::EC2::VPC", 1), ("AWS::EC2::Subnet", 4), ("AWS::EC2::InternetGateway", 1),
      ("AWS::EC2::VPCGatewayAttachment", 1), ("AWS::EC2::RouteTable", 3), ("AWS::EC2::Route", 3),
      ("AWS::EC2::SubnetRouteTableAssociation", 4), ("AWS::EC2::EIP", 2), ("AWS::EC2::NatGateway", 2),
      ("AWS::EC2::SecurityGroup", 5), ("AWS::EC2::SecurityGroupIngress", 4), ("AWS::EC2::SecurityGroupEgress", 4),
      ("AWS::ElasticLoadBalancingV2::LoadBalancer", 1), ("AWS::ElasticLoadBalancingV2::Listener", 2),
      ("AWS::ElasticLoadBalancingV2::TargetGroup", 1), ("AWS::ECS::Cluster", 1), ("AWS::ECS::TaskDefinition", 1),
      ("AWS::ECS::Service", 1), ("AWS::ApplicationAutoScaling::ScalableTarget", 1),
      ("AWS::ApplicationAutoScaling::ScalingPolicy", 2), ("AWS::IAM::Role", 5), ("AWS::IAM::Policy", 1),
      ("AWS::Logs::LogGroup", 6),
      ("AWS::Logs::ResourcePolicy", 1), ("AWS::KMS::Key", 1), ("AWS::S3::Bucket", 1), ("AWS::S3::BucketPolicy", 1),
      ("AWS::EC2::FlowLog", 1),
      ("AWS::RDS::DBInstance", 1), ("AWS::RDS::DBSubnetGroup", 1), ("AWS::ElastiCache::ReplicationGroup", 1),
      ("AWS::ElastiCache::SubnetGroup", 1), ("AWS::OpenSearchService::Domain", 1),
      ("AWS::SecretsManager::Secret", 3), ("AWS::SecretsManager::SecretTargetAttachment", 1),
      ("AWS::CloudWatch::Alarm", 10), ("AWS::SNS::Topic", 1), ("AWS::Chatbot::SlackChannelConfiguration", 1),
    ]
    for (type, count) in expected {
      #expect(resources(type).count == count, "\(type)")
    }
    #expect(template.resources.count == expected.map(\.1).reduce(0, +))
  }

  @Test func parametersAndOutputs() {
    #expect(template.parameters.keys == ["ContainerImage", "CertificateArn", "SlackWorkspaceId", "SlackChannelId"])
    #expect(
      template.outputs.keys == [
        "CacheEndpoint", "DatabaseEndpoint", "LoadBalancerDnsName", "SearchEndpoint", "ServiceName",
      ])
  }

  @Test func subnetsSpreadOverZonesAndPrivateOnesRouteThroughTheirZonesNAT() {
    let subnets = resources("AWS::EC2::Subnet")
    #expect(subnets.allSatisfy { $0[property: "MapPublicIpOnLaunch"] == false })
    #expect(
      subnets.map { $0[property: "CidrBlock"] } == ["10.0.128.0/20", "10.0.144.0/20", "10.0.0.0/20", "10.0.16.0/20"])
    #expect(resource("PrivateRouteTable2DefaultRoute")?[property: "NatGatewayId"] == .ref("NatGateway2"))
    #expect(resource("NatGateway2")?[property: "SubnetId"] == .ref("PublicSubnet2"))
    #expect(resource("PublicDefaultRoute")?[property: "GatewayId"] == .ref("InternetGateway"))
  }

  @Test func threeZonesAndASingleNAT() {
    let template = Self.template {
      $0.availabilityZones = 3
      $0.natGateways = .single
    }
    #expect(template.resources.filter { $0.type == "AWS::EC2::Subnet" }.count == 6)
    #expect(template.resources.filter { $0.type == "AWS::EC2::NatGateway" }.count == 1)
    #expect(template.resource("PrivateRouteTable3DefaultRoute")?[property: "NatGatewayId"] == .ref("NatGateway1"))
    #expect(
      template.resource("SearchDomain")?[property: "ClusterConfig"]?["ZoneAwarenessConfig"]
        == ["AvailabilityZoneCount": 3])
  }

  /// Every rule of every group, as (group, direction, port, peer).
  func rules() -> [String] {
    func peer(_ rule: TemplateValue) -> String {
      if let cidr = rule["CidrIp"]?.stringValue { return cidr }
      for key in ["SourceSecurityGroupId", "DestinationSecurityGroupId"] {
        if case .intrinsic(.getAtt(let id, "GroupId"))? = rule[key] { return id }
      }
      return "?"
    }
    func number(_ value: TemplateValue?) -> String {
      if case .integer(let port)? = value { return String(port) }
      return "?"
    }
    func port(_ rule: TemplateValue) -> String {
      "\(rule["IpProtocol"]?.stringValue ?? "?") \(number(rule["FromPort"]))-\(number(rule["ToPort"]))"
    }
    var lines: [String] = []
    for group in resources("AWS::EC2::SecurityGroup") {
      for rule in group[property: "SecurityGroupIngress"]?.listValue ?? [] {
        lines.append("\(group.logicalID) in \(port(rule)) from \(peer(rule))")
      }
      for rule in group[property: "SecurityGroupEgress"]?.listValue ?? [] {
        lines.append("\(group.logicalID) out \(port(rule)) to \(peer(rule))")
      }
    }
    for rule in resources("AWS::EC2::SecurityGroupIngress") + resources("AWS::EC2::SecurityGroupEgress") {
      guard case .intrinsic(.getAtt(let group, "GroupId"))? = rule[property: "GroupId"],
        let properties = rule.properties
      else { continue }
      let value = TemplateValue.object(properties)
      let inbound = rule.type.hasSuffix("Ingress")
      lines.append("\(group) \(inbound ? "in" : "out") \(port(value)) \(inbound ? "from" : "to") \(peer(value))")
    }
    return lines.sorted()
  }

  @Test func securityGroupsChainInternetToLoadBalancerToServiceToEachStore() {
    #expect(
      rules() == [
        "CacheSecurityGroup in tcp 6379-6379 from ServiceSecurityGroup",
        "CacheSecurityGroup out icmp 252-86 to 255.255.255.255/32",
        "DatabaseSecurityGroup in tcp 3306-3306 from ServiceSecurityGroup",
        "DatabaseSecurityGroup out icmp 252-86 to 255.255.255.255/32",
        "LoadBalancerSecurityGroup in tcp 443-443 from 0.0.0.0/0",
        "LoadBalancerSecurityGroup in tcp 80-80 from 0.0.0.0/0",
        "LoadBalancerSecurityGroup out icmp 252-86 to 255.255.255.255/32",
        "LoadBalancerSecurityGroup out tcp 3000-3000 to ServiceSecurityGroup",
        "SearchSecurityGroup in tcp 443-443 from ServiceSecurityGroup",
        "SearchSecurityGroup out icmp 252-86 to 255.255.255.255/32",
        "ServiceSecurityGroup in tcp 3000-3000 from LoadBalancerSecurityGroup",
        "ServiceSecurityGroup out tcp 3306-3306 to DatabaseSecurityGroup",
        "ServiceSecurityGroup out tcp 443-443 to 0.0.0.0/0",
        "ServiceSecurityGroup out tcp 443-443 to SearchSecurityGroup",
        "ServiceSecurityGroup out tcp 6379-6379 to CacheSecurityGroup",
      ])
  }

  @Test func eachResourceCarriesItsOwnGroup() {
    #expect(resource("LoadBalancer")?[property: "SecurityGroups"] == [.getAtt("LoadBalancerSecurityGroup", "GroupId")])
    #expect(
      resource("Service")?[property: "NetworkConfiguration"]?["AwsvpcConfiguration"]?["SecurityGroups"]
        == [.getAtt("ServiceSecurityGroup", "GroupId")])
    #expect(resource("Database")?[property: "VPCSecurityGroups"] == [.getAtt("DatabaseSecurityGroup", "GroupId")])
    #expect(resource("Cache")?[property: "SecurityGroupIds"] == [.getAtt("CacheSecurityGroup", "GroupId")])
    #expect(
      resource("SearchDomain")?[property: "VPCOptions"]?["SecurityGroupIds"] == [
        .getAtt("SearchSecurityGroup", "GroupId")
      ])
  }

  @Test func loadBalancerIsPublicAndEverythingElseIsPrivate() {
    #expect(resource("LoadBalancer")?[property: "Subnets"] == [.ref("PublicSubnet1"), .ref("PublicSubnet2")])
    let privateSubnets: TemplateValue = [.ref("PrivateSubnet1"), .ref("PrivateSubnet2")]
    #expect(
      resource("Service")?[property: "NetworkConfiguration"]?["AwsvpcConfiguration"]?["Subnets"] == privateSubnets)
    #expect(resource("DatabaseSubnetGroup")?[property: "SubnetIds"] == privateSubnets)
    #expect(resource("CacheSubnetGroup")?[property: "SubnetIds"] == privateSubnets)
    #expect(resource("SearchDomain")?[property: "VPCOptions"]?["SubnetIds"] == privateSubnets)
  }

  @Test func executionRoleReadsExactlyTheStacksSecrets() {
    let secrets: [TemplateValue] = [.ref("DatabaseSecret"), .ref("CacheAuthToken"), .ref("AppSecretSessionSecret")]
    #expect(Set(resources("AWS::SecretsManager::Secret").map { TemplateValue.ref($0.logicalID) }) == Set(secrets))
    let statement = resource("TaskExecutionRole")?[property: "Policies"]?.listValue?.first?["PolicyDocument"]?[
      "Statement"]
    #expect(
      statement == [
        ["Action": ["secretsmanager:GetSecretValue"], "Effect": "Allow", "Resource": .list(secrets)],
        ["Action": ["kms:Decrypt"], "Effect": "Allow", "Resource": [.getAtt("EncryptionKey", "Arn")]],
      ])
  }

  @Test func noSecretValueStandsInTheTemplate() {
    let text = JSONEmitter().emit(template)
    #expect(!text.contains("MasterUserPassword\": \""))
    #expect(!text.contains("AuthToken\": \""))
    let container = resource("TaskDefinition")?[property: "ContainerDefinitions"]?.listValue?.first
    let environmentNames = container?["Environment"]?.listValue?.compactMap { $0["Name"]?.stringValue } ?? []
    #expect(!environmentNames.contains { $0.contains("PASSWORD") || $0.contains("TOKEN") || $0.contains("SECRET") })
    let secretNames = container?["Secrets"]?.listValue?.compactMap { $0["Name"]?.stringValue } ?? []
    #expect(secretNames == ["DB_USERNAME", "DB_PASSWORD", "REDIS_AUTH_TOKEN", "SESSION_SECRET"])
  }

  @Test func everyAlarmNotifiesTheTopic() {
    let alarms = resources("AWS::CloudWatch::Alarm")
    #expect(
      alarms.map(\.logicalID.rawValue) == [
        "CacheCpuAlarm", "CacheMemoryAlarm", "DatabaseCpuAlarm", "DatabaseFreeStorageAlarm", "LoadBalancer5xxAlarm",
        "SearchClusterRedAlarm", "ServiceCpuAlarm", "ServiceMemoryAlarm", "Target5xxAlarm", "UnhealthyTargetsAlarm",
      ])
    #expect(alarms.allSatisfy { $0[property: "AlarmActions"] == [.ref("AlarmTopic")] })
    #expect(resource("SlackChannel")?[property: "SnsTopicArns"] == [.ref("AlarmTopic")])
  }

  @Test func slackCanBeTurnedOff() {
    let template = Self.template { $0.slack = false }
    #expect(template.resource("SlackChannel") == nil)
    #expect(template.resource("ChatbotRole") == nil)
    #expect(template.parameters["SlackChannelId"] == nil)
  }

  @Test func renderingTwiceGivesTheSameBytes() {
    #expect(JSONEmitter().emit(Self.template()) == JSONEmitter().emit(Self.template()))
  }
}
