// infragen-bench: release-build timings for README.md.
//
//   infragen-bench --binary .build/release/infragen [--baseline OTHER] [--readme README.md]
//
// In-process figures time the library directly over many iterations; whole-process figures run
// the binary repeatedly, as a CI step would, and report the median. With --readme, the table
// between the `bench:start` and `bench:end` markers of README.md is replaced. With --baseline, the
// whole-process validate runs are repeated with another build (an earlier commit's) and compared.
import Foundation
import InfragenCore
import InfragenFormats
import InfragenStacks
import InfragenValidation

struct Measurement {
  var name: String
  var samples: [Duration]
  /// The peak resident memory of a whole-process run, in KiB.
  var peakKiB = 0

  var median: Duration { percentile(0.5) }
  var p90: Duration { percentile(0.9) }

  func percentile(_ fraction: Double) -> Duration {
    let sorted = samples.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction + 0.5))]
  }
}

func milliseconds(_ duration: Duration) -> String {
  let (seconds, attoseconds) = duration.components
  let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
  return value < 1 ? String(format: "%.3f ms", value) : String(format: "%.1f ms", value)
}

func inProcess(_ name: String, iterations: Int, _ body: () -> Int) -> Measurement {
  let clock = ContinuousClock()
  var sink = 0
  for _ in 0..<5 { sink &+= body() }
  var samples: [Duration] = []
  samples.reserveCapacity(iterations)
  for _ in 0..<iterations {
    let start = clock.now
    sink &+= body()
    samples.append(clock.now - start)
  }
  if sink == 42 { print("") }
  return Measurement(name: name, samples: samples)
}

/// Runs a command `runs` times (after `warmups` runs) with posix_spawn and wait4, stdout and
/// stderr to /dev/null, and times each run from spawn to exit. The peak resident memory is
/// taken in one more run under GNU time (`/usr/bin/time -f %M`): a process that posix_spawn
/// starts shares this one's memory until it executes, so its own `ru_maxrss` counts this
/// process's size too; GNU time forks from a small process. Without GNU time, no peak (0).
///
/// With `timed`, every run goes under GNU time instead (for tools that take seconds, whose
/// runs are too long to repeat for the memory alone, and to whom GNU time's start adds nothing).
func wholeProcess(
  _ name: String, executable: String, arguments: [String], runs: Int, warmups: Int = 3, timed: Bool = false
) -> Measurement {
  let clock = ContinuousClock()
  var samples: [Duration] = []
  var peak = 0
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  defer { posix_spawn_file_actions_destroy(&actions) }
  let time = "/usr/bin/time"
  let report = FileManager.default.temporaryDirectory.appendingPathComponent("infragen-bench-peak.txt").path
  let hasTime = FileManager.default.isExecutableFile(atPath: time)
  let wrapped = timed && hasTime
  let argv =
    ((wrapped ? [time, "-f", "%M", "-o", report] : []) + [executable] + arguments).map { strdup($0) } + [nil]
  defer { argv.forEach { free($0) } }
  /// GNU time's figure, after "Command exited with non-zero status N" when there is one.
  func reportedPeak() -> Int {
    let text = (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""
    return text.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
  }
  for index in 0..<(runs + warmups) {
    var pid: pid_t = 0
    let start = clock.now
    let status = posix_spawn(&pid, wrapped ? time : executable, &actions, nil, argv, environ)
    guard status == 0 else {
      FileHandle.standardError.write(Data("infragen-bench: cannot run \(executable): error \(status)\n".utf8))
      exit(2)
    }
    var exitStatus: Int32 = 0
    var usage = rusage()
    wait4(pid, &exitStatus, 0, &usage)
    let elapsed = clock.now - start
    if index >= warmups {
      samples.append(elapsed)
      if wrapped { peak = max(peak, reportedPeak()) }
    }
  }
  if hasTime && !wrapped {
    let timed = ([time, "-f", "%M", "-o", report, executable] + arguments).map { strdup($0) } + [nil]
    defer { timed.forEach { free($0) } }
    var pid: pid_t = 0
    if posix_spawn(&pid, time, &actions, nil, timed, environ) == 0 {
      var exitStatus: Int32 = 0
      waitpid(pid, &exitStatus, 0)
      peak = reportedPeak()
    }
  }
  var measurement = Measurement(name: name, samples: samples)
  measurement.peakKiB = peak
  return measurement
}

var binary: String?
var baseline: String?
var readme: String?
var venv: String?
var corpus: String?
var corpusName: String?
var phases: String?
var quick = false
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
  switch argument {
  case "--binary": binary = arguments.next()
  case "--baseline": baseline = arguments.next()
  case "--readme": readme = arguments.next()
  case "--venv": venv = arguments.next()
  case "--corpus": corpus = arguments.next()
  case "--corpus-name": corpusName = arguments.next()
  case "--phases": phases = arguments.next()
  case "--quick": quick = true
  default:
    FileHandle.standardError.write(
      Data(
        "usage: infragen-bench --binary PATH [--baseline PATH] [--venv .venv] [--corpus DIR [--corpus-name TEXT]] [--readme README.md] [--quick] | --phases FILE\n"
          .utf8))
    exit(2)
  }
}

// --phases FILE: where in-process validation of one template spends its time, phase by phase
// and rule by rule (medians of 30 runs), for profiling the reader and the rules.
if let phases {
  guard let data = FileManager.default.contents(atPath: phases) else {
    FileHandle.standardError.write(Data("infragen-bench: cannot read \(phases)\n".utf8))
    exit(2)
  }
  let bytes = [UInt8](data)
  var template = Template()
  if ProcessInfo.processInfo.environment["INFRAGEN_BENCH_COLD"] != nil {
    // One cold run of each stage, as a process that starts, reads and validates once sees them.
    let clock = ContinuousClock()
    let start = clock.now
    let inParallel = ProcessInfo.processInfo.environment["INFRAGEN_BENCH_SERIAL"] == nil
    guard let cold = try? JSONReader.readTemplate(bytes, file: phases, inParallel: inParallel) else { exit(2) }
    let afterRead = clock.now
    let count = Validator(.all).validate(cold).count
    let afterValidate = clock.now
    print(milliseconds(afterRead - start), "read, cold\(inParallel ? ", on two cores if large" : "")")
    print(milliseconds(afterValidate - afterRead), "validate, cold (\(count) findings)")
    exit(0)
  }
  let read = inProcess("read", iterations: 30) {
    do { template = try JSONReader.readTemplate(bytes, file: phases) } catch { return 0 }
    return template.resources.count
  }
  let readInParallel = inProcess("read, on two cores if large", iterations: 30) {
    (try? JSONReader.readTemplate(bytes, file: phases, inParallel: true))?.resources.count ?? 0
  }
  var rows = [read, readInParallel]
  if ProcessInfo.processInfo.environment["INFRAGEN_BENCH_READ_ONLY"] != nil {
    print(milliseconds(read.median), "read")
    print(milliseconds(readInParallel.median), readInParallel.name)
    exit(0)
  }
  rows.append(inProcess("topology", iterations: 30) { Topology(template).workloads.count })
  let context = ValidationContext(template: template)
  rows.append(inProcess("context", iterations: 30) { ValidationContext(template: template).template.resources.count })
  for rule in Validator.allRules {
    rows.append(inProcess(rule.name, iterations: 30) { rule.init().check(context).count })
  }
  rows.append(inProcess("validate (all rules)", iterations: 30) { Validator(.all).validate(template).count })
  for row in rows.sorted(by: { $0.median > $1.median }) { print(milliseconds(row.median), row.name) }
  exit(0)
}

/// Renames every logical ID of a template (and every reference to one) by appending `suffix`.
func renamed(_ template: Template, suffix: String) -> [Template.Resource] {
  let ids = Set(template.resources.map(\.logicalID.rawValue))
  func rename(_ value: TemplateValue) -> TemplateValue {
    switch value {
    case .list(let items): return .list(items.map(rename))
    case .object(let fields): return .object(Fields(fields.pairs.map { ($0.key, rename($0.value)) }))
    case .intrinsic(.ref(let id)) where ids.contains(id): return .intrinsic(.ref(id + suffix))
    case .intrinsic(.getAtt(let id, let attribute)) where ids.contains(id):
      return .intrinsic(.getAtt(id + suffix, attribute))
    case .intrinsic(.sub(let text, let variables)):
      var text = text
      for id in ids where text.contains("${\(id)") {
        text = text.replacingOccurrences(of: "${\(id)}", with: "${\(id)\(suffix)}")
          .replacingOccurrences(of: "${\(id).", with: "${\(id)\(suffix).")
      }
      return .intrinsic(.sub(text, variables))
    case .intrinsic(.function(let function, let argument)): return .intrinsic(.function(function, rename(argument)))
    default: return value
    }
  }
  return template.resources.map { resource in
    var copy = resource
    copy.logicalID = LogicalID(resource.logicalID.rawValue + suffix)
    copy.properties = resource.properties.map { fields in Fields(fields.pairs.map { ($0.key, rename($0.value)) }) }
    copy.dependsOn = resource.dependsOn.map { LogicalID($0.rawValue + suffix) }
    return copy
  }
}

let reference: Template
do { reference = try ReferenceStack().stack.template() } catch {
  FileHandle.standardError.write(Data("infragen-bench: the reference stack does not lower: \(error)\n".utf8))
  exit(2)
}
var large = reference
large.resources = (1...11).flatMap { renamed(reference, suffix: "Copy\($0)") }
large.outputs = [:]
let largeJSON = JSONEmitter().emit(large)
let largeYAML = YAMLEmitter().emit(large)
let largeYAMLPath = FileManager.default.temporaryDirectory.appendingPathComponent("infragen-bench-large.yaml").path
let largePath = FileManager.default.temporaryDirectory.appendingPathComponent("infragen-bench-large.json").path
let referencePath = FileManager.default.temporaryDirectory.appendingPathComponent("infragen-bench-stack.json").path
let servicesPath = FileManager.default.temporaryDirectory.appendingPathComponent("infragen-bench-services.json").path
func generated(services: Int) -> Template {
  do {
    return try YAMLReader.readTemplate(Array(MultiServiceStack.yaml(services: services).utf8), file: "services.yaml")
  } catch {
    FileHandle.standardError.write(Data("infragen-bench: the generated \(services)-service stack: \(error)\n".utf8))
    exit(2)
  }
}
let services = generated(services: 20)
do {
  try JSONEmitter().emit(services).write(toFile: servicesPath, atomically: true, encoding: .utf8)
  try largeJSON.write(toFile: largePath, atomically: true, encoding: .utf8)
  try largeYAML.write(toFile: largeYAMLPath, atomically: true, encoding: .utf8)
  try JSONEmitter().emit(reference).write(toFile: referencePath, atomically: true, encoding: .utf8)
} catch {
  FileHandle.standardError.write(Data("infragen-bench: cannot write the generated templates: \(error)\n".utf8))
  exit(2)
}
let largeBytes = Array(largeJSON.utf8)
let largeYAMLBytes = Array(largeYAML.utf8)

var rows: [Measurement] = []
// --quick: the whole-process figures of infragen alone, for a change in progress.
if !quick {
  rows.append(
    inProcess("render, in-process (lower + JSON), 500 iterations", iterations: 500) {
      JSONEmitter().emit(ReferenceStack().stack.lower().draft).utf8.count
    })
  rows.append(
    inProcess("lower only, in-process, 500 iterations", iterations: 500) {
      ReferenceStack().stack.lower().draft.resources.count
    })
  rows.append(
    inProcess(
      "validate reference stack (\(reference.resources.count) resources), in-process, 500 iterations", iterations: 500
    ) {
      Validator().validate(reference).count
    })
  for (format, bytes, read) in [
    ("JSON", largeBytes, { (bytes: [UInt8]) in try? JSONReader.readTemplate(bytes, file: "large.json") }),
    ("YAML", largeYAMLBytes, { (bytes: [UInt8]) in try? YAMLReader.readTemplate(bytes, file: "large.yaml") }),
  ] {
    rows.append(
      inProcess(
        "parse + validate \(large.resources.count)-resource \(format) (\(bytes.count / 1024) KiB), in-process, 50 iterations",
        iterations: 50
      ) {
        guard let template = read(bytes) else { return 0 }
        return Validator().validate(template).count
      })
  }
  let parsedLarge = (try? JSONReader.readTemplate(largeBytes, file: "large.json")) ?? large
  rows.append(
    inProcess("validate \(large.resources.count) resources, isolation rules, in-process, 50 iterations", iterations: 50)
    {
      Validator(.isolation).validate(parsedLarge).count
    })
  rows.append(
    inProcess("validate \(large.resources.count) resources, all rules, in-process, 50 iterations", iterations: 50) {
      Validator(.all).validate(parsedLarge).count
    })
  rows.append(
    inProcess(
      "validate 20 services and 6 stores (\(services.resources.count) resources), isolation rules, in-process, 200 iterations",
      iterations: 200
    ) {
      Validator(.isolation).validate(services).count
    })
}
// A directory like a repository's: 2,000 templates of mixed sizes. Each is a piece of the
// reference stack closed under its references (a resource and all it names, 1 to 60 resources),
// every 20th the whole stack and every 200th the 858-resource one, 100 to a folder, with a
// package.json in each folder that is not a template.
func references(_ value: TemplateValue, into names: inout Set<String>) {
  switch value {
  case .list(let items): items.forEach { references($0, into: &names) }
  case .object(let fields): fields.forEach { references($0.value, into: &names) }
  case .intrinsic(.ref(let name)): names.insert(name)
  case .intrinsic(.getAtt(let name, _)): names.insert(name)
  case .intrinsic(.sub(let text, let variables)):
    var rest = text[...]
    while let open = rest.range(of: "${") {
      rest = rest[open.upperBound...]
      guard let close = rest.firstIndex(of: "}") else { break }
      names.insert(String(rest[..<close].prefix { $0 != "." }))
      rest = rest[close...]
    }
    variables.forEach { references($0.value, into: &names) }
  case .intrinsic(.if(_, let a, let b)):
    references(a, into: &names)
    references(b, into: &names)
  case .intrinsic(.function(_, let argument)): references(argument, into: &names)
  default: break
  }
}
func piece(of template: Template, around id: LogicalID) -> Template {
  let byID = Dictionary(template.resources.map { ($0.logicalID, $0) }, uniquingKeysWith: { a, _ in a })
  var wanted: Set<LogicalID> = [id]
  var queue = [id]
  while let next = queue.popLast() {
    guard let resource = byID[next] else { continue }
    var names = Set(resource.dependsOn.map(\.rawValue))
    if let properties = resource.properties { references(.object(properties), into: &names) }
    for name in names where byID[LogicalID(name)] != nil && wanted.insert(LogicalID(name)).inserted {
      queue.append(LogicalID(name))
    }
  }
  var result = template
  result.resources = template.resources.filter { wanted.contains($0.logicalID) }
  result.outputs = [:]
  return result
}
let corpusPath = FileManager.default.temporaryDirectory.appendingPathComponent("infragen-bench-corpus").path
let pieces = reference.resources.map { piece(of: reference, around: $0.logicalID) }
var corpusResources = 0
var corpusBytes = 0
do {
  try? FileManager.default.removeItem(atPath: corpusPath)
  let referenceJSON = JSONEmitter().emit(reference)
  let pieceJSON = pieces.map { JSONEmitter().emit($0) }
  for index in 0..<2000 {
    let folder = corpusPath + "/" + String(format: "team-%02d", index / 100)
    if index % 100 == 0 {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      try #"{"name": "app", "private": true}"#.write(
        toFile: folder + "/package.json", atomically: false, encoding: .utf8)
    }
    let text: String
    if index % 200 == 199 {
      (text, corpusResources) = (largeJSON, corpusResources + large.resources.count)
    } else if index % 20 == 19 {
      (text, corpusResources) = (referenceJSON, corpusResources + reference.resources.count)
    } else {
      let chosen = (index * 7) % pieces.count
      (text, corpusResources) = (pieceJSON[chosen], corpusResources + pieces[chosen].resources.count)
    }
    corpusBytes += text.utf8.count
    try text.write(toFile: folder + String(format: "/stack-%04d.json", index), atomically: false, encoding: .utf8)
  }
} catch {
  FileHandle.standardError.write(Data("infragen-bench: cannot write the corpus: \(error)\n".utf8))
  exit(2)
}

if let binary {
  rows.append(
    wholeProcess("`/bin/true`, whole process (spawn cost), 50 runs", executable: "/bin/true", arguments: [], runs: 50))
  rows.append(
    wholeProcess("`infragen --version`, whole process, 50 runs", executable: binary, arguments: ["--version"], runs: 50)
  )
  rows.append(
    wholeProcess(
      "`infragen validate` (reference stack, built in), whole process, 50 runs", executable: binary,
      arguments: ["validate"], runs: 50))
  rows.append(
    wholeProcess(
      "`infragen validate large.yaml` (\(large.resources.count) resources, all rules), whole process, 30 runs",
      executable: binary, arguments: ["validate", largeYAMLPath], runs: 30))
  rows.append(
    wholeProcess(
      "`infragen validate services.json` (20 services, 6 stores, \(services.resources.count) resources), whole process, 50 runs",
      executable: binary, arguments: ["validate", servicesPath], runs: 50))
}

/// The figures side by side: infragen, and cfn-lint and checkov on the same files when the
/// virtual environment has them (fewer runs: they take seconds to minutes each).
struct Case {
  var name: String
  var target: String
  var infragen: [String]
  var runs: Int
  var cfnLint: [String]?
  var checkov: [String]?
  var peerRuns: Int
}
// A snapshot of a large account, for `infragen audit`: 500 security groups and 2,000 network
// interfaces, in the AWS CLI's JSON. 25 load balancers each front 4 services (100 services,
// 15 tasks each, every task an interface carrying its service's group); each service uses a
// database of its own (2 interfaces each) and every second one a cache; 199 instances (their
// groups open to a bastion's group and to the VPC's block) and 25 endpoints (200 interfaces)
// make up the rest.
// Three rules were added by hand: a database open to 0.0.0.0/0, a service open to another's.
let snapshotPath = FileManager.default.temporaryDirectory.appendingPathComponent("infragen-bench-snapshot").path
do {
  try? FileManager.default.removeItem(atPath: snapshotPath)
  try FileManager.default.createDirectory(atPath: snapshotPath, withIntermediateDirectories: true)
  var groupCount = 0
  var groups: [TemplateValue] = []
  var rules: [TemplateValue] = []
  var interfaces: [TemplateValue] = []
  func subnet(_ index: Int) -> String { String(format: "subnet-%017x", index % 20 + 1) }
  func newGroup(_ name: String) -> String {
    groupCount += 1
    let id = String(format: "sg-%017x", groupCount)
    groups.append([
      "GroupId": .string(id), "GroupName": .string(name), "VpcId": "vpc-1", "Description": .string(name),
      "Tags": [["Key": "aws:cloudformation:logical-id", "Value": .string(name)]],
    ])
    rules.append([
      "SecurityGroupRuleId": .string(String(format: "sgr-e%016x", groupCount)), "GroupId": .string(id),
      "IsEgress": true, "IpProtocol": "-1", "FromPort": -1, "ToPort": -1, "CidrIpv4": "0.0.0.0/0",
    ])
    return id
  }
  func rule(_ group: String, _ port: Int, from peer: String) {
    var fields: Fields = [
      "SecurityGroupRuleId": .string(String(format: "sgr-%017x", rules.count + 1)), "GroupId": .string(group),
      "IsEgress": false, "IpProtocol": "tcp", "FromPort": .integer(port), "ToPort": .integer(port),
    ]
    if peer.hasPrefix("sg-") {
      fields["ReferencedGroupInfo"] = ["GroupId": .string(peer)]
    } else {
      fields["CidrIpv4"] = .string(peer)
    }
    rules.append(.object(fields))
  }
  func interface(_ groups: [String], _ description: String) {
    let index = interfaces.count
    interfaces.append([
      "NetworkInterfaceId": .string(String(format: "eni-%017x", index + 1)), "SubnetId": .string(subnet(index)),
      "VpcId": "vpc-1", "InterfaceType": "interface", "Description": .string(description),
      "PrivateIpAddress": .string("10.0.\(index / 250).\(index % 250 + 4)"),
      "Groups": .list(groups.map { ["GroupId": .string($0)] }),
    ])
  }
  var balancers: [TemplateValue] = []
  var services: [TemplateValue] = []
  var databases: [TemplateValue] = []
  var caches: [TemplateValue] = []
  var serviceGroups: [String] = []
  var databaseGroups: [String] = []
  for lb in 0..<25 {
    let lbGroup = newGroup("Balancer\(lb)Group")
    rule(lbGroup, 443, from: "0.0.0.0/0")
    balancers.append([
      "LoadBalancerArn": .string("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lb-\(lb)/1"),
      "LoadBalancerName": .string("lb-\(lb)"), "Scheme": "internet-facing", "Type": "application",
      "SecurityGroups": [.string(lbGroup)],
      "AvailabilityZones": [["SubnetId": .string(subnet(0))], ["SubnetId": .string(subnet(1))]],
    ])
    for _ in 0..<2 { interface([lbGroup], "ELB app/lb-\(lb)/1") }
    for offset in 0..<4 {
      let index = lb * 4 + offset
      let serviceGroup = newGroup("Service\(index)Group")
      serviceGroups.append(serviceGroup)
      rule(serviceGroup, 3000, from: lbGroup)
      services.append([
        "serviceArn": .string("arn:aws:ecs:us-east-1:123456789012:service/app/service-\(index)"),
        "serviceName": .string("service-\(index)"), "clusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/app",
        "launchType": "FARGATE",
        "networkConfiguration": [
          "awsvpcConfiguration": [
            "subnets": [.string(subnet(index))], "securityGroups": [.string(serviceGroup)],
            "assignPublicIp": "DISABLED",
          ]
        ],
      ])
      for _ in 0..<15 { interface([serviceGroup], "arn:aws:ecs:us-east-1:123456789012:attachment/\(index)") }
      let databaseGroup = newGroup("Database\(index)Group")
      databaseGroups.append(databaseGroup)
      rule(databaseGroup, 5432, from: serviceGroup)
      databases.append([
        "DBInstanceIdentifier": .string("database-\(index)"), "Engine": "postgres", "PubliclyAccessible": false,
        "Endpoint": ["Port": 5432], "VpcSecurityGroups": [["VpcSecurityGroupId": .string(databaseGroup)]],
      ])
      for _ in 0..<2 { interface([databaseGroup], "RDSNetworkInterface") }
      if index % 2 == 0 {
        let cacheGroup = newGroup("Cache\(index)Group")
        rule(cacheGroup, 6379, from: serviceGroup)
        caches.append([
          "CacheClusterId": .string("cache-\(index)"), "Engine": "redis", "CacheNodeType": "cache.t3.micro",
          "NumCacheNodes": 1, "SecurityGroups": [["SecurityGroupId": .string(cacheGroup), "Status": "active"]],
          "CacheNodes": [["Endpoint": ["Port": 6379]]],
        ])
        interface([cacheGroup], "ElastiCache cache-\(index)")
      }
    }
  }
  let bastion = newGroup("BastionGroup")
  rule(bastion, 22, from: "203.0.113.0/24")
  var instances: [TemplateValue] = []
  while groupCount < 475 {
    let index = instances.count
    let group = newGroup("Instance\(index)Group")
    rule(group, 22, from: bastion)
    rule(group, 8080, from: "10.0.0.0/16")
    instances.append([
      "Instances": [
        [
          "InstanceId": .string(String(format: "i-%017x", index + 1)), "SubnetId": .string(subnet(index)),
          "State": ["Name": "running"], "SecurityGroups": [["GroupId": .string(group)]],
        ]
      ]
    ])
  }
  var endpoints: [TemplateValue] = []
  while groupCount < 500 {
    let group = newGroup("Endpoint\(endpoints.count)Group")
    rule(group, 443, from: "10.0.0.0/16")
    endpoints.append([
      "VpcEndpointId": .string(String(format: "vpce-%017x", endpoints.count + 1)), "VpcEndpointType": "Interface",
      "ServiceName": "com.amazonaws.us-east-1.secretsmanager", "VpcId": "vpc-1",
      "Groups": [["GroupId": .string(group)]],
      "SubnetIds": [.string(subnet(endpoints.count))],
    ])
  }
  while interfaces.count < 2000 {
    let index = interfaces.count - 1825
    let group = String(format: "sg-%017x", 476 + index % 25)
    interface([group], "VPC Endpoint Interface \(index)")
  }
  // Changes made by hand.
  rule(databaseGroups[7], 5432, from: "0.0.0.0/0")
  rule(databaseGroups[8], 5432, from: serviceGroups[9])
  rule(serviceGroups[3], 3000, from: serviceGroups[4])
  let subnets: [TemplateValue] = (0..<20).map { index in
    ["SubnetId": .string(subnet(index)), "VpcId": "vpc-1", "CidrBlock": .string("10.0.\(index * 16).0/20")]
  }
  let tables: [TemplateValue] = [
    [
      "RouteTableId": "rtb-1", "VpcId": "vpc-1",
      "Routes": [["DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local"]],
      "Associations": [["Main": true, "RouteTableId": "rtb-1"]],
    ]
  ]
  for (name, key, items) in [
    ("ec2-describe-security-groups", "SecurityGroups", groups),
    ("ec2-describe-security-group-rules", "SecurityGroupRules", rules),
    ("ec2-describe-network-interfaces", "NetworkInterfaces", interfaces), ("ec2-describe-subnets", "Subnets", subnets),
    ("ec2-describe-route-tables", "RouteTables", tables), ("ec2-describe-instances", "Reservations", instances),
    ("ec2-describe-vpc-endpoints", "VpcEndpoints", endpoints),
    ("elbv2-describe-load-balancers", "LoadBalancers", balancers), ("ecs-describe-services-1", "services", services),
    ("rds-describe-db-instances", "DBInstances", databases),
    ("elasticache-describe-cache-clusters", "CacheClusters", caches),
  ] {
    try JSONEmitter().emit(TemplateValue.object([key: .list(items)])).write(
      toFile: "\(snapshotPath)/\(name).json", atomically: true, encoding: .utf8)
  }
} catch {
  FileHandle.standardError.write(Data("infragen-bench: cannot write the snapshot: \(error)\n".utf8))
  exit(2)
}

// The files just written go to disk before anything is timed: the kernel's writeback of 38 MiB
// would otherwise share the cores with the first runs.
sync()
let corpusFiles = "\(corpusPath)/**/*.json"
var cases: [Case] = [
  Case(
    name: "render (the reference stack)", target: "5 ms", infragen: ["render"], runs: 50, cfnLint: nil, checkov: nil,
    peerRuns: 0),
  Case(
    name: "validate stack.json (\(reference.resources.count) resources)", target: "4 ms",
    infragen: ["validate", referencePath], runs: 50, cfnLint: [referencePath],
    checkov: ["-f", referencePath, "--framework", "cloudformation", "--quiet", "--compact", "--skip-download"],
    peerRuns: 5),
  Case(
    name: "validate large.json (\(large.resources.count) resources, \(largeBytes.count / 1024) KiB)", target: "12 ms",
    infragen: ["validate", largePath], runs: 50, cfnLint: [largePath],
    checkov: ["-f", largePath, "--framework", "cloudformation", "--quiet", "--compact", "--skip-download"], peerRuns: 3),
  Case(
    name:
      "validate DIR: 2,000 templates (\(corpusResources) resources, \(corpusBytes / 1_048_576) MiB) and 20 other files",
    target: "500 ms", infragen: ["validate", corpusPath], runs: 10, cfnLint: [corpusFiles],
    checkov: ["-d", corpusPath, "--framework", "cloudformation", "--quiet", "--compact", "--skip-download"],
    peerRuns: 1),
  Case(
    name: "audit a snapshot: 500 groups, 2,000 network interfaces", target: "100 ms",
    infragen: ["audit", snapshotPath], runs: 50, cfnLint: nil, checkov: nil, peerRuns: 0),
]
if quick, let binary {
  for item in cases {
    let measurement = wholeProcess(item.name, executable: binary, arguments: item.infragen, runs: item.runs)
    print(
      "\(milliseconds(measurement.median))\t(target \(item.target))\t\(mebibytes(measurement.peakKiB))\t\(item.name)")
  }
  exit(0)
}
/// cfn-lint's globs for a directory: one per extension of a template that it holds (cfn-lint
/// fails, E0003, on a glob that matches nothing).
func patterns(in directory: String) -> [String] {
  let files = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String } ?? []
  return ["json", "yaml", "yml", "template"].filter { ext in files.contains { $0.hasSuffix("." + ext) } }
    .map { "\(directory)/**/*.\($0)" }
}
if let corpus {
  // A directory of the user's own (public templates, a monorepo): one more row, on the same files.
  cases.append(
    Case(
      name: "validate DIR: \(corpusName ?? corpus)", target: "500 ms", infragen: ["validate", corpus], runs: 10,
      cfnLint: patterns(in: corpus),
      checkov: ["-d", corpus, "--framework", "cloudformation", "--quiet", "--compact", "--skip-download"],
      peerRuns: 1))
}
@MainActor func tool(_ name: String) -> String? {
  guard let venv, FileManager.default.isExecutableFile(atPath: "\(venv)/bin/\(name)") else { return nil }
  return "\(venv)/bin/\(name)"
}
func mebibytes(_ kib: Int) -> String {
  guard kib > 0 else { return "–" }
  let value = Double(kib) / 1024
  return String(format: value < 10 ? "%.1f MiB" : "%.0f MiB", value)
}
func ratio(_ theirs: Measurement, _ ours: Measurement) -> String {
  String(format: "%.0fx", theirs.median / ours.median)
}
var sideBySide = ""
if let binary {
  sideBySide =
    "| whole process, median | infragen (target) | peak memory | cfn-lint | peak memory | ratio | checkov | peak memory | ratio |\n"
  sideBySide += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
  // infragen's rows first, all of them, then the peers: a peer's run leaves the kernel freeing
  // and writing back hundreds of MiB, which the next runs would share the cores with.
  let ourMeasurements = cases.map { entry in
    wholeProcess(entry.name, executable: binary, arguments: entry.infragen, runs: entry.runs)
  }
  for (entry, ours) in zip(cases, ourMeasurements) {
    var line = "| `\(entry.name)` | \(milliseconds(ours.median)) (≤ \(entry.target)) | \(mebibytes(ours.peakKiB)) |"
    for (peer, arguments) in [("cfn-lint", entry.cfnLint), ("checkov", entry.checkov)] {
      guard let arguments, entry.peerRuns > 0, let executable = tool(peer) else {
        line += " – | – | – |"
        continue
      }
      let theirs = wholeProcess(
        "\(peer) \(entry.name)", executable: executable, arguments: arguments, runs: entry.peerRuns, warmups: 0,
        timed: true)
      line += " \(milliseconds(theirs.median)) | \(mebibytes(theirs.peakKiB)) | \(ratio(theirs, ours)) |"
    }
    sideBySide += line + "\n"
  }
}

// The flow computation grows with the rules: the same application with more services.
var scaling = "| services | resources | ingress rules | flows | isolation rules, median | per ingress rule |\n"
scaling += "| ---: | ---: | ---: | ---: | ---: | ---: |\n"
for count in [10, 20, 40, 80, 160] {
  let template = generated(services: count)
  let topology = Topology(template)
  let ingress = topology.rules.filter { $0.direction == .ingress }.count
  let measurement = inProcess("\(count) services", iterations: 40) { Validator(.isolation).validate(template).count }
  let (seconds, attoseconds) = measurement.median.components
  let perRule = (Double(seconds) * 1e6 + Double(attoseconds) / 1e12) / Double(max(ingress, 1))
  scaling += "| \(count) | \(template.resources.count) | \(ingress) | \(topology.flows.flows.count) | "
  scaling += "\(milliseconds(measurement.median)) | \(String(format: "%.1f µs", perRule)) |\n"
}

// Against another build, on the same files.
var comparison = ""
if let binary, let baseline {
  comparison = "| whole process, median of 30 runs | this build | baseline | ratio |\n| --- | ---: | ---: | ---: |\n"
  let cases: [(String, [String])] = [
    ("validate stack.json", ["validate", referencePath]),
    ("validate --rules isolation large.json", ["validate", "--rules", "isolation", largePath]),
    ("validate large.json", ["validate", largePath]),
    ("validate services.json", ["validate", servicesPath]),
  ]
  for (name, arguments) in cases {
    let ours = wholeProcess(name, executable: binary, arguments: arguments, runs: 30).median
    let theirs = wholeProcess(name, executable: baseline, arguments: arguments, runs: 30).median
    comparison += "| `infragen \(name)` | \(milliseconds(ours)) | \(milliseconds(theirs)) | "
    comparison += "\(String(format: "%.2fx", ours / theirs)) |\n"
  }
}

var table = "| benchmark | median | p90 |\n| --- | ---: | ---: |\n"
for row in rows {
  table += "| \(row.name) | \(milliseconds(row.median)) | \(milliseconds(row.p90)) |\n"
}
print(sideBySide, terminator: "")
print("\n" + table, terminator: "")
print("\n" + scaling, terminator: "")
if !comparison.isEmpty { print("\n" + comparison, terminator: "") }

if let readme {
  guard let text = try? String(contentsOfFile: readme, encoding: .utf8),
    let start = text.range(of: "<!-- bench:start -->\n"), let end = text.range(of: "<!-- bench:end -->")
  else {
    FileHandle.standardError.write(Data("infragen-bench: \(readme) has no bench:start/bench:end markers\n".utf8))
    exit(2)
  }
  var machine = "\(ProcessInfo.processInfo.activeProcessorCount) cores"
  if let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8).split(separator: "\n")
    .first(where: { $0.hasPrefix("model name") })?.split(separator: ":").last
  {
    machine = "\(cpu.trimmingCharacters(in: .whitespaces)), " + machine
  }
  let block =
    "Measured by `make bench` (the static release binary, \(machine)), whole processes from spawn to exit, "
    + "against cfn-lint and checkov from `.venv` on the same files (the ratio is how many times longer they take):\n\n"
    + sideBySide
    + "\nMore figures, in-process and whole-process:\n\n" + table
    + "\nThe flow check grows with the rules, not with their square: the generated application with more services:\n\n"
    + scaling
  let updated = text.replacingCharacters(in: start.upperBound..<end.lowerBound, with: block)
  do { try updated.write(toFile: readme, atomically: true, encoding: .utf8) } catch {
    FileHandle.standardError.write(Data("infragen-bench: cannot write \(readme): \(error)\n".utf8))
    exit(2)
  }
}
