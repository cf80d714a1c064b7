import InfragenCore
import InfragenFormats
import Testing

@testable import InfragenValidation

/// A large template's rules run on every core, the topology computed once by whichever rule
/// asks first: the findings are those of the rules run one after another, in the same order.
@Suite struct ParallelRulesTests {
  /// 60 copies of a database open to the internet with a literal password, its group, an
  /// unencrypted topic and a log group without retention: 240 resources, findings of many rules.
  static func largeTemplate() throws -> Template {
    var resources: [String] = []
    for index in 0..<60 {
      resources.append(
        """
        "Group\(index)": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "db",
          "VpcId": "vpc-1", "SecurityGroupIngress": [{"IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306,
          "CidrIp": "0.0.0.0/0"}]}},
        "Db\(index)": {"Type": "AWS::RDS::DBInstance", "Properties": {"Engine": "mysql",
          "DBInstanceClass": "db.t3.micro", "MasterUsername": "admin", "MasterUserPassword": "hunter2",
          "PubliclyAccessible": true, "VPCSecurityGroups": [{"Ref": "Group\(index)"}]}},
        "Topic\(index)": {"Type": "AWS::SNS::Topic"},
        "Logs\(index)": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": {"Ref": "Missing\(index)"}}}
        """)
    }
    let text = "{\"Resources\": {\(resources.joined(separator: ",\n"))}}"
    return try JSONReader.readTemplate(Array(text.utf8), file: "large.json")
  }

  @Test func aLargeTemplateHasTheFindingsOfTheRulesRunInTurn() throws {
    let template = try Self.largeTemplate()
    #expect(template.resources.count >= Validator.parallelRulesThreshold)
    var serial = Validator(.all)
    serial.parallelFrom = .max
    var parallel = Validator(.all)
    parallel.parallelFrom = 0
    let expected = serial.validate(template)
    #expect(Set(expected.map(\.rule)).count >= 5, "\(Set(expected.map(\.rule)).sorted())")
    for _ in 0..<5 { #expect(parallel.validate(template) == expected) }
    #expect(Validator(.all).validate(template) == expected)
  }

  @Test func aSmallTemplateRunsItsRulesInTurnWithTheSameFindings() throws {
    let template = try Self.largeTemplate()
    var small = template
    small.resources = Array(template.resources.prefix(8))
    var parallel = Validator(.all)
    parallel.parallelFrom = 0
    let findings = Validator(.all).validate(small)
    #expect(!findings.isEmpty)
    #expect(parallel.validate(small) == findings)
  }
}
