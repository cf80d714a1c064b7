import InfragenCore
import InfragenModel
import Testing

@Suite struct ConnectionTests {
  let vpc = VPC("Vpc", cidrBlock: .anywhere)
  var apiGroup: SecurityGroup { SecurityGroup("ApiSecurityGroup", description: "api", vpc: vpc) }
  var dbGroup: SecurityGroup { SecurityGroup("DatabaseSecurityGroup", description: "db", vpc: vpc) }
  var api: ConnectionPoint { ConnectionPoint(RawResource("ApiService", type: "AWS::ECS::Service"), group: apiGroup) }
  var database: ConnectionPoint {
    ConnectionPoint(RawResource("Database", type: "AWS::RDS::DBInstance"), group: dbGroup, port: 5432)
  }

  @Test func aConnectionWritesBothSidesAsStandaloneRulesAndRecordsTheFlow() throws {
    let template = try Stack {
      vpc
      apiGroup
      dbGroup
      database.allowConnections(from: api)
    }.template()
    let ingress = try #require(template.resource("DatabaseFromApiService"))
    #expect(ingress.type == "AWS::EC2::SecurityGroupIngress")
    #expect(ingress[property: "GroupId"] == .getAtt("DatabaseSecurityGroup", "GroupId"))
    #expect(ingress[property: "SourceSecurityGroupId"] == .getAtt("ApiSecurityGroup", "GroupId"))
    #expect(ingress[property: "FromPort"] == 5432)
    let egress = try #require(template.resource("ApiServiceToDatabase"))
    #expect(egress.type == "AWS::EC2::SecurityGroupEgress")
    #expect(egress[property: "GroupId"] == .getAtt("ApiSecurityGroup", "GroupId"))
    #expect(egress[property: "DestinationSecurityGroupId"] == .getAtt("DatabaseSecurityGroup", "GroupId"))
    #expect(template.metadata["infragen"] == ["flows": [["from": "ApiService", "to": "Database", "ports": [5432]]]])
    #expect(template.resource("ApiSecurityGroup")?[property: "SecurityGroupIngress"] == nil, "no inline pair")
  }

  @Test func severalPortsGiveOneRulePairEach() throws {
    let template = try Stack {
      vpc
      apiGroup
      dbGroup
      database.allowConnections(from: api, ports: [5432, 5433])
    }.template()
    #expect(
      template.resources.map(\.logicalID.rawValue).filter { $0.contains("From") || $0.contains("To") } == [
        "ApiServiceToDatabase5432", "ApiServiceToDatabase5433", "DatabaseFromApiService5432",
        "DatabaseFromApiService5433",
      ])
    #expect(template.metadata["infragen"]?["flows"]?.listValue?.first?["ports"] == [5432, 5433])
  }

  @Test func aConnectionWithoutAPortIsAnError() {
    let lowered = Stack {
      vpc
      apiGroup
      dbGroup
      api.allowConnections(from: database)
    }.lower()
    #expect(lowered.diagnostics.map(\.rule) == ["ConnectionsHavePorts"])
    #expect(throws: LoweringError.self) { try lowered.template() }
  }

  @Test func theSameConnectionTwiceIsAnError() {
    let lowered = Stack {
      vpc
      apiGroup
      dbGroup
      database.allowConnections(from: api)
      database.allowConnections(from: api)
    }.lower()
    #expect(lowered.diagnostics.map(\.rule) == ["LogicalIDsAreUnique", "LogicalIDsAreUnique"])
  }
}
