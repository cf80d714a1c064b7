import Foundation
import InfragenCore
import InfragenFormats
import InfragenValidation

/// Small templates for the best-practice rules, built in code: one or a few resources, a
/// parameter to `Ref`, and a condition for `Fn::If`.
enum BestPracticeFixture {
  /// A template of these resources, with the string parameter `Param` and the condition `Prod`.
  static func template(_ resources: [(LogicalID, String, Fields)], parameters: Fields = [:]) -> Template {
    var template = Template(
      parameters: Fields([("Param", ["Type": "String"])]).appending(parameters),
      conditions: ["Prod": .intrinsic(.equals(.ref(.stackName), "prod"))])
    for (id, type, properties) in resources { template.add(id, type, properties) }
    return template
  }

  /// A template of one resource.
  static func template(_ id: LogicalID, _ type: String, _ properties: Fields) -> Template {
    template([(id, type, properties)])
  }

  /// A template read from JSON text, with source positions.
  static func json(_ text: String) throws -> Template {
    try JSONReader.readTemplate(Array(text.utf8), file: "t.json")
  }

  /// `{"Fn::If": ["Prod", whenTrue, whenFalse]}`.
  static func either(_ whenTrue: TemplateValue, _ whenFalse: TemplateValue) -> TemplateValue {
    .intrinsic(.if("Prod", whenTrue, whenFalse))
  }

  /// `{"Ref": "AWS::NoValue"}`.
  static let noValue = TemplateValue.ref(.noValue)

  /// The findings of one rule on a template.
  static func findings(_ template: Template, _ rule: any ValidationRule.Type) -> [Diagnostic] {
    Chain.findings(template, rule)
  }

  /// The findings of one rule, as `location: message` lines.
  static func lines(_ template: Template, _ rule: any ValidationRule.Type) -> [String] {
    findings(template, rule).map { "\($0.location): \($0.message)" }
  }

  /// The reference stack's rendered template, `Templates/stack.json`.
  static func referenceStack() throws -> Template {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let data = try Data(contentsOf: root.appendingPathComponent("Templates/stack.json"))
    return try JSONReader.readTemplate(Array(data), file: "stack.json")
  }
}

extension Fields {
  /// These fields, then `other`'s (replacing any of the same key).
  fileprivate func appending(_ other: Fields) -> Fields {
    var result = self
    for field in other { result[field.key] = field.value }
    return result
  }
}
