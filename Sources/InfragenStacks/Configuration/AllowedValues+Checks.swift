import InfragenCore

extension AllowedValues {
  /// The words of a generated list.
  static func words(_ text: String) -> [String] {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
  }

  /// Why `version` is not an engine version to render, or `nil` when it is one: unknown to
  /// cfn-lint, or deprecated.
  static func databaseVersionProblem(engine: String, version: String) -> String? {
    guard let table = databaseEngines[engine] else { return "infragen does not render the engine '\(engine)'" }
    let known = words(table.versions)
    let deprecated = Set(words(table.deprecated))
    let current = known.filter { !deprecated.contains($0) }
    if deprecated.contains(version) {
      return
        "\(engine) \(version) is deprecated (cfn-lint warns about it); choose a current version: \(current.joined(separator: ", "))"
    }
    guard known.contains(version) else {
      let hint = Suggestion.closest(to: version, in: current).map { "; did you mean '\($0)'?" } ?? ""
      return
        "'\(version)' is not a \(engine) version RDS offers\(hint) (current versions: \(current.joined(separator: ", ")))"
    }
    return nil
  }

  /// The instance classes RDS offers for an engine at a version, in us-east-1.
  static func databaseInstanceClasses(engine: String, version: String) -> [String] {
    guard let table = databaseEngines[engine] else { return [] }
    var allowed = Set(words(classLists[table.classes]))
    for (family, index) in table.families where version == family || version.hasPrefix(family + ".") {
      allowed.formIntersection(words(classLists[index]))
    }
    return allowed.sorted()
  }

  /// Why `instanceClass` cannot run `engine` at `version`, or `nil` when it can.
  static func databaseClassProblem(engine: String, version: String, instanceClass: String) -> String? {
    let allowed = databaseInstanceClasses(engine: engine, version: version)
    guard !allowed.contains(instanceClass) else { return nil }
    return unknown(instanceClass, "an instance class RDS offers for \(engine) \(version)", allowed)
  }

  /// Why `nodeType` is not an ElastiCache node type, or `nil` when it is one.
  static func cacheNodeTypeProblem(_ nodeType: String) -> String? {
    let allowed = words(cacheNodeTypes)
    return allowed.contains(nodeType) ? nil : unknown(nodeType, "an ElastiCache node type", allowed)
  }

  /// Why `version` is not a version of the cache engine, or `nil` when it is one.
  static func cacheVersionProblem(engine: String, version: String) -> String? {
    let allowed = cacheEngineVersions[engine].map(words) ?? []
    return allowed.contains(version) ? nil : unknown(version, "a \(engine) version ElastiCache offers", allowed)
  }

  /// Why `instanceType` is not an OpenSearch instance type (`family.size.search`, of a family
  /// OpenSearch offers and a size EC2 has), or `nil` when it is one.
  static func searchInstanceTypeProblem(_ instanceType: String) -> String? {
    let parts = instanceType.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    let families = words(searchInstanceFamilies)
    let sizes = words(searchInstanceSizes)
    guard parts.count == 3, parts[2] == "search" else {
      return "'\(instanceType)' is not an OpenSearch instance type (family.size.search, such as r7g.large.search)"
    }
    if !families.contains(parts[0]) {
      let hint = Suggestion.closest(to: parts[0], in: families).map { "; did you mean '\($0)'?" } ?? ""
      return
        "'\(instanceType)' is not an OpenSearch instance type: no family '\(parts[0])'\(hint) (families: \(families.joined(separator: ", ")))"
    }
    if !sizes.contains(parts[1]) {
      let hint = Suggestion.closest(to: parts[1], in: sizes).map { "; did you mean '\($0)'?" } ?? ""
      return
        "'\(instanceType)' is not an OpenSearch instance type: no size '\(parts[1])'\(hint) (sizes: \(sizes.joined(separator: ", ")))"
    }
    return nil
  }

  /// `'db.x9.huge' is not an instance class ...; did you mean 'db.x2g.large'? (allowed: ...)`.
  private static func unknown(_ value: String, _ what: String, _ allowed: [String]) -> String {
    let hint = Suggestion.closest(to: value, in: allowed).map { "; did you mean '\($0)'?" } ?? ""
    return "'\(value)' is not \(what)\(hint) (allowed: \(compact(allowed)))"
  }

  /// Names grouped by family, each family once: `db.t4g.{medium,large}, db.m7g.large`.
  static func compact(_ names: [String]) -> String {
    var groups: [(family: String, sizes: [String])] = []
    for name in names {
      guard let dot = name.lastIndex(of: "."), dot != name.startIndex else {
        groups.append((name, []))
        continue
      }
      // `m6g.large.search` groups by `m6g` with the suffix kept on the size.
      let parts = name.split(separator: ".").map(String.init)
      let (family, size): (String, String)
      if parts.count >= 3, parts[0] == "db" || parts[0] == "cache" {
        family = parts[0...1].joined(separator: ".")
        size = parts[2...].joined(separator: ".")
      } else {
        family = parts[0]
        size = parts[1...].joined(separator: ".")
      }
      if let last = groups.indices.last, groups[last].family == family {
        groups[last].sizes.append(size)
      } else {
        groups.append((family, [size]))
      }
    }
    return groups.map { group in
      switch group.sizes.count {
      case 0: return group.family
      case 1: return "\(group.family).\(group.sizes[0])"
      default: return "\(group.family).{\(group.sizes.joined(separator: ","))}"
      }
    }.joined(separator: ", ")
  }
}
