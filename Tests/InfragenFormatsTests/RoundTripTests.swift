import Foundation
import InfragenCore
import Testing

@testable import InfragenFormats

/// JSON -> model -> YAML -> model -> JSON gives back the original, for the reference stack and
/// for hand-written templates with conditions, mappings and every kind of call.
@Suite struct RoundTripTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  static let handWritten: [String] = [
    """
    {
      "AWSTemplateFormatVersion": "2010-09-09",
      "Description": "Conditions, mappings and calls",
      "Parameters": {"Env": {"Type": "String", "AllowedValues": ["prod", "dev"], "Default": "dev"}},
      "Mappings": {"Sizes": {"prod": {"Count": 3}, "dev": {"Count": 1}}},
      "Conditions": {
        "IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]},
        "IsDev": {"Fn::Not": [{"Condition": "IsProd"}]}
      },
      "Resources": {
        "Queue": {
          "Type": "AWS::SQS::Queue",
          "Condition": "IsProd",
          "DependsOn": ["Topic"],
          "Metadata": {"note": "yes", "Port": "3306"},
          "Properties": {
            "QueueName": {"Fn::Join": ["-", [{"Ref": "AWS::StackName"}, "q", {"Fn::Select": [0, {"Fn::GetAZs": ""}]}]]},
            "DelaySeconds": {"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "Count"]},
            "Tags": [{"Key": "multi", "Value": "line one\\nline two"}, {"Key": "quote", "Value": "it's \\"quoted\\""}],
            "RedrivePolicy": {"Fn::If": ["IsDev", {"maxReceiveCount": 5}, {"Ref": "AWS::NoValue"}]}
          },
          "DeletionPolicy": "Retain"
        },
        "Topic": {
          "Type": "AWS::SNS::Topic",
          "Properties": {
            "DisplayName": {"Fn::Sub": ["${Name}-${AWS::Region}", {"Name": {"Ref": "AWS::StackName"}}]},
            "KmsMasterKeyId": {"Fn::ImportValue": {"Fn::Sub": "${Env}-key"}},
            "Subscription": [{"Endpoint": {"Fn::GetAtt": ["Queue", "Arn"]}, "Protocol": "sqs"}],
            "FifoTopic": false,
            "ArchivePolicy": {"MessageRetentionPeriod": 30, "Ratio": 0.5, "Nothing": null},
            "DataProtectionPolicy": {"Fn::Base64": "yes"},
            "TracingConfig": {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}
          }
        }
      },
      "Outputs": {"TopicArn": {"Value": {"Ref": "Topic"}, "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-topic"}}}}
    }

    """
  ]

  static func roundTrip(_ json: String, style: YAMLEmitter.Style) throws -> (Template, Template, String) {
    var original = try JSONReader.readTemplate(Array(json.utf8), file: "in.json")
    original.source = nil
    let yaml = YAMLEmitter(style: style).emit(original)
    var reread = try YAMLReader.readTemplate(Array(yaml.utf8), file: "out.yaml")
    reread.source = nil
    return (original, reread, JSONEmitter().emit(reread))
  }

  @Test(arguments: [YAMLEmitter.Style.short, .long])
  func theReferenceStackComesBackByteForByte(_ style: YAMLEmitter.Style) throws {
    let json = try String(contentsOf: Self.root.appendingPathComponent("Templates/stack.json"), encoding: .utf8)
    let (original, reread, text) = try Self.roundTrip(json, style: style)
    #expect(reread == original)
    #expect(text == json)
  }

  /// cfn-flip reads our YAML of every hand-written template as the template itself.
  @Test(.enabled(if: Tools.installed("cfn-flip"), Tools.missing("cfn-flip")))
  func cfnFlipReadsTheYAMLOfHandWrittenTemplates() throws {
    let flip = try Tools.tool("cfn-flip")
    for json in Self.handWritten {
      var original = try JSONReader.readTemplate(Array(json.utf8), file: "in.json")
      original.source = nil
      for style in [YAMLEmitter.Style.short, .long] {
        let flipped = try Tools.run(flip, ["-j"], input: YAMLEmitter(style: style).emit(original))
        var reread = try JSONReader.readTemplate(Array(flipped.utf8), file: "flipped.json")
        reread.source = nil
        #expect(reread == original, "\(style)")
      }
    }
  }

  @Test(arguments: [YAMLEmitter.Style.short, .long])
  func handWrittenTemplatesComeBack(_ style: YAMLEmitter.Style) throws {
    for json in Self.handWritten {
      let (original, reread, text) = try Self.roundTrip(json, style: style)
      #expect(reread == original)
      #expect(text == JSONEmitter().emit(original))
    }
  }
}
