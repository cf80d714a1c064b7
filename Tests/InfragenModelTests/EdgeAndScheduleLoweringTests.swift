import InfragenCore
import InfragenFormats
import InfragenModel
import Testing

/// ACM certificates, Route 53 aliases, Cloud Map namespaces and Service Connect, scheduled tasks,
/// single-node Redis and bucket read grants: what each lowers to, and the values refused.
@Suite struct EdgeAndScheduleLoweringTests {
  static let cluster = Cluster("Cluster")
  static let logs = LogGroup("Logs", retentionInDays: 30)
  static let execution = Role("ExecutionRole", assumedBy: .ecsTasks)
  static let task = Role("TaskRole", assumedBy: .ecsTasks)
  static func definition(portName: String? = nil) -> TaskDefinition {
    TaskDefinition(
      "TaskDefinition", size: .small, executionRole: execution, taskRole: task,
      containers: [ContainerDefinition(name: "app", image: "app:1", port: 8080, portName: portName, logGroup: logs)])
  }

  @Test func aCertificateIsValidatedByDNSForEachName() throws {
    let certificate = Certificate(
      "Certificate", domainName: "shop.example.com", alternativeNames: ["www.shop.example.com"],
      hostedZoneID: "Z123")
    #expect(property(certificate, "ValidationMethod") == "DNS")
    #expect(
      property(certificate, "DomainValidationOptions") == [
        ["DomainName": "shop.example.com", "HostedZoneId": "Z123"],
        ["DomainName": "www.shop.example.com", "HostedZoneId": "Z123"],
      ])
    #expect(property(certificate, "SubjectAlternativeNames") == ["www.shop.example.com"])
    #expect(property(certificate, "CertificateTransparencyLoggingPreference") == "ENABLED")
    #expect(certificate.arn == TemplateString(certificate.ref))
    let single = Certificate("Single", domainName: "a.example.com", hostedZoneID: "Z123")
    #expect(property(single, "SubjectAlternativeNames") == nil)
  }

  @Test func anAliasPointsAtTheLoadBalancersZone() {
    let balancer = LoadBalancer("LoadBalancer", subnets: [subnetA, subnetB], securityGroups: [webGroup])
    let record = AliasRecord("Record", hostedZoneID: "Z123", name: "shop.example.com", to: balancer)
    #expect(property(record, "Type") == "A", "the load balancer is IPv4 only")
    #expect(
      property(record, "AliasTarget") == [
        "DNSName": .getAtt("LoadBalancer", "DNSName"), "EvaluateTargetHealth": true,
        "HostedZoneId": .getAtt("LoadBalancer", "CanonicalHostedZoneID"),
      ])
  }

  @Test func serviceConnectNamesTheServerPortAndLeavesClientsWithoutServices() throws {
    let namespace = ServiceNamespace("Namespace", name: "internal", vpc: vpc)
    #expect(property(namespace, "Name") == "internal")
    #expect(property(namespace, "Vpc") == .ref("Vpc"))
    var server = FargateService(
      "Orders", cluster: Self.cluster, taskDefinition: Self.definition(portName: "orders"), desiredCount: 1,
      subnets: [subnetA], securityGroups: [webGroup])
    server.serviceConnect = .server(in: namespace, discoveryName: "orders", portName: "orders", port: 8080)
    #expect(
      property(server, "ServiceConnectConfiguration") == [
        "Enabled": true, "Namespace": .getAtt("Namespace", "Arn"),
        "Services": [
          ["ClientAliases": [["DnsName": "orders", "Port": 8080]], "DiscoveryName": "orders", "PortName": "orders"]
        ],
      ])
    var client = server
    client.serviceConnect = .client(of: namespace)
    #expect(
      property(client, "ServiceConnectConfiguration") == ["Enabled": true, "Namespace": .getAtt("Namespace", "Arn")])
    client.serviceConnect = nil
    #expect(property(client, "ServiceConnectConfiguration") == nil)

    let mappings = property(Self.definition(portName: "orders"), "ContainerDefinitions")?.listValue?.first?
      .objectValue?["PortMappings"]
    #expect(mappings == [["AppProtocol": "http", "ContainerPort": 8080, "Name": "orders", "Protocol": "tcp"]])
    let unnamed = property(Self.definition(), "ContainerDefinitions")?.listValue?.first?.objectValue?["PortMappings"]
    #expect(unnamed == [["ContainerPort": 8080, "Protocol": "tcp"]])
  }

  static func scheduled(_ schedule: String, count: Int = 1, subnets: [Subnet] = [subnetA]) -> ScheduledTask {
    let role = ScheduledTask.role(
      "ScheduleRole", cluster: cluster, taskDefinition: definition(), executionRole: execution, taskRole: task)
    return ScheduledTask(
      "Schedule", schedule: schedule, cluster: cluster, taskDefinition: definition(), taskCount: count,
      subnets: subnets, securityGroups: [webGroup], role: role)
  }

  @Test func aScheduledTaskRunsOnFargateInPrivateSubnets() throws {
    let rule = Self.scheduled("rate(1 hour)")
    #expect(property(rule, "ScheduleExpression") == "rate(1 hour)")
    let target = try #require(property(rule, "Targets")?.listValue?.first?.objectValue)
    #expect(target["Arn"] == .getAtt("Cluster", "Arn"))
    #expect(target["RoleArn"] == .getAtt("ScheduleRole", "Arn"))
    #expect(target["RetryPolicy"] == ["MaximumEventAgeInSeconds": 3600, "MaximumRetryAttempts": 3])
    let ecs = try #require(target["EcsParameters"]?.objectValue)
    #expect(ecs["LaunchType"] == "FARGATE")
    #expect(ecs["TaskDefinitionArn"] == .ref("TaskDefinition"))
    #expect(
      ecs["NetworkConfiguration"] == [
        "AwsVpcConfiguration": [
          "AssignPublicIp": "DISABLED", "SecurityGroups": [.getAtt("WebGroup", "GroupId")],
          "Subnets": [.ref("SubnetA")],
        ]
      ])
  }

  @Test func theScheduleRoleMayStartOnlyItsTaskInItsClusterAndTagIt() throws {
    let role = ScheduledTask.role(
      "ScheduleRole", cluster: Self.cluster, taskDefinition: Self.definition(), executionRole: Self.execution,
      taskRole: Self.task)
    #expect(role.assumedBy == .events)
    let statements = role.policies.flatMap(\.statements)
    #expect(statements.map(\.actions) == [["ecs:RunTask"], ["ecs:TagResource"], ["iam:PassRole"]])
    #expect(statements[0].resources == [TemplateString(Self.definition().ref)])
    #expect(statements[0].conditions == ["ArnEquals": ["ecs:cluster": .getAtt("Cluster", "Arn")]])
    #expect(
      statements[1].resources.map(\.value) == [
        .sub("arn:${AWS::Partition}:ecs:${AWS::Region}:${AWS::AccountId}:task/${Cluster}/*")
      ])
    #expect(statements[1].conditions == ["StringEquals": ["ecs:CreateAction": "RunTask"]])
    #expect(statements[2].resources == [TemplateString(Self.execution.arn), TemplateString(Self.task.arn)])
    let trust = role.lowered().properties?["AssumeRolePolicyDocument"]?["Statement"]?.listValue?.first
    #expect(
      trust?["Condition"] == [
        "StringEquals": ["aws:SourceAccount": .ref("AWS::AccountId")],
        "ArnLike": ["aws:SourceArn": .sub("arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:rule/*")],
      ])
  }

  @Test func aRoleWithoutTrustConditionsTrustsTheServiceAlone() {
    let trust = Self.task.lowered().properties?["AssumeRolePolicyDocument"]?["Statement"]?.listValue?.first
    #expect(trust?["Condition"] == nil)
    #expect(trust?["Principal"] == ["Service": "ecs-tasks.amazonaws.com"])
  }

  @Test(arguments: [("every hour", 1), ("rate(1 hour)", 0), ("cron(0 3 * * ? *)", 11), ("rate(1 hour", 1)])
  func aScheduleEventBridgeRefusesDoesNotLower(schedule: String, count: Int) {
    #expect(throws: LoweringError.self) {
      try Stack {
        Self.cluster
        Self.logs
        Self.execution
        Self.task
        Self.definition()
        webGroup
        vpc
        subnetA
        Self.scheduled(schedule, count: count)
      }.template()
    }
  }

  @Test func aScheduleNamesWhatIsWrong() {
    #expect(Self.scheduled("rate(1 day)", subnets: []).problems == ["AwsVpcConfiguration.Subnets is empty"])
    #expect(Self.scheduled("cron(0 3 * * ? *)").problems.isEmpty)
  }

  static func redis(replicas: Int) -> ReplicationGroup {
    ReplicationGroup(
      "Cache", description: "c", engineVersion: "7.1", nodeType: "cache.t4g.small", replicas: replicas,
      subnetGroup: CacheSubnetGroup("CacheSubnets", description: "s", subnets: [subnetA]), securityGroups: [webGroup],
      authToken: dbSecret)
  }

  @Test func redisWithoutReplicasIsOneNodeWithoutFailover() {
    let single = Self.redis(replicas: 0)
    #expect(property(single, "NumCacheClusters") == 1)
    #expect(property(single, "AutomaticFailoverEnabled") == false)
    #expect(property(single, "MultiAZEnabled") == false)
    let pair = Self.redis(replicas: 1)
    #expect(property(pair, "NumCacheClusters") == 2)
    #expect(property(pair, "AutomaticFailoverEnabled") == true)
    #expect(property(pair, "MultiAZEnabled") == true)
    #expect(Self.redis(replicas: 6).problems == ["6 replicas is outside 0 to 5"])
    #expect(Self.redis(replicas: 5).problems.isEmpty)
  }

  @Test func aBucketReadGrantListsAndReadsUnderItsPrefix() throws {
    let bucket = Bucket("Reports")
    let reader = Role("Reader", assumedBy: .ecsTasks)
    let scoped = try #require(
      property(bucket.grantRead("ReadReports", to: [reader], prefix: "daily/"), "PolicyDocument"))
    #expect(
      scoped["Statement"] == [
        [
          "Action": ["s3:ListBucket"], "Condition": ["StringLike": ["s3:prefix": "daily/*"]], "Effect": "Allow",
          "Resource": [.getAtt("Reports", "Arn")],
        ],
        ["Action": ["s3:GetObject"], "Effect": "Allow", "Resource": [.sub("${Reports.Arn}/daily/*")]],
      ])
    let whole = try #require(property(bucket.grantRead("ReadAll", to: [reader]), "PolicyDocument"))
    #expect(
      whole["Statement"] == [
        ["Action": ["s3:ListBucket"], "Effect": "Allow", "Resource": [.getAtt("Reports", "Arn")]],
        ["Action": ["s3:GetObject"], "Effect": "Allow", "Resource": [.sub("${Reports.Arn}/*")]],
      ])
  }
}
