import InfragenCore

/// A waiver in a resource's metadata names a rule and gives a reason.
///
/// Lint: `{"infragen": {"suppress": [{"rule": "…", "reason": "…"}]}}` without a reason, without
/// a rule, or naming a rule infragen does not have, is an error; it waives nothing.
public struct WaiversHaveReasons: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary = "Waivers in Metadata.infragen.suppress name a known rule and give a reason"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// Checks every waiver.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    let known = Set(Validator.allRules.map { $0.name })
    var findings: [Diagnostic] = []
    let waivers = Waivers(context.template)
    for resource in context.template.resources {
      for waiver in waivers.byResource[resource.logicalID] ?? [] {
        let location = Diagnostic.Location(resource.logicalID, waiver.path)
        guard let rule = waiver.rule else {
          findings.append(finding(location, "a waiver must be a list of {\"rule\": …, \"reason\": …} entries naming a rule"))
          continue
        }
        if !known.contains(rule) {
          let hint = known.min { Self.distance(rule, $0) < Self.distance(rule, $1) }.map { "; did you mean '\($0)'?" } ?? ""
          findings.append(finding(location, "waiver names rule '\(rule)', which does not exist\(hint)"))
        }
        if waiver.reason == nil {
          findings.append(finding(location, "waiver of '\(rule)' has no reason; a waiver must say why, in \"reason\""))
        }
      }
    }
    return findings
  }

  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8)
    let b = Array(b.utf8)
    var previous = Array(0...b.count)
    for i in 1...max(a.count, 1) where !a.isEmpty {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in 1...max(b.count, 1) where !b.isEmpty {
        current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      previous = current
    }
    return previous[b.count]
  }
}
