import InfragenCore

/// A waiver names a rule that exists.
///
/// Lint: a waiver of a rule infragen does not have waives nothing, most often because of a typo;
/// it is a warning, with the nearest rule name as a hint.
public struct WaiversNameKnownRules: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary = "Waivers name rules that exist"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning

  /// The rule.
  public init() {}

  /// Checks every waiver's rule name.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    let waivers = context.waivers
    guard !waivers.byResource.isEmpty else { return [] }
    let known = Validator.allRules.map { $0.name }
    var findings: [Diagnostic] = []
    for resource in context.template.resources {
      for waiver in waivers.byResource[resource.logicalID] ?? [] {
        guard let rule = waiver.rule, !known.contains(rule) else { continue }
        let hint = Suggestion.closest(to: rule, in: known).map { "; did you mean '\($0)'?" } ?? ""
        findings.append(
          finding(.init(resource.logicalID, waiver.path), "waiver names rule '\(rule)', which does not exist\(hint)"))
      }
    }
    return findings
  }
}
