import Foundation
import InfragenCore
import Testing

@testable import InfragenFormats

/// The scalar table of STYLE.md section 2.6: each string and exactly how it is written.
let yamlScalarCases: [(String, String)] = [
  ("AWS::EC2::VPC", "AWS::EC2::VPC"),
  ("Fn::GetAtt", "Fn::GetAtt"),
  ("arn:aws:s3:::b/*", "arn:aws:s3:::b/*"),
  ("${AWS::StackName}-db", "${AWS::StackName}-db"),
  ("a,b", "a,b"),
  ("v1", "v1"),
  ("plain text with spaces", "plain text with spaces"),
  ("^[A-Za-z0-9]+$", "^[A-Za-z0-9]+$"),
  ("", "''"),
  ("y", "'y'"), ("n", "'n'"), ("yes", "'yes'"), ("No", "'No'"), ("ON", "'ON'"), ("off", "'off'"),
  ("true", "'true'"), ("False", "'False'"), ("null", "'null'"), ("Null", "'Null'"), ("~", "'~'"),
  ("<<", "'<<'"), ("=", "'='"), (".inf", "'.inf'"), ("-.inf", "'-.inf'"), (".NaN", "'.NaN'"),
  ("30", "'30'"), ("8080", "'8080'"), ("0755", "'0755'"), ("0x1F", "'0x1F'"), ("1e3", "'1e3'"),
  ("12:30", "'12:30'"), (".5", "'.5'"), ("-1", "'-1'"), ("+1", "'+1'"), ("2010-09-09", "'2010-09-09'"),
  ("10.0.0.0/16", "'10.0.0.0/16'"), ("1.0.0", "'1.0.0'"),
  ("- item", "'- item'"), ("?x", "'?x'"), (":x", "':x'"), (",x", "',x'"), ("[x]", "'[x]'"), ("{x}", "'{x}'"),
  ("#x", "'#x'"), ("&x", "'&x'"), ("*x", "'*x'"), ("!x", "'!x'"), ("|x", "'|x'"), (">x", "'>x'"),
  ("'x'", "'''x'''"), ("\"x\"", "'\"x\"'"), ("%x", "'%x'"), ("@x", "'@x'"), ("`x", "'`x'"),
  ("...x", "'...x'"), ("---x", "'---x'"), ("key: value", "'key: value'"), ("a #b", "'a #b'"), ("ends:", "'ends:'"),
  (" lead", "' lead'"), ("trail ", "'trail '"), ("it's", "it's"),
  ("line\nbreak", "\"line\\nbreak\""), ("tab\there", "\"tab\\there\""), ("bell\u{07}", "\"bell\\a\""),
  ("naïve", "\"na\\u00EFve\""), ("emoji 🚀", "\"emoji \\U0001F680\""), ("back\\slash\n", "\"back\\\\slash\\n\""),
]

@Suite struct YAMLScalarTests {
  @Test(arguments: yamlScalarCases.indices)
  func writesEachStringSoThatItReadsBackAsTheSameString(_ index: Int) {
    let (input, expected) = yamlScalarCases[index]
    #expect(YAMLScalar.render(input) == expected)
  }

  @Test func flowContextAlsoQuotesFlowIndicators() {
    #expect(YAMLScalar.render("a,b", inFlow: true) == "'a,b'")
    #expect(YAMLScalar.render("x]", inFlow: true) == "'x]'")
    #expect(YAMLScalar.render("plain", inFlow: true) == "plain")
  }

  /// PyYAML, a YAML 1.1 reader like CloudFormation's, reads every string of the table back as
  /// the same string.
  @Test(.enabled(if: Tools.installed("python"), Tools.missing("python")))
  func pyYAMLReadsEveryStringBack() throws {
    let python = try Tools.python()
    let document = YAMLEmitter().emit(.list(yamlScalarCases.map { .string($0.0) }))
    let output = try Tools.run(
      python, ["-c", "import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))"], input: document)
    let decoded = try JSONReader.parseValue(Array(output.utf8), file: "pyyaml.json").0
    #expect(decoded == .list(yamlScalarCases.map { .string($0.0) }))
  }
}

@Suite struct YAMLEmitterTests {
  @Test func blockMappingsAndSequencesIndentedUnderTheirKey() {
    let value: TemplateValue = [
      "Name": "web", "Ports": [80, 443], "Empty": [], "Map": [:], "Nested": ["Inner": ["A": true]],
    ]
    #expect(
      YAMLEmitter().emit(value) == """
        Name: web
        Ports:
          - 80
          - 443
        Empty: []
        Map: {}
        Nested:
          Inner:
            A: true

        """)
  }

  @Test func mappingsAndListsInsideSequencesShareTheDashLine() {
    let value: TemplateValue = ["Rules": [["From": 1, "To": 2], [["a", "b"]]]]
    #expect(
      YAMLEmitter().emit(value) == """
        Rules:
          - From: 1
            To: 2
          - - - a
              - b

        """)
  }

  @Test func shortFormTagsForEveryKindOfCall() {
    let value: TemplateValue = [
      "Ref": .ref("Vpc"),
      "Att": .getAtt("Db", "Endpoint.Address"),
      "Sub": .sub("${AWS::StackName}-x"),
      "Zone": .intrinsic(.select(0, .intrinsic(.getAZs()))),
      "Join": .intrinsic(.join(",", ["a", .ref("B")])),
      "If": .intrinsic(.if("IsProd", 3, .ref(.noValue))),
      "Import": .intrinsic(.importValue("shared-vpc")),
      "Cidr": .intrinsic(.cidr(.getAtt("Vpc", "CidrBlock"), count: 4, bits: 8)),
      "Not": .intrinsic(.not(.intrinsic(.equals(.ref("Env"), "prod")))),
      "Cond": .intrinsic(.condition("IsProd")),
    ]
    #expect(
      YAMLEmitter().emit(value) == """
        Ref: !Ref Vpc
        Att: !GetAtt Db.Endpoint.Address
        Sub: !Sub ${AWS::StackName}-x
        Zone: !Select [0, !GetAZs '']
        Join: !Join [',', [a, !Ref B]]
        If: !If [IsProd, 3, !Ref AWS::NoValue]
        Import: !ImportValue shared-vpc
        Cidr: !Cidr [!GetAtt Vpc.CidrBlock, 4, 8]
        Not: !Not [!Equals [!Ref Env, prod]]
        Cond: !Condition IsProd

        """)
  }

  @Test func callsWhoseArgumentsHoldMappingsUseBlockStyleUnderTheTag() {
    let value: TemplateValue = [
      "Sub": .intrinsic(.sub("${Name}-x", ["Name": .ref("AWS::StackName")])),
      "If": .intrinsic(.if("C", ["Key": "v"], .ref(.noValue))),
    ]
    #expect(
      YAMLEmitter().emit(value) == """
        Sub: !Sub
          - ${Name}-x
          - Name: !Ref AWS::StackName
        If: !If
          - C
          - Key: v
          - !Ref AWS::NoValue

        """)
  }

  @Test func aCallWhoseArgumentIsACallWritesTheInnerOneInLongForm() {
    let value: TemplateValue = [
      "UserData": .intrinsic(.base64(.sub("#!/bin/sh\necho ${AWS::StackName}\n"))),
      "Key": .intrinsic(.importValue(.sub("${Env}-key"))),
      "List": [.intrinsic(.importValue(.ref("Name")))],
    ]
    #expect(
      YAMLEmitter().emit(value) == """
        UserData: !Base64
          Fn::Sub: "#!/bin/sh\\necho ${AWS::StackName}\\n"
        Key: !ImportValue
          Fn::Sub: ${Env}-key
        List:
          - !ImportValue
            Ref: Name

        """)
  }

  @Test func longStyleWritesOneKeyMappings() {
    let value: TemplateValue = ["Vpc": .ref("Vpc"), "Att": .getAtt("Db", "Port"), "List": [.ref("A")]]
    #expect(
      YAMLEmitter(style: .long).emit(value) == """
        Vpc:
          Ref: Vpc
        Att:
          Fn::GetAtt:
            - Db
            - Port
        List:
          - Ref: A

        """)
  }

  @Test func multiLineStringsAreDoubleQuoted() {
    #expect(
      YAMLEmitter().emit(["UserData": .sub("#!/bin/sh\necho ${Name}\n")])
        == "UserData: !Sub \"#!/bin/sh\\necho ${Name}\\n\"\n")
  }

  @Test func scalarsKeepTheirTypes() {
    // 'N' alone is YAML 1.1's false, so even the key is quoted.
    #expect(
      YAMLEmitter().emit(["I": 443, "S": "443", "B": false, "N": .null, "D": .number(0.5)])
        == "I: 443\nS: '443'\nB: false\n'N': null\nD: 0.5\n")
  }

  @Test func keysGoThroughTheSameScalarRule() {
    #expect(YAMLEmitter().emit(["yes": 1, "3000": 2, "Plain": 3]) == "'yes': 1\n'3000': 2\nPlain: 3\n")
  }

  @Test func aLongFlowCallFallsBackToBlockStyle() {
    let long = String(repeating: "x", count: 120)
    #expect(YAMLEmitter().emit(["J": .intrinsic(.join("", [.string(long)]))]) == "J: !Join\n  - ''\n  - - \(long)\n")
  }
}

/// Python tools in the test virtualenv that `make test` installs.
enum Tools {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Whether `.venv/bin/NAME` is installed; a test that needs a missing one is skipped.
  static func installed(_ name: String) -> Bool {
    FileManager.default.isExecutableFile(atPath: root.appendingPathComponent(".venv/bin/\(name)").path)
  }

  /// Why a test of a missing tool is skipped.
  static func missing(_ name: String) -> Comment {
    ".venv/bin/\(name) is not installed (make test installs it)"
  }

  static func tool(_ name: String) throws -> String {
    let path = root.appendingPathComponent(".venv/bin/\(name)").path
    try #require(
      FileManager.default.isExecutableFile(atPath: path), "\(path) is missing: run `make test`, which installs it")
    return path
  }

  static func python() throws -> String { try tool("python") }

  /// Runs a program and returns its standard output; fails on a non-zero exit.
  static func run(_ executable: String, _ arguments: [String], input: String? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    let errors = Pipe()
    let standardInput = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = standardInput
    try process.run()
    if let input { standardInput.fileHandleForWriting.write(Data(input.utf8)) }
    try standardInput.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    try #require(
      process.terminationStatus == 0,
      "\(executable) \(arguments) failed: \(String(decoding: errorData, as: UTF8.self))")
    return String(decoding: data, as: UTF8.self)
  }
}
