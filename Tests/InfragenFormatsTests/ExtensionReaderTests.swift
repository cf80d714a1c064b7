import InfragenCore
import Testing

@testable import InfragenFormats

/// Templates CloudFormation accepts with its transforms and legacy forms: SAM, the language
/// extensions, rule functions, the `Version` attribute, chosen properties, macros.
@Suite struct ExtensionReaderTests {
  static func yaml(_ text: String) throws -> Template { try YAMLReader.readTemplate(Array(text.utf8), file: "t.yaml") }
  static func json(_ text: String) throws -> Template { try JSONReader.readTemplate(Array(text.utf8), file: "t.json") }

  @Test func aSAMTemplateWithGlobalsIsRead() throws {
    let template = try Self.yaml(
      """
      Transform: AWS::Serverless-2016-10-31
      Globals:
        Function:
          Runtime: python3.12
          VpcConfig: {SecurityGroupIds: [!Ref FunctionGroup], SubnetIds: [subnet-1]}
      Resources:
        Handler:
          Type: AWS::Serverless::Function
          Connectors:
            Reads: {Properties: {Destination: {Id: Table}, Permissions: [Read]}}
          Properties: {Handler: app.handler, CodeUri: s3://b/k}
        FunctionGroup:
          Type: AWS::EC2::SecurityGroup
          Properties: {GroupDescription: g}
      """)
    #expect(template.globals["Function"]?["Runtime"] == "python3.12")
    #expect(template.resource("Handler")?.otherAttributes.keys == ["Connectors"])
    #expect(template.document.keys.contains("Globals"))
  }

  @Test func rainDirectivesAreNamedAsTheRainCLIs() throws {
    for text in [
      "Resources:\n  Network:\n    Type: !Rain::Module vpc.yaml\n",
      #"{"Resources": {"Network": {"Type": {"Rain::Module": "vpc.yaml"}}}}"#,
    ] {
      let error = try #require(throws: ReadError.self) { try Self.yaml(text) }
      #expect(error.message.contains("resource 'Network' is a Rain module ('Rain::Module')"), "\(error.message)")
      #expect(error.message.hasSuffix("validate the output of 'rain pkg'"))
    }
    let error = try #require(throws: ReadError.self) {
      try Self.json(
        #"{"Resources": {"T": {"Type": "AWS::SNS::Topic", "Properties": {"DisplayName": {"Fn::Sub": {"Rain::Embed": "x.sh"}}}}}}"#
      )
    }
    #expect(error.message.contains("Fn::Sub of a Rain directive ('Rain::Embed')"), "\(error.message)")
  }

  @Test func globalsWithoutTheSAMTransformAreRefused() throws {
    let error = try #require(throws: ReadError.self) {
      try Self.yaml("Globals:\n  Function: {Runtime: x}\nResources: {}\n")
    }
    #expect(
      error.message == "the 'Globals' section belongs to SAM templates; add 'Transform: AWS::Serverless-2016-10-31'")
    #expect(throws: ReadError.self) {
      try Self.yaml("Resources:\n  F:\n    Type: AWS::Serverless::Function\n    Connectors: {}\n")
    }
  }

  @Test func forEachExpandsInResourcesAndOutputs() throws {
    let template = try Self.yaml(
      """
      Transform: AWS::LanguageExtensions
      Parameters:
        Names: {Type: CommaDelimitedList, Default: "a-b, c"}
      Resources:
        Fn::ForEach::Tables:
          - Name
          - [Points, Score]
          - Table${Name}:
              Type: AWS::DynamoDB::Table
              Properties:
                TableName: !Ref Name
                Description: !Sub "${Name} table"
        Fn::ForEach::Queues:
          - Name
          - !Ref Names
          - Queue&{Name}:
              Type: AWS::SQS::Queue
      Outputs:
        Fn::ForEach::Arns:
          - Name
          - [Points, Score]
          - ${Name}Arn:
              Value: !GetAtt [!Sub "Table${Name}", Arn]
      """)
    #expect(template.resources.map(\.logicalID) == ["TablePoints", "TableScore", "Queueab", "Queuec"])
    #expect(template.resource("TableScore")?[property: "TableName"] == "Score")
    #expect(template.resource("TableScore")?[property: "Description"] == .intrinsic(.sub("Score table", [:])))
    #expect(template.outputs["PointsArn"]?["Value"] == .intrinsic(.getAtt("TablePoints", "Arn")))
    // An expanded resource is found where its loop wrote it.
    #expect(template.source?.position(of: [.key("Resources"), .key("TableScore"), .key("Properties")])?.line == 10)
  }

  @Test func nestedLoopsExpandPerItem() throws {
    let template = try Self.json(
      """
      {"Transform": "AWS::LanguageExtensions", "Resources": {
        "Fn::ForEach::Outer": ["Env", ["Dev", "Prod"], {
          "Fn::ForEach::Inner": ["App", ["Web", "Api"], {"${Env}${App}Topic": {"Type": "AWS::SNS::Topic"}}]}]}}
      """)
    #expect(template.resources.map(\.logicalID) == ["DevWebTopic", "DevApiTopic", "ProdWebTopic", "ProdApiTopic"])
  }

  @Test func aLoopOverADeployTimeCollectionIsNoted() throws {
    let template = try Self.yaml(
      """
      Transform: AWS::LanguageExtensions
      Parameters: {Names: {Type: CommaDelimitedList}}
      Resources:
        Fn::ForEach::Queues: [N, !Ref Names, {"Queue${N}": {Type: AWS::SQS::Queue}}]
        Topic: {Type: AWS::SNS::Topic}
      """)
    #expect(template.resources.map(\.logicalID) == ["Topic"])
    #expect(template.unexpanded.map(\.name) == ["Fn::ForEach::Queues"])
    #expect(template.unexpanded.first?.reason.contains("parameter 'Names', which has no default") == true)
  }

  @Test func forEachNeedsTheLanguageExtensions() throws {
    let error = try #require(throws: ReadError.self) {
      try Self.yaml("Resources:\n  Fn::ForEach::Q: [N, [a], {'Q${N}': {Type: AWS::SQS::Queue}}]\n")
    }
    #expect(error.message == "'Fn::ForEach::Q' needs 'Transform: AWS::LanguageExtensions'")
  }

  @Test func languageExtensionFunctionsAndComputedNamesAreRead() throws {
    let template = try Self.yaml(
      """
      Transform: AWS::LanguageExtensions
      Parameters: {Ids: {Type: CommaDelimitedList, Default: "a,b"}, Which: {Type: String}}
      Resources:
        Topic:
          Type: AWS::SNS::Topic
          Properties:
            DisplayName: !ToJsonString {a: !Length [1, 2]}
            TopicName: !Ref {"Fn::Sub": "${Which}"}
      """)
    let name = try #require(template.resource("Topic")?[property: "TopicName"])
    #expect(name == .intrinsic(.other("Ref", .intrinsic(.sub("${Which}", [:])))))
  }

  @Test func ruleAssertionFunctionsAreRead() throws {
    let template = try Self.yaml(
      """
      Parameters: {Env: {Type: String}, Subnets: {Type: "List<AWS::EC2::Subnet::Id>"}}
      Rules:
        Prod:
          RuleCondition: !Contains [[prod, staging], !Ref Env]
          Assertions:
            - Assert: !EachMemberEquals [!ValueOfAll ["AWS::EC2::Subnet::Id", VpcId], !ValueOf [Subnets, VpcId]]
            - Assert: !EachMemberIn [!RefAll "AWS::EC2::VPC::Id", [vpc-1]]
      Resources:
        Topic: {Type: AWS::SNS::Topic}
      """)
    let condition = template.rules["Prod"]?["RuleCondition"]
    #expect(condition == .intrinsic(.function(.contains, [["prod", "staging"], .intrinsic(.ref("Env"))])))
  }

  @Test func theLegacyVersionAttributeIsRead() throws {
    let template = try Self.json(
      #"{"Resources": {"R": {"Type": "Custom::X", "Version": "1.0", "Properties": {"A": 1}}}}"#)
    #expect(template.resource("R")?.otherAttributes["Version"] == "1.0")
    #expect(JSONEmitter().emit(template).contains("\"Version\": \"1.0\""))
  }

  @Test func propertiesChosenByFnIfAreReadAsFnIfOfEachProperty() throws {
    for text in [
      """
      Conditions: {Big: {"Fn::Equals": [a, a]}}
      Resources:
        Queue:
          Type: AWS::SQS::Queue
          Properties: !If [Big, {DelaySeconds: 5, MaximumMessageSize: 1024}, {DelaySeconds: 1}]
      """,
      """
      {"Conditions": {"Big": {"Fn::Equals": ["a", "a"]}}, "Resources": {"Queue": {"Type": "AWS::SQS::Queue",
        "Properties": {"Fn::If": ["Big", {"DelaySeconds": 5, "MaximumMessageSize": 1024}, {"DelaySeconds": 1}]}}}}
      """,
    ] {
      let template = try text.hasPrefix("{") ? Self.json(text) : Self.yaml(text)
      let properties = try #require(template.resource("Queue")?.properties)
      #expect(properties["DelaySeconds"] == .intrinsic(.if("Big", 5, 1)))
      #expect(properties["MaximumMessageSize"] == .intrinsic(.if("Big", 1024, .intrinsic(.ref("AWS::NoValue")))))
    }
    let none = try Self.yaml("Resources:\n  Q: {Type: AWS::SQS::Queue, Properties: !Ref AWS::NoValue}\n")
    #expect(none.resource("Q")?.properties == nil)
  }

  @Test func fnTransformIsReadAsASubValueOrAProperty() throws {
    let template = try Self.yaml(
      """
      Resources:
        Instance:
          Type: AWS::EC2::Instance
          Properties:
            UserData: !Base64 {"Fn::Sub": {"Fn::Transform": {Name: AWS::Include, Parameters: {Location: s3://b/u.sh}}}}
            Tags:
              Fn::Transform: {Name: AWS::Include, Parameters: {Location: s3://b/tags.yaml}}
      """)
    let userData = template.resource("Instance")?[property: "UserData"]
    #expect(
      template.resource("Instance")?[property: "Tags"]
        == .intrinsic(
          .function(
            .transform,
            [
              "Name": "AWS::Include", "Parameters": ["Location": "s3://b/tags.yaml"],
            ])))
    guard case .intrinsic(.function(.base64, .intrinsic(.other("Fn::Sub", _))))? = userData else {
      Issue.record("expected Fn::Base64 of a computed Fn::Sub, found \(String(describing: userData))")
      return
    }
  }

  @Test func aPreprocessorTagIsReadAsItsCall() throws {
    let template = try Self.yaml(
      "Resources:\n  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      UserData: !Rain::Embed init.sh\n")
    #expect(template.resource("I")?[property: "UserData"] == .intrinsic(.other("Rain::Embed", "init.sh")))
    // A near miss of a function tag is still a mistake.
    #expect(throws: ReadError.self) { try Self.yaml("Resources:\n  T: {Type: A::B::C, Properties: {A: !Refs X}}\n") }
  }
}
