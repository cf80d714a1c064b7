import InfragenCore
import Testing

@Suite struct TemplateTests {
  @Test func subNamesAreTheResourcesAndParametersASubTextNames() {
    #expect(Intrinsic.subNames("${Bucket.Arn}/${Prefix}*") == ["Bucket", "Prefix"])
    #expect(Intrinsic.subNames("${!Literal} and ${AWS::Region} ${} ${Open") == ["AWS::Region"])
    #expect(Intrinsic.subNames("no placeholder $ { }") == [])
  }

  @Test func sectionsFollowTheAWSOrderWhateverTheyHold() {
    let template = Template(
      description: "d", metadata: ["M": 1], parameters: ["P": ["Type": "String"]],
      rules: ["R": [:]], mappings: ["Map": [:]], conditions: ["C": .intrinsic(.equals("a", "b"))],
      transform: "AWS::Serverless-2016-10-31",
      resources: [Template.Resource("Topic", type: "AWS::SNS::Topic")], outputs: ["O": ["Value": "v"]])
    #expect(
      template.document.keys == [
        "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings",
        "Conditions", "Transform", "Resources", "Outputs",
      ])
  }

  @Test func emptySectionsAreLeftOutButResourcesStay() {
    #expect(Template().document.keys == ["AWSTemplateFormatVersion", "Resources"])
  }

  @Test func resourceAttributesFollowTheDocumentedOrder() {
    let resource = Template.Resource(
      "Db", type: "AWS::RDS::DBInstance", condition: "IsProd", dependsOn: ["A", "B"],
      metadata: ["m": 1], properties: ["Engine": "mysql"], creationPolicy: [:], updatePolicy: [:],
      deletionPolicy: "Snapshot", updateReplacePolicy: "Snapshot")
    #expect(resource.document.keys == Template.Resource.attributeKeys)
    #expect(resource.document["DependsOn"] == ["A", "B"])
  }

  @Test func resourceWithoutPropertiesHasNoPropertiesKey() {
    let resource = Template.Resource("Gateway", type: "AWS::EC2::InternetGateway")
    #expect(resource.document.keys == ["Type"])
  }

  @Test func resourceLookupByID() {
    let template = Template(resources: [
      Template.Resource("A", type: "AWS::SNS::Topic"), Template.Resource("B", type: "AWS::SQS::Queue"),
    ])
    #expect(template.resource("B")?.type == "AWS::SQS::Queue")
    #expect(template.resource("C") == nil)
  }

  @Test func sourceMapFallsBackToTheNearestAncestor() {
    let map = SourceMap(
      file: "t.json",
      positions: [[.key("Resources"), .key("Db")]: SourcePosition(line: 4, column: 5)])
    #expect(
      map.position(of: [.key("Resources"), .key("Db"), .key("Properties"), .key("Port")])
        == SourcePosition(line: 4, column: 5))
    #expect(map.position(of: [.key("Outputs")]) == SourcePosition(line: 1, column: 1))
    #expect(map.exactPosition(of: [.key("Outputs")]) == nil)
    #expect(SourceMap(file: "empty.json").position(of: [.key("Resources")]) == nil)
  }
}

@Suite struct IntrinsicTests {
  static let cases: [(Intrinsic, String, TemplateValue)] = [
    (Intrinsic.ref("Vpc"), "Ref", TemplateValue.string("Vpc")),
    (.getAtt("Db", "Endpoint.Address"), "Fn::GetAtt", ["Db", "Endpoint.Address"] as TemplateValue),
    (.sub("${A}-x", Fields()), "Fn::Sub", "${A}-x"),
    (.sub("${A}-${B}", ["B": "b"]), "Fn::Sub", ["${A}-${B}", ["B": "b"]]),
    (.if("IsProd", 1, 2), "Fn::If", ["IsProd", 1, 2]),
    (.condition("IsProd"), "Condition", "IsProd"),
    (.join(",", ["a", "b"]), "Fn::Join", [",", ["a", "b"]]),
    (.select(1, .intrinsic(.getAZs())), "Fn::Select", [1, .intrinsic(.getAZs())]),
    (.getAZs(), "Fn::GetAZs", ""),
    (.split(",", "a,b"), "Fn::Split", [",", "a,b"]),
    (.equals("a", "b"), "Fn::Equals", ["a", "b"]),
    (.not(.intrinsic(.condition("C"))), "Fn::Not", [.intrinsic(.condition("C"))]),
    (.and([true, false]), "Fn::And", [true, false]),
    (.or([true, false]), "Fn::Or", [true, false]),
    (.base64("x"), "Fn::Base64", "x"),
    (.importValue("Shared-Vpc"), "Fn::ImportValue", "Shared-Vpc"),
    (.cidr("10.0.0.0/16", count: 4, bits: 8), "Fn::Cidr", ["10.0.0.0/16", 4, 8]),
    (.findInMap("Sizes", "prod", "cpu"), "Fn::FindInMap", ["Sizes", "prod", "cpu"]),
  ]

  @Test(arguments: cases.indices)
  func longFormNameAndArgument(_ index: Int) {
    let (intrinsic, name, argument) = Self.cases[index]
    #expect(intrinsic.name == name)
    #expect(intrinsic.argument == argument)
    #expect(Intrinsic.names.contains(name))
  }

  @Test func shortNamesDropTheFnPrefix() {
    #expect(Intrinsic.Function.getAZs.shortName == "GetAZs")
    #expect(Intrinsic.Function.toJSONString.shortName == "ToJsonString")
  }

  @Test func dynamicReferenceText() {
    #expect(
      DynamicReference.secretsManager(secretID: "db", jsonKey: "password").text
        == "{{resolve:secretsmanager:db:SecretString:password}}")
    #expect(DynamicReference.secretsManager(secretID: "tok", jsonKey: nil).text == "{{resolve:secretsmanager:tok}}")
    #expect(DynamicReference.ssm(name: "/app/flag").text == "{{resolve:ssm:/app/flag}}")
    #expect(DynamicReference.occurs(in: "x{{resolve:ssm:a}}"))
    #expect(!DynamicReference.occurs(in: "plain"))
  }

  @Test func everyPseudoParameterIsAnAWSName() {
    #expect(PseudoParameter.allCases.allSatisfy { $0.rawValue.hasPrefix("AWS::") })
    #expect(TemplateValue.ref(.region) == .intrinsic(.ref("AWS::Region")))
  }
}

@Suite struct DiagnosticTests {
  @Test func descriptionNamesSeverityRuleLocationAndMessage() {
    let diagnostic = Diagnostic(
      .error, rule: "DatabaseIngressOnlyFromService",
      at: .init("DatabaseSecurityGroup", [.key("Properties"), .key("SecurityGroupIngress"), .index(1)]),
      "ingress from '0.0.0.0/0' on 3306")
    #expect(
      diagnostic.description
        == "error: [DatabaseIngressOnlyFromService] DatabaseSecurityGroup.Properties.SecurityGroupIngress[1]: ingress from '0.0.0.0/0' on 3306"
    )
  }

  @Test func sortsByLocationThenRuleThenMessage() {
    let b = Diagnostic(.warning, rule: "Z", at: .init("B"), "m")
    let a2 = Diagnostic(.error, rule: "B", at: .init("A"), "m")
    let a1 = Diagnostic(.error, rule: "A", at: .init("A"), "z")
    #expect(Diagnostic.sorted([b, a2, a1]) == [a1, a2, b])
  }

  @Test func severitiesAreOrdered() {
    #expect(Diagnostic.Severity.note < .warning && Diagnostic.Severity.warning < .error)
  }
}
