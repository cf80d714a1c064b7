import InfragenCore
import Synchronization

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
  /// Whether the rule reads the context's topology (the default). Rules that read only the
  /// template say `false`, so that on a large template they run while the topology is computed.
  static var readsTopology: Bool { get }
}

extension ValidationRule {
  /// Rules read the topology unless they say otherwise.
  public static var readsTopology: Bool { true }

  /// The type's name.
  public static var name: String { _typeName(Self.self, qualified: false) }

  /// A finding of this rule.
  func finding(_ location: Diagnostic.Location, _ message: String) -> Diagnostic {
    Diagnostic(Self.defaultSeverity, rule: Self.name, at: location, message)
  }
}

/// What a rule sees: the template, its topology and the policy, computed once.
public struct ValidationContext: Sendable {
  /// The template, ours or a parsed file.
  public let template: Template
  /// What the template means for the network: computed once, by the first rule that asks.
  public var topology: Topology { network.value.topology }
  /// The policy: the template's declared flows, merged with those given to the validator.
  public let policy: FlowPolicy
  /// What is wrong with the template's own declaration of flows, with paths.
  let policyProblems: [(path: [PathComponent], message: String)]
  /// The flows judged against the policy.
  var flowCheck: FlowCheck { network.value.flowCheck }
  /// The topology and the flow check, made when first read.
  private let network: Once<(topology: Topology, flowCheck: FlowCheck)>
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
    self.network = Once { [policy] in
      let topology = Topology(template)
      return (topology, FlowCheck(topology, policy: policy, origins: origins))
    }
    self.waivers = Waivers(template)
    self.together = together
  }
}

/// A value computed once, by whichever thread first reads it; the others wait for it.
final class Once<Value: Sendable>: Sendable {
  private let state: Mutex<Value?>
  private let make: @Sendable () -> Value

  init(_ make: @escaping @Sendable () -> Value) {
    self.state = Mutex(nil)
    self.make = make
  }

  var value: Value {
    state.withLock { stored in
      if let stored { return stored }
      let made = make()
      stored = made
      return made
    }
  }
}
