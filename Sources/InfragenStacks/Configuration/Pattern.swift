/// A rule for a text setting, with the words that say what is allowed.
struct Pattern: Sendable, CustomStringConvertible {
  let description: String
  let matches: @Sendable (String) -> Bool

  static func characters(_ text: Substring, allowed: (Character) -> Bool) -> Bool {
    !text.isEmpty && text.allSatisfy(allowed)
  }

  static func isLowerAlphanumeric(_ character: Character) -> Bool {
    character.isASCII && (character.isLowercase || character.isNumber)
  }

  /// A service name: a letter, then letters, digits, `-` or `_`, at most 32 characters.
  static let serviceName = Pattern(description: "a letter, then letters, digits, - or _, at most 32 characters") {
    text in
    guard let first = text.first, first.isASCII, first.isLetter, text.count <= 32 else { return false }
    return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
  }

  /// An HTTP path.
  static let healthCheckPath = Pattern(description: "a path starting with /, at most 1024 characters") { text in
    text.hasPrefix("/") && text.count <= 1024 && !text.contains(" ")
  }

  /// An environment variable name.
  static let variableName = Pattern(description: "capital letters, digits and _, not starting with a digit") { text in
    guard let first = text.first, !first.isNumber else { return false }
    return text.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }
  }

  /// A dotted version such as `8.4.7` or `7.1`.
  static let version = Pattern(description: "a version such as 8.4.7") { text in
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    return (2...3).contains(parts.count) && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
  }

  /// An instance class with a fixed prefix: `db.t4g.medium`, `cache.r7g.large`.
  static func instanceClass(prefix: String, example: String) -> Pattern {
    Pattern(description: "an instance class such as \(example)") { text in
      guard text.hasPrefix(prefix + ".") else { return false }
      let parts = text.dropFirst(prefix.count + 1).split(separator: ".", omittingEmptySubsequences: false)
      return parts.count == 2 && parts.allSatisfy { characters($0, allowed: isLowerAlphanumeric) }
    }
  }

  /// An OpenSearch instance type: `m6g.large.search`.
  static let searchInstanceType = Pattern(description: "an OpenSearch instance type such as m6g.large.search") { text in
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 3 && parts[2] == "search"
      && parts.prefix(2).allSatisfy { characters($0, allowed: isLowerAlphanumeric) }
  }

  /// An OpenSearch engine version: `OpenSearch_2.13` or `Elasticsearch_7.10`.
  static let searchVersion = Pattern(description: "OpenSearch_X.Y or Elasticsearch_X.Y, such as OpenSearch_2.13") {
    text in
    for prefix in ["OpenSearch_", "Elasticsearch_"] where text.hasPrefix(prefix) {
      let parts = text.dropFirst(prefix.count).split(separator: ".", omittingEmptySubsequences: false)
      return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }
    return false
  }

  /// An RDS engine version: `8.4.7`, `16.8`, `8.0.mysql_aurora.3.08.0`.
  static let engineVersion = Pattern(description: "an engine version such as 8.4.7 or 8.0.mysql_aurora.3.08.0") {
    text in
    guard let first = text.first, first.isNumber, text.count <= 64 else { return false }
    return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "_" || $0 == "-") }
  }

  /// A listener rule's path: starts with `/`, at most 128 characters, `*` and `?` as wildcards.
  static let routePath = Pattern(description: "a path starting with /, such as /api/*, at most 128 characters") {
    text in
    text.hasPrefix("/") && text.count <= 128 && !text.contains(" ")
  }

  /// A host name, with `*` allowed as a label: `shop.example.com`, `*.example.com`.
  static let hostName = Pattern(description: "a host name such as shop.example.com, at most 128 characters") {
    text in
    let labels = text.split(separator: ".", omittingEmptySubsequences: false)
    return text.count <= 128 && labels.count >= 2
      && labels.allSatisfy { label in
        label == "*"
          || (!label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
            && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
      }
  }

  /// A Route 53 hosted zone ID: `Z` and up to 32 upper-case letters and digits.
  static let hostedZoneID = Pattern(description: "a hosted zone ID such as Z0123456789ABCDEFGHIJ") { text in
    text.hasPrefix("Z") && (2...32).contains(text.count)
      && text.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) }
  }

  /// An EventBridge schedule: `rate(...)` or `cron(...)`.
  static let schedule = Pattern(description: "rate(...) or cron(...), such as cron(0 3 * * ? *)") { text in
    (text.hasPrefix("rate(") || text.hasPrefix("cron(")) && text.hasSuffix(")") && text.count > 6
  }
}
