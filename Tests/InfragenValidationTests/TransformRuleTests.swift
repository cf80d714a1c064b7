import InfragenCore
import InfragenFormats
import Testing

@testable import InfragenValidation

/// Templates with transforms, modules and extensions are read as CloudFormation reads them, and
/// what infragen cannot expand is named, never an error.
@Suite struct TransformRuleTests {
  static func yaml(_ text: String) throws -> Template { try YAMLReader.readTemplate(Array(text.utf8), file: "t.yaml") }

  static func findings(_ text: String, _ rule: any ValidationRule.Type) throws -> [Diagnostic] {
    Validator(rules: [rule]).validate(try yaml(text))
  }

  @Test func aMacroIsNamedOnceAsAWarning() throws {
    let findings = try Self.findings(
      """
      Transform: [AWS::Serverless-2016-10-31, PyPlate]
      Resources:
        Topic:
          Type: AWS::SNS::Topic
          Properties:
            DisplayName: {"Fn::Transform": {Name: StringUpper, Parameters: {Value: x}}}
            TopicName: {"Fn::Transform": {Name: StringUpper, Parameters: {Value: y}}}
      """, TransformsAreExpanded.self)
    #expect(findings.map(\.severity) == [.warning, .warning])
    #expect(
      findings.map(\.message).contains { $0.hasPrefix("the macro 'PyPlate' is not expanded; infragen validates") })
    #expect(findings.map(\.message).contains { $0.hasPrefix("Fn::Transform of 'StringUpper' is not expanded") })
    #expect(findings.first { $0.message.contains("PyPlate") }?.position?.line == 1)
  }

  @Test func aMacroMayReadResourceAttributesOfItsOwn() throws {
    let text = """
      Transform: Count
      Resources:
        Bucket:
          Type: AWS::S3::Bucket
          Count: 3
      """
    let template = try Self.yaml(text)
    #expect(template.resources.first?.otherAttributes["Count"] == 3)
    #expect(try Self.findings(text, TransformsAreExpanded.self).map(\.message).first?.contains("'Count'") == true)
    // Without a macro, the attribute is still a mistake.
    #expect(throws: ReadError.self) {
      try Self.yaml("Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Count: 3\n")
    }
  }

  @Test func understoodTransformsAreNotNamed() throws {
    #expect(
      try Self.findings(
        """
        Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
        Resources:
          Fn::ForEach::Topics: [T, [A, B], {"Topic${T}": {Type: AWS::SNS::Topic}}]
        """, TransformsAreExpanded.self) == [])
  }

  @Test func aLoopOverADeployTimeCollectionIsNamed() throws {
    let findings = try Self.findings(
      """
      Transform: AWS::LanguageExtensions
      Parameters: {Names: {Type: CommaDelimitedList}}
      Resources:
        Fn::ForEach::Queues: [N, !Ref Names, {"Queue${N}": {Type: AWS::SQS::Queue}}]
        Topic: {Type: AWS::SNS::Topic}
      """, TransformsAreExpanded.self)
    #expect(findings.count == 1)
    #expect(
      findings.first?.message.hasPrefix("'Fn::ForEach::Queues' is not expanded: its collection is the parameter")
        == true)
    #expect(findings.first?.position?.line == 4)
  }

  @Test func aPreprocessorDirectiveIsNamed() throws {
    let findings = try Self.findings(
      "Resources:\n  I:\n    Type: AWS::EC2::Instance\n    Properties:\n      UserData: !Rain::Embed init.sh\n",
      TransformsAreExpanded.self)
    #expect(findings.map(\.message).first?.hasPrefix("the 'Rain::Embed' directive") == true)
  }

  @Test func samAndModuleNamesResolve() throws {
    let template = """
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Handler:
          Type: AWS::Serverless::Function
          Properties: {Handler: a.b, CodeUri: s3://b/k, Runtime: python3.12}
        Bucket:
          Type: My::Storage::Bucket::MODULE
        Policy:
          Type: AWS::IAM::ManagedPolicy
          Properties:
            Roles: [!Ref HandlerRole]
            Description: !Sub "${Handler.Version} ${ServerlessRestApi} ${BucketLogs.Arn}"
            Path: !GetAtt BucketLogs.Arn
      """
    #expect(try Self.findings(template, ReferencesResolve.self) == [])
    // A name no transform makes is still an error.
    let typo = template.replacingOccurrences(of: "!Ref HandlerRole", with: "!Ref HandlrRole")
    #expect(
      try Self.findings(typo, ReferencesResolve.self).map(\.message) == [
        "Ref names 'HandlrRole', which is not a declared resource or parameter"
      ])
    // Without the transform, a serverless resource makes nothing.
    let plain = template.replacingOccurrences(of: "Transform: AWS::Serverless-2016-10-31\n", with: "")
    #expect(try Self.findings(plain, ReferencesResolve.self).count == 2)
  }

  @Test func refsInConditionsAreChecked() throws {
    let findings = try Self.findings(
      """
      Parameters: {Env: {Type: String}}
      Conditions:
        is-prod: !Equals [!Ref Env, prod]
        IsTest: !Equals [!Ref Enviroment, test]
      Resources:
        Topic: {Type: AWS::SNS::Topic}
      """, ReferencesResolve.self)
    #expect(findings.map(\.message) == ["Ref names 'Enviroment', which is not a declared resource or parameter"])
    #expect(findings.first?.location.section == "Conditions")
  }

  @Test func conditionNamesAreNotLogicalIDs() throws {
    let findings = try Self.findings(
      "Conditions:\n  is-prod: !Equals [a, a]\nParameters:\n  Bad-Name: {Type: String}\nResources:\n  Topic: {Type: AWS::SNS::Topic}\n",
      LogicalIDsAreValid.self)
    #expect(findings.map(\.location.logicalID) == ["Bad-Name"])
  }
}
