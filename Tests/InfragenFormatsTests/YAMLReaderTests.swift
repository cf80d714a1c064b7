import Foundation
import InfragenCore
import Testing

@testable import InfragenFormats

// MARK: Helpers

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private func parse(_ text: String) throws(ReadError) -> TemplateValue {
  try YAMLReader.parseValue(bytes(text), file: "test.yaml").0
}

private func read(_ text: String) throws(ReadError) -> Template {
  try YAMLReader.readTemplate(bytes(text), file: "test.yaml")
}

/// Reads a template through the two public stages, `parseValue` then `TemplateDecoder`, which
/// must agree with the one-pass `readTemplate`.
private func readInTwoStages(_ text: String) throws(ReadError) -> Template {
  let (root, source) = try YAMLReader.parseValue(bytes(text), file: "test.yaml")
  return try TemplateDecoder.decode(root, source: source)
}

/// The error parsing `input` as any YAML value throws, or `nil` when it parses.
private func parseError(_ input: [UInt8]) -> ReadError? {
  do {
    _ = try YAMLReader.parseValue(input, file: "test.yaml")
    return nil
  } catch {
    return error
  }
}

private func parseError(_ text: String) -> ReadError? { parseError(bytes(text)) }

/// The error reading `text` as a template throws, or `nil` when it reads.
private func readError(_ text: String) -> ReadError? {
  do {
    _ = try read(text)
    return nil
  } catch {
    return error
  }
}

/// The value of the key `v` in the one-line document `v: <scalar>`.
private func value(_ scalar: String) throws -> TemplateValue? {
  try parse("v: \(scalar)")["v"]
}

/// A template whose one resource `Thing` has these properties (YAML lines, indented 6 spaces).
private func template(properties: String) -> String {
  """
  Resources:
    Thing:
      Type: AWS::Test::Thing
      Properties:
  \(properties.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n"))
  """
}

/// The property `key` of the resource `Thing`, read from a template.
private func property(_ key: String, in text: String) throws -> TemplateValue? {
  try read(text).resource("Thing")?[property: key]
}

private func at(_ line: Int, _ column: Int) -> SourcePosition {
  SourcePosition(line: line, column: column)
}

/// The template without its source map, for comparing templates read from different text.
private func withoutSource(_ template: Template) -> Template {
  var copy = template
  copy.source = nil
  return copy
}

/// A deterministic pseudo-random generator: Knuth's MMIX linear congruential generator.
private struct LCG {
  var state: UInt64

  mutating func next() -> UInt64 {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return state >> 33
  }

  mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
}

// MARK: Block collections

@Test func readsBlockMappingsAndSequences() throws {
  let text = """
    Name: app
    Nested:
      Inner: 1
      Deeper:
        Leaf: x
    List:
      - a
      - b
    SameIndent:
    - c
    - d
    Compact:
      - Key: v
        Other: w
      - - nested
        - list
    Empty:
    AfterEmpty: z
    """
  let expected: TemplateValue = [
    "Name": "app",
    "Nested": ["Inner": 1, "Deeper": ["Leaf": "x"]],
    "List": ["a", "b"],
    "SameIndent": ["c", "d"],
    "Compact": [["Key": "v", "Other": "w"], ["nested", "list"]],
    "Empty": .null,
    "AfterEmpty": "z",
  ]
  #expect(try parse(text) == expected)
}

@Test func keepsKeyOrder() throws {
  let keys = ["Zeta", "Alpha", "Mu", "Beta"]
  let text = keys.map { "\($0): 1" }.joined(separator: "\n")
  #expect(try parse(text).objectValue?.keys == keys)
}

@Test func readsEmptyEntriesAndValues() throws {
  #expect(try parse("- \n-\n- a") == [.null, .null, "a"])
  #expect(try parse("a:\nb:\n  c:\n") == ["a": .null, "b": ["c": .null]])
  #expect(try parse("? a\n: 1\n? b\n") == ["a": 1, "b": .null])
}

@Test func readsSequenceOfMappingsAtKeyIndentation() throws {
  let text = """
    SecurityGroupIngress:
    - IpProtocol: tcp
      FromPort: 443
      ToPort: 443
    - IpProtocol: tcp
      FromPort: 80
    Next: 1
    """
  let expected: TemplateValue = [
    "SecurityGroupIngress": [
      ["IpProtocol": "tcp", "FromPort": 443, "ToPort": 443],
      ["IpProtocol": "tcp", "FromPort": 80],
    ],
    "Next": 1,
  ]
  #expect(try parse(text) == expected)
}

// MARK: Flow collections

@Test func readsFlowCollections() throws {
  #expect(try parse("{a: 1, b: [x, z]}") == ["a": 1, "b": ["x", "z"]])
  #expect(try parse("[x, y]") == ["x", "y"])
  #expect(try parse("[a, b]") == ["a", "b"])
  #expect(try parse("[]") == [])
  #expect(try parse("{}") == .object([:]))
  #expect(try parse("[a, b, ]") == ["a", "b"])
  #expect(try parse("[a: 1, b]") == [["a": 1], "b"])
  #expect(try parse("{a, b: 2}") == ["a": .null, "b": 2])
  #expect(try parse(#"{"a":1, 'b': [true, "x y"]}"#) == ["a": 1, "b": [true, "x y"]])
  #expect(try parse("[arn:aws:s3:::b/*, a:b]") == ["arn:aws:s3:::b/*", "a:b"])
  #expect(
    try parse("k: [[1, [2, [3]]], {x: {y: z}}]") == ["k": [[1, [2, [3]]], ["x": ["y": "z"]]]])
}

@Test func readsFlowCollectionsSpanningLines() throws {
  let text = """
    List: [
      a,
      b, # a comment
      c
    ]
    Map: {
      x: 1,
      y: two words
        folded
    }
    """
  #expect(try parse(text) == ["List": ["a", "b", "c"], "Map": ["x": 1, "y": "two words folded"]])
}

// MARK: Scalars

@Test func foldsMultiLinePlainScalars() throws {
  #expect(try value("one\n  two\n  three") == "one two three")
  #expect(try value("one\n\n  two") == "one\ntwo")
  #expect(try value("one\n\n\n  two") == "one\n\ntwo")
  #expect(try parse("- a b  c\n  d") == ["a b  c d"])
  #expect(try value("a#b") == "a#b")
  #expect(try value("a #b") == "a")
  #expect(try value("key:value") == "key:value")
  #expect(try value("-x") == "-x")
  #expect(try value("?x") == "?x")
  #expect(try value(":x") == ":x")
}

@Test func readsSingleQuotedScalars() throws {
  #expect(try value("'it''s'") == "it's")
  #expect(try value("''") == "")
  #expect(try value("'a: b # c'") == "a: b # c")
  #expect(try value("'one\n  two'") == "one two")
  #expect(try value("'one\n\n  two  '") == "one\ntwo  ")
  #expect(try value("'back\\slash'") == "back\\slash")
}

@Test func readsDoubleQuotedEscapes() throws {
  let text =
    #""\\ \" \n \t \r \0 \a \b \v \f \e \N \_ \L \P \x41 \u00e9 \U0001F680 \/ \"# + "\t" + #"""#
  let expected =
    "\\ \" \n \t \r \u{0} \u{07} \u{08} \u{0B} \u{0C} \u{1B} \u{85} \u{A0} \u{2028} \u{2029} A é 🚀 / \t"
  #expect(try value(text) == .string(expected))
}

@Test func foldsDoubleQuotedLines() throws {
  #expect(try value("\"one\n  two\"") == "one two")
  #expect(try value("\"one\n\n  two\"") == "one\ntwo")
  #expect(try value("\"one \\\n  two\"") == "one two")
  #expect(try value("\"one\\\n  two\"") == "onetwo")
  #expect(try value("\"one\\\n\n  two\"") == "one\ntwo")
  #expect(try value("\"trailing  \n  next\"") == "trailing next")
  #expect(try value("\"héllo, 世界\"") == "héllo, 世界")
}

@Test(arguments: [
  ("|\n  line 1\n  line 2\n", "line 1\nline 2\n"),
  ("|-\n  line 1\n  line 2\n", "line 1\nline 2"),
  ("|+\n  line 1\n  line 2\n\n\n", "line 1\nline 2\n\n\n"),
  ("|\n  line 1\n  line 2\n\n\n", "line 1\nline 2\n"),
  ("|\n  line 1\n\n  line 3\n", "line 1\n\nline 3\n"),
  ("|\n  a\n    indented\n  b\n", "a\n  indented\nb\n"),
  ("|2-\n    two more\n  base\n", "  two more\nbase"),
  ("|-2\n    two more\n  base\n", "  two more\nbase"),
  ("| # comment\n  text\n", "text\n"),
  ("|\n  no final break", "no final break"),
  (">\n  folded\n  line\n\n  next\n", "folded line\nnext\n"),
  (">-\n  folded\n  line\n", "folded line"),
  (">\n  a\n    more\n  b\n", "a\n  more\nb\n"),
  (">+\n  kept\n\n", "kept\n\n"),
  ("|\n\n  after blank\n", "\nafter blank\n"),
  ("|\n  #!/bin/bash\n  echo ${X}\n", "#!/bin/bash\necho ${X}\n"),
])
func readsBlockScalars(scalar: String, expected: String) throws {
  #expect(try value(scalar) == .string(expected))
}

@Test func blockScalarEndsAtLessIndentedKey() throws {
  let text = """
    Script: |
      echo a
      echo b
    Next: 1
    Folded: >-
      a
      b
    """
  #expect(try parse(text) == ["Script": "echo a\necho b\n", "Next": 1, "Folded": "a b"])
}

@Test func blockScalarInSequenceWithIndicator() throws {
  #expect(try parse("- |1\n  two spaces\n- x") == [" two spaces\n", "x"])
}

// MARK: Comments, markers, directives

@Test func skipsCommentsMarkersAndDirectives() throws {
  let text = """
    %YAML 1.1
    # a comment line
    --- # after the marker
    a: 1 # trailing
      # indented comment
    b: "x # not a comment"
    c: 'y' # comment
    ...
    # after the end
    """
  #expect(try parse(text) == ["a": 1, "b": "x # not a comment", "c": "y"])
  #expect(try parse("---\na: 1\n") == ["a": 1])
  #expect(try parse("--- [1, 2]") == [1, 2])
  #expect(try parse("\u{FEFF}a: 1\r\nb: 2\r\n") == ["a": 1, "b": 2])
  #expect(try parse("a: 1\rb: 2") == ["a": 1, "b": 2])
}

// MARK: Scalar resolution

@Test(arguments: [
  ("yes", TemplateValue.boolean(true)), ("Yes", .boolean(true)), ("YES", .boolean(true)),
  ("no", .boolean(false)), ("No", .boolean(false)), ("NO", .boolean(false)),
  ("true", .boolean(true)), ("True", .boolean(true)), ("TRUE", .boolean(true)),
  ("false", .boolean(false)), ("False", .boolean(false)), ("FALSE", .boolean(false)),
  ("on", .boolean(true)), ("On", .boolean(true)), ("ON", .boolean(true)),
  ("off", .boolean(false)), ("Off", .boolean(false)), ("OFF", .boolean(false)),
  // One-letter forms are strings, as CloudFormation's parser and PyYAML read them.
  ("y", .string("y")), ("Y", .string("Y")), ("n", .string("n")), ("N", .string("N")),
  ("'yes'", .string("yes")), ("\"true\"", .string("true")), ("tRUE", .string("tRUE")),
  ("null", .null), ("Null", .null), ("NULL", .null), ("~", .null), ("", .null),
  ("nULL", .string("nULL")), ("'null'", .string("null")), ("'~'", .string("~")),
  ("3306", .integer(3306)), ("'3306'", .string("3306")), ("\"3306\"", .string("3306")),
  ("-17", .integer(-17)), ("+42", .integer(42)), ("0", .integer(0)), ("-0", .integer(0)),
  ("1_000", .integer(1000)), ("0x1F", .integer(31)), ("-0x1F", .integer(-31)),
  ("0o17", .integer(15)), ("010", .integer(8)), ("0755", .integer(493)), ("0b101", .integer(5)),
  ("08", .string("08")), ("0x", .string("0x")), ("0xG", .string("0xG")),
  ("9223372036854775807", .integer(Int.max)),
  ("9223372036854775808", .number(9_223_372_036_854_775_808)),
  ("1.5", .number(1.5)), ("-0.25", .number(-0.25)), (".5", .number(0.5)), ("1.", .number(1)),
  ("1e3", .number(1000)), ("1E3", .number(1000)), ("1.5e-3", .number(0.0015)),
  ("2e+2", .number(200)),
  ("1_000.5", .number(1000.5)), (".inf", .number(.infinity)), ("-.inf", .number(-.infinity)),
  ("+.Inf", .number(.infinity)), (".INF", .number(.infinity)),
  ("1e999", .string("1e999")), ("-1e999", .string("-1e999")), ("0X1F", .string("0X1F")),
  ("1e", .string("1e")), (".", .string(".")), ("+", .string("+")), ("-a", .string("-a")),
  ("1.0.0", .string("1.0.0")),
  ("2010-09-09", .string("2010-09-09")), ("10.0.0.0/16", .string("10.0.0.0/16")),
  ("12:30", .string("12:30")), ("1:30:00", .string("1:30:00")),
  ("arn:aws:s3:::b/*", .string("arn:aws:s3:::b/*")), ("'a: b'", .string("a: b")),
  ("\"a: b\"", .string("a: b")), ("${AWS::StackName}-db", .string("${AWS::StackName}-db")),
  ("AWS::EC2::VPC", .string("AWS::EC2::VPC")), ("v1", .string("v1")), ("=", .string("=")),
  ("<<", .string("<<")), ("yes please", .string("yes please")), ("0.0.0.0/0", .string("0.0.0.0/0")),
  ("!!str 3306", .string("3306")), ("!!int '42'", .integer(42)), ("!!float 1", .number(1)),
  ("!!bool 'yes'", .boolean(true)), ("!!null ''", .null), ("! 12", .string("12")),
  ("!!str", .string("")), ("!!float '1e3'", .number(1000)),
])
func resolvesScalars(scalar: String, expected: TemplateValue) throws {
  #expect(try value(scalar) == expected)
}

@Test func resolvesNotANumber() throws {
  for text in [".nan", ".NaN", ".NAN"] {
    guard case .number(let number)? = try value(text) else {
      Issue.record("\(text) is not a number")
      continue
    }
    #expect(number.isNaN)
  }
  #expect(try value("-.nan") == "-.nan")
}

@Test func keysAreNeverResolved() throws {
  #expect(
    try parse("1: a\ntrue: b\nnull: c\n~: d\n0x1F: e").objectValue?.keys == [
      "1", "true", "null", "~", "0x1F",
    ])
}

@Test func formatVersionIsAStringWhenUnquoted() throws {
  let template = try read("AWSTemplateFormatVersion: 2010-09-09\nResources: {}\n")
  #expect(template.formatVersion == "2010-09-09")
}

// MARK: Short-form tags

@Test(arguments: [
  ("!Ref Vpc", TemplateValue.intrinsic(.ref("Vpc"))),
  ("!Ref AWS::Region", .intrinsic(.ref("AWS::Region"))),
  ("!Ref 'Vpc'", .intrinsic(.ref("Vpc"))),
  ("!GetAtt Db.Endpoint.Address", .intrinsic(.getAtt("Db", "Endpoint.Address"))),
  ("!GetAtt [Db, Endpoint.Address]", .intrinsic(.getAtt("Db", "Endpoint.Address"))),
  ("!GetAtt\n  - Db\n  - Arn", .intrinsic(.getAtt("Db", "Arn"))),
  ("!Sub '${AWS::StackName}-db'", .intrinsic(.sub("${AWS::StackName}-db", Fields()))),
  ("!Sub ${AWS::StackName}-db", .intrinsic(.sub("${AWS::StackName}-db", Fields()))),
  (
    "!Sub ['${A}-x', {A: !Ref B}]",
    .intrinsic(.sub("${A}-x", Fields([("A", .intrinsic(.ref("B")))])))
  ),
  ("!Sub |\n  echo ${X}\n", .intrinsic(.sub("echo ${X}\n", Fields()))),
  ("!If [IsProd, 3, 1]", .intrinsic(.if("IsProd", 3, 1))),
  (
    "!If [C, !Ref A, !Ref AWS::NoValue]",
    .intrinsic(.if("C", .intrinsic(.ref("A")), .intrinsic(.ref("AWS::NoValue"))))
  ),
  ("!Condition IsProd", .intrinsic(.condition("IsProd"))),
  ("!Join ['', [!Ref A, '-x']]", .intrinsic(.join("", [.intrinsic(.ref("A")), "-x"]))),
  ("!Join\n  - ','\n  - - a\n    - b", .intrinsic(.join(",", ["a", "b"]))),
  ("!Select [0, !GetAZs '']", .intrinsic(.select(0, .intrinsic(.getAZs(""))))),
  (
    "!Select [1, !Split [',', !Ref L]]",
    .intrinsic(.select(1, .intrinsic(.split(",", .intrinsic(.ref("L"))))))
  ),
  ("!GetAZs ''", .intrinsic(.getAZs(""))),
  ("!GetAZs", .intrinsic(.getAZs(""))),
  ("!GetAZs us-east-1", .intrinsic(.getAZs("us-east-1"))),
  ("!GetAZs {Ref: AWS::Region}", .intrinsic(.getAZs(["Ref": "AWS::Region"]))),
  ("!Base64 {Fn::Join: ['', [a, b]]}", .intrinsic(.base64(["Fn::Join": ["", ["a", "b"]]]))),
  ("!Equals [!Ref Env, prod]", .intrinsic(.equals(.intrinsic(.ref("Env")), "prod"))),
  ("!Not [!Condition C]", .intrinsic(.not(.intrinsic(.condition("C"))))),
  (
    "!And [!Condition A, !Condition B]",
    .intrinsic(.and([.intrinsic(.condition("A")), .intrinsic(.condition("B"))]))
  ),
  (
    "!Or [!Condition A, !Equals [a, b]]",
    .intrinsic(.or([.intrinsic(.condition("A")), .intrinsic(.equals("a", "b"))]))
  ),
  ("!Base64\n  Fn::Sub: 'x ${A}'", .intrinsic(.base64(["Fn::Sub": "x ${A}"]))),
  ("!Base64 plain", .intrinsic(.base64("plain"))),
  ("!ImportValue shared-vpc", .intrinsic(.importValue("shared-vpc"))),
  ("!ImportValue {'Fn::Sub': '${Net}-vpc'}", .intrinsic(.importValue(["Fn::Sub": "${Net}-vpc"]))),
  ("!Cidr [10.0.0.0/16, 6, 5]", .intrinsic(.cidr("10.0.0.0/16", count: 6, bits: 5))),
  (
    "!FindInMap [Map, !Ref AWS::Region, Ami]",
    .intrinsic(.findInMap("Map", .intrinsic(.ref("AWS::Region")), "Ami"))
  ),
  ("!Length [a, b]", .intrinsic(.function(.length, ["a", "b"]))),
  ("!ToJsonString {a: 1}", .intrinsic(.function(.toJSONString, ["a": 1]))),
  (
    "!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}",
    .intrinsic(
      .function(.transform, ["Name": "AWS::Include", "Parameters": ["Location": "s3://b/k"]]))
  ),
  (
    "!Transform\n  Name: AWS::Include\n  Parameters:\n    Location: x",
    .intrinsic(.function(.transform, ["Name": "AWS::Include", "Parameters": ["Location": "x"]]))
  ),
])
func readsShortFormTags(text: String, expected: TemplateValue) throws {
  #expect(try value(text) == expected)
  // In a template, long-form calls inside the arguments are recognised too, in one pass or two.
  let document = template(properties: "P: \(text)")
  let decoded = try property("P", in: document)
  #expect(decoded == (try readInTwoStages(document)).resource("Thing")?[property: "P"])
  if !text.contains("{Ref") && !text.contains("Fn::") { #expect(decoded == expected) }
}

@Test func readsTagsInsideBlockSequences() throws {
  let text = """
    - !Ref A
    - !GetAtt B.Arn
    - !Sub
      - '${X}'
      - X: !Ref C
    - !If
      - Cond
      - !Ref D
      - !Ref AWS::NoValue
    """
  let expected: TemplateValue = [
    .intrinsic(.ref("A")), .intrinsic(.getAtt("B", "Arn")),
    .intrinsic(.sub("${X}", Fields([("X", .intrinsic(.ref("C")))]))),
    .intrinsic(.if("Cond", .intrinsic(.ref("D")), .intrinsic(.ref("AWS::NoValue")))),
  ]
  #expect(try parse(text) == expected)
}

@Test func longFormStaysAMappingInTheFirstStage() throws {
  #expect(try parse("v: {Ref: X}") == ["v": ["Ref": "X"]])
  #expect(try parse("v: {Fn::GetAtt: [A, B]}") == ["v": ["Fn::GetAtt": ["A", "B"]]])
}

@Test func shortAndLongFormTemplatesAreEqual() throws {
  let short = """
    AWSTemplateFormatVersion: '2010-09-09'
    Parameters:
      Env:
        Type: String
        AllowedValues: [dev, prod]
    Conditions:
      IsProd: !Equals [!Ref Env, prod]
      NotProd: !Not [!Condition IsProd]
    Resources:
      Bucket:
        Type: AWS::S3::Bucket
        Condition: IsProd
        Properties:
          BucketName: !Sub '${AWS::StackName}-${Env}'
          Tags:
            - Key: Zone
              Value: !Select [0, !GetAZs '']
            - Key: Joined
              Value: !Join ['-', [!Ref Env, !GetAtt Other.Arn]]
            - Key: Maybe
              Value: !If [IsProd, !ImportValue shared, !Ref AWS::NoValue]
      Other:
        Type: AWS::SNS::Topic
        Properties:
          Subscription: !Split [',', !FindInMap [Map, !Ref AWS::Region, Subs]]
    Outputs:
      Arn:
        Value: !GetAtt Bucket.Arn
        Export:
          Name: !Sub
            - '${Prefix}-arn'
            - Prefix: !Ref Env
    """
  let long = """
    AWSTemplateFormatVersion: '2010-09-09'
    Parameters:
      Env:
        Type: String
        AllowedValues: [dev, prod]
    Conditions:
      IsProd:
        Fn::Equals: [{Ref: Env}, prod]
      NotProd:
        Fn::Not: [{Condition: IsProd}]
    Resources:
      Bucket:
        Type: AWS::S3::Bucket
        Condition: IsProd
        Properties:
          BucketName:
            Fn::Sub: '${AWS::StackName}-${Env}'
          Tags:
            - Key: Zone
              Value:
                Fn::Select:
                  - 0
                  - Fn::GetAZs: ''
            - Key: Joined
              Value: {"Fn::Join": ['-', [{Ref: Env}, {"Fn::GetAtt": [Other, Arn]}]]}
            - Key: Maybe
              Value:
                Fn::If:
                  - IsProd
                  - Fn::ImportValue: shared
                  - Ref: AWS::NoValue
      Other:
        Type: AWS::SNS::Topic
        Properties:
          Subscription:
            Fn::Split:
              - ','
              - Fn::FindInMap: [Map, {Ref: AWS::Region}, Subs]
    Outputs:
      Arn:
        Value:
          Fn::GetAtt: Bucket.Arn
        Export:
          Name:
            Fn::Sub:
              - '${Prefix}-arn'
              - Prefix:
                  Ref: Env
    """
  let fromShort = try read(short)
  #expect(withoutSource(fromShort) == withoutSource(try read(long)))
  #expect(withoutSource(fromShort) == withoutSource(try readInTwoStages(short)))
  #expect(withoutSource(fromShort) == withoutSource(try readInTwoStages(long)))
  #expect(fromShort.resources.map(\.logicalID.rawValue) == ["Bucket", "Other"])
  #expect(
    fromShort.conditions["IsProd"] == .intrinsic(.equals(.intrinsic(.ref("Env")), "prod")))
}

@Test func nameMappingsAreNeverCalls() throws {
  let text = """
    Resources:
      Ref:
        Type: AWS::Test::Thing
        Properties:
          Condition: x
        Metadata:
          Ref: z
    """
  let template = try read(text)
  #expect(template.resources.first?.logicalID.rawValue == "Ref")
  #expect(template.resources.first?.properties == ["Condition": "x"])
  #expect(template.resources.first?.metadata == ["Ref": "z"])
  #expect(withoutSource(template) == withoutSource(try readInTwoStages(text)))
}

@Test func iamConditionMappingStaysAMapping() throws {
  let text = template(properties: "Policy:\n  Condition:\n    StringEquals: {a: b}")
  #expect(try property("Policy", in: text) == ["Condition": ["StringEquals": ["a": "b"]]])
}

// MARK: Positions

@Test func recordsPositionsOfNestedNodes() throws {
  let text = """
    # leading comment
    Resources:
      Db:
        Type: AWS::RDS::DBInstance
        Properties:
          Port: 3306
          VpcSecurityGroups:
            - !GetAtt Sg.GroupId
            - sg-123
          Tags: [{Key: a, Value: b}, {Key: "é", Value: !Ref X}]
    """
  let template = try read(text)
  let source = try #require(template.source)
  #expect(source.file == "test.yaml")
  #expect(source.exactPosition(of: []) == at(2, 1))
  #expect(source.exactPosition(of: [.key("Resources")]) == at(2, 1))
  #expect(source.exactPosition(of: [.key("Resources"), .key("Db")]) == at(3, 3))
  #expect(
    source.exactPosition(of: [.key("Resources"), .key("Db"), .key("Properties"), .key("Port")])
      == at(6, 7))
  let groups: [PathComponent] = [
    .key("Resources"), .key("Db"), .key("Properties"), .key("VpcSecurityGroups"),
  ]
  #expect(source.exactPosition(of: groups + [.index(0)]) == at(8, 11))
  #expect(source.exactPosition(of: groups + [.index(0), .key("Fn::GetAtt")]) == at(8, 11))
  #expect(source.exactPosition(of: groups + [.index(1)]) == at(9, 11))
  let tags: [PathComponent] = [.key("Resources"), .key("Db"), .key("Properties"), .key("Tags")]
  #expect(source.exactPosition(of: tags + [.index(1)]) == at(10, 34))
  #expect(source.exactPosition(of: tags + [.index(1), .key("Value")]) == at(10, 45))
  #expect(source.exactPosition(of: tags + [.index(1), .key("Value"), .key("Ref")]) == at(10, 52))
}

@Test func recordsPositionsOfEmptyEntriesAndLongForm() throws {
  let (_, source) = try YAMLReader.parseValue(
    bytes("List:\n  -\n  - x\nCall:\n  Fn::Join: [',', [a]]"), file: "f")
  #expect(source.exactPosition(of: [.key("List"), .index(0)]) == at(2, 3))
  #expect(source.exactPosition(of: [.key("List"), .index(1)]) == at(3, 5))
  #expect(
    source.exactPosition(of: [.key("Call"), .key("Fn::Join"), .index(1), .index(0)]) == at(5, 20))
}

@Test func decoderErrorsPointAtYAMLLines() throws {
  let text = """
    Resources:
      Thing:
        Type: AWS::Test::Thing
        Properties:
          Value: !GetAtt NoDot
    """
  let error = try #require(readError(text))
  #expect(error.position == at(5, 14))
  #expect(error.message.hasPrefix("Fn::GetAtt takes [logicalID, attributeName]"))
  let unknown = try #require(readError("Resources:\n  A:\n    Type: X\n    Propertes: {}\n"))
  #expect(unknown.position == at(4, 5))
  #expect(unknown.message.contains("did you mean 'Properties'?"))
}

// MARK: Errors

@Test(arguments: [
  ("a: 1\nPort: 1\nb: 2\nPort: 3", "4:1: duplicate key 'Port'; first defined at line 2"),
  ("{a: 1, a: 2}", "1:8: duplicate key 'a'; first defined at line 1, column 2"),
  ("a: &anchor 1", "1:4: anchors and aliases are not supported by CloudFormation"),
  ("a: 1\nb: *anchor", "2:4: anchors and aliases are not supported by CloudFormation"),
  ("- &a [1]", "1:3: anchors and aliases are not supported by CloudFormation"),
  (
    "Resource: *",
    "1:11: anchors and aliases are not supported by CloudFormation; write a literal asterisk quoted: '*'"
  ),
  (
    "Action: [s3:*, *]",
    "1:16: anchors and aliases are not supported by CloudFormation; write a literal asterisk quoted: '*'"
  ),
  (
    "base: {a: 1}\nother:\n  <<: {b: 2}",
    "3:3: merge keys ('<<') are not supported by CloudFormation"
  ),
  (
    "a: 1\n---\nb: 2",
    "2:1: a second YAML document in the stream; a CloudFormation template file holds exactly one document"
  ),
  (
    "a: 1\n...\nb: 2",
    "3:1: a second YAML document in the stream; a CloudFormation template file holds exactly one document"
  ),
  ("a:\n\tb: 1", "2:1: tabs are not allowed for indentation in YAML"),
  ("a:\n  b: 1\n\t c: 2", "3:1: tabs are not allowed for indentation in YAML"),
  ("a: |\n  x\n\t y", "3:1: tabs are not allowed for indentation in YAML"),
  (
    "a: 'unterminated\nb: 1",
    "1:4: unterminated single-quoted string; expected a closing \"'\" before the end of the file"
  ),
  (
    "a: \"unterminated",
    "1:4: unterminated double-quoted string; expected a closing '\"' before the end of the file"
  ),
  ("a: [1, 2", "1:4: unterminated flow sequence; expected ']' to close this '['"),
  ("a: {b: 1", "1:4: unterminated flow mapping; expected '}' to close this '{'"),
  (
    "a: [1, 2\nb: 3",
    "2:2: expected ',' or ']' after an entry of the flow sequence that starts at line 1, column 4, found ':'"
  ),
  (
    "a: [1, 2,\n  b: 3\n  c: 4",
    "3:4: expected ',' or ']' after an entry of the flow sequence that starts at line 1, column 4, found ':'"
  ),
  (
    "a: [1, 2,\n  b: x,\n  c: [4]\nd: 5",
    "4:1: expected ',' or ']' after an entry of the flow sequence that starts at line 1, column 4, found 'd'"
  ),
  (
    "a: !Base64 !Sub x",
    "1:12: a node can have only one tag; found '!Sub' after '!Base64' (write the inner function in long form: 'Fn::Sub: ...')"
  ),
  (
    "a:\n  b: 1\n c: 2",
    "3:2: bad indentation; expected a mapping key at column 1, found a mapping key at column 2"
  ),
  (
    "a:\n  b: 1\n   c: 2",
    "3:4: bad indentation of a mapping key; this line is indented more than the key above it, so it reads as part of that key's value"
  ),
  (
    "a:\n    - x\n  - y",
    "3:3: bad indentation; expected a mapping key at column 1, found '-' at column 3"
  ),
  (
    "a: 1\n- b",
    "2:1: expected a mapping key at column 1, found '-'; a mapping cannot hold '-' entries (indent them under a key)"
  ),
  (
    "a: b: c",
    "1:5: unexpected ': ' inside a plain value; quote the value, or start a nested mapping on a new line"
  ),
  (
    "a: 1\nb\nc: 2",
    "2:1: expected ':' after this mapping key (each line of a mapping is 'key: value', on one line)"
  ),
  ("a: - b", "1:4: a '- ' sequence entry cannot start here; put it on a line of its own"),
  (
    "a: !Foo x",
    "1:4: unknown tag '!Foo'; the short-form function tags are !And !Base64 !Cidr !Condition !Contains !EachMemberEquals !EachMemberIn !Equals !FindInMap !GetAZs !GetAtt !If !ImportValue !Join !Length !Not !Or !Ref !RefAll !Select !Split !Sub !ToJsonString !Transform !ValueOf !ValueOfAll"
  ),
  ("a: !GetAt X.Y", "1:4: unknown tag '!GetAt'; did you mean '!GetAtt'?"),
  (
    "a: !!binary aGk=",
    "1:4: the tag '!!binary' is not supported by CloudFormation (binary, omap, pairs, set and timestamp tags are not read)"
  ),
  (
    "a: !!set {x}",
    "1:4: the tag '!!set' is not supported by CloudFormation (binary, omap, pairs, set and timestamp tags are not read)"
  ),
  (
    "a: !!omap [x: 1]",
    "1:4: the tag '!!omap' is not supported by CloudFormation (binary, omap, pairs, set and timestamp tags are not read)"
  ),
  (
    "a: !!timestamp 2010-09-09",
    "1:4: the tag '!!timestamp' is not supported by CloudFormation (binary, omap, pairs, set and timestamp tags are not read)"
  ),
  ("a: !Ref\nb: 1", "1:4: expected an argument after '!Ref'"),
  ("a: !Ref [x]", "1:4: Ref takes a logical ID as a string, found an array"),
  ("a: !Condition [x]", "1:4: '!Condition' takes the name of a condition, found a sequence"),
  ("a: !If [x, y]", "1:4: Fn::If takes [conditionName, valueIfTrue, valueIfFalse], found an array"),
  ("a: !!int x", "1:4: 'x' is not an integer, but it is tagged '!!int'"),
  ("a: !!str [x]", "1:4: the tag '!!str' cannot be applied to a sequence"),
  (
    "a: !Ref !Sub x",
    "1:9: a node can have only one tag; found '!Sub' after '!Ref' (write the inner function in long form: 'Fn::Sub: ...')"
  ),
  ("!Ref x: 1", "1:1: a mapping key cannot be a function call such as '!Ref'; keys are strings"),
  ("[a, b]: 1", "1:1: a mapping key must be a string, found a sequence"),
  (
    "a: \"\\q\"",
    "1:5: invalid escape '\\q' in a double-quoted string; YAML allows \\0 \\a \\b \\t \\n \\v \\f \\r \\e \\\" \\/ \\\\ \\N \\_ \\L \\P \\xXX \\uXXXX \\UXXXXXXXX and an escaped line break"
  ),
  ("a: \"\\uD800\"", "1:5: the escape '\\uD800' is not a Unicode character"),
  ("a: \"\\x4\"", "1:5: expected 2 hexadecimal digits after '\\x' in a double-quoted string"),
  ("a: |0\n  x", "1:5: the indentation indicator of a block scalar must be a digit from 1 to 9"),
  ("a: |x\n  y", "1:5: expected a line break after the block scalar header '|', found 'x'"),
  ("a: @x", "1:4: '@' is reserved in YAML and cannot start a plain value; quote the value"),
  (
    "a: [|x]",
    "1:5: a block scalar ('|') cannot appear inside a flow collection ('[...]' or '{...}')"
  ),
  ("a: 1\n]", "2:1: expected a mapping key at column 1, found ']'"),
  ("%YAML 2.0\n---\na: 1", "1:7: unsupported YAML version 2.0; CloudFormation reads YAML 1.1"),
  (
    "%TAG ! tag:x\n---\na: 1",
    "1:1: the %TAG directive is not supported; CloudFormation templates use only its own short-form tags"
  ),
  ("%YAML 1.1\na: 1", "2:1: expected '---' after the directive, found a mapping key"),
  (
    "a: \"x\n---\ny\"",
    "2:1: a document marker ('---' or '...') inside a quoted string; expected the closing '\"' first"
  ),
  (
    "a: b\u{07}",
    "1:5: control character U+0007 is not allowed in YAML; write it as \\x07 inside a double-quoted string"
  ),
  ("a: [b, , c]", "1:8: expected a value, found ','"),
  ("é: [b c d", "1:4: unterminated flow sequence; expected ']' to close this '['"),
])
func errorsSayWhatWasExpected(text: String, description: String) throws {
  let error = try #require(parseError(text), "\(text)")
  #expect(error.description == description)
}

@Test func invalidUTF8AndUTF16AreErrors() throws {
  #expect(
    parseError([0x61, 0x3A, 0x20, 0xC3, 0x28])?.description == "1:4: invalid UTF-8 byte 0xC3")
  #expect(
    parseError([0xFF, 0xFE, 0x61, 0x00])?.message
      == "the file is encoded as UTF-16; save it as UTF-8")
}

@Test func emptyFilesSayWhatWasExpected() throws {
  for text in ["", "  \n\n", "# only a comment\n", "\u{FEFF}", "---\n", "--- # c\n...\n", "...\n"] {
    let error = try #require(readError(text), "\(text)")
    #expect(
      error.message == "the file is empty; expected a CloudFormation template (a YAML mapping)")
    #expect(error.position == at(1, 1))
  }
}

@Test func rootMustBeAMapping() throws {
  #expect(
    readError("- a\n- b")?.description == "1:1: a template must be a YAML mapping, found a sequence"
  )
  #expect(
    readError("\n  text")?.description
      == "2:3: a template must be a YAML mapping, found the string 'text'")
  #expect(readError("~")?.description == "1:1: a template must be a YAML mapping, found null")
  #expect(readError("Description: x")?.message == "a template needs a 'Resources' section")
}

// MARK: Robustness

@Test func deepFlowNestingThrows() throws {
  let error = try #require(parseError(String(repeating: "[", count: 100_000)))
  #expect(error.message == "flow collections are nested more than 512 levels deep")
  let mixed = String(repeating: "{a: [", count: 50_000)
  #expect(parseError(mixed) != nil)
}

@Test func deepBlockNestingThrows() throws {
  var text: [UInt8] = []
  text.reserveCapacity(50_100_000)
  let key = Array("k:\n".utf8)
  for depth in 0..<10_000 {
    text += [UInt8](repeating: UInt8(ascii: " "), count: depth)
    text += key
  }
  let error = try #require(parseError(text))
  #expect(error.message == "mappings and sequences are nested more than 512 levels deep")
  var sequences: [UInt8] = []
  sequences.reserveCapacity(50_100_000)
  let entry = Array("-\n".utf8)
  for depth in 0..<10_000 {
    sequences += [UInt8](repeating: UInt8(ascii: " "), count: depth)
    sequences += entry
  }
  #expect(
    parseError(sequences)?.message == "mappings and sequences are nested more than 512 levels deep")
  #expect(parseError(String(repeating: "- ", count: 10_000) + "x") != nil)
}

@Test func nestingUpToTheLimitReads() throws {
  let depth = YAMLReader.maximumDepth
  let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
  #expect(parseError(text) == nil)
  #expect(parseError("[" + text + "]") != nil)
}

/// A valid template to mutate.
private let fuzzSeed = """
  AWSTemplateFormatVersion: 2010-09-09
  Description: >-
    A template
    to mutate
  Parameters:
    Env: {Type: String, AllowedValues: [dev, prod]}
  Conditions:
    IsProd: !Equals [!Ref Env, prod]
  Resources:
    Queue:
      Type: AWS::SQS::Queue
      Condition: IsProd
      Properties:
        QueueName: !Sub '${AWS::StackName}-q'
        Delay: 0x10
        Tags:
          - Key: "a\\tb"
            Value: !Select [0, !GetAZs '']
          - {Key: k, Value: 'it''s'}
        Script: |
          #!/bin/sh
          echo "${X}"
  Outputs:
    Arn:
      Value: !GetAtt Queue.Arn
  """

@Test func randomBytesNeverCrash() throws {
  var random = LCG(state: 0x5EED)
  let alphabet = Array("[]{}:-|>'\"!&*#\t\n ,?%@`~.0aZ\\\r".utf8) + [0xC3, 0xA9, 0xFF, 0x00]
  var parsed = 0
  for _ in 0..<2_000 {
    let length = random.below(64)
    var input: [UInt8] = []
    for _ in 0..<length {
      input.append(
        random.below(4) == 0 ? UInt8(random.below(256)) : alphabet[random.below(alphabet.count)])
    }
    if parseError(input) == nil { parsed += 1 }
    _ = try? YAMLReader.readTemplate(input, file: "fuzz.yaml")
  }
  #expect(parsed > 0)
}

@Test func randomMutationsNeverCrash() throws {
  var random = LCG(state: 42)
  let seed = Array(fuzzSeed.utf8)
  #expect(parseError(seed) == nil)
  let inserts = Array("[{:-|>'\"!&*#\t\n".utf8)
  var outcomes = (parsed: 0, failed: 0)
  for _ in 0..<2_000 {
    var input = seed
    for _ in 0..<(1 + random.below(4)) {
      guard !input.isEmpty else { break }
      let index = random.below(input.count)
      switch random.below(4) {
      case 0: input.removeSubrange(index...)
      case 1: input[index] ^= UInt8(1 << random.below(8))
      case 2: input.insert(inserts[random.below(inserts.count)], at: index)
      default: input.remove(at: index)
      }
    }
    do {
      _ = try YAMLReader.readTemplate(input, file: "fuzz.yaml")
      outcomes.parsed += 1
    } catch {
      outcomes.failed += 1
      #expect(error.position != nil, "\(error)")
    }
  }
  #expect(outcomes.parsed > 0 && outcomes.failed > 0)
}

// MARK: Twins

@Test func smallTemplateMatchesItsJSONTwin() throws {
  let json = """
    {
      "AWSTemplateFormatVersion": "2010-09-09",
      "Description": "twin",
      "Parameters": {"Port": {"Type": "Number", "Default": 3306}},
      "Resources": {
        "Sg": {
          "Type": "AWS::EC2::SecurityGroup",
          "Properties": {
            "GroupDescription": "db",
            "VpcId": {"Ref": "Vpc"},
            "SecurityGroupIngress": [
              {"IpProtocol": "tcp", "FromPort": {"Ref": "Port"}, "ToPort": 3306, "CidrIp": "10.0.0.0/16"}
            ],
            "Tags": [{"Key": "Name", "Value": {"Fn::Sub": "${AWS::StackName}-db"}}]
          },
          "DeletionPolicy": "Retain"
        },
        "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16", "EnableDnsSupport": true}}
      },
      "Outputs": {"Group": {"Value": {"Fn::GetAtt": ["Sg", "GroupId"]}, "Export": {"Name": {"Fn::Join": ["-", [{"Ref": "AWS::StackName"}, "sg"]]}}}}
    }
    """
  let yaml = """
    AWSTemplateFormatVersion: 2010-09-09
    Description: twin
    Parameters:
      Port:
        Type: Number
        Default: 3306
    Resources:
      Sg:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: db
          VpcId: !Ref Vpc
          SecurityGroupIngress:
            - IpProtocol: tcp
              FromPort: !Ref Port
              ToPort: 3306
              CidrIp: 10.0.0.0/16
          Tags:
            - Key: Name
              Value: !Sub '${AWS::StackName}-db'
        DeletionPolicy: Retain
      Vpc:
        Type: AWS::EC2::VPC
        Properties: {CidrBlock: 10.0.0.0/16, EnableDnsSupport: yes}
    Outputs:
      Group:
        Value: !GetAtt Sg.GroupId
        Export:
          Name: !Join [-, [!Ref AWS::StackName, sg]]
    """
  let fromJSON = try JSONReader.readTemplate(bytes(json), file: "t.json")
  let fromYAML = try read(yaml)
  #expect(withoutSource(fromYAML) == withoutSource(fromJSON))
  let yamlSource = try #require(fromYAML.source)
  #expect(
    yamlSource.exactPosition(of: [.key("Resources"), .key("Sg"), .key("Properties"), .key("VpcId")])
      == at(12, 7))
}

@Test func referenceStackYAMLMatchesItsJSONTwin() throws {
  let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Templates")
  let json = try Data(contentsOf: templates.appendingPathComponent("stack.json"))
  let yaml = try Data(contentsOf: templates.appendingPathComponent("stack.yaml"))
  let fromJSON = try JSONReader.readTemplate(Array(json), file: "stack.json")
  let fromYAML = try YAMLReader.readTemplate(Array(yaml), file: "stack.yaml")
  #expect(withoutSource(fromYAML) == withoutSource(fromJSON))
}

/// Strings that a YAML 1.1 reader could mistake for something else, or that need escapes.
private let trickyStrings = [
  "", "y", "n", "yes", "No", "ON", "off", "true", "False", "null", "Null", "~", "<<", "=", ".inf",
  "-.inf", ".NaN", "30", "8080", "0755", "0x1F", "1e3", "12:30", ".5", "-1", "+1", "2010-09-09",
  "10.0.0.0/16", "1.0.0", "- item", "?x", ":x", ",x", "[x]", "{x}", "#x", "&x", "*x", "!x", "|x",
  ">x", "'x'", "\"x\"", "%x", "@x", "`x", "...x", "---x", "key: value", "a #b", "ends:", " lead",
  "trail ", "it's", "line\nbreak", "tab\there", "bell\u{07}", "naïve", "emoji 🚀", "back\\slash\n",
  "AWS::EC2::VPC", "arn:aws:s3:::b/*", "${AWS::StackName}-db", "a,b", "{{resolve:ssm:x}}", "*",
]

@Test(arguments: YAMLEmitter.Style.allCases)
func readsWhatTheEmitterWrites(style: YAMLEmitter.Style) throws {
  let strings = Fields(
    trickyStrings.enumerated().map { ("S\($0.offset)", TemplateValue.string($0.element)) })
  let template = Template(
    description: "round trip: yes, 'quotes', #hash",
    parameters: ["Env": ["Type": "String", "Default": "no"]],
    conditions: ["IsProd": .intrinsic(.equals(.intrinsic(.ref("Env")), "prod"))],
    resources: [
      Template.Resource(
        LogicalID("Thing"), type: "AWS::Test::Thing", condition: "IsProd",
        properties: [
          "Strings": .object(strings),
          "List": .list(trickyStrings.map(TemplateValue.string)),
          "Numbers": [0, -1, 443, .number(1.5), true, false, .null],
          "Ref": .ref(LogicalID("Other")),
          "Att": .getAtt(LogicalID("Other"), "Endpoint.Address"),
          "Sub": .intrinsic(.sub("${A}-x\nline two", Fields([("A", .intrinsic(.ref("Env")))]))),
          "If": .intrinsic(.if("IsProd", .intrinsic(.ref("AWS::NoValue")), "x")),
          "Azs": .intrinsic(.select(0, .intrinsic(.getAZs("")))),
          "Join": .intrinsic(.join(",", [.intrinsic(.ref("Env")), "yes", "0x1F"])),
          "Cidr": .intrinsic(.cidr("10.0.0.0/16", count: 6, bits: 5)),
          "Empty": [], "EmptyMap": .object([:]),
        ]),
      Template.Resource(LogicalID("Other"), type: "AWS::Test::Other"),
    ],
    outputs: ["Out": ["Value": .getAtt(LogicalID("Thing"), "Arn")]])
  let text = YAMLEmitter(style: style).emit(template)
  let readBack = try read(text)
  #expect(withoutSource(readBack) == template)
}
