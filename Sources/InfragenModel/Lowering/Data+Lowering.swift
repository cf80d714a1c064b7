import InfragenCore

extension DatabaseSubnetGroup {
  /// Lowers to `AWS::RDS::DBSubnetGroup`.
  public func lowered() -> Template.Resource {
    Template.Resource(
      logicalID, type: Self.typeName,
      properties: [
        "DBSubnetGroupDescription": .string(description),
        "SubnetIds": .list(subnets.map(\.value)),
      ])
  }
}

extension DatabaseInstance {
  /// Lowers to an `AWS::RDS::DBInstance` with `Snapshot` deletion and replacement policies.
  public func lowered() -> Template.Resource {
    var properties: Fields = [
      "AllocatedStorage": .string(String(allocatedStorage)),
      "AutoMinorVersionUpgrade": true,
      "BackupRetentionPeriod": .integer(backupRetentionDays),
      "CopyTagsToSnapshot": true,
      "DBInstanceClass": .string(instanceClass),
      "DBSubnetGroupName": subnetGroup.value,
      "DeletionProtection": .boolean(deletionProtection),
      "EnableCloudwatchLogsExports": .list(engine.logExports.map(TemplateValue.string)),
      "EnableIAMDatabaseAuthentication": true,
      "Engine": .string(engine.rawValue),
      "EngineVersion": .string(engineVersion),
      "MasterUserPassword": credentials.resolve(jsonKey: "password").value,
      "MasterUsername": credentials.resolve(jsonKey: "username").value,
      "MaxAllocatedStorage": .integer(maxAllocatedStorage),
      "MultiAZ": .boolean(multiAZ),
      "Port": .string(String(port)),
      "PubliclyAccessible": false,
      "StorageEncrypted": true,
      "StorageType": "gp3",
      "VPCSecurityGroups": .list(securityGroups.map { .getAtt($0.logicalID, "GroupId") }),
    ]
    if let monitoringRole {
      properties["MonitoringInterval"] = .integer(monitoringIntervalSeconds)
      properties["MonitoringRoleArn"] = monitoringRole.value
    }
    properties.setIfPresent("Tags", tags.lowered)
    return Template.Resource(
      logicalID, type: Self.typeName, metadata: waiverMetadata(checkov: checkovWaivers, infragen: infragenWaivers),
      properties: properties, deletionPolicy: "Snapshot", updateReplacePolicy: "Snapshot")
  }
}

extension CacheSubnetGroup {
  /// Lowers to `AWS::ElastiCache::SubnetGroup`.
  public func lowered() -> Template.Resource {
    Template.Resource(
      logicalID, type: Self.typeName,
      properties: [
        "Description": .string(description), "SubnetIds": .list(subnets.map(\.value)),
      ])
  }
}

extension ReplicationGroup {
  /// Lowers to a Redis `AWS::ElastiCache::ReplicationGroup`.
  public func lowered() -> Template.Resource {
    var properties: Fields = [
      "AtRestEncryptionEnabled": true,
      "AuthToken": authToken.resolve().value,
      "AutoMinorVersionUpgrade": true,
      "AutomaticFailoverEnabled": .boolean(replicas > 0),
      "CacheNodeType": .string(nodeType),
      "CacheSubnetGroupName": subnetGroup.value,
      "Engine": "redis",
      "EngineVersion": .string(engineVersion),
      "MultiAZEnabled": .boolean(replicas > 0),
      "NumCacheClusters": .integer(replicas + 1),
      "Port": .integer(port),
      "ReplicationGroupDescription": .string(description),
      "SecurityGroupIds": .list(securityGroups.map { .getAtt($0.logicalID, "GroupId") }),
      "SnapshotRetentionLimit": .integer(snapshotRetentionDays),
      "TransitEncryptionEnabled": true,
    ]
    properties.setIfPresent("Tags", tags.lowered)
    return Template.Resource(
      logicalID, type: Self.typeName, properties: properties,
      deletionPolicy: .string(removalPolicy.rawValue), updateReplacePolicy: .string(removalPolicy.rawValue))
  }
}

extension SearchDomain {
  /// Lowers to `AWS::OpenSearchService::Domain` with `VPCOptions`.
  public func lowered() -> Template.Resource {
    var properties: Fields = [
      "ClusterConfig": [
        "DedicatedMasterEnabled": false,
        "InstanceCount": .integer(instanceCount),
        "InstanceType": .string(instanceType),
        "ZoneAwarenessConfig": ["AvailabilityZoneCount": .integer(subnets.count)],
        "ZoneAwarenessEnabled": true,
      ],
      "DomainEndpointOptions": [
        "EnforceHTTPS": true, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07",
      ],
      "EBSOptions": ["EBSEnabled": true, "VolumeSize": .integer(volumeSize), "VolumeType": "gp3"],
      "EncryptionAtRestOptions": ["Enabled": true],
      "EngineVersion": .string(engineVersion),
      "NodeToNodeEncryptionOptions": ["Enabled": true],
      "VPCOptions": [
        "SecurityGroupIds": .list(securityGroups.map { .getAtt($0.logicalID, "GroupId") }),
        "SubnetIds": .list(subnets.map(\.value)),
      ],
    ]
    if let masterRole {
      properties["AdvancedSecurityOptions"] = [
        "Enabled": true, "InternalUserDatabaseEnabled": false, "MasterUserOptions": ["MasterUserARN": masterRole.value],
      ]
    }
    if let logs {
      func destination(_ group: Attribute<LogGroup>) -> TemplateValue {
        ["CloudWatchLogsLogGroupArn": group.value, "Enabled": true]
      }
      properties["LogPublishingOptions"] = [
        "AUDIT_LOGS": destination(logs.audit), "ES_APPLICATION_LOGS": destination(logs.application),
        "INDEX_SLOW_LOGS": destination(logs.indexSlow), "SEARCH_SLOW_LOGS": destination(logs.searchSlow),
      ]
    }
    properties.setIfPresent("Tags", tags.lowered)
    return Template.Resource(
      logicalID, type: Self.typeName, dependsOn: logs.map { [$0.policy] } ?? [], properties: properties,
      deletionPolicy: .string(removalPolicy.rawValue), updateReplacePolicy: .string(removalPolicy.rawValue))
  }
}

extension DatabaseCluster {
  /// Lowers to an Aurora `AWS::RDS::DBCluster` with `Snapshot` deletion and replacement policies.
  public func lowered() -> Template.Resource {
    var properties: Fields = [
      "BackupRetentionPeriod": .integer(backupRetentionDays),
      "CopyTagsToSnapshot": true,
      "DBSubnetGroupName": subnetGroup.value,
      "DeletionProtection": .boolean(deletionProtection),
      "EnableCloudwatchLogsExports": .list(engine.logExports.map(TemplateValue.string)),
      "EnableIAMDatabaseAuthentication": true,
      "Engine": .string(engine.rawValue),
      "EngineVersion": .string(engineVersion),
      "MasterUserPassword": credentials.resolve(jsonKey: "password").value,
      "MasterUsername": credentials.resolve(jsonKey: "username").value,
      "Port": .integer(port),
      "StorageEncrypted": true,
      "VpcSecurityGroupIds": .list(securityGroups.map { .getAtt($0.logicalID, "GroupId") }),
    ]
    properties.setIfPresent("KmsKeyId", kmsKey?.value)
    properties.setIfPresent("Tags", tags.lowered)
    return Template.Resource(
      logicalID, type: Self.typeName, properties: properties, deletionPolicy: "Snapshot",
      updateReplacePolicy: "Snapshot")
  }
}

extension DatabaseClusterInstance {
  /// Lowers to an `AWS::RDS::DBInstance` of the cluster.
  public func lowered() -> Template.Resource {
    var properties: Fields = [
      "AutoMinorVersionUpgrade": true,
      "DBClusterIdentifier": cluster.value,
      "DBInstanceClass": .string(instanceClass),
      "Engine": .string(engine.rawValue),
      "PubliclyAccessible": false,
    ]
    if let monitoringRole {
      properties["MonitoringInterval"] = .integer(monitoringIntervalSeconds)
      properties["MonitoringRoleArn"] = monitoringRole.value
    }
    return Template.Resource(
      logicalID, type: Self.typeName, properties: properties, deletionPolicy: "Delete", updateReplacePolicy: "Delete")
  }
}
