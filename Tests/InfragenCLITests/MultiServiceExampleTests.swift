import Foundation
import Testing

/// `swift run MultiServiceExample`: its render is the checked-in `Templates/services.json`, which
/// `infragen validate` finds clean; a reachability computed here from the JSON alone, without the
/// validator, gives exactly the flows of the issue; and a rule that lets `web` reach the database
/// is caught.
@Suite(.enabled(if: Tools.binary != nil && Example.binary != nil, Comment(rawValue: Example.missing)))
struct MultiServiceExampleTests {
  @Test func itPrintsTheCheckedInTemplate() throws {
    let result = try Example.render()
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    let golden = try String(contentsOf: Example.golden, encoding: .utf8)
    #expect(result.stdout == golden)
  }

  @Test func validateFindsNothing() throws {
    let result = try Tools.infragen(["validate", Example.golden.path])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout == "0 errors, 0 warnings in 1 template (111 resources)\n")
  }

  @Test func eachWorkloadIsReachedByExactlyWhatUsesIt() throws {
    let reach = try Reachability(template: Example.template())
    #expect(reach.sources(of: "LoadBalancer") == ["0.0.0.0/0:443", "0.0.0.0/0:80"])
    #expect(reach.sources(of: "WebService") == ["LoadBalancer:3000"])
    #expect(reach.sources(of: "ApiService") == ["LoadBalancer:8080"])
    #expect(reach.sources(of: "Database") == ["ApiService:5432", "WorkerService:5432"])
    #expect(reach.sources(of: "Cache") == ["ApiService:6379"])
    #expect(reach.sources(of: "WorkerService") == [])
  }

  @Test func webGivenTheDatabaseIsCaught() throws {
    var template = try Example.template()
    var resources = try #require(template["Resources"] as? [String: Any])
    let web = ["Fn::GetAtt": ["WebSecurityGroup", "GroupId"]]
    let database = ["Fn::GetAtt": ["DatabaseSecurityGroup", "GroupId"]]
    resources["DatabaseFromWebService"] = [
      "Type": "AWS::EC2::SecurityGroupIngress",
      "Properties": [
        "GroupId": database, "SourceSecurityGroupId": web, "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
      ],
    ]
    resources["WebServiceToDatabase"] = [
      "Type": "AWS::EC2::SecurityGroupEgress",
      "Properties": [
        "GroupId": web, "DestinationSecurityGroupId": database, "IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432,
      ],
    ]
    template["Resources"] = resources
    // The independent check sees the new path ...
    #expect(try Reachability(template: template).sources(of: "Database").contains("WebService:5432"))

    // ... and so does the validator, through the flows the example recorded.
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("infragen-example-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("services.json")
    try JSONSerialization.data(withJSONObject: template, options: [.sortedKeys]).write(to: file)
    let result = try Tools.infragen(["validate", file.path])
    #expect(result.status == 1)
    #expect(result.stdout.contains("DatabaseFromWebService"), "\(result.stdout)")
    #expect(result.stdout.contains("WebService"))
  }
}

/// The example binary and its checked-in render.
enum Example {
  static let binary: URL? = {
    let url = Tools.productsDirectory.appendingPathComponent("MultiServiceExample")
    return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
  }()
  static let missing =
    "infragen and MultiServiceExample are not built beside the tests (swift build; make test builds them)"
  static let golden = Tools.packageRoot.appendingPathComponent("Templates/services.json")

  static func render() throws -> (status: Int32, stdout: String, stderr: String) {
    guard let binary else { throw Tools.MissingTool(reason: missing) }
    return try Tools.run(binary, [])
  }

  static func template() throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: golden))
    return try #require(object as? [String: Any])
  }
}

/// Who reaches whom over TCP, from security groups alone: a flow from workload A to workload B on
/// port P needs an ingress rule on one of B's groups admitting one of A's groups (or a CIDR) on P,
/// and, when A's groups list their egress, an egress rule to B's group (or a CIDR covering all
/// addresses) on P. Written apart from the validator, as a second opinion on the example.
struct Reachability {
  /// The groups each workload carries.
  var groups: [String: [String]] = [:]
  /// Ingress per group: (source group or CIDR, from port, to port).
  var ingress: [String: [(source: String, from: Int, to: Int)]] = [:]
  /// Egress per group, when the group lists it.
  var egress: [String: [(destination: String, from: Int, to: Int)]] = [:]

  init(template: [String: Any]) throws {
    let resources = try #require(template["Resources"] as? [String: [String: Any]])
    for (id, resource) in resources {
      let type = resource["Type"] as? String ?? ""
      let properties = resource["Properties"] as? [String: Any] ?? [:]
      switch type {
      case "AWS::ECS::Service":
        let network = properties["NetworkConfiguration"] as? [String: Any]
        let awsvpc = network?["AwsvpcConfiguration"] as? [String: Any]
        groups[id] = Self.names(awsvpc?["SecurityGroups"])
      case "AWS::Events::Rule":
        let targets = properties["Targets"] as? [[String: Any]] ?? []
        let ecs = targets.first?["EcsParameters"] as? [String: Any]
        let network = ecs?["NetworkConfiguration"] as? [String: Any]
        let awsvpc = network?["AwsVpcConfiguration"] as? [String: Any]
        groups[id] = Self.names(awsvpc?["SecurityGroups"])
      case "AWS::RDS::DBCluster": groups[id] = Self.names(properties["VpcSecurityGroupIds"])
      case "AWS::RDS::DBInstance" where properties["DBClusterIdentifier"] == nil:
        groups[id] = Self.names(properties["VPCSecurityGroups"])
      case "AWS::ElastiCache::ReplicationGroup": groups[id] = Self.names(properties["SecurityGroupIds"])
      case "AWS::OpenSearchService::Domain":
        groups[id] = Self.names((properties["VPCOptions"] as? [String: Any])?["SecurityGroupIds"])
      case "AWS::ElasticLoadBalancingV2::LoadBalancer": groups[id] = Self.names(properties["SecurityGroups"])
      case "AWS::EC2::SecurityGroup":
        for rule in properties["SecurityGroupIngress"] as? [[String: Any]] ?? [] {
          ingress[id, default: []].append(Self.entry(rule, peer: "SourceSecurityGroupId"))
        }
        if let rules = properties["SecurityGroupEgress"] as? [[String: Any]] {
          egress[id, default: []] += rules.map { Self.entry($0, peer: "DestinationSecurityGroupId") }
        }
      case "AWS::EC2::SecurityGroupIngress":
        let group = Self.name(properties["GroupId"]) ?? id
        ingress[group, default: []].append(Self.entry(properties, peer: "SourceSecurityGroupId"))
      case "AWS::EC2::SecurityGroupEgress":
        let group = Self.name(properties["GroupId"]) ?? id
        egress[group, default: []].append(Self.entry(properties, peer: "DestinationSecurityGroupId"))
      default: break
      }
    }
  }

  /// The workloads (and CIDRs) that reach `target`, as `Source:port`, sorted.
  func sources(of target: String) -> [String] {
    var found: Set<String> = []
    for group in groups[target] ?? [] {
      for rule in ingress[group] ?? [] where rule.from == rule.to {
        if rule.source.contains("/") {
          found.insert("\(rule.source):\(rule.from)")
          continue
        }
        for (source, carried) in groups where carried.contains(rule.source) && leaves(source, to: group, on: rule.from)
        {
          found.insert("\(source):\(rule.from)")
        }
      }
    }
    return found.sorted()
  }

  /// Whether `source`'s egress lets a connection to `group` on `port` out.
  func leaves(_ source: String, to group: String, on port: Int) -> Bool {
    (groups[source] ?? []).contains { carried in
      guard let rules = egress[carried] else { return true }
      return rules.contains {
        ($0.destination == group || $0.destination == "0.0.0.0/0") && $0.from <= port && port <= $0.to
      }
    }
  }

  static func entry(_ rule: [String: Any], peer: String) -> (String, Int, Int) {
    let source = name(rule[peer]) ?? (rule["CidrIp"] as? String) ?? (rule["CidrIpv6"] as? String) ?? "?"
    return (source, rule["FromPort"] as? Int ?? -1, rule["ToPort"] as? Int ?? -1)
  }

  /// The logical ID a `Ref` or `Fn::GetAtt` names.
  static func name(_ value: Any?) -> String? {
    guard let object = value as? [String: Any] else { return nil }
    if let ref = object["Ref"] as? String { return ref }
    return (object["Fn::GetAtt"] as? [String])?.first
  }

  static func names(_ value: Any?) -> [String] { (value as? [Any] ?? []).compactMap(name) }
}
