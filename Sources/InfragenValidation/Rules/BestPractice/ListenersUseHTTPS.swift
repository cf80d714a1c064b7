import InfragenCore

/// Load balancer listeners encrypt with TLS 1.2 or newer, and plain HTTP only redirects to HTTPS.
///
/// Lint: an `AWS::ElasticLoadBalancingV2::Listener` with `Protocol` `HTTPS` or `TLS` whose
/// `SslPolicy` is absent (CloudFormation then uses `ELBSecurityPolicy-2016-08`, which accepts TLS
/// 1.0) or is not a TLS 1.2+ policy (`ELBSecurityPolicy-TLS13-1-2-*`, `ELBSecurityPolicy-TLS13-1-3-*`,
/// `ELBSecurityPolicy-TLS-1-2-*`, `ELBSecurityPolicy-FS-1-2-*`) raises a warning, as does a listener
/// with `Protocol` `HTTP` unless every default action is a `redirect` whose
/// `RedirectConfig.Protocol` is `HTTPS`. Every branch of an `Fn::If` counts. `TCP`, `UDP`,
/// `TCP_UDP` and `GENEVE` listeners pass traffic through untouched and are not checked, nor are
/// listener rules.
public struct ListenersUseHTTPS: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Listeners use HTTPS or TLS with a TLS 1.2+ policy, and HTTP only redirects to HTTPS (checkov CKV_AWS_2, CKV_AWS_103; cfn_nag W56, W55; cdk-nag NIST.800.53.R5-ALBHttpToHttpsRedirection)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning
  /// Reads only the template.
  public static let readsTopology = false

  /// The prefixes of the ELB security policies whose minimum version is TLS 1.2.
  static let modernPolicyPrefixes = [
    "ELBSecurityPolicy-TLS13-1-2-", "ELBSecurityPolicy-TLS13-1-3-", "ELBSecurityPolicy-TLS-1-2-",
    "ELBSecurityPolicy-FS-1-2-",
  ]

  /// The rule.
  public init() {}

  /// Checks each listener.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for resource in context.template.resources where resource.type == "AWS::ElasticLoadBalancingV2::Listener" {
      let protocols = Set(Setting.values(resource, ["Protocol"]).compactMap { Setting.text($0)?.uppercased() })
      if !protocols.isDisjoint(with: ["HTTPS", "TLS"]), let finding = policyFinding(resource) {
        findings.append(finding)
      }
      if protocols.contains("HTTP"), let finding = plainHTTPFinding(resource) {
        findings.append(finding)
      }
    }
    return findings
  }

  /// Whether a policy name accepts only TLS 1.2 and newer.
  static func isModern(_ policy: String) -> Bool {
    modernPolicyPrefixes.contains { policy.hasPrefix($0) }
  }

  /// A finding when an encrypting listener's `SslPolicy` allows TLS older than 1.2.
  func policyFinding(_ resource: Template.Resource) -> Diagnostic? {
    let lapse = Setting.judge(Setting.values(resource, ["SslPolicy"])) { value in
      guard let value else { return false }
      return Setting.text(value).map(Self.isModern)
    }
    guard let lapse else { return nil }
    let consequence =
      lapse.value == nil
      ? "so it gets ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1"
      : "which accepts TLS older than 1.2"
    return finding(
      .init(resource.logicalID, Setting.location(resource, ["SslPolicy"], lapse)),
      "listener '\(resource.logicalID)' \(lapse.phrase("SslPolicy")), \(consequence); use a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-2021-06"
    )
  }

  /// A finding when a plain HTTP listener does something other than redirect to HTTPS.
  func plainHTTPFinding(_ resource: Template.Resource) -> Diagnostic? {
    let fix = "use HTTPS, or make every default action a redirect with RedirectConfig.Protocol HTTPS"
    for actions in Setting.branches(resource[property: "DefaultActions"]) {
      guard let actions else {
        return finding(
          .init(resource.logicalID, [.key("Properties")]),
          "listener '\(resource.logicalID)' serves plain HTTP and has no DefaultActions; \(fix)")
      }
      guard case .list(let items) = actions else { continue }
      for (index, item) in items.enumerated() {
        for action in Setting.branches(item) {
          guard let action, Self.redirectsToHTTPS(action) == false else { continue }
          let type = Setting.values(action, at: ["Type"]).compactMap(Setting.text).first ?? "unknown"
          return finding(
            .init(resource.logicalID, [.key("Properties"), .key("DefaultActions"), .index(index)]),
            "listener '\(resource.logicalID)' serves plain HTTP and its default action '\(type)' does not redirect to HTTPS; \(fix)"
          )
        }
      }
    }
    return nil
  }

  /// Whether an action redirects to HTTPS: `false` when it does something else in some branch,
  /// `nil` when that cannot be known.
  static func redirectsToHTTPS(_ action: TemplateValue) -> Bool? {
    guard case .object = action else { return nil }
    let redirect = Setting.judge(Setting.values(action, at: ["Type"])) { type in
      guard let type else { return false }
      return Setting.text(type).map { $0.lowercased() == "redirect" }
    }
    if redirect != nil { return false }
    let https = Setting.judge(Setting.values(action, at: ["RedirectConfig", "Protocol"])) { scheme in
      guard let scheme else { return false }
      return Setting.text(scheme).map { $0.uppercased() == "HTTPS" }
    }
    return https == nil
  }
}
