import InfragenCore
import InfragenFormats
import InfragenModel
import Testing

@Suite struct EscapeHatchTests {
  @Test func aRawResourceLowersAsGivenAndItsAttributesGoAnywhere() throws {
    let queue = RawResource(
      "Queue", type: "AWS::SQS::Queue",
      properties: ["SqsManagedSseEnabled": true, "MessageRetentionPeriod": 1_209_600],
      removalPolicy: .delete)
    let topic = Topic("Alarms", displayName: "a")
    let template = try Stack {
      queue
      topic
      Output(
        "QueueArn", description: "the queue", value: TemplateString(queue.attribute("Arn")),
        exportName: "\(PseudoParameter.stackName)-QueueArn")
      Output("QueueUrl", description: "its URL", value: "https://\(queue.attribute("QueueName")).example/\(queue.ref)")
    }.template()
    let entry = try #require(template.resource("Queue"))
    #expect(entry.type == "AWS::SQS::Queue")
    #expect(entry.properties?.keys == ["MessageRetentionPeriod", "SqsManagedSseEnabled"])
    #expect(entry.deletionPolicy == "Delete")
    #expect(entry.updateReplacePolicy == "Delete")
    #expect(template.outputs["QueueArn"]?["Value"] == .getAtt("Queue", "Arn"))
    #expect(template.outputs["QueueArn"]?["Export"] == ["Name": .sub("${AWS::StackName}-QueueArn")])
    #expect(template.outputs["QueueUrl"]?["Value"] == .sub("https://${Queue.QueueName}.example/${Queue}"))
  }

  @Test func anOverrideChangesTheLoweredEntryAndKeepsTheLogicalID() throws {
    let topic = Topic("Alarms", displayName: "a")
    let template = try Stack(tags: [Tag("team", "web")]) {
      topic.overriding { $0[property: "FifoTopic"] = true }
        .overriding {
          $0[property: "DisplayName"] = nil
          $0.logicalID = "Renamed"
          $0.dependsOn = ["Other"]
        }
      Topic("Other", displayName: "o")
    }.template()
    let entry = try #require(template.resource("Alarms"))
    #expect(template.resource("Renamed") == nil)
    #expect(entry[property: "FifoTopic"] == true)
    #expect(entry[property: "DisplayName"] == nil)
    #expect(entry.dependsOn == ["Other"])
    #expect(entry[property: "Tags"] == [["Key": "team", "Value": "web"]], "stack tags still reach it")
  }

  @Test func everyParameterTypeAndConstraintLowers() throws {
    let template = try Stack {
      Parameter("Token", description: "t", noEcho: true, minLength: 8, maxLength: 64)
      Parameter("Size", kind: .number, description: "s", defaultValue: 2, minValue: 1, maxValue: 10)
      Parameter("Tier", description: "t", defaultValue: "small", allowedValues: ["small", "large"])
      Parameter("Vpc", kind: .vpcID, description: "v")
      Parameter("Subnets", kind: .subnetIDs, description: "s")
      Parameter("Image", kind: .ssm(.aws("EC2::Image::Id")), description: "i", defaultValue: "/aws/service/ami")
      Parameter("Zones", kind: .awsList("EC2::AvailabilityZone::Name"), description: "z")
      Parameter("Ports", kind: .numberList, description: "p")
    }.template()
    #expect(
      template.parameters["Token"] == [
        "Type": "String", "Description": "t", "NoEcho": true, "MinLength": 8, "MaxLength": 64,
      ])
    #expect(
      template.parameters["Size"] == [
        "Type": "Number", "Description": "s", "Default": 2, "MinValue": 1, "MaxValue": 10,
      ])
    #expect(template.parameters["Tier"]?["AllowedValues"] == ["small", "large"])
    #expect(template.parameters["Vpc"]?["Type"] == "AWS::EC2::VPC::Id")
    #expect(template.parameters["Subnets"]?["Type"] == "List<AWS::EC2::Subnet::Id>")
    #expect(template.parameters["Image"]?["Type"] == "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>")
    #expect(template.parameters["Zones"]?["Type"] == "List<AWS::EC2::AvailabilityZone::Name>")
    #expect(template.parameters["Ports"]?["Type"] == "List<Number>")
  }

  @Test func aParameterCloudFormationRefusesIsAnError() {
    let lowered = Stack {
      Parameter("Kind", kind: Parameter.Kind(rawValue: "Strng"), description: "k")
      Parameter("Tier", description: "t", defaultValue: "medium", allowedValues: ["small", "large"])
    }.lower()
    #expect(lowered.diagnostics.map(\.rule) == ["ParametersAreValid", "ParametersAreValid"])
    #expect(
      lowered.diagnostics.map(\.message).contains("parameter 'Kind': 'Strng' is not a CloudFormation parameter type"))
    #expect(throws: LoweringError.self) { try lowered.template() }
  }
}

@Suite struct FailClosedTests {
  @Test func aDuplicateLogicalIDCannotBeEmitted() {
    let stack = Stack {
      Topic("Alarms", displayName: "first")
      Topic("Alarms", displayName: "second")
    }
    #expect(throws: LoweringError.self) { try stack.template() }
    do {
      _ = try stack.template()
    } catch {
      #expect(error.description.contains("'Alarms' is declared more than once in Resources"))
    }
  }

  @Test func aReferenceToAResourceNotInTheStackIsAnError() throws {
    let vpc = VPC("Vpc", cidrBlock: .anywhere)
    let group = SecurityGroup("Group", description: "g", vpc: vpc)
    let lowered = Stack { group }.lower()
    #expect(lowered.diagnostics.map(\.rule) == ["ReferencesResolve"])
    #expect(lowered.diagnostics.first?.location.description == "Group.Properties")
    #expect(
      lowered.diagnostics.first?.message
        == "Ref names 'Vpc', which is not in the stack; add it to the stack, or reference one that is")
    #expect(throws: LoweringError.self) { try lowered.template() }
    #expect(
      try Stack {
        vpc
        group
      }.template().resources.count == 2)
  }

  @Test func aDependsOnOrSubOnWhatIsNotInTheStackIsAnError() {
    let topic = Topic("Alarms", displayName: "a")
    let lowered = Stack {
      topic.overriding { $0.dependsOn = ["Missing"] }
      Output(
        "Url", description: "u", value: "https://\(RawResource("Gone", type: "AWS::SQS::Queue").attribute("QueueName"))"
      )
    }.lower()
    #expect(
      lowered.diagnostics.map(\.message) == [
        "Fn::Sub names 'Gone', which is not in the stack; add it to the stack, or reference one that is",
        "DependsOn names 'Missing', which is not in the stack; add it to the stack, or drop the dependency",
      ])
  }

  @Test func valuesCloudFormationRefusesAreErrors() {
    let vpc = VPC("Vpc", cidrBlock: .anywhere)
    let lowered = Stack {
      vpc
      SecurityGroup("Group", description: "g", vpc: vpc, ingress: [.tcp(70000, from: .anyIPv4, description: "typo")])
      LogGroup("Logs", retentionInDays: 42)
      DatabaseSubnetGroup("Subnets", description: "s", subnets: [])
    }.lower()
    #expect(lowered.diagnostics.map(\.rule) == ["ValuesAreValid", "ValuesAreValid", "ValuesAreValid"])
    #expect(
      lowered.diagnostics.map(\.message).contains("'Group': the rule 'typo' has port 70000, outside 1 to 65535"))
    #expect(lowered.diagnostics.map(\.message).contains { $0.hasPrefix("'Logs': RetentionInDays 42 is not one") })
    #expect(lowered.diagnostics.map(\.message).contains { $0.hasPrefix("'Subnets': SubnetIds is empty") })
  }
}
