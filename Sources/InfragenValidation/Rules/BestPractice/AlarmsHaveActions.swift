import InfragenCore

/// CloudWatch alarms tell someone when they fire.
///
/// Lint: an `AWS::CloudWatch::Alarm` or `AWS::CloudWatch::CompositeAlarm` without `AlarmActions`
/// (absent, or an empty list) raises a warning, unless a composite alarm's `AlarmRule` names it
/// (by `Ref`, `Fn::GetAtt`, an `Fn::Sub` placeholder, or its literal `AlarmName`): such an alarm
/// is an input, and the composite acts. An alarm that sets `ActionsEnabled` to false raises a
/// warning too. Every branch of an `Fn::If` counts.
public struct AlarmsHaveActions: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "CloudWatch alarms have alarm actions, enabled (cdk-nag NIST.800.53.R5-CloudWatchAlarmAction)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning
  /// Reads only the template.
  public static let readsTopology = false

  /// The alarm types.
  static let types: Set<String> = ["AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm"]

  /// The rule.
  public init() {}

  /// Checks each alarm, once the alarms that feed composite alarms are known.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var inputs = Set<String>()
    for resource in context.template.resources where resource.type == "AWS::CloudWatch::CompositeAlarm" {
      Self.collectNames(resource[property: "AlarmRule"], into: &inputs)
    }
    var findings: [Diagnostic] = []
    for resource in context.template.resources where Self.types.contains(resource.type) {
      let name = "alarm '\(resource.logicalID)'"
      let enabled = Setting.judge(Setting.values(resource, ["ActionsEnabled"])) { value in
        value == nil ? true : Values.boolean(value)
      }
      if let lapse = enabled {
        findings.append(
          finding(
            .init(resource.logicalID, Setting.location(resource, ["ActionsEnabled"], lapse)),
            "\(name) \(lapse.phrase("ActionsEnabled")), so its actions never run; remove ActionsEnabled or set it to true"
          ))
      }
      let alarmNames = Setting.values(resource, ["AlarmName"]).compactMap(Setting.text)
      if inputs.contains(resource.logicalID.rawValue) || alarmNames.contains(where: inputs.contains) { continue }
      let actions = Setting.judge(Setting.values(resource, ["AlarmActions"])) { value in
        guard let value else { return false }
        guard case .list = value else { return nil }
        return !Values.elements(value).isEmpty
      }
      if let lapse = actions {
        let what =
          lapse.value == nil
          ? lapse.phrase("AlarmActions")
          : "has an empty AlarmActions" + (lapse.conditional ? " in one branch of an Fn::If" : "")
        findings.append(
          finding(
            .init(resource.logicalID, Setting.location(resource, ["AlarmActions"], lapse)),
            "\(name) \(what), so nobody hears when it fires; add an SNS topic or another action to AlarmActions"
          ))
      }
    }
    return findings
  }

  /// The logical IDs and alarm names an `AlarmRule` mentions.
  static func collectNames(_ value: TemplateValue?, into names: inout Set<String>) {
    switch value {
    case .string(let text)?:
      names.formUnion(alarmCalls(text))
    case .intrinsic(.ref(let id))?:
      names.insert(id)
    case .intrinsic(.getAtt(let id, _))?:
      names.insert(id)
    case .intrinsic(.sub(let text, let variables))?:
      for placeholder in ReferencesResolve.placeholders(text) {
        names.insert(String(placeholder.split(separator: ".", maxSplits: 1).first ?? ""))
      }
      names.formUnion(alarmCalls(text))
      for field in variables { collectNames(field.value, into: &names) }
    case .intrinsic(.if(_, let whenTrue, let whenFalse))?:
      collectNames(whenTrue, into: &names)
      collectNames(whenFalse, into: &names)
    case .intrinsic(.function(_, let argument))?:
      collectNames(argument, into: &names)
    case .list(let items)?:
      for item in items { collectNames(item, into: &names) }
    default:
      break
    }
  }

  /// The names inside `ALARM(…)`, `OK(…)` and `INSUFFICIENT_DATA(…)` in a rule expression.
  static func alarmCalls(_ text: String) -> [String] {
    var result: [String] = []
    var rest = text[...]
    while let open = rest.firstIndex(of: "(") {
      let after = rest.index(after: open)
      guard let close = rest[after...].firstIndex(of: ")") else { break }
      let inner = rest[after..<close].trimming(" ").trimmingQuotes()
      if !inner.isEmpty { result.append(String(inner)) }
      rest = rest[after...]
    }
    return result
  }
}

extension Substring {
  fileprivate func trimming(_ character: Character) -> Substring {
    var slice = self
    while slice.first == character { slice = slice.dropFirst() }
    while slice.last == character { slice = slice.dropLast() }
    return slice
  }

  fileprivate func trimmingQuotes() -> Substring {
    var slice = self
    while slice.first == "\"" || slice.first == "'" { slice = slice.dropFirst() }
    while slice.last == "\"" || slice.last == "'" { slice = slice.dropLast() }
    return slice
  }
}
