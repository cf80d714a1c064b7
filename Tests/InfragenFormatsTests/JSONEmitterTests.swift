import InfragenCore
import Testing

@testable import InfragenFormats

@Suite struct JSONEmitterTests {
  @Test(arguments: [
    ("plain", #""plain""#),
    ("quote \" here", #""quote \" here""#),
    ("back\\slash", #""back\\slash""#),
    ("line\nbreak\ttab\rcr", #""line\nbreak\ttab\rcr""#),
    ("\u{08}\u{0C}", #""\b\f""#),
    ("\u{01}\u{1F}", #""\u0001\u001f""#),
    ("arn:aws:s3:::bucket/*", #""arn:aws:s3:::bucket/*""#),
    ("naïve – ✓", "\"naïve – ✓\""),
    ("\u{7F}", "\"\u{7F}\""),
    ("", #""""#),
  ])
  func escapesStrings(_ input: String, _ expected: String) {
    #expect(JSONEmitter.quoted(input) == expected)
  }

  @Test func scalarsAreTyped() {
    let emitter = JSONEmitter()
    #expect(emitter.emit(.integer(443)) == "443\n")
    #expect(emitter.emit(.string("443")) == "\"443\"\n")
    #expect(emitter.emit(.boolean(true)) == "true\n")
    #expect(emitter.emit(.null) == "null\n")
    #expect(emitter.emit(.number(1.5)) == "1.5\n")
    #expect(emitter.emit(.integer(-3)) == "-3\n")
  }

  @Test func emptyContainersStayOnOneLine() {
    #expect(JSONEmitter().emit(["a": [], "b": [:]]) == "{\n  \"a\": [],\n  \"b\": {}\n}\n")
  }

  @Test func nestedValuesIndentTwoSpacesPerLevel() {
    let value: TemplateValue = ["List": [1, ["K": "v"]], "Ref": .ref("Vpc")]
    let expected = """
      {
        "List": [
          1,
          {
            "K": "v"
          }
        ],
        "Ref": {
          "Ref": "Vpc"
        }
      }

      """
    #expect(JSONEmitter().emit(value) == expected)
  }

  @Test func intrinsicsUseTheLongForm() {
    let value = TemplateValue.intrinsic(.getAtt("Db", "Endpoint.Address"))
    #expect(JSONEmitter().emit(value) == "{\n  \"Fn::GetAtt\": [\n    \"Db\",\n    \"Endpoint.Address\"\n  ]\n}\n")
  }

  @Test func keysKeepTheirGivenOrder() {
    let text = JSONEmitter().emit(["Z": 1, "A": 2])
    #expect(text == "{\n  \"Z\": 1,\n  \"A\": 2\n}\n")
  }

  @Test func templateEndsWithOneNewlineAndIsDeterministic() {
    let template = Template(
      description: "x",
      resources: [Template.Resource("Topic", type: "AWS::SNS::Topic", properties: ["DisplayName": "a/b"])])
    let first = JSONEmitter().emit(template)
    #expect(first == JSONEmitter().emit(template))
    #expect(first.hasSuffix("}\n") && !first.hasSuffix("\n\n"))
    #expect(first.contains("\"DisplayName\": \"a/b\""))
  }

  @Test func nonFiniteNumbersNeverProduceInvalidJSON() {
    #expect(JSONEmitter().emit(.number(.infinity)) == "\"inf\"\n")
  }
}
