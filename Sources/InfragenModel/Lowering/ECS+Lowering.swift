import InfragenCore

extension Cluster {
  /// Lowers to `AWS::ECS::Cluster`.
  public func lowered() -> Template.Resource {
    var properties: Fields = [
      "ClusterSettings": [
        ["Name": "containerInsights", "Value": containerInsights ? "enabled" : "disabled"]
      ]
    ]
    properties.setIfPresent("Tags", tags.lowered)
    return Template.Resource(logicalID, type: Self.typeName, properties: properties)
  }
}

extension ContainerDefinition {
  var lowered: TemplateValue {
    var fields: Fields = [
      "Essential": true,
      "Image": image.value,
      "LogConfiguration": [
        "LogDriver": "awslogs",
        "Options": [
          "awslogs-group": logGroup.value,
          "awslogs-region": .ref(.region),
          "awslogs-stream-prefix": .string(logStreamPrefix),
        ],
      ],
      "Name": .string(name),
      "ReadonlyRootFilesystem": .boolean(readonlyRootFilesystem),
    ]
    if let port {
      var mapping: Fields = ["ContainerPort": .integer(port), "Protocol": "tcp"]
      if let portName {
        mapping["AppProtocol"] = "http"
        mapping["Name"] = .string(portName)
      }
      fields["PortMappings"] = [.object(mapping)]
    }
    if !environment.isEmpty {
      fields["Environment"] = .list(
        environment.map { ["Name": .string($0.name), "Value": $0.value.value] })
    }
    if !secrets.isEmpty {
      fields["Secrets"] = .list(
        secrets.map { secret in
          let valueFrom: TemplateString =
            secret.jsonKey.map { "\(secret.secret):\($0)::" } ?? TemplateString(secret.secret)
          return ["Name": .string(secret.name), "ValueFrom": valueFrom.value]
        })
    }
    return .object(fields)
  }
}

extension TaskDefinition {
  /// Lowers to a Fargate `AWS::ECS::TaskDefinition` in `awsvpc` mode.
  public func lowered() -> Template.Resource {
    var properties: Fields = [
      "ContainerDefinitions": .list(containers.map(\.lowered)),
      "Cpu": .string(String(size.cpu)),
      "ExecutionRoleArn": executionRole.value,
      "Memory": .string(String(size.memory)),
      "NetworkMode": "awsvpc",
      "RequiresCompatibilities": ["FARGATE"],
      "RuntimePlatform": ["CpuArchitecture": "X86_64", "OperatingSystemFamily": "LINUX"],
      "TaskRoleArn": taskRole.value,
    ]
    properties.setIfPresent("Tags", tags.lowered)
    return Template.Resource(logicalID, type: Self.typeName, properties: properties)
  }
}

extension FargateService {
  /// Lowers to `AWS::ECS::Service` on Fargate.
  public func lowered() -> Template.Resource {
    var properties: Fields = [
      "Cluster": cluster.value,
      "DeploymentConfiguration": [
        "DeploymentCircuitBreaker": ["Enable": true, "Rollback": true],
        "MaximumPercent": 200,
        "MinimumHealthyPercent": 100,
      ],
      "DesiredCount": .integer(desiredCount),
      "EnableECSManagedTags": true,
      "LaunchType": "FARGATE",
      "NetworkConfiguration": [
        "AwsvpcConfiguration": [
          "AssignPublicIp": assignPublicIP ? "ENABLED" : "DISABLED",
          "SecurityGroups": .list(securityGroups.map { .getAtt($0.logicalID, "GroupId") }),
          "Subnets": .list(subnets.map(\.value)),
        ]
      ],
      "PropagateTags": "SERVICE",
      "TaskDefinition": taskDefinition.value,
    ]
    if let registration {
      properties["HealthCheckGracePeriodSeconds"] = .integer(healthCheckGracePeriodSeconds)
      properties["LoadBalancers"] = [
        [
          "ContainerName": .string(registration.containerName),
          "ContainerPort": .integer(registration.containerPort),
          "TargetGroupArn": registration.targetGroup.value,
        ]
      ]
    }
    if let serviceConnect {
      var configuration: Fields = ["Enabled": true, "Namespace": serviceConnect.namespace.value]
      if let server = serviceConnect.server {
        configuration["Services"] = [
          [
            "ClientAliases": [["DnsName": .string(server.discoveryName), "Port": .integer(server.port)]],
            "DiscoveryName": .string(server.discoveryName),
            "PortName": .string(server.portName),
          ]
        ]
      }
      properties["ServiceConnectConfiguration"] = .object(configuration)
    }
    properties.setIfPresent("Tags", tags.lowered)
    return Template.Resource(
      logicalID, type: Self.typeName, dependsOn: dependsOn, properties: properties)
  }
}

extension ScalableTarget {
  /// Lowers to `AWS::ApplicationAutoScaling::ScalableTarget` on the service's desired count.
  public func lowered() -> Template.Resource {
    let resourceID: TemplateString = "service/\(cluster)/\(serviceName)"
    return Template.Resource(
      logicalID, type: Self.typeName,
      properties: [
        "MaxCapacity": .integer(maxCapacity),
        "MinCapacity": .integer(minCapacity),
        "ResourceId": resourceID.value,
        "ScalableDimension": "ecs:service:DesiredCount",
        "ServiceNamespace": "ecs",
      ])
  }
}

extension ScalingPolicy {
  /// Lowers to a target-tracking `AWS::ApplicationAutoScaling::ScalingPolicy`.
  public func lowered() -> Template.Resource {
    Template.Resource(
      logicalID, type: Self.typeName,
      properties: [
        "PolicyName": policyName.value,
        "PolicyType": "TargetTrackingScaling",
        "ScalingTargetId": target.value,
        "TargetTrackingScalingPolicyConfiguration": [
          metric.specificationKey: metric.specification,
          "ScaleInCooldown": .integer(scaleInCooldownSeconds),
          "ScaleOutCooldown": .integer(scaleOutCooldownSeconds),
          "TargetValue": .integer(targetValue),
        ],
      ])
  }
}

extension ScalingPolicy.Metric {
  /// `PredefinedMetricSpecification` or `CustomizedMetricSpecification`.
  var specificationKey: String {
    if case .queueDepth = self { return "CustomizedMetricSpecification" }
    return "PredefinedMetricSpecification"
  }

  /// The metric's specification.
  var specification: TemplateValue {
    switch self {
    case .averageCPU: return ["PredefinedMetricType": "ECSServiceAverageCPUUtilization"]
    case .averageMemory: return ["PredefinedMetricType": "ECSServiceAverageMemoryUtilization"]
    case .requestsPerTarget(let loadBalancer, let targetGroup):
      let label: TemplateString = "\(loadBalancer)/\(targetGroup)"
      return ["PredefinedMetricType": "ALBRequestCountPerTarget", "ResourceLabel": label.value]
    case .queueDepth(let queue):
      return [
        "Dimensions": [["Name": "QueueName", "Value": queue.value]],
        "MetricName": "ApproximateNumberOfMessagesVisible", "Namespace": "AWS/SQS", "Statistic": "Average",
      ]
    }
  }
}

extension ScheduledTask {
  /// Lowers to an `AWS::Events::Rule` with one ECS target on Fargate.
  public func lowered() -> Template.Resource {
    var properties: Fields = [
      "ScheduleExpression": .string(schedule),
      "State": "ENABLED",
      "Targets": [
        [
          "Arn": cluster.value,
          "EcsParameters": [
            "EnableECSManagedTags": true,
            "LaunchType": "FARGATE",
            "NetworkConfiguration": [
              "AwsVpcConfiguration": [
                "AssignPublicIp": "DISABLED",
                "SecurityGroups": .list(securityGroups.map { .getAtt($0.logicalID, "GroupId") }),
                "Subnets": .list(subnets.map(\.value)),
              ]
            ],
            "PlatformVersion": "LATEST",
            "PropagateTags": "TASK_DEFINITION",
            "TaskCount": .integer(taskCount),
            "TaskDefinitionArn": taskDefinition.value,
          ],
          "Id": "Task",
          // A start that fails (no capacity, a throttled API) is retried for an hour, 3 times.
          "RetryPolicy": ["MaximumEventAgeInSeconds": 3600, "MaximumRetryAttempts": 3],
          "RoleArn": role.value,
        ]
      ],
    ]
    if let description { properties["Description"] = .string(description) }
    return Template.Resource(logicalID, type: Self.typeName, properties: properties)
  }
}
