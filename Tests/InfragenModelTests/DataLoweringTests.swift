import InfragenCore
import InfragenModel
import Testing

@Suite struct DataLoweringTests {
  var dbGroup: SecurityGroup { SecurityGroup("DbGroup", description: "db", vpc: vpc) }

  @Test func mysqlIsMultiAZEncryptedPrivateProtectedAndSnapshotted() {
    let subnetGroup = DatabaseSubnetGroup("DbSubnets", description: "d", subnets: [subnetA, subnetB])
    let database = DatabaseInstance(
      "Db", engineVersion: "8.4.7", instanceClass: "db.t4g.medium", allocatedStorage: 50,
      maxAllocatedStorage: 200, subnetGroup: subnetGroup, securityGroups: [dbGroup], credentials: dbSecret)
    #expect(property(database, "Engine") == "mysql")
    #expect(property(database, "MultiAZ") == true)
    #expect(property(database, "StorageEncrypted") == true)
    #expect(property(database, "PubliclyAccessible") == false)
    #expect(property(database, "DeletionProtection") == true)
    #expect(property(database, "BackupRetentionPeriod") == 7)
    #expect(property(database, "Port") == "3306")
    #expect(entry(database)?.deletionPolicy == "Snapshot")
    #expect(entry(database)?.updateReplacePolicy == "Snapshot")
    #expect(
      property(database, "MasterUserPassword") == .sub("{{resolve:secretsmanager:${DbSecret}:SecretString:password}}"))
    #expect(
      property(database, "MasterUsername") == .sub("{{resolve:secretsmanager:${DbSecret}:SecretString:username}}"))
    #expect(property(database, "VPCSecurityGroups") == [.getAtt("DbGroup", "GroupId")])
    #expect(property(subnetGroup, "SubnetIds") == [.ref("SubnetA"), .ref("SubnetB")])
  }

  @Test func secretsAreGeneratedNeverWritten() {
    #expect(
      property(dbSecret, "GenerateSecretString") == [
        "ExcludeCharacters": "\"@/\\'", "GenerateStringKey": "password", "PasswordLength": 32,
        "SecretStringTemplate": "{\"username\":\"app\"}",
      ])
    let token = Secret("Token", description: "t", generated: .token(length: 64))
    #expect(property(token, "GenerateSecretString") == ["ExcludePunctuation": true, "PasswordLength": 64])
    #expect(property(token, "SecretString") == nil)
  }

  @Test func redisFailsOverEncryptsAndReadsItsTokenFromASecret() {
    let token = Secret("Token", description: "t", generated: .token(length: 64))
    let group = ReplicationGroup(
      "Cache", description: "c", engineVersion: "7.1", nodeType: "cache.t4g.medium", replicas: 1,
      subnetGroup: CacheSubnetGroup("CacheSubnets", description: "c", subnets: [subnetA]), securityGroups: [dbGroup],
      authToken: token)
    #expect(property(group, "AutomaticFailoverEnabled") == true)
    #expect(property(group, "MultiAZEnabled") == true)
    #expect(property(group, "AtRestEncryptionEnabled") == true)
    #expect(property(group, "TransitEncryptionEnabled") == true)
    #expect(property(group, "NumCacheClusters") == 2)
    #expect(property(group, "AuthToken") == .sub("{{resolve:secretsmanager:${Token}}}"))
  }

  @Test func openSearchIsInTheVPCEncryptedAndHTTPSOnly() {
    let domain = SearchDomain(
      "Search", engineVersion: "OpenSearch_2.13", instanceType: "m6g.large.search", instanceCount: 2,
      volumeSize: 20, subnets: [subnetA, subnetB], securityGroups: [dbGroup])
    #expect(
      property(domain, "VPCOptions") == [
        "SecurityGroupIds": [.getAtt("DbGroup", "GroupId")], "SubnetIds": [.ref("SubnetA"), .ref("SubnetB")],
      ])
    #expect(property(domain, "NodeToNodeEncryptionOptions") == ["Enabled": true])
    #expect(property(domain, "EncryptionAtRestOptions") == ["Enabled": true])
    #expect(
      property(domain, "DomainEndpointOptions") == [
        "EnforceHTTPS": true, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-2019-07",
      ])
    #expect(property(domain, "ClusterConfig")?["ZoneAwarenessEnabled"] == true)
    #expect(property(domain, "ClusterConfig")?["ZoneAwarenessConfig"] == ["AvailabilityZoneCount": 2])
  }

  @Test func alarmsNotifyOnAlarmAndOnRecovery() {
    let topic = Topic("Alarms", displayName: "alarms")
    let alarm = Alarm(
      "Cpu", description: "cpu", namespace: "AWS/ECS", metricName: "CPUUtilization",
      dimensions: [.init("ClusterName", "c")], statistic: .average, comparison: .greaterThan, threshold: 80,
      notify: [topic])
    #expect(property(alarm, "AlarmActions") == [.ref("Alarms")])
    #expect(property(alarm, "OKActions") == [.ref("Alarms")])
    #expect(property(alarm, "Threshold") == 80)
    let fractional = Alarm(
      "Frac", description: "f", namespace: "N", metricName: "M", dimensions: [], statistic: .sum,
      comparison: .lessThan, threshold: 0.5, notify: [topic])
    #expect(property(fractional, "Threshold") == .number(0.5))
    #expect(property(topic, "DisplayName") == "alarms")
  }

  @Test func slackChannelForwardsTopics() {
    let topic = Topic("Alarms", displayName: "alarms")
    let role = Role("Bot", assumedBy: .chatbot)
    let slack = SlackChannelConfiguration(
      "Slack", name: "alarms", role: role, workspaceID: "T1", channelID: "C1", topics: [topic])
    #expect(property(slack, "SnsTopicArns") == [.ref("Alarms")])
    #expect(property(slack, "IamRoleArn") == .getAtt("Bot", "Arn"))
  }
}
