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

  /// Entries share their attributes until one changes: the change is the changed entry's own.
  @Test func resourceCopiesChangeApart() {
    var first = Template.Resource("Queue", type: "AWS::SQS::Queue", properties: ["DelaySeconds": 5])
    let copy = first
    first[property: "DelaySeconds"] = 10
    first.properties?["MessageRetentionPeriod"] = 60
    first.otherAttributes.appendUnchecked("Version", "1")
    first.logicalID = "Jobs"
    #expect(copy.logicalID == "Queue")
    #expect(copy[property: "DelaySeconds"] == 5)
    #expect(copy.properties?["MessageRetentionPeriod"] == nil)
    #expect(copy.otherAttributes.isEmpty)
    #expect(first[property: "DelaySeconds"] == 10)
    #expect(first.properties?["MessageRetentionPeriod"] == 60)
    #expect(first.document["Version"] == "1")
    #expect(first != copy)
    var again = copy
    again.type = "AWS::SQS::Queue"
    #expect(again == copy)
    #expect(again.hashValue == copy.hashValue)
    #expect(Set([copy, again, first]).count == 2)
  }

  /// Members read into another map join a mapping as if read in place: positions, order,
  /// lookups (past the 32 members from which a mapping is indexed), and what lies below them.
  @Test func sourceMapTakesMembersReadElsewhere() throws {
    func at(_ line: Int) -> SourcePosition { SourcePosition(line: line, column: 3) }
    func build(_ keys: [String], into map: inout SourceMap, under parent: Int, from line: Int) {
      for (offset, key) in keys.enumerated() {
        let member = map.addMember(parent: parent, key: key, at: at(line + offset)).node
        let list = map.addMember(parent: member, key: "List", at: at(line + offset))
        _ = map.addElement(parent: list.node, at: at(line + offset))
      }
    }
    let head = (0..<20).map { "Head\($0)" }
    let tail = (0..<30).map { "Tail\($0)" }
    var whole = SourceMap(file: "t.json")
    let root = whole.root(at: at(1))
    let resources = whole.addMember(parent: root, key: "Resources", at: at(2)).node
    build(head + tail, into: &whole, under: resources, from: 3)

    var joined = SourceMap(file: "t.json")
    let joinedResources = joined.addMember(parent: joined.root(at: at(1)), key: "Resources", at: at(2)).node
    build(head, into: &joined, under: joinedResources, from: 3)
    var other = SourceMap(file: "t.json")
    let otherResources = other.addMember(parent: other.root(at: at(1)), key: "Resources", at: at(1)).node
    build(tail, into: &other, under: otherResources, from: 3 + head.count)

    let appended = joined.appendMembers(of: other, under: otherResources, to: joinedResources)
    let last = try #require(appended)
    #expect(joined == whole)
    #expect(joined.position(ofNode: last) == at(2 + head.count + tail.count))
    #expect(joined.exactPosition(of: [.key("Resources"), .key("Tail29"), .key("List"), .index(0)]) == at(52))
    #expect(joined.exactPosition(of: [.key("Resources"), .key("Head0")]) == at(3))

    // A key already there: nothing is added.
    var clash = SourceMap(file: "t.json")
    let clashResources = clash.addMember(parent: clash.root(at: at(1)), key: "Resources", at: at(1)).node
    build(["Tail0", "Head3"], into: &clash, under: clashResources, from: 60)
    let before = joined
    let clashing = joined.appendMembers(of: clash, under: clashResources, to: joinedResources)
    #expect(clashing == nil)
    #expect(joined == before)
    // No members: nothing is added.
    var empty = SourceMap(file: "t.json")
    let emptyResources = empty.addMember(parent: empty.root(at: at(1)), key: "Resources", at: at(1)).node
    let none = joined.appendMembers(of: empty, under: emptyResources, to: joinedResources)
    #expect(none == nil)
    #expect(joined == before)
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
