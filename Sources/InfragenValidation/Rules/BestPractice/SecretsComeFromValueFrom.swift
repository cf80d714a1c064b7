import InfragenCore

/// ECS containers get secrets through `Secrets` (`ValueFrom`), never as plain environment
/// variables, which anyone who can describe the task definition can read.
///
/// Lint: an entry of `ContainerDefinitions[*].Environment` in an `AWS::ECS::TaskDefinition` raises
/// a warning when, in any branch of an `Fn::If`,
/// - its `Name` looks like a secret (`PASSWORD`, `PASSWD`, `SECRET`, `TOKEN`, `API_KEY`, `APIKEY`,
///   `PRIVATE_KEY`, `CREDENTIAL`, in any case, unless it ends like `_ARN`, `_NAME`, `_ID`, `_URL`,
///   `_ENDPOINT` or `_LENGTH`) and its `Value` is a literal string (not empty, a number or a flag
///   such as `true`);
/// - its `Value` looks like a secret whatever the name: an AWS access key ID (`AKIA`/`ASIA` and 16
///   more), or a PEM private key;
/// - its `Value` is a `{{resolve:secretsmanager:…}}` or `{{resolve:ssm-secure:…}}` dynamic
///   reference, plain or inside `Fn::Sub`: CloudFormation writes the resolved secret into the task
///   definition.
///
/// Other intrinsics (`Ref`, `Fn::GetAtt`, an `Fn::Sub` with placeholders) are not literals.
public struct SecretsComeFromValueFrom: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "ECS containers take secrets from Secrets/ValueFrom, not literal environment variables (cdk-nag AwsSolutions-ECS2)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning
  /// Reads only the template.
  public static let readsTopology = false

  /// Words that make a variable name look secret, after uppercasing and turning `-` and `.` into `_`.
  static let secretWords = [
    "PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY", "PRIVATEKEY", "CREDENTIAL",
  ]
  /// Endings that make such a name a pointer to a secret, or a setting about one, rather than the secret.
  static let harmlessEndings = [
    "_ARN", "_NAME", "_ID", "_URL", "_URI", "_ENDPOINT", "_PATH", "_FILE", "_TTL", "_LENGTH", "_EXPIRY",
    "_TIMEOUT", "_SECONDS", "_REGION", "_HEADER", "_ENABLED", "_PROVIDER", "_MODE", "_TYPE", "_ALGORITHM",
    "_VERSION",
  ]
  /// Values that are settings, not secrets.
  static let harmlessValues: Set<String> = ["", "true", "false", "yes", "no", "on", "off", "none", "null"]

  /// The rule.
  public init() {}

  /// Checks each container's environment.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for resource in context.template.resources where resource.type == "AWS::ECS::TaskDefinition" {
      var seen = Set<[Int]>()
      for (containerIndex, container) in Values.elements(resource[property: "ContainerDefinitions"]) {
        let containerName =
          Setting.values(container, at: ["Name"]).compactMap(Setting.text).first ?? "#\(containerIndex)"
        for (entryIndex, entry) in Values.elements(container["Environment"]) {
          let name = Setting.values(entry, at: ["Name"]).compactMap(Setting.text).first
          let problems = Setting.branches(entry["Value"]).compactMap { Self.problem(name: name, value: $0) }
          guard let problem = problems.first, seen.insert([containerIndex, entryIndex]).inserted else { continue }
          let path: [PathComponent] = [
            .key("Properties"), .key("ContainerDefinitions"), .index(containerIndex), .key("Environment"),
            .index(entryIndex),
          ]
          findings.append(
            finding(
              .init(resource.logicalID, path),
              "environment variable '\(name ?? "#\(entryIndex)")' of container '\(containerName)' \(problem); pass it in Secrets with ValueFrom (a Secrets Manager secret or an SSM SecureString parameter)"
            ))
        }
      }
    }
    return findings
  }

  /// What is wrong with one value of a variable, or `nil`.
  static func problem(name: String?, value: TemplateValue?) -> String? {
    guard let value else { return nil }
    var scanned: String?
    var literal: String?
    switch value {
    case .string(let text):
      scanned = text
      literal = text
    case .intrinsic(.sub(let text, let variables)):
      scanned = text
      if variables.isEmpty && ReferencesResolve.placeholders(text).isEmpty { literal = text }
    default:
      return nil
    }
    if let text = scanned {
      if text.contains("{{resolve:secretsmanager:") || text.contains("{{resolve:ssm-secure:") {
        return
          "holds a dynamic reference to a secret, which CloudFormation resolves into the task definition in plaintext"
      }
      if containsAccessKeyID(text) { return "holds what looks like an AWS access key ID" }
      if isPrivateKey(text) { return "holds a private key" }
    }
    if let literal, let name, looksSecret(name: name), !isHarmless(literal) {
      return "holds a literal secret"
    }
    return nil
  }

  /// Whether a variable name looks like it holds a secret.
  static func looksSecret(name: String) -> Bool {
    if name.utf8.allSatisfy({ $0 < 0x80 }), !holdsSecretWord(name) { return false }
    let normalized = name.uppercased().replacing("-", with: "_").replacing(".", with: "_")
    guard secretWords.contains(where: { normalized.contains($0) }) else { return false }
    return !harmlessEndings.contains { normalized.hasSuffix($0) }
  }

  /// The words of ``secretWords`` as bytes.
  private static let secretWordBytes = secretWords.map { Array($0.utf8) }

  /// Whether an ASCII name, uppercased and with `-` and `.` read as `_`, holds one of
  /// ``secretWords``: over its bytes, with no string made.
  private static func holdsSecretWord(_ name: String) -> Bool {
    let bytes = name.utf8.map { byte -> UInt8 in
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"): byte & ~0x20
      case UInt8(ascii: "-"), UInt8(ascii: "."): UInt8(ascii: "_")
      default: byte
      }
    }
    return secretWordBytes.contains { word in
      word.count <= bytes.count
        && (0...(bytes.count - word.count)).contains { start in
          word.indices.allSatisfy { bytes[start + $0] == word[$0] }
        }
    }
  }

  /// Whether a literal is a setting rather than a secret: empty, a number, or a flag.
  static func isHarmless(_ literal: String) -> Bool {
    let trimmed = literal.trimming(" ")
    return harmlessValues.contains(trimmed.lowercased()) || trimmed.allSatisfy(\.isNumber)
  }

  /// Whether text holds an AWS access key ID: `AKIA` or `ASIA` and 16 uppercase letters or digits.
  static func containsAccessKeyID(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    guard scalars.count >= 20 else { return false }
    func isKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
      ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
    for start in 0...(scalars.count - 20) {
      let prefix = String(String.UnicodeScalarView(scalars[start..<(start + 4)]))
      guard prefix == "AKIA" || prefix == "ASIA" else { continue }
      if scalars[(start + 4)..<(start + 20)].allSatisfy(isKeyCharacter),
        start + 20 == scalars.count || !isKeyCharacter(scalars[start + 20])
      {
        return true
      }
    }
    return false
  }

  /// Whether text is a PEM private key.
  static func isPrivateKey(_ text: String) -> Bool {
    text.drop { $0.isWhitespace }.hasPrefix("-----BEGIN") && text.contains("PRIVATE KEY")
  }
}
