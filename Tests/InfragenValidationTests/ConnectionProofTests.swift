import InfragenCore
import InfragenModel
import InfragenValidation
import Testing

/// What the library's connections record is what the validator proves: a stack written with
/// `allowConnections` is clean in `mode: exact`, and a rule written by hand beside them is caught.
@Suite struct ConnectionProofTests {
  static let vpc = VPC("Vpc", cidrBlock: .anywhere)
  static let subnet = Subnet(
    "PrivateA", vpc: vpc, cidrBlock: .anywhere, availabilityZone: .init(index: 0), kind: .private)
  static let apiGroup = SecurityGroup("ApiSecurityGroup", description: "api", vpc: vpc)
  static let webGroup = SecurityGroup("WebSecurityGroup", description: "web", vpc: vpc)
  static let dbGroup = SecurityGroup("DatabaseSecurityGroup", description: "db", vpc: vpc)

  static func service(_ id: LogicalID, _ group: SecurityGroup) -> RawResource {
    RawResource(
      id, type: "AWS::ECS::Service",
      properties: [
        "NetworkConfiguration": [
          "AwsvpcConfiguration": ["SecurityGroups": [group.groupID.value], "Subnets": [subnet.ref.value]]
        ]
      ])
  }
  static let database = RawResource(
    "Database", type: "AWS::RDS::DBInstance",
    properties: [
      "Engine": "postgres", "VPCSecurityGroups": [dbGroup.groupID.value], "DBInstanceClass": "db.t4g.micro",
      "DBSubnetGroupName": .ref("DatabaseSubnets"),
    ])
  static let subnets = RawResource(
    "DatabaseSubnets", type: "AWS::RDS::DBSubnetGroup",
    properties: ["DBSubnetGroupDescription": "db", "SubnetIds": [subnet.ref.value]])

  static func stack(@StackBuilder extra: () -> [StackElement] = { [] }) throws -> Template {
    let api = ConnectionPoint(service("ApiService", apiGroup), group: apiGroup)
    let db = ConnectionPoint(database, group: dbGroup, port: 5432)
    return try Stack {
      vpc
      subnet
      apiGroup
      webGroup
      dbGroup
      service("ApiService", apiGroup)
      service("WebService", webGroup)
      database
      subnets
      db.allowConnections(from: api)
      extra()
    }.template()
  }

  @Test func whatTheCodeDeclaredIsProvenExactly() throws {
    var template = try Self.stack()
    var infragen = template.metadata["infragen"]?.objectValue ?? Fields()
    infragen["mode"] = "exact"
    template.metadata["infragen"] = .object(infragen)
    let errors = Validator().validate(template).filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors)")
  }

  @Test func webGivenTheDatabaseByHandIsCaught() throws {
    let template = try Self.stack {
      SecurityGroupIngress(
        "DatabaseFromWeb", group: Self.dbGroup,
        rule: .tcp(5432, from: .securityGroup(Self.webGroup.ref), description: "web, by hand"))
      SecurityGroupEgress(
        "WebToDatabase", group: Self.webGroup,
        rule: .tcp(5432, to: .securityGroup(Self.dbGroup.ref), description: "to the database, by hand"))
    }
    let errors = Validator().validate(template).filter { $0.severity == .error }
    #expect(errors.map(\.rule) == [DatabaseIngressOnlyFromService.name])
    #expect(errors.first?.location.logicalID == "DatabaseFromWeb")
  }
}
