import InfragenCore

/// Who may reach whom: flows declared in the template's `Metadata.infragen.flows` (and in
/// `--policy` files), and, unless `mode: exact`, the flows derived from the template's own wiring.
public struct FlowPolicy: Sendable {
  /// One declared flow: `{from: WebService, to: ApiService, ports: [8080]}`.
  public struct DeclaredFlow: Sendable {
    /// `internet`, a CIDR, a workload or group's logical ID, or a parameter or import name.
    public var from: String
    /// A workload or group's logical ID.
    public var to: String
    /// The ports; `nil` for the target's own ports.
    public var ports: [ClosedRange<Int>]?
    /// The protocol: TCP unless said.
    public var ipProtocol: NetworkProtocol = .tcp
    /// Where it is declared.
    public var location: Diagnostic.Location

    /// A declared flow.
    public init(
      from: String, to: String, ports: [ClosedRange<Int>]? = nil, ipProtocol: NetworkProtocol = .tcp,
      location: Diagnostic.Location
    ) {
      self.from = from
      self.to = to
      self.ports = ports
      self.ipProtocol = ipProtocol
      self.location = location
    }
  }

  /// The declared flows.
  public var flows: [DeclaredFlow]
  /// Whether only declared flows are allowed.
  public var exact: Bool

  /// A policy.
  public init(flows: [DeclaredFlow] = [], exact: Bool = false) {
    self.flows = flows
    self.exact = exact
  }

  /// Adds another policy's flows; either's `exact` makes the result exact.
  public mutating func merge(_ other: FlowPolicy) {
    flows += other.flows
    exact = exact || other.exact
  }

  /// Reads `{flows: [...], mode: exact}`. Problems are returned in words with their paths; a
  /// flow with a problem is left out.
  public static func read(_ value: TemplateValue, at base: [PathComponent], section: String = "Metadata")
    -> (policy: FlowPolicy, problems: [(path: [PathComponent], message: String)])
  {
    var policy = FlowPolicy()
    var problems: [(path: [PathComponent], message: String)] = []
    guard case .object(let fields) = value else {
      return (policy, [(base, "the policy must be a mapping with 'flows' and optionally 'mode'")])
    }
    for field in fields {
      let path = base + [.key(field.key)]
      switch field.key {
      case "mode":
        switch field.value.stringValue {
        case "exact": policy.exact = true
        case "derived": policy.exact = false
        default: problems.append((path, "mode must be 'exact' (only declared flows) or 'derived' (the default)"))
        }
      case "flows":
        guard case .list(let items) = field.value else {
          problems.append((path, "flows must be a list of {from, to, ports}"))
          continue
        }
        for (index, item) in items.enumerated() {
          let at = path + [.index(index)]
          switch declaredFlow(item, at: at, section: section) {
          case .success(let flow): policy.flows.append(flow)
          case .failure(let problem): problems.append((problem.path, problem.message))
          }
        }
      case "suppress":
        continue
      default:
        problems.append((path, "unknown key '\(field.key)'; the policy has 'flows' and 'mode'"))
      }
    }
    return (policy, problems)
  }

  struct Problem: Error {
    var path: [PathComponent]
    var message: String
  }

  static func declaredFlow(_ value: TemplateValue, at path: [PathComponent], section: String) -> Result<
    DeclaredFlow, Problem
  > {
    guard case .object(let fields) = value else {
      return .failure(Problem(path: path, message: "a flow is a mapping such as {from: WebService, to: Database}"))
    }
    var from: String?
    var to: String?
    var ports: [ClosedRange<Int>]?
    var ipProtocol = NetworkProtocol.tcp
    for field in fields {
      let at = path + [.key(field.key)]
      switch field.key {
      case "from", "to":
        guard let text = field.value.stringValue, !text.isEmpty else {
          return .failure(Problem(path: at, message: "'\(field.key)' must be a name, such as a logical ID"))
        }
        if field.key == "from" { from = text } else { to = text }
      case "ports":
        let items = field.value.listValue ?? [field.value]
        var ranges: [ClosedRange<Int>] = []
        for item in items {
          guard let range = portRange(item) else {
            return .failure(
              Problem(path: at, message: "ports must be numbers from 0 to 65535 or ranges such as '8000-8080'"))
          }
          ranges.append(range)
        }
        ports = ranges
      case "protocol":
        guard field.value.stringValue != nil || Values.integer(field.value) != nil else {
          return .failure(Problem(path: at, message: "protocol must be tcp, udp, icmp or all"))
        }
        ipProtocol = NetworkProtocol(field.value)
      case "description", "reason":
        continue
      default:
        return .failure(
          Problem(path: at, message: "unknown key '\(field.key)' in a flow; a flow has from, to, ports, protocol"))
      }
    }
    guard let from else { return .failure(Problem(path: path, message: "the flow has no 'from'")) }
    guard let to else { return .failure(Problem(path: path, message: "the flow has no 'to'")) }
    return .success(
      DeclaredFlow(
        from: from, to: to, ports: ports, ipProtocol: ipProtocol,
        location: .init(nil, section == "Metadata" ? [.key("Metadata")] + path : path, section: section)))
  }

  static func portRange(_ value: TemplateValue) -> ClosedRange<Int>? {
    if let port = Values.integer(value), (0...65535).contains(port) { return port...port }
    guard let text = value.stringValue else { return nil }
    let parts = text.split(separator: "-").map { Int(String($0).trimming(" ")) }
    guard parts.count == 2, let low = parts[0], let high = parts[1], 0 <= low, low <= high, high <= 65535 else {
      return nil
    }
    return low...high
  }
}
