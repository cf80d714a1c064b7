/// What a snapshot holds: one file per AWS CLI command, in the CLI's own JSON, so that infragen
/// needs no AWS SDK and no credentials of its own.
///
/// A file is named `<service>-<command>.json`; a command run once per resource (the listeners of
/// each load balancer, the health of each target group, ...) writes `<service>-<command>-1.json`,
/// `-2`, ... in the order of the resources in the file it is run over. A file that is missing
/// means "not captured", never "nothing there".
public struct SnapshotCommand: Sendable, Hashable {
  /// The CLI's service name: `ec2`, `elbv2`, ...
  public var service: String
  /// The command: `describe-security-groups`, ...
  public var command: String
  /// The key of the command's output that holds its items: `SecurityGroups`, ...
  public var key: String
  /// Whether it runs once per resource, into numbered files.
  public var perResource: Bool
  /// Whether it takes `--filters Name=vpc-id,Values=ID`.
  var filtersByVPC: Bool
  /// Options it always takes.
  var options: String

  init(
    _ service: String, _ command: String, key: String, perResource: Bool = false, filtersByVPC: Bool = false,
    options: String = ""
  ) {
    self.service = service
    self.command = command
    self.key = key
    self.perResource = perResource
    self.filtersByVPC = filtersByVPC
    self.options = options
  }

  /// `ec2-describe-security-groups`: the file name without `.json` or a number.
  public var name: String { "\(service)-\(command)" }

  /// Every command a snapshot may hold, in the order `capture` runs them.
  public static let all: [SnapshotCommand] = [
    SnapshotCommand("ec2", "describe-security-groups", key: "SecurityGroups", filtersByVPC: true),
    SnapshotCommand("ec2", "describe-security-group-rules", key: "SecurityGroupRules"),
    SnapshotCommand("ec2", "describe-network-interfaces", key: "NetworkInterfaces", filtersByVPC: true),
    SnapshotCommand("ec2", "describe-subnets", key: "Subnets", filtersByVPC: true),
    SnapshotCommand("ec2", "describe-route-tables", key: "RouteTables", filtersByVPC: true),
    SnapshotCommand("ec2", "describe-network-acls", key: "NetworkAcls", filtersByVPC: true),
    SnapshotCommand("ec2", "describe-instances", key: "Reservations", filtersByVPC: true),
    SnapshotCommand("ec2", "describe-vpc-endpoints", key: "VpcEndpoints", filtersByVPC: true),
    SnapshotCommand("elbv2", "describe-load-balancers", key: "LoadBalancers"),
    SnapshotCommand("elbv2", "describe-listeners", key: "Listeners", perResource: true),
    SnapshotCommand("elbv2", "describe-rules", key: "Rules", perResource: true),
    SnapshotCommand("elbv2", "describe-target-groups", key: "TargetGroups"),
    SnapshotCommand("elbv2", "describe-target-health", key: "TargetHealthDescriptions", perResource: true),
    SnapshotCommand("ecs", "list-clusters", key: "clusterArns"),
    SnapshotCommand("ecs", "describe-services", key: "services", perResource: true, options: "--include TAGS"),
    SnapshotCommand("rds", "describe-db-instances", key: "DBInstances"),
    SnapshotCommand("rds", "describe-db-clusters", key: "DBClusters"),
    SnapshotCommand("elasticache", "describe-replication-groups", key: "ReplicationGroups"),
    SnapshotCommand("elasticache", "describe-cache-clusters", key: "CacheClusters", options: "--show-cache-node-info"),
    SnapshotCommand("opensearch", "describe-domains", key: "DomainStatusList", perResource: true),
    SnapshotCommand("lambda", "list-functions", key: "Functions"),
  ]

  /// The command a file name stands for, and its number for a per-resource command's file.
  public static func parse(fileName: String) -> (command: SnapshotCommand, number: Int?)? {
    guard fileName.hasSuffix(".json") else { return nil }
    let stem = String(fileName.dropLast(5))
    if let command = all.first(where: { $0.name == stem && !$0.perResource }) { return (command, nil) }
    guard let dash = stem.lastIndex(of: "-"), let number = Int(stem[stem.index(after: dash)...]), number >= 1,
      let command = all.first(where: { $0.name == stem[..<dash] && $0.perResource })
    else { return nil }
    return (command, number)
  }
}

/// The commands that write a snapshot directory, as a POSIX shell script: what
/// `infragen audit capture` prints, and runs with `--run`.
public struct Capture: Sendable {
  /// `--region`: given to every command; without it, the CLI's configured region.
  public var region: String?
  /// `--vpc`: the EC2 commands that can are filtered to this VPC.
  public var vpc: String?
  /// The snapshot directory the script writes.
  public var directory: String

  /// A capture of the account the AWS CLI is configured for.
  public init(directory: String, region: String? = nil, vpc: String? = nil) {
    self.directory = directory
    self.region = region
    self.vpc = vpc
  }

  /// Whether a region or VPC ID is one the script may splice in: letters, digits and `-`.
  public static func isPlain(_ value: String) -> Bool {
    !value.isEmpty
      && value.utf8.allSatisfy { byte in
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
          || byte == 0x2D
      }
  }

  /// The script. Each command writes a temporary file that is renamed once the command succeeds,
  /// so a failed command leaves its file missing ("not captured"), never empty or truncated; a
  /// failure is named on standard error and the others still run.
  public func script() -> String {
    // A plain word is written as it is; anything else is quoted, so no value reaches the shell
    // as code.
    func word(_ value: String) -> String { Self.isPlain(value) ? value : Self.quoted(value) }
    let region = self.region.map { " --region \(word($0))" } ?? ""
    func aws(_ command: SnapshotCommand, _ extra: String = "") -> String {
      var line = "aws \(command.service) \(command.command)\(region) --output json"
      if command.filtersByVPC, let vpc { line += " --filters Name=vpc-id,Values=" + word(vpc) }
      if !command.options.isEmpty { line += " " + command.options }
      return line + extra
    }
    func command(_ service: String, _ name: String) -> SnapshotCommand {
      SnapshotCommand.all.first { $0.service == service && $0.command == name }
        ?? SnapshotCommand(service, name, key: "")
    }
    var lines = [
      "#!/bin/sh",
      "# Writes an infragen snapshot: one file per AWS CLI command (read-only calls).",
      "# Then: infragen audit \(Self.quoted(directory)) [--against stack.json]",
      "set -u",
      "dir=\(Self.quoted(directory))",
      "mkdir -p \"$dir\" || exit 2",
      "failed=0",
      "# save FILE COMMAND...: runs the command into FILE.json, kept only when it succeeds.",
      "save() {",
      "  file=\"$dir/$1.json\"; shift",
      "  if \"$@\" > \"$file.tmp\"; then mv \"$file.tmp\" \"$file\"; else rm -f \"$file.tmp\"; failed=1;"
        + " echo \"infragen: '$*' failed; $(basename \"$file\") is not captured\" >&2; fi",
      "}",
      "# ids COMMAND...: the command's text output, one ID per word ('None' for nothing).",
      "ids() { \"$@\" --output text | tr '\\t' '\\n' | grep -v '^None$' | grep -v '^$'; }",
    ]
    for snapshot in SnapshotCommand.all where !snapshot.perResource {
      lines.append("save \(snapshot.name) \(aws(snapshot))")
    }
    let listeners = command("elbv2", "describe-listeners")
    let rules = command("elbv2", "describe-rules")
    let health = command("elbv2", "describe-target-health")
    let services = command("ecs", "describe-services")
    let domains = command("opensearch", "describe-domains")
    lines += [
      "# Per resource, numbered in the order of the file they are run over.",
      "n=0",
      "for arn in $(ids aws elbv2 describe-load-balancers\(region) --query 'LoadBalancers[].LoadBalancerArn'); do",
      "  n=$((n+1)); save \(listeners.name)-$n \(aws(listeners, " --load-balancer-arn \"$arn\""))",
      "done",
      "n=0",
      "for lb in $(ids aws elbv2 describe-load-balancers\(region) --query 'LoadBalancers[].LoadBalancerArn'); do",
      "  for arn in $(ids aws elbv2 describe-listeners\(region) --load-balancer-arn \"$lb\" --query 'Listeners[].ListenerArn'); do",
      "    n=$((n+1)); save \(rules.name)-$n \(aws(rules, " --listener-arn \"$arn\""))",
      "  done",
      "done",
      "n=0",
      "for arn in $(ids aws elbv2 describe-target-groups\(region) --query 'TargetGroups[].TargetGroupArn'); do",
      "  n=$((n+1)); save \(health.name)-$n \(aws(health, " --target-group-arn \"$arn\""))",
      "done",
      "n=0",
      "for cluster in $(ids aws ecs list-clusters\(region) --query 'clusterArns[]'); do",
      "  set -- $(ids aws ecs list-services\(region) --cluster \"$cluster\" --query 'serviceArns[]')",
      "  while [ $# -gt 0 ]; do",
      "    batch=''; k=0",
      "    while [ $# -gt 0 ] && [ $k -lt 10 ]; do batch=\"$batch $1\"; shift; k=$((k+1)); done",
      "    n=$((n+1)); save \(services.name)-$n \(aws(services, " --cluster \"$cluster\" --services $batch"))",
      "  done",
      "done",
      "n=0",
      "set -- $(ids aws opensearch list-domain-names\(region) --query 'DomainNames[].DomainName')",
      "while [ $# -gt 0 ]; do",
      "  batch=''; k=0",
      "  while [ $# -gt 0 ] && [ $k -lt 5 ]; do batch=\"$batch $1\"; shift; k=$((k+1)); done",
      "  n=$((n+1)); save \(domains.name)-$n \(aws(domains, " --domain-names $batch"))",
      "done",
      "exit $failed",
    ]
    return lines.joined(separator: "\n") + "\n"
  }

  /// A word for the shell, in single quotes.
  static func quoted(_ text: String) -> String {
    "'" + text.replacing("'", with: "'\\''") + "'"
  }
}
