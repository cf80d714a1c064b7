import InfragenCore
import InfragenModel
import Testing

@Suite struct StackLoweringTests {
  @Test func resourcesAreSortedByLogicalIDAndPropertiesByKey() {
    let lowered = Stack {
      Topic("Zulu", displayName: "z")
      vpc
      Topic("Alpha", displayName: "a")
    }.lower()
    #expect(lowered.diagnostics.isEmpty)
    #expect(lowered.draft.resources.map(\.logicalID) == ["Alpha", "Vpc", "Zulu"])
    #expect(lowered.draft.resources[1].properties?.keys == ["CidrBlock", "EnableDnsHostnames", "EnableDnsSupport"])
  }

  @Test func aDuplicateLogicalIDIsAnErrorAndTheFirstDeclarationWins() {
    let lowered = Stack {
      Topic("Alarms", displayName: "first")
      Topic("Alarms", displayName: "second")
    }.lower()
    #expect(
      lowered.diagnostics == [
        Diagnostic(
          .error, rule: "LogicalIDsAreUnique", at: .init("Alarms"),
          "'Alarms' is declared more than once in Resources; logical IDs must be unique")
      ])
    #expect(lowered.draft.resources.count == 1)
    #expect(lowered.draft.resources.first?[property: "DisplayName"] == "first")
  }

  @Test func aParameterAndAResourceCannotShareAnID() {
    let lowered = Stack {
      Parameter("Alarms", description: "p")
      Topic("Alarms", displayName: "t")
    }.lower()
    #expect(lowered.diagnostics.map(\.rule) == ["LogicalIDsAreUnique"])
  }

  @Test func anInvalidLogicalIDIsAnError() {
    let lowered = Stack { Topic("alarm-topic", displayName: "t") }.lower()
    #expect(lowered.diagnostics.map(\.rule) == ["LogicalIDsAreValid"])
    #expect(lowered.diagnostics.first?.severity == .error)
    #expect(lowered.diagnostics.first?.message.contains("did you mean 'alarmtopic'?") == true)
  }

  @Test func parametersKeepDeclarationOrderAndOutputsAreSorted() {
    let topic = Topic("T", displayName: "t")
    let lowered = Stack(description: "d") {
      Parameter("Zeta", description: "z")
      Parameter("Alpha", description: "a", defaultValue: "x")
      topic
      Output("ZOut", description: "z", value: TemplateString(topic.ref))
      Output("AOut", description: "a", value: "v", exportName: "\(PseudoParameter.stackName)-a")
    }.lower()
    #expect(lowered.draft.parameters.keys == ["Zeta", "Alpha"])
    #expect(lowered.draft.parameters["Alpha"] == ["Type": "String", "Description": "a", "Default": "x"])
    #expect(lowered.draft.outputs.keys == ["AOut", "ZOut"])
    #expect(lowered.draft.outputs["AOut"]?["Export"] == ["Name": .sub("${AWS::StackName}-a")])
    #expect(lowered.draft.description == "d")
  }

  @Test func builderSupportsConditionalsAndLoops() {
    let withExtras = true
    let lowered = Stack {
      if withExtras { Topic("Extra", displayName: "e") } else { Topic("Other", displayName: "o") }
      for index in 1...3 { Topic("T\(index)", displayName: "t") }
    }.lower()
    #expect(lowered.draft.resources.map(\.logicalID) == ["Extra", "T1", "T2", "T3"])
  }
}

@Suite struct TemplateStringTests {
  let topic = Topic("Alarms", displayName: "a")

  @Test func plainTextStaysAString() {
    let text: TemplateString = "hello ${not-a-ref}"
    #expect(text.value == "hello ${not-a-ref}")
  }

  @Test func oneReferenceAloneIsARef() {
    #expect(TemplateString(topic.ref).value == .ref("Alarms"))
    #expect(TemplateString("\(topic.ref)").value == .ref("Alarms"))
    #expect(TemplateString(PseudoParameter.region).value == .ref(.region))
  }

  @Test func oneAttributeAloneIsAGetAtt() {
    let db = SecurityGroup("G", description: "g", vpc: vpc)
    #expect(TemplateString(db.groupID).value == .getAtt("G", "GroupId"))
  }

  @Test func mixedTextIsASubWithLiteralPlaceholdersEscaped() {
    let text: TemplateString = "arn:\(PseudoParameter.partition):sns:${x}:\(topic.ref)"
    #expect(text.value == .sub("arn:${AWS::Partition}:sns:${!x}:${Alarms}"))
    #expect(text.description == "arn:${AWS::Partition}:sns:${x}:${Alarms}")
  }

  @Test func emptyIsAnEmptyString() {
    let text: TemplateString = ""
    #expect(text.value == "")
  }
}
