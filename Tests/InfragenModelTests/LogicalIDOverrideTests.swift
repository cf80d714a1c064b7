import InfragenCore
import InfragenModel
import Testing

@Suite struct LogicalIDOverrideTests {
  let queue = RawResource("JobsQueue", type: "AWS::SQS::Queue", properties: ["SqsManagedSseEnabled": true])

  var consumer: RawResource {
    RawResource(
      "Consumer", type: "AWS::Lambda::EventSourceMapping",
      properties: [
        "EventSourceArn": .getAtt("JobsQueue", "Arn"),
        "FunctionName": .ref("Image"),
        "Tags": [
          [
            "Key": "queue",
            "Value": .intrinsic(.sub("${JobsQueue.QueueName} ${!JobsQueue} ${Local}", ["Local": .ref("JobsQueue")])),
          ]
        ],
      ],
      dependsOn: ["JobsQueue"])
  }

  var stack: Stack {
    Stack(exactFlows: true) {
      Parameter("Image", description: "i")
      queue
      consumer
      Output("Queue", description: "q", value: TemplateString(queue.ref))
      DeclaredFlow(from: "Consumer", to: "JobsQueue", ports: [443])
    }
  }

  @Test func anOverriddenIDRenamesTheResourceAndEveryReferenceToIt() throws {
    let template = try stack.overridingLogicalIDs(["JobsQueue": "Queue", "Image": "ContainerImage"]).template()
    #expect(template.resources.map(\.logicalID) == ["Consumer", "Queue"])
    #expect(template.parameters.keys == ["ContainerImage"])
    let consumer = try #require(template.resource("Consumer"))
    #expect(consumer.dependsOn == ["Queue"])
    #expect(consumer[property: "EventSourceArn"] == .getAtt("Queue", "Arn"))
    #expect(consumer[property: "FunctionName"] == .ref("ContainerImage"))
    // `${!JobsQueue}` is literal text and `${Local}` is the Sub's own variable: both kept.
    #expect(
      consumer[property: "Tags"]
        == [
          [
            "Key": "queue",
            "Value": .intrinsic(.sub("${Queue.QueueName} ${!JobsQueue} ${Local}", ["Local": .ref("Queue")])),
          ]
        ])
    #expect(template.outputs["Queue"]?["Value"] == .ref("Queue"))
    #expect(template.metadata["infragen"]?["flows"] == [["from": "Consumer", "to": "Queue", "ports": [443]]])
  }

  @Test func withoutOverridesNothingIsRenamed() throws {
    let template = try stack.template()
    #expect(template.resources.map(\.logicalID) == ["Consumer", "JobsQueue"])
    #expect(template.resource("Consumer")?.dependsOn == ["JobsQueue"])
  }

  @Test func anOverrideOfWhatIsNotInTheStackIsAnError() {
    let lowered = stack.overridingLogicalIDs(["JobQueue": "Queue"]).lower()
    #expect(lowered.diagnostics.map(\.rule) == ["LogicalIDOverridesApply"])
    #expect(lowered.diagnostics.first?.message.contains("'JobQueue' names no resource or parameter") == true)
    #expect(throws: LoweringError.self) { try stack.overridingLogicalIDs(["JobQueue": "Queue"]).template() }
  }

  @Test func anIDOverriddenTwiceOrOntoAnotherIsAnError() {
    let twice = stack.overridingLogicalIDs(["JobsQueue": "Queue", "JobsQueue": "Other"]).lower()
    #expect(twice.diagnostics.map(\.rule) == ["LogicalIDOverridesApply"])
    let collision = stack.overridingLogicalIDs(["JobsQueue": "Consumer"]).lower()
    #expect(collision.diagnostics.map(\.rule) == ["LogicalIDsAreUnique"])
  }

  @Test func aResourceOverrideChangesTheLoweredEntryByItsTemplateID() throws {
    let template = try stack.overridingLogicalIDs(["JobsQueue": "Queue"])
      .overriding("Queue") { $0.properties?["VisibilityTimeout"] = 300 }
      .template()
    #expect(template.resource("Queue")?.properties?.keys == ["SqsManagedSseEnabled", "VisibilityTimeout"])
  }

  @Test func aResourceOverrideOfNoResourceIsAnError() {
    let lowered = stack.overriding("Queue") { $0.properties?["VisibilityTimeout"] = 300 }.lower()
    #expect(lowered.diagnostics.map(\.rule) == ["LogicalIDOverridesApply"])
    #expect(lowered.diagnostics.first?.message.contains("'Queue' names no resource") == true)
  }
}
