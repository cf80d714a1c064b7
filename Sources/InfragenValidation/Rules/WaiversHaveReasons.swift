import InfragenCore

/// A waiver in a resource's metadata names a rule and gives a reason.
///
/// Lint: `{"infragen": {"suppress": [{"rule": "…", "reason": "…"}]}}` without a reason or
/// without a rule is an error; it waives nothing. A waiver of a rule infragen does not have is
/// ``WaiversNameKnownRules``'s concern.
public struct WaiversHaveReasons: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary = "Waivers in Metadata.infragen.suppress name a rule and give a reason"
  /// Errors.
  public static let defaultSeverity = Diagnostic.Severity.error

  /// The rule.
  public init() {}

  /// Checks every waiver.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    let waivers = context.waivers
    for resource in context.template.resources {
      for waiver in waivers.byResource[resource.logicalID] ?? [] {
        let location = Diagnostic.Location(resource.logicalID, waiver.path)
        guard let rule = waiver.rule else {
          findings.append(
            finding(location, "a waiver must be a list of {\"rule\": …, \"reason\": …} entries naming a rule"))
          continue
        }
        if waiver.reason == nil {
          findings.append(finding(location, "waiver of '\(rule)' has no reason; a waiver must say why, in \"reason\""))
        }
      }
    }
    return findings
  }
}
