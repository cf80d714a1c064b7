import InfragenCore
import InfragenModel
import Testing

@Suite struct ServiceLoweringTests {
  let image = Parameter("Image", description: "image")
  let certificate = Parameter("Cert", description: "cert")

  var loadBalancer: LoadBalancer {
    LoadBalancer("Lb", subnets: [subnetA, subnetB], securityGroups: [webGroup])
  }
  var targetGroup: TargetGroup { TargetGroup("Targets", vpc: vpc, port: 3000) }
  var logGroup: LogGroup { LogGroup("Logs", retentionInDays: 30) }
  var role: Role { Role("Exec", assumedBy: .ecsTasks) }
  var container: ContainerDefinition {
    ContainerDefinition(
      name: "app", image: TemplateString(image.ref), port: 3000,
      environment: [EnvironmentVariable("NODE_ENV", "production")],
      secrets: [
        ContainerSecret("DB_PASSWORD", from: dbSecret, jsonKey: "password"), ContainerSecret("TOKEN", from: dbSecret),
      ],
      logGroup: logGroup)
  }

  @Test func loadBalancerDropsInvalidHeadersAndIsProtected() {
    #expect(property(loadBalancer, "Scheme") == "internet-facing")
    #expect(property(loadBalancer, "Type") == "application")
    #expect(
      property(loadBalancer, "LoadBalancerAttributes") == [
        ["Key": "deletion_protection.enabled", "Value": "true"],
        ["Key": "idle_timeout.timeout_seconds", "Value": "60"],
        ["Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"],
      ])
    #expect(property(loadBalancer, "SecurityGroups") == [.getAtt("WebGroup", "GroupId")])
    #expect(property(loadBalancer, "Subnets") == [.ref("SubnetA"), .ref("SubnetB")])
  }

  @Test func targetGroupUsesIPTargetsAndAHealthCheck() {
    #expect(property(targetGroup, "TargetType") == "ip")
    #expect(property(targetGroup, "Port") == 3000)
    #expect(property(targetGroup, "HealthCheckPath") == "/health")
    #expect(property(targetGroup, "Matcher") == ["HttpCode": "200"])
  }

  @Test func httpsListenerForwardsWithATLSPolicy() {
    let listener = Listener.https(
      "Https", loadBalancer: loadBalancer, certificateARN: TemplateString(certificate.ref), forwardTo: targetGroup)
    #expect(property(listener, "Protocol") == "HTTPS")
    #expect(property(listener, "Port") == 443)
    #expect(property(listener, "SslPolicy") == "ELBSecurityPolicy-TLS13-1-2-2021-06")
    #expect(property(listener, "Certificates") == [["CertificateArn": .ref("Cert")]])
    #expect(property(listener, "DefaultActions") == [["TargetGroupArn": .ref("Targets"), "Type": "forward"]])
  }

  @Test func httpListenerOnlyRedirects() {
    let listener = Listener.redirectToHTTPS("Http", loadBalancer: loadBalancer)
    #expect(property(listener, "Protocol") == "HTTP")
    #expect(property(listener, "Port") == 80)
    #expect(
      property(listener, "DefaultActions") == [
        ["RedirectConfig": ["Port": "443", "Protocol": "HTTPS", "StatusCode": "HTTP_301"], "Type": "redirect"]
      ])
  }

  @Test func taskDefinitionIsFargateInAwsvpcWithSecretsFromValueFrom() throws {
    let size = try #require(FargateSize(cpu: 1024, memory: 4096))
    let task = TaskDefinition("Task", size: size, executionRole: role, taskRole: role, containers: [container])
    #expect(property(task, "NetworkMode") == "awsvpc")
    #expect(property(task, "RequiresCompatibilities") == ["FARGATE"])
    #expect(property(task, "Cpu") == "1024")
    #expect(property(task, "Memory") == "4096")
    let definition = property(task, "ContainerDefinitions")?.listValue?.first
    #expect(definition?["Image"] == .ref("Image"))
    #expect(definition?["PortMappings"] == [["ContainerPort": 3000, "Protocol": "tcp"]])
    #expect(definition?["Environment"] == [["Name": "NODE_ENV", "Value": "production"]])
    #expect(
      definition?["Secrets"] == [
        ["Name": "DB_PASSWORD", "ValueFrom": .sub("${DbSecret}:password::")],
        ["Name": "TOKEN", "ValueFrom": .ref("DbSecret")],
      ])
    #expect(definition?["LogConfiguration"]?["LogDriver"] == "awslogs")
    #expect(definition?["LogConfiguration"]?["Options"]?["awslogs-group"] == .ref("Logs"))
    #expect(definition?["ReadonlyRootFilesystem"] == true)
  }

  @Test func serviceRunsPrivatelyWithACircuitBreaker() throws {
    let size = try #require(FargateSize(cpu: 256, memory: 512))
    let task = TaskDefinition("Task", size: size, executionRole: role, taskRole: role, containers: [container])
    let listener = Listener.redirectToHTTPS("Http", loadBalancer: loadBalancer)
    let service = FargateService(
      "Svc", cluster: Cluster("Cluster"), taskDefinition: task, desiredCount: 2, subnets: [subnetA],
      securityGroups: [webGroup], container: container, targetGroup: targetGroup, after: [listener])
    #expect(entry(service)?.dependsOn == ["Http"])
    #expect(property(service, "LaunchType") == "FARGATE")
    #expect(property(service, "NetworkConfiguration")?["AwsvpcConfiguration"]?["AssignPublicIp"] == "DISABLED")
    #expect(
      property(service, "DeploymentConfiguration")?["DeploymentCircuitBreaker"] == ["Enable": true, "Rollback": true])
    #expect(
      property(service, "LoadBalancers") == [
        ["ContainerName": "app", "ContainerPort": 3000, "TargetGroupArn": .ref("Targets")]
      ])
  }

  @Test func clusterHasContainerInsights() {
    #expect(property(Cluster("C"), "ClusterSettings") == [["Name": "containerInsights", "Value": "enabled"]])
  }

  @Test func scalingTracksCPUAndMemory() throws {
    let size = try #require(FargateSize(cpu: 256, memory: 512))
    let task = TaskDefinition("Task", size: size, executionRole: role, taskRole: role, containers: [container])
    let service = FargateService(
      "Svc", cluster: Cluster("Cluster"), taskDefinition: task, desiredCount: 2, subnets: [subnetA],
      securityGroups: [webGroup], container: container, targetGroup: targetGroup, after: [])
    let target = ScalableTarget("Target", service: service, cluster: Cluster("Cluster"), minCapacity: 2, maxCapacity: 6)
    #expect(property(target, "ResourceId") == .sub("service/${Cluster}/${Svc.Name}"))
    #expect(property(target, "ScalableDimension") == "ecs:service:DesiredCount")
    let cpu = ScalingPolicy("Cpu", name: "cpu", target: target, metric: .averageCPU, targetValue: 60)
    let configuration = property(cpu, "TargetTrackingScalingPolicyConfiguration")
    #expect(
      configuration?["PredefinedMetricSpecification"] == ["PredefinedMetricType": "ECSServiceAverageCPUUtilization"])
    #expect(configuration?["TargetValue"] == 60)
    let memory = ScalingPolicy("Mem", name: "mem", target: target, metric: .averageMemory, targetValue: 70)
    #expect(
      property(memory, "TargetTrackingScalingPolicyConfiguration")?["PredefinedMetricSpecification"]
        == ["PredefinedMetricType": "ECSServiceAverageMemoryUtilization"])
  }

  @Test func roleTrustsItsServiceAndUsesPartitionAwareManagedPolicies() {
    let role = Role(
      "Exec", assumedBy: .ecsTasks, managedPolicies: ["service-role/AmazonECSTaskExecutionRolePolicy"],
      policies: [
        Policy(
          "Read",
          statements: [
            PolicyStatement(actions: ["secretsmanager:GetSecretValue"], resources: [TemplateString(dbSecret.ref)])
          ])
      ])
    #expect(
      property(role, "AssumeRolePolicyDocument")?["Statement"] == [
        ["Action": "sts:AssumeRole", "Effect": "Allow", "Principal": ["Service": "ecs-tasks.amazonaws.com"]]
      ])
    #expect(
      property(role, "ManagedPolicyArns")
        == [.sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")])
    #expect(
      property(role, "Policies")?.listValue?.first?["PolicyDocument"]?["Statement"] == [
        ["Action": ["secretsmanager:GetSecretValue"], "Effect": "Allow", "Resource": [.ref("DbSecret")]]
      ])
  }

  @Test func logGroupHasRetentionAndIsRetained() {
    #expect(property(logGroup, "RetentionInDays") == 30)
    #expect(entry(logGroup)?.deletionPolicy == "Retain")
  }
}

@Suite struct FargateSizeTests {
  @Test(arguments: [(256, 512), (256, 2048), (512, 4096), (1024, 8192), (4096, 30720), (16384, 122880)])
  func acceptsValidPairs(_ cpu: Int, _ memory: Int) {
    #expect(FargateSize(cpu: cpu, memory: memory) != nil)
  }

  @Test(arguments: [(256, 4096), (512, 512), (1024, 1024), (300, 1024), (8192, 20000)])
  func rejectsInvalidPairs(_ cpu: Int, _ memory: Int) {
    #expect(FargateSize(cpu: cpu, memory: memory) == nil)
  }

  @Test func explainsWhatIsAllowed() {
    #expect(FargateSize.allowed(forCPU: 512) == "memory 1024-4096 in steps of 1024 with cpu 512")
    #expect(FargateSize.allowed(forCPU: 300).hasPrefix("cpu must be one of 256, 512"))
  }
}
