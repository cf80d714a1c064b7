import InfragenCore
import InfragenFormats

/// A snapshot directory, read: each command's items, from the files that were captured.
public struct Snapshot: Sendable {
  /// One file's items, with where the file is.
  public struct File: Sendable {
    /// The path as the user gave the directory, joined with the file's name.
    public var path: String
    /// The command that wrote it.
    public var command: SnapshotCommand
    /// Its number, for a per-resource command.
    public var number: Int?
    /// The items under the command's key.
    public var items: [TemplateValue]
    /// Where each item with an ID stands in the file, by its ID.
    public var positions: [String: SourcePosition] = [:]
  }

  /// The keys that name an item of a command's output: the first one an item has is its ID.
  static let idKeys = [
    "SecurityGroupRuleId", "GroupId", "NetworkInterfaceId", "SubnetId", "RouteTableId", "NetworkAclId", "InstanceId",
    "VpcEndpointId", "LoadBalancerName", "ListenerArn", "RuleArn", "TargetGroupName", "serviceName",
    "DBInstanceIdentifier", "DBClusterIdentifier", "ReplicationGroupId", "CacheClusterId", "DomainName", "FunctionName",
  ]

  /// What is wrong with one file of a snapshot: one line, with the file and the place.
  public struct Problem: Error, Sendable, Equatable {
    /// The file.
    public var file: String
    /// Where in it, when known.
    public var position: SourcePosition?
    /// What is wrong.
    public var message: String

    /// `DIR/ec2-describe-subnets.json:3:5: ...`.
    public var line: String {
      let place = position.map { ":\($0.line):\($0.column)" } ?? ""
      return "\(file)\(place): \(message)"
    }
  }

  /// The directory as given.
  public var directory: String
  /// The files read, by command, in name and number order.
  public var files: [File]
  /// The commands of which no file was found.
  public var notCaptured: [SnapshotCommand]
  /// The names of files in the directory that are no snapshot file.
  public var otherFiles: [String]

  /// The items of one command, over all its files, in file order.
  public func items(_ service: String, _ command: String) -> [TemplateValue] {
    files.filter { $0.command.service == service && $0.command.command == command }.flatMap(\.items)
  }

  /// The items of a per-resource command's file, by number.
  public func items(_ service: String, _ command: String, number: Int) -> [TemplateValue]? {
    files.first { $0.command.service == service && $0.command.command == command && $0.number == number }?.items
  }

  /// Whether a command's output was captured.
  public func captured(_ service: String, _ command: String) -> Bool {
    !notCaptured.contains { $0.service == service && $0.command == command }
  }

  /// Reads a snapshot from its files' names and contents.
  /// - Throws: every problem at once: a file that is not JSON (a truncated one), a file that
  ///   holds another command's output, a directory with no snapshot file.
  public static func read(directory: String, files given: [(name: String, bytes: [UInt8])]) throws(ProblemList)
    -> Snapshot
  {
    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
    var files: [File] = []
    var problems: [Problem] = []
    var others: [String] = []
    for (name, bytes) in given.sorted(by: { order($0.name) < order($1.name) }) {
      guard let (command, number) = SnapshotCommand.parse(fileName: name) else {
        others.append(name)
        continue
      }
      let path = prefix + name
      do {
        let (value, map) = try JSONReader.parseValue(bytes, file: path)
        guard case .object(let fields) = value else {
          problems.append(
            Problem(
              file: path, position: map.position(of: []),
              message: "expected the JSON object that 'aws \(command.service) \(command.command)' prints"))
          continue
        }
        guard let items = fields[command.key] else {
          let other = SnapshotCommand.all.first { candidate in fields[candidate.key] != nil }
          let found =
            other.map { "the output of 'aws \($0.service) \($0.command)' ('\($0.key)')" }
            ?? "no '\(command.key)' (keys: \(fields.keys.prefix(5).joined(separator: ", ")))"
          problems.append(
            Problem(
              file: path, position: map.position(of: []),
              message: "holds \(found), not the output of 'aws \(command.service) \(command.command)'; capture it again"
            ))
          continue
        }
        guard case .list(let list) = items else {
          problems.append(
            Problem(
              file: path, position: map.position(of: [.key(command.key)]),
              message: "'\(command.key)' must be a list, as 'aws \(command.service) \(command.command)' prints it"))
          continue
        }
        var file = File(path: path, command: command, number: number, items: list)
        for (index, item) in list.enumerated() {
          let place: [PathComponent] = [.key(command.key), .index(index)]
          if let id = Self.idKeys.lazy.compactMap({ item[$0]?.stringValue }).first {
            file.positions[id] = map.position(of: place)
          }
          for (inner, instance) in (item["Instances"]?.listValue ?? []).enumerated() {
            if let id = instance["InstanceId"]?.stringValue {
              file.positions[id] = map.position(of: place + [.key("Instances"), .index(inner)])
            }
          }
        }
        files.append(file)
      } catch {
        problems.append(Problem(file: path, position: error.position, message: error.message))
      }
    }
    if !problems.isEmpty { throw ProblemList(problems: problems) }
    guard !files.isEmpty else {
      throw ProblemList(problems: [
        Problem(
          file: directory, position: nil,
          message:
            "holds no snapshot file (such as ec2-describe-security-groups.json); write them with 'infragen audit capture --run \(directory)'"
        )
      ])
    }
    let captured = Set(files.map(\.command))
    return Snapshot(
      directory: directory, files: files, notCaptured: SnapshotCommand.all.filter { !captured.contains($0) },
      otherFiles: others)
  }

  /// Files in command order, then by number.
  private static func order(_ name: String) -> (Int, Int, String) {
    guard let (command, number) = SnapshotCommand.parse(fileName: name) else { return (Int.max, 0, name) }
    return (SnapshotCommand.all.firstIndex(of: command) ?? Int.max, number ?? 0, name)
  }
}

/// Every problem of a snapshot, one line each.
public struct ProblemList: Error, Sendable {
  /// The problems, in file order.
  public var problems: [Snapshot.Problem]
}
