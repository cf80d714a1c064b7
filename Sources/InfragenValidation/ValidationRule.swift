import InfragenCore

/// One check over a template. A rule reports findings and never throws; the CLI decides whether
/// warnings fail a run (`--strict`).
public protocol ValidationRule: Sendable {
  /// The rule's name, shown in brackets. Defaults to the type's name.
  static var name: String { get }
  /// One line: what the rule checks, shown by `infragen validate --list-rules`.
  static var summary: String { get }
  /// The severity of its findings.
  static var defaultSeverity: Diagnostic.Severity { get }
  /// Makes the rule.
  init()
  /// The rule's findings on a template.
  func check(_ context: ValidationContext) -> [Diagnostic]
}

extension ValidationRule {
  /// The type's name.
  public static var name: String { String(describing: Self.self) }

  /// A finding of this rule.
  func finding(_ location: Diagnostic.Location, _ message: String) -> Diagnostic {
    Diagnostic(Self.defaultSeverity, rule: Self.name, at: location, message)
  }
}

/// What a rule sees: the template, its topology and the policy, computed once.
public struct ValidationContext: Sendable {
  /// The template, ours or a parsed file.
  public let template: Template
  /// What the template means for the network.
  public let topology: Topology
  /// The policy: the template's declared flows, merged with those given to the validator.
  public let policy: FlowPolicy
  /// What is wrong with the template's own declaration of flows, with paths.
  let policyProblems: [(path: [PathComponent], message: String)]
  /// The flows judged against the policy.
  let flowCheck: FlowCheck
  /// The waivers in the resources' metadata, read once for the validator and the waiver rules.
  let waivers: Waivers
  /// Whether other templates were validated beside it.
  let together: Bool

  /// A context for a template, with flows declared outside it (`--policy`).
  public init(template: Template, policy given: FlowPolicy = FlowPolicy()) {
    self.init(template: template, policy: given, origins: [:], together: false)
  }

  /// A context for one template's view of several validated together: `origins` says which
  /// template each resource comes from.
  /// `together` is whether other templates were given beside it.
  init(template: Template, policy given: FlowPolicy, origins: [LogicalID: Int], together: Bool) {
    self.template = template
    self.topology = Topology(template)
    var policy = FlowPolicy()
    var problems: [(path: [PathComponent], message: String)] = []
    if let declared = template.metadata["infragen"] {
      let read = FlowPolicy.read(declared, at: [.key("infragen")])
      policy = read.policy
      problems = read.problems
    }
    policy.merge(given)
    self.policy = policy
    self.policyProblems = problems
    self.flowCheck = FlowCheck(topology, policy: policy, origins: origins)
    self.waivers = Waivers(template)
    self.together = together
  }
}
