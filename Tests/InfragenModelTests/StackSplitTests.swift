import InfragenCore
import InfragenModel
import Testing

/// ``StackSplit``: where each resource goes, and how references across parts become imports.
@Suite struct StackSplitTests {
  static func resource(
    _ id: String, _ type: String, dependsOn: [LogicalID] = [], condition: String? = nil,
    _ properties: Fields = [:]
  ) -> Template.Resource {
    Template.Resource(
      LogicalID(id), type: type, condition: condition, dependsOn: dependsOn,
      properties: properties.isEmpty ? nil : properties)
  }

  static let group = "AWS::EC2::SecurityGroup"

  /// A network, a store, a load balancer forwarding to web's target group, and two services
  /// whose rules reach the store and one another.
  static var template: Template {
    var template = Template(
      description: "whole",
      metadata: [
        "infragen": .object([
          "flows": .list([
            .object(["from": "WebService", "to": "StoreGroup"]), .object(["from": "ApiService", "to": "BackService"]),
            .object(["from": "internet", "to": "Listener"]),
          ]),
          "mode": "exact",
        ])
      ],
      parameters: [
        "WebImage": .object(["Type": "String"]), "Unused": .object(["Type": "String"]),
        "Stage": .object(["Type": "String", "Default": "prod"]),
      ],
      mappings: ["Accounts": .object(["us-east-1": .object(["Id": "1"])])],
      conditions: ["IsProd": .intrinsic(.function(.equals, .list([.intrinsic(.ref("Stage")), "prod"])))],
      resources: [
        resource("Vpc", "AWS::EC2::VPC"),
        resource("StoreGroup", Self.group, ["VpcId": .intrinsic(.ref("Vpc"))]),
        resource("Listener", "AWS::ElasticLoadBalancingV2::Listener", ["Target": .intrinsic(.ref("WebTarget"))]),
        resource("WebTarget", "AWS::ElasticLoadBalancingV2::TargetGroup", ["VpcId": .intrinsic(.ref("Vpc"))]),
        resource(
          "WebGroup", Self.group, condition: "IsProd",
          [
            "VpcId": .intrinsic(.ref("Vpc")),
            "Account": .intrinsic(.function(.findInMap, .list(["Accounts", "us-east-1", "Id"]))),
          ]),
        resource(
          "WebService", "AWS::ECS::Service", dependsOn: ["Listener", "WebGroup"],
          [
            "Image": .intrinsic(.ref("WebImage")), "Target": .intrinsic(.ref("WebTarget")),
            "Log": .intrinsic(.sub("arn:${AWS::Partition}:logs:${StoreGroup.GroupId}/${WebGroup}/${!Literal}", [:])),
          ]),
        resource(
          "StoreFromWeb", "AWS::EC2::SecurityGroupIngress",
          [
            "GroupId": .intrinsic(.getAtt("StoreGroup", "GroupId")),
            "SourceSecurityGroupId": .intrinsic(.getAtt("WebGroup", "GroupId")),
          ]),
        resource("BackGroup", Self.group, ["VpcId": .intrinsic(.ref("Vpc"))]),
        resource("ApiGroup", Self.group, ["VpcId": .intrinsic(.ref("Vpc"))]),
        resource(
          "BackFromApi", "AWS::EC2::SecurityGroupIngress",
          [
            "GroupId": .intrinsic(.ref("BackGroup")), "SourceSecurityGroupId": .intrinsic(.ref("ApiGroup")),
          ]),
        resource(
          "ApiService", "AWS::ECS::Service", dependsOn: ["BackService"], ["Group": .intrinsic(.ref("ApiGroup"))]),
        resource("BackService", "AWS::ECS::Service", ["Group": .intrinsic(.ref("BackGroup"))]),
      ],
      outputs: ["WebUrl": .object(["Value": .intrinsic(.getAtt("WebService", "Name"))])])
    template.formatVersion = "2010-09-09"
    return template
  }

  static let split = StackSplit(
    scope: "shop-prod",
    parts: [
      .init("environment", description: "env", seeds: ["Vpc", "StoreGroup", "Listener"]),
      .init("back", description: "back", seeds: ["BackGroup", "BackService"]),
      .init("web", description: "web", seeds: ["WebTarget", "WebGroup", "WebService"]),
      .init("api", description: "api", seeds: ["ApiGroup", "ApiService", "BackFromApi"]),
    ])

  static func parts() -> [String: Template] {
    Dictionary(uniqueKeysWithValues: split.split(template).map { ($0.name, $0.template) })
  }

  static func ids(_ template: Template?) -> [String] { template?.resources.map(\.logicalID.rawValue) ?? [] }

  static func imported(_ suffix: String) -> TemplateValue {
    .intrinsic(.importValue(.intrinsic(.sub("${EnvironmentName}-\(suffix)", [:]))))
  }

  @Test func eachResourceGoesWhereItsReferencesAllowADeploymentInOrder() {
    let parts = Self.parts()
    #expect(Self.split.split(Self.template).map(\.name) == ["environment", "back", "web", "api"])
    // The listener's default target group goes with the listener; a rule seeded nowhere that
    // joins two parts goes to the later one.
    #expect(Self.ids(parts["environment"]) == ["Vpc", "StoreGroup", "Listener", "WebTarget"])
    #expect(Self.ids(parts["web"]) == ["WebGroup", "WebService", "StoreFromWeb"])
    #expect(Self.ids(parts["back"]) == ["BackGroup", "BackService"])
    #expect(Self.ids(parts["api"]) == ["ApiGroup", "BackFromApi", "ApiService"])
  }

  @Test func referencesAcrossPartsBecomeScopedImportsOfExports() throws {
    let parts = Self.parts()
    let web = try #require(parts["web"])
    let rule = try #require(web.resource("StoreFromWeb"))
    #expect(rule[property: "GroupId"] == Self.imported("StoreGroup-GroupId"))
    #expect(rule[property: "SourceSecurityGroupId"] == .intrinsic(.getAtt("WebGroup", "GroupId")), "kept inside")
    let service = try #require(web.resource("WebService"))
    #expect(service[property: "Target"] == Self.imported("WebTarget"))
    #expect(
      service[property: "Log"]
        == .intrinsic(
          .sub(
            "arn:${AWS::Partition}:logs:${StoreGroupGroupIdImport}/${WebGroup}/${!Literal}",
            ["StoreGroupGroupIdImport": Self.imported("StoreGroup-GroupId")])))
    #expect(service.dependsOn == ["WebGroup"], "the DependsOn on the environment's listener is dropped")
    let environment = try #require(parts["environment"])
    let export = try #require(environment.outputs["StoreGroupGroupIdExport"])
    #expect(export["Value"] == .intrinsic(.getAtt("StoreGroup", "GroupId")))
    #expect(export["Export"]?["Name"] == .intrinsic(.sub("${EnvironmentName}-StoreGroup-GroupId", [:])))
    #expect(environment.outputs["WebTargetExport"]?["Value"] == .intrinsic(.ref("WebTarget")))
    #expect(environment.parameters["EnvironmentName"]?["Default"] == "shop-prod")
    #expect(parts["api"]?.resource("ApiService")?.dependsOn == [], "the back stack deploys first")
    #expect(parts["back"]?.outputs["BackGroupExport"] != nil)
  }

  @Test func eachPartKeepsTheSectionsItUsesAndTheFlowsThatNameIt() throws {
    let parts = Self.parts()
    let web = try #require(parts["web"])
    #expect(web.parameters.keys == ["EnvironmentName", "WebImage", "Stage"], "the scope first, then in order")
    #expect(web.conditions.keys == ["IsProd"])
    #expect(web.mappings.keys == ["Accounts"])
    #expect(web.outputs.keys == ["WebUrl"])
    #expect(web.description == "web")
    let flows = web.metadata["infragen"]?["flows"]?.listValue ?? []
    #expect(flows == [.object(["from": "WebService", "to": "StoreGroup"])])
    #expect(
      parts["back"]?.metadata["infragen"]?["flows"] == .list([.object(["from": "ApiService", "to": "BackService"])]))
    #expect(web.metadata["infragen"]?["mode"] == "exact")
    let environment = try #require(parts["environment"])
    #expect(environment.parameters["Unused"] == nil)
    #expect(environment.conditions.isEmpty)
    let environmentFlows = environment.metadata["infragen"]?["flows"]?.listValue ?? []
    #expect(environmentFlows.compactMap { $0["to"]?.stringValue } == ["StoreGroup", "Listener"])
  }

  @Test func aSplitWithoutSeedsIsTheWholeTemplateAsTheEnvironment() {
    let whole = StackSplit(scope: "x", parts: [.init("environment", description: "all", seeds: [])])
    let parts = whole.split(Self.template)
    #expect(parts.count == 1)
    #expect(parts.first?.template.resources == Self.template.resources)
    #expect(parts.first?.template.parameters["EnvironmentName"] == nil, "nothing is exported")
  }

  @Test func subReferencesAreRewrittenWholeAndLiteralsKept() {
    let text = Intrinsic.rewritingSubReferences("a${X}b${X.Y.Z}c${!X}d${Keep}e${") { name, attribute in
      name == "X" ? "New\(attribute ?? "")" : nil
    }
    #expect(text == "a${New}b${NewY.Z}c${!X}d${Keep}e${")
  }

  @Test func aTemplateOverCloudFormationsQuotasIsAnError() {
    let big = Template(resources: (0..<501).map { Self.resource("Queue\($0)", "AWS::SQS::Queue") })
    let problems = LoweredStack.quotaProblems(big)
    #expect(problems.map(\.rule) == ["StackFitsCloudFormation"])
    #expect(problems.first?.message.contains("501 resources") == true)
    #expect(LoweredStack.quotaProblems(Template(resources: Array(big.resources.prefix(500)))).isEmpty)
    let stack = Stack { for index in 0..<501 { RawResource("Queue\(index)", type: "AWS::SQS::Queue") } }
    #expect(throws: LoweringError.self) { try stack.template() }
  }
}
