import InfragenCore
import Testing

@testable import InfragenFormats

// MARK: Helpers

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

private func parse(_ text: String) throws(ReadError) -> TemplateValue {
  try JSONReader.parseValue(bytes(text), file: "test.json").0
}

private func read(_ text: String) throws(ReadError) -> Template {
  try JSONReader.readTemplate(bytes(text), file: "test.json")
}

/// Reads a template through the two public stages, `parseValue` then `TemplateDecoder`, which
/// must agree with the one-pass `readTemplate`.
private func readInTwoStages(_ text: String) throws(ReadError) -> Template {
  let (root, source) = try JSONReader.parseValue(bytes(text), file: "test.json")
  return try TemplateDecoder.decode(root, source: source)
}

/// The error reading `input` as a template throws, or `nil` when it reads.
private func readError(_ input: [UInt8]) -> ReadError? {
  do {
    _ = try JSONReader.readTemplate(input, file: "test.json")
    return nil
  } catch {
    return error
  }
}

private func readError(_ text: String) -> ReadError? { readError(bytes(text)) }

/// The error parsing `text` as any JSON value throws, or `nil` when it parses.
private func parseError(_ text: String) -> ReadError? {
  do {
    _ = try parse(text)
    return nil
  } catch {
    return error
  }
}

/// A template whose one resource has `properties` as its `Properties` (JSON text).
private func template(properties: String) -> String {
  """
  {
    "Resources": {
      "Thing": {
        "Type": "AWS::Test::Thing",
        "Properties": \(properties)
      }
    }
  }
  """
}

/// The property `key` of the resource `Thing`, read from a template.
private func property(_ key: String, in text: String) throws -> TemplateValue? {
  try read(text).resource("Thing")?[property: key]
}

private func at(_ line: Int, _ column: Int) -> SourcePosition {
  SourcePosition(line: line, column: column)
}

// MARK: Scalars, strings and numbers

@Test(arguments: [
  ("true", TemplateValue.boolean(true)),
  ("false", .boolean(false)),
  ("null", .null),
  (#""text""#, .string("text")),
  (#""""#, .string("")),
  ("0", .integer(0)),
  ("-0", .integer(0)),
  ("42", .integer(42)),
  ("-17", .integer(-17)),
  ("9223372036854775807", .integer(Int.max)),
  ("-9223372036854775808", .integer(Int.min)),
  ("9223372036854775808", .number(9_223_372_036_854_775_808)),
  ("1.5", .number(1.5)),
  ("-0.25", .number(-0.25)),
  ("1e3", .number(1000)),
  ("2.5E-2", .number(0.025)),
  ("1E+2", .number(100)),
  ("[]", .list([])),
  ("{}", .object([:])),
  (" \t\r\n [1, \"a\", true] \n", .list([1, "a", true])),
])
func parsesScalarsAndContainers(text: String, expected: TemplateValue) throws {
  #expect(try parse(text) == expected)
}

@Test func decodesEveryEscape() throws {
  let text = #""\"\\\/\b\f\n\r\t\u0041\u00e9\u20AC\uD83D\uDE00\u0000""#
  #expect(try parse(text) == .string("\"\\/\u{08}\u{0C}\n\r\tAé€😀\u{0}"))
}

@Test func keepsRawNonASCIIText() throws {
  #expect(try parse(#""héllo, 世界 😀""#) == .string("héllo, 世界 😀"))
  #expect(try parse(#"{"ключ": "значение"}"#) == .object(["ключ": "значение"]))
}

@Test(arguments: [
  (#""\uD83D""#, "lone surrogate '\\uD83D' in a string"),
  (#""\uD83Dx""#, "lone surrogate '\\uD83D' in a string"),
  (#""\uD83D\u0041""#, "lone surrogate '\\uD83D' in a string"),
  (#""\uDE00""#, "lone surrogate '\\uDE00' in a string"),
  (#""\x""#, "invalid escape '\\x' in a string"),
  (#""\u12G4""#, "expected four hexadecimal digits after '\\u'"),
  ("\"a\u{01}b\"", "control character U+0001 inside a string"),
  ("\"a\nb\"", "line break inside a string"),
  (#""abc"#, "unexpected end of input inside a string"),
])
func rejectsBadStrings(text: String, message: String) throws {
  let error = try #require(parseError(text))
  #expect(error.message.hasPrefix(message), "\(error)")
  #expect(error.position?.line == 1)
}

@Test(arguments: [
  ("01", "a number cannot start with '0' followed by more digits"),
  ("-", "unexpected end of input inside a number; expected a digit after '-'"),
  ("-a", "expected a digit after '-' in a number, found 'a'"),
  ("1.", "unexpected end of input inside a number; expected a digit after '.'"),
  ("1.e3", "expected a digit after '.' in a number, found 'e3'"),
  ("1e", "unexpected end of input inside a number; expected a digit in the exponent"),
  ("+1", "expected a JSON value at the start of the file, found '+'"),
  (".5", "expected a JSON value at the start of the file, found '.'"),
  ("1e400", "the number 1e400 is out of range"),
  (
    "NaN",
    "expected a JSON value at the start of the file, found 'NaN'; a JSON template starts with '{' (is this a YAML file?)"
  ),
  (
    "True",
    "expected a JSON value at the start of the file, found 'True'; a JSON template starts with '{' (is this a YAML file?)"
  ),
  ("[True]", "expected a value or ']' after '[', found 'True'"),
])
func rejectsBadNumbersAndWords(text: String, message: String) throws {
  let error = try #require(parseError(text))
  #expect(error.message == message)
}

// MARK: Structure errors

@Test func emptyInputSaysWhatWasExpected() throws {
  for text in ["", "  \n\t ", "\u{FEFF}"] {
    let error = try #require(readError(text))
    #expect(
      error.message == "the file is empty; expected a CloudFormation template (a JSON object)")
  }
}

@Test func truncatedObjectSaysWhatWasExpected() throws {
  let error = try #require(readError("{\n  \"A\": 1"))
  #expect(error.message == "unexpected end of input inside an object; expected ',' or '}'")
  #expect(error.position == at(2, 9))
  #expect(error.description == "2:9: unexpected end of input inside an object; expected ',' or '}'")
}

@Test(arguments: [
  (#"{"a": 1 x}"#, "1:9: expected ',' or '}' after a value in an object, found 'x'"),
  (#"{"a" 1}"#, "1:6: expected ':' after the key 'a', found '1'"),
  (#"{"a": }"#, "1:7: expected a value for the key 'a', found '}'"),
  (
    #"{"a": 1,}"#,
    "1:9: expected a string key after ',' in an object, found '}'; JSON does not allow a trailing comma"
  ),
  (#"{a: 1}"#, "1:2: expected a string key or '}' after '{', found 'a'"),
  (#"[1 2]"#, "1:4: expected ',' or ']' after a value in an array, found '2'"),
  (
    #"[1,]"#,
    "1:4: expected a value after ',' in an array, found ']'; JSON does not allow a trailing comma"
  ),
  ("[1,", "1:4: unexpected end of input inside an array; expected a value"),
  ("[", "1:2: unexpected end of input inside an array; expected a value or ']'"),
  (#"{"a": 1} {}"#, "1:10: expected the end of the file after the top-level value, found '{'"),
  (
    #"{"a": 1} // note"#,
    "1:10: expected the end of the file after the top-level value, found '/'; JSON does not allow comments"
  ),
  ("{\u{A0}}", "1:2: expected a string key or '}' after '{', found '\u{A0}' (U+00A0)"),
])
func structureErrorsNameWhatWasExpected(text: String, description: String) throws {
  let error = try #require(parseError(text))
  #expect(error.description == description)
}

@Test func wrongTopLevelType() throws {
  #expect(readError("[1, 2]")?.message == "a template must be a JSON object, found an array")
  #expect(
    readError(#""text""#)?.message == "a template must be a JSON object, found the string 'text'")
}

@Test func duplicateKeyNamesBothLines() throws {
  let text = """
    {
      "Resources": {
        "Db": {
          "Type": "AWS::RDS::DBInstance",
          "Properties": {
            "Port": 3306,
            "Engine": "mysql",
            "Port": 3307
          }
        }
      }
    }
    """
  let error = try #require(readError(text))
  #expect(error.message == "duplicate key 'Port'; first defined at line 6")
  #expect(error.position == at(8, 9))
}

@Test func duplicateKeyOnOneLineNamesTheColumn() throws {
  let error = try #require(parseError(#"{"a": 1, "b": 2, "a": 3}"#))
  #expect(error.description == "1:18: duplicate key 'a'; first defined at line 1, column 2")
}

@Test func sameKeyInDifferentObjectsIsFine() throws {
  #expect(try parse(#"{"a": {"a": 1}, "b": {"a": 2}}"#) == ["a": ["a": 1], "b": ["a": 2]])
}

@Test func deepNestingIsAnErrorNotACrash() throws {
  let deep = String(repeating: "[", count: 100_000)
  let error = try #require(parseError(deep))
  #expect(error.message == "objects and arrays are nested more than 512 levels deep")
  #expect(error.position == at(1, 513))

  let objects = String(repeating: #"{"a":"#, count: 10_000)
  #expect(parseError(objects)?.message == "objects and arrays are nested more than 512 levels deep")

  let limit = JSONReader.maximumDepth
  let deepest = String(repeating: "[", count: limit) + String(repeating: "]", count: limit)
  #expect(throws: Never.self) { try parse(deepest) }
}

private let smallTemplate = """
  {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Parameters": {"Image": {"Type": "String", "Default": "nginx:1.27"}},
    "Resources": {
      "Queue": {
        "Type": "AWS::SQS::Queue",
        "DependsOn": ["Topic"],
        "Properties": {
          "DelaySeconds": 5, "Ratio": -1.5e-3, "Fifo": true, "Nothing": null,
          "Name": {"Fn::Sub": "${AWS::StackName}-q\\u00e9"},
          "Tags": [{"Key": "Image", "Value": {"Ref": "Image"}}]
        }
      },
      "Topic": {"Type": "AWS::SNS::Topic"}
    },
    "Outputs": {"Arn": {"Value": {"Fn::GetAtt": ["Queue", "Arn"]}}}
  }
  """

@Test func everyPrefixOfATemplateThrows() throws {
  let input = bytes(smallTemplate)
  #expect(readError(input) == nil)
  for length in 0..<input.count {
    let error = readError(Array(input[..<length]))
    #expect(error != nil, "prefix of \(length) bytes was read")
  }
}

@Test func garbageBytesThrow() throws {
  #expect(
    readError([0xFF, 0xFE, 0x7B, 0x00])?.message
      == "the file is encoded as UTF-16; save it as UTF-8")
  #expect(
    readError([0x00, 0x01, 0x02])?.description
      == "1:1: expected a JSON value at the start of the file, found control character U+0000")
  #expect(readError([0x7B, 0xC0, 0x80])?.description == "1:2: invalid UTF-8 byte 0xC0")
  #expect(
    readError(bytes("{\"a\": \"x") + [0xFF] + bytes("\"}"))?.description
      == "1:9: invalid UTF-8 byte 0xFF")
  #expect(
    readError(bytes("{\"a\": \"é") + [0xED, 0xA0, 0x80] + bytes("\"}"))?.description
      == "1:9: invalid UTF-8 byte 0xED")
  #expect(
    readError(bytes("{\"a\": \"") + [0xE2, 0x82])?.description == "1:8: invalid UTF-8 byte 0xE2")

  // Pseudo-random binary input, deterministically generated: it must fail cleanly.
  var state: UInt64 = 0x9E37_79B9_7F4A_7C15
  for _ in 0..<300 {
    var input: [UInt8] = []
    for _ in 0..<64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      input.append(UInt8(truncatingIfNeeded: state >> 33))
    }
    #expect(readError(input) != nil)
  }
}

@Test func byteOrderMarkIsSkipped() throws {
  let (value, source) = try JSONReader.parseValue(
    [0xEF, 0xBB, 0xBF] + bytes(#"{"a": [1]}"#), file: "bom.json")
  #expect(value == ["a": [1]])
  #expect(source.exactPosition(of: []) == at(1, 1))
  #expect(source.exactPosition(of: [.key("a"), .index(0)]) == at(1, 8))
}

// MARK: Positions

@Test func recordsThePositionOfEveryNode() throws {
  let text = """
    {
      "Resources": {
        "Db": {
          "Type": "AWS::RDS::DBInstance",
          "Properties": {
            "Port": 3306,
            "Tags": [ {"Key": "é", "Value": "x"},
              "y" ]
          }
        }
      }
    }
    """
  let template = try read(text)
  let source = try #require(template.source)
  #expect(source.file == "test.json")
  let properties: [PathComponent] = [.key("Resources"), .key("Db"), .key("Properties")]
  #expect(source.exactPosition(of: []) == at(1, 1))
  #expect(source.exactPosition(of: [.key("Resources")]) == at(2, 3))
  #expect(source.exactPosition(of: [.key("Resources"), .key("Db")]) == at(3, 5))
  #expect(source.exactPosition(of: properties) == at(5, 7))
  #expect(source.exactPosition(of: properties + [.key("Port")]) == at(6, 9))
  #expect(source.exactPosition(of: properties + [.key("Tags")]) == at(7, 9))
  #expect(source.exactPosition(of: properties + [.key("Tags"), .index(0)]) == at(7, 19))
  #expect(source.exactPosition(of: properties + [.key("Tags"), .index(0), .key("Key")]) == at(7, 20))
  // Columns count Unicode scalars: "é" is two bytes but one column.
  #expect(source.exactPosition(of: properties + [.key("Tags"), .index(0), .key("Value")]) == at(7, 32))
  #expect(source.exactPosition(of: properties + [.key("Tags"), .index(1)]) == at(8, 11))
  #expect(source.position(of: properties + [.key("Port"), .index(3)]) == at(6, 9))
}

@Test func positionsOnALongSingleLineAreExact() throws {
  let count = 2_000
  let text = "[" + (0..<count).map { "\"é\($0)\"" }.joined(separator: ",") + "]"
  let (_, source) = try JSONReader.parseValue(bytes(text), file: "line.json")
  var column = 2
  for index in 0..<count {
    #expect(source.exactPosition(of: [.index(index)])?.column == column)
    column += "\"é\(index)\",".unicodeScalars.count
  }
}

@Test func carriageReturnsEndLines() throws {
  let (_, source) = try JSONReader.parseValue(
    bytes("{\r\n\"a\":\r1,\n\r\n  \"b\": 2}"), file: "crlf.json")
  #expect(source.exactPosition(of: [.key("a")]) == at(2, 1))
  #expect(source.exactPosition(of: [.key("b")]) == at(5, 3))
}

@Test func readErrorDescription() {
  #expect(ReadError("bad").description == "bad")
  #expect(ReadError("bad", at: at(3, 4)).description == "3:4: bad")
}

// MARK: Intrinsic functions

@Test(arguments: [
  (#"{"Ref": "Vpc"}"#, TemplateValue.intrinsic(.ref("Vpc"))),
  (#"{"Ref": "AWS::Region"}"#, .ref(.region)),
  (#"{"Fn::GetAtt": ["Db", "Endpoint.Address"]}"#, .intrinsic(.getAtt("Db", "Endpoint.Address"))),
  (#"{"Fn::GetAtt": "Db.Endpoint.Address"}"#, .intrinsic(.getAtt("Db", "Endpoint.Address"))),
  (#"{"Fn::Sub": "${AWS::StackName}-db"}"#, .intrinsic(.sub("${AWS::StackName}-db", [:]))),
  (
    #"{"Fn::Sub": ["${Name}-${Id}", {"Name": "x", "Id": {"Ref": "Thing"}}]}"#,
    .intrinsic(.sub("${Name}-${Id}", ["Name": "x", "Id": .intrinsic(.ref("Thing"))]))
  ),
  (
    #"{"Fn::If": ["IsProd", {"Ref": "Big"}, {"Ref": "AWS::NoValue"}]}"#,
    .intrinsic(.if("IsProd", .intrinsic(.ref("Big")), .ref(.noValue)))
  ),
  (#"{"Condition": "IsProd"}"#, .intrinsic(.condition("IsProd"))),
  (
    #"{"Condition": {"StringEquals": {"aws:SourceAccount": "1"}}}"#,
    .object(["Condition": ["StringEquals": ["aws:SourceAccount": "1"]]])
  ),
  (
    #"{"Fn::Join": [",", [{"Ref": "A"}, "b"]]}"#,
    .intrinsic(.join(",", [.intrinsic(.ref("A")), "b"]))
  ),
  (
    #"{"Fn::Select": [0, {"Fn::GetAZs": ""}]}"#,
    .intrinsic(.select(0, .intrinsic(.getAZs())))
  ),
  (#"{"Fn::Base64": "text"}"#, .intrinsic(.base64("text"))),
  (
    #"{"Fn::Equals": [{"Ref": "Env"}, "prod"]}"#,
    .intrinsic(.equals(.intrinsic(.ref("Env")), "prod"))
  ),
  (#"{"Fn::ImportValue": "Shared"}"#, .intrinsic(.importValue("Shared"))),
  (#"{"Ref": "A", "Other": 1}"#, .object(["Ref": "A", "Other": 1])),
  (#"{"NotAFunction": "A"}"#, .object(["NotAFunction": "A"])),
  (
    #"[{"Ref": "A"}, [{"Ref": "B"}]]"#,
    .list([.intrinsic(.ref("A")), .list([.intrinsic(.ref("B"))])])
  ),
])
func readsIntrinsicFunctions(json: String, expected: TemplateValue) throws {
  let text = template(properties: #"{"Value": \#(json)}"#)
  #expect(try property("Value", in: text) == expected)
  #expect(try readInTwoStages(text) == read(text))
}

@Test func parseValueLeavesCallsAsObjects() throws {
  #expect(try parse(#"{"Ref": "A"}"#) == .object(["Ref": "A"]))
  #expect(try parse(#"[{"Fn::GetAtt": "A.B"}]"#) == .list([["Fn::GetAtt": "A.B"]]))
}

@Test func everyFunctionWithoutACaseBecomesFunction() throws {
  for function in Intrinsic.Function.allCases {
    let json = template(properties: #"{"Value": {"\#(function.rawValue)": [1, {"Ref": "X"}]}}"#)
    #expect(
      try property("Value", in: json)
        == .intrinsic(.function(function, [1, .intrinsic(.ref("X"))])))
  }
}

@Test(arguments: [
  (#"{"Ref": 5}"#, "Ref takes a logical ID as a string, found the number 5"),
  (#"{"Ref": ["A"]}"#, "Ref takes a logical ID as a string, found an array"),
  (
    #"{"Fn::GetAtt": ["A"]}"#,
    "Fn::GetAtt takes [logicalID, attributeName] or 'LogicalID.AttributeName', found an array of 1 element"
  ),
  (
    #"{"Fn::GetAtt": ["A", "B", "C"]}"#,
    "Fn::GetAtt takes [logicalID, attributeName] or 'LogicalID.AttributeName', found an array of 3 elements"
  ),
  (
    #"{"Fn::GetAtt": ["A", 1]}"#,
    "Fn::GetAtt takes [logicalID, attributeName] or 'LogicalID.AttributeName', found [the string 'A', the number 1]"
  ),
  (
    #"{"Fn::GetAtt": "A"}"#,
    "Fn::GetAtt takes [logicalID, attributeName] or 'LogicalID.AttributeName', found 'A'"
  ),
  (
    #"{"Fn::GetAtt": "A."}"#,
    "Fn::GetAtt takes [logicalID, attributeName] or 'LogicalID.AttributeName', found 'A.'"
  ),
  (
    #"{"Fn::GetAtt": ".B"}"#,
    "Fn::GetAtt takes [logicalID, attributeName] or 'LogicalID.AttributeName', found '.B'"
  ),
  (
    #"{"Fn::GetAtt": {}}"#,
    "Fn::GetAtt takes [logicalID, attributeName] or 'LogicalID.AttributeName', found an object"
  ),
  (#"{"Fn::Sub": 5}"#, "Fn::Sub takes a string or [string, {variables}], found the number 5"),
  (#"{"Fn::Sub": ["a", "b"]}"#, "Fn::Sub takes a string or [string, {variables}], found an array"),
  (
    #"{"Fn::If": ["C", 1]}"#,
    "Fn::If takes [conditionName, valueIfTrue, valueIfFalse], found an array"
  ),
  (
    #"{"Fn::If": [1, 2, 3]}"#,
    "Fn::If takes [conditionName, valueIfTrue, valueIfFalse], found an array"
  ),
  (
    #"{"Fn::If": "C"}"#,
    "Fn::If takes [conditionName, valueIfTrue, valueIfFalse], found the string 'C'"
  ),
])
func rejectsMalformedIntrinsics(json: String, message: String) throws {
  let text = template(properties: "{\n        \"Value\": \(json)\n      }")
  let error = try #require(readError(text))
  #expect(error.message == message)
  #expect(error.position == at(6, 9))
  #expect(throws: error) { try readInTwoStages(text) }
}

@Test func malformedIntrinsicDeepInsideIsFoundAtItsNode() throws {
  let text = template(
    properties: """
      {
              "List": [1, {"Fn::If": ["C", {"Ref": 7}, "b"]}]
            }
      """)
  let error = try #require(readError(text))
  #expect(error.message == "Ref takes a logical ID as a string, found the number 7")
  #expect(error.position == at(6, 38))
  #expect(throws: error) { try readInTwoStages(text) }
}

@Test func namesAreNeverReadAsCalls() throws {
  let text = """
    {
      "Parameters": {"Ref": {"Type": "String"}},
      "Resources": {
        "Condition": {"Type": "AWS::SNS::Topic", "Properties": {"Condition": "IsProd"}}
      },
      "Outputs": {"Ref": {"Value": {"Ref": "Condition"}}}
    }
    """
  let template = try read(text)
  #expect(template.parameters == ["Ref": ["Type": "String"]])
  #expect(template.resources.map(\.logicalID) == ["Condition"])
  #expect(template.resources.first?.properties == ["Condition": "IsProd"])
  #expect(template.outputs == ["Ref": ["Value": .intrinsic(.ref("Condition"))]])
  #expect(try readInTwoStages(text) == template)
}

@Test func conditionsAndMetadataAreDecoded() throws {
  let text = """
    {
      "Metadata": {"Note": {"Fn::Join": ["", ["a", "b"]]}},
      "Mappings": {"Ref": {"Condition": {"Ref": "x"}}},
      "Conditions": {
        "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
        "IsBig": {"Fn::And": [{"Condition": "IsProd"}, {"Fn::Not": [{"Condition": "IsSmall"}]}]}
      },
      "Resources": {}
    }
    """
  let template = try read(text)
  #expect(template.metadata == ["Note": .intrinsic(.join("", ["a", "b"]))])
  #expect(template.mappings == ["Ref": ["Condition": ["Ref": "x"]]])
  #expect(template.conditions["IsProd"] == .intrinsic(.equals(.intrinsic(.ref("Env")), "prod")))
  #expect(
    template.conditions["IsBig"]
      == .intrinsic(
        .and([
          .intrinsic(.condition("IsProd")), .intrinsic(.not(.intrinsic(.condition("IsSmall")))),
        ])))
  #expect(try readInTwoStages(text) == template)
}

@Test func decoderConvertsAPlainTreeAndKeepsReadyIntrinsics() throws {
  let root: TemplateValue = [
    "Resources": [
      "A": [
        "Type": "AWS::Test::A",
        "Properties": [
          "Plain": ["Ref": "B"],
          "Ready": .intrinsic(.function(.join, [",", [["Ref": "C"]]])),
        ],
      ]
    ]
  ]
  let template = try TemplateDecoder.decode(root, source: SourceMap(file: "tree"))
  #expect(
    template.resources.first?.properties == [
      "Plain": .intrinsic(.ref("B")),
      "Ready": .intrinsic(.join(",", [.intrinsic(.ref("C"))])),
    ])
  #expect(template.source == SourceMap(file: "tree"))
}

// MARK: Sections and resources

@Test func readsSectionsAndResourcesInAuthorOrder() throws {
  let template = try read(smallTemplate)
  #expect(try readInTwoStages(smallTemplate) == template)
  #expect(template.formatVersion == "2010-09-09")
  #expect(template.description == nil)
  #expect(template.parameters == ["Image": ["Type": "String", "Default": "nginx:1.27"]])
  #expect(template.resources.map(\.logicalID) == ["Queue", "Topic"])
  let queue = try #require(template.resource("Queue"))
  #expect(queue.type == "AWS::SQS::Queue")
  #expect(queue.dependsOn == ["Topic"])
  #expect(
    queue.properties == [
      "DelaySeconds": 5, "Ratio": .number(-1.5e-3), "Fifo": true, "Nothing": .null,
      "Name": .intrinsic(.sub("${AWS::StackName}-qé", [:])),
      "Tags": [["Key": "Image", "Value": .intrinsic(.ref("Image"))]],
    ])
  #expect(template.resource("Topic")?.properties == nil)
  #expect(template.outputs == ["Arn": ["Value": .intrinsic(.getAtt("Queue", "Arn"))]])
}

@Test func dependsOnIsAStringOrAList() throws {
  let text = """
    {"Resources": {
      "A": {"Type": "T", "DependsOn": "B"},
      "B": {"Type": "T", "DependsOn": ["A", "C"]},
      "C": {"Type": "T", "DependsOn": []}
    }}
    """
  let template = try read(text)
  #expect(template.resources.map(\.dependsOn) == [["B"], ["A", "C"], []])

  let bad = try #require(readError(#"{"Resources": {"A": {"Type": "T", "DependsOn": ["B", 1]}}}"#))
  #expect(
    bad.message
      == "the 'DependsOn' of resource 'A' must be a logical ID or a list of them, found the number 1 in the list"
  )
  #expect(bad.position == at(1, 54))
}

@Test(arguments: [
  (#"{"Resource": {}}"#, "1:2: unknown template section 'Resource'; did you mean 'Resources'?"),
  (
    #"{"Resources": {}, "outputs": {}}"#,
    "1:19: unknown template section 'outputs'; did you mean 'Outputs'?"
  ),
  (
    #"{"Resources": {}, "Conditons": {}}"#,
    "1:19: unknown template section 'Conditons'; did you mean 'Conditions'?"
  ),
  (
    #"{"Resources": {}, "Zebra": 1}"#,
    "1:19: unknown template section 'Zebra'; the sections are AWSTemplateFormatVersion, Description, Metadata, Parameters, Rules, Mappings, Conditions, Transform, Resources, Outputs"
  ),
  (#"{"Parameters": {}}"#, "1:1: a template needs a 'Resources' section"),
  (#"{"Resources": []}"#, "1:2: the 'Resources' section must be an object, found an array"),
  (
    #"{"Resources": {}, "Outputs": "x"}"#,
    "1:19: the 'Outputs' section must be an object, found the string 'x'"
  ),
  (
    #"{"Resources": {}, "Description": 1}"#,
    "1:19: 'Description' must be a string, found the number 1"
  ),
  (
    #"{"Resources": {}, "AWSTemplateFormatVersion": 2010}"#,
    "1:19: 'AWSTemplateFormatVersion' must be a string such as '2010-09-09', found the number 2010"
  ),
  (
    #"{"Resources": {"A": "x"}}"#,
    "1:16: resource 'A' must be an object with a 'Type', found the string 'x'"
  ),
  (#"{"Resources": {"A": {}}}"#, "1:16: resource 'A' needs a 'Type'"),
  (
    #"{"Resources": {"A": {"Type": 1}}}"#,
    "1:22: the 'Type' of resource 'A' must be a string such as 'AWS::EC2::VPC', found the number 1"
  ),
  (
    #"{"Resources": {"A": {"Type": "T", "Propertes": {}}}}"#,
    "1:35: unknown attribute 'Propertes' in resource 'A'; did you mean 'Properties'?"
  ),
  (
    #"{"Resources": {"A": {"Type": "T", "Colour": 1}}}"#,
    "1:35: unknown attribute 'Colour' in resource 'A'; a resource may have Type, Condition, DependsOn, Metadata, Properties, CreationPolicy, UpdatePolicy, DeletionPolicy, UpdateReplacePolicy"
  ),
  (
    #"{"Resources": {"A": {"Type": "T", "Properties": []}}}"#,
    "1:35: the 'Properties' of resource 'A' must be an object, found an array"
  ),
  (
    #"{"Resources": {"A": {"Type": "T", "Metadata": 1}}}"#,
    "1:35: the 'Metadata' of resource 'A' must be an object, found the number 1"
  ),
  (
    #"{"Resources": {"A": {"Type": "T", "Condition": {"Ref": "C"}}}}"#,
    "1:35: the 'Condition' of resource 'A' must be the name of a condition, found the intrinsic function 'Ref'"
  ),
])
func templateStructureErrors(text: String, description: String) throws {
  let error = try #require(readError(text))
  #expect(error.description == description)
}

@Test func emptyResourcesIsAllowed() throws {
  let template = try read(#"{"Resources": {}}"#)
  #expect(template.resources.isEmpty)
  #expect(template.formatVersion == nil)
}

@Test func readsEveryResourceAttribute() throws {
  let text = """
    {"Resources": {"Db": {
      "Type": "AWS::RDS::DBInstance", "Condition": "IsProd", "DependsOn": "Vpc",
      "Metadata": {"Note": {"Ref": "AWS::StackName"}}, "Properties": {},
      "CreationPolicy": {"ResourceSignal": {"Count": 1}}, "UpdatePolicy": {"X": true},
      "DeletionPolicy": {"Fn::If": ["IsProd", "Snapshot", "Delete"]}, "UpdateReplacePolicy": "Retain"
    }}, "Transform": "AWS::Serverless-2016-10-31"}
    """
  let template = try read(text)
  #expect(template.transform == "AWS::Serverless-2016-10-31")
  #expect(
    template.resources == [
      Template.Resource(
        "Db", type: "AWS::RDS::DBInstance", condition: "IsProd", dependsOn: ["Vpc"],
        metadata: ["Note": .ref(.stackName)], properties: [:],
        creationPolicy: ["ResourceSignal": ["Count": 1]], updatePolicy: ["X": true],
        deletionPolicy: .intrinsic(.if("IsProd", "Snapshot", "Delete")),
        updateReplacePolicy: "Retain")
    ])
}

// MARK: Round trip

@Test func emittedTemplateReadsBackEqual() throws {
  let original = Template(
    description: "round trip: \"quotes\", \\ backslash, é, 😀, tab\t, control \u{01}",
    metadata: ["Generator": "infragen"],
    parameters: [
      "Image": ["Type": "String", "Default": "nginx"],
      "Size": ["Type": "Number", "Default": 2, "AllowedValues": [1, 2, 4]],
    ],
    mappings: ["Region": ["us-east-1": ["Ami": "ami-1"]]],
    conditions: ["IsProd": .intrinsic(.equals(.intrinsic(.ref("Env")), "prod"))],
    resources: [
      Template.Resource("Vpc", type: "AWS::EC2::VPC", properties: ["CidrBlock": "10.0.0.0/16"]),
      Template.Resource(
        "Db", type: "AWS::RDS::DBInstance", condition: "IsProd", dependsOn: ["Vpc", "Secret"],
        metadata: ["Comment": "x"],
        properties: [
          "Port": 3306, "Ratio": .number(0.5), "MultiAZ": true, "Empty": [:], "None": [],
          "Subnets": .intrinsic(.select(0, .intrinsic(.getAZs()))),
          "Name": .intrinsic(.sub("${A}-${AWS::Region}", ["A": .ref("Vpc")])),
          "Host": .getAtt("Vpc", "CidrBlock"),
          "Maybe": .intrinsic(.if("IsProd", .ref(.noValue), .null)),
          "Policy": ["Condition": ["Bool": ["aws:SecureTransport": "true"]]],
        ],
        deletionPolicy: "Snapshot", updateReplacePolicy: "Snapshot"),
      Template.Resource("Secret", type: "AWS::SecretsManager::Secret"),
    ],
    outputs: [
      "Endpoint": [
        "Value": .getAtt("Db", "Endpoint.Address"),
        "Export": ["Name": .sub("${AWS::StackName}-db")],
      ]
    ])
  let text = JSONEmitter().emit(original)
  var decoded = try JSONReader.readTemplate(bytes(text), file: "round.json")
  #expect(decoded.source?.file == "round.json")
  #expect(decoded.resources == original.resources)
  #expect(decoded.parameters == original.parameters)
  #expect(decoded.outputs == original.outputs)
  decoded.source = nil
  #expect(decoded == original)
  #expect(JSONEmitter().emit(decoded) == text)
}

@Test func readsAManyResourceTemplate() throws {
  let count = 2_000
  let resources = (0..<count).map { index in
    Template.Resource(
      "Group\(index)", type: "AWS::EC2::SecurityGroup",
      properties: [
        "VpcId": .ref("Vpc"), "GroupDescription": .string("group \(index)"),
        "SecurityGroupIngress": [["IpProtocol": "tcp", "FromPort": 443, "ToPort": 443]],
      ])
  }
  let original = Template(resources: resources)
  let text = JSONEmitter().emit(original)
  let decoded = try JSONReader.readTemplate(bytes(text), file: "many.json")
  #expect(decoded.resources == resources)
  #expect(decoded.source?.exactPosition(of: [.key("Resources"), .key("Group1999")]) != nil)
}

// MARK: Strings read once per spelling

/// Thousands of distinct strings (the table grows several times), repeated, of every length
/// around the longest it keeps, each read back as written.
@Test func readsManyRepeatedStringsAsWritten() throws {
  let words = (0..<3000).map { index in String(repeating: "k", count: index % 60) + "\(index)" }
  let members = words.map { "\"\($0)\": [\"\($0)\", \"\($0)x\", \"\($0)\"]" }
  let value = try parse("{" + members.joined(separator: ", ") + "}")
  guard case .object(let fields) = value else {
    Issue.record("expected an object, found \(value)")
    return
  }
  #expect(fields.keys == words)
  for (field, word) in zip(fields, words) {
    #expect(field.value == .list([.string(word), .string(word + "x"), .string(word)]))
  }
}

/// The table compares bytes, not only hashes: two spellings of one length never mix.
@Test func keepsStringsOfOneLengthApart() throws {
  let value = try parse(#"["ab", "ba", "ab", "", "", "Ab", "ab"]"#)
  #expect(value == .list(["ab", "ba", "ab", "", "", "Ab", "ab"]))
}
