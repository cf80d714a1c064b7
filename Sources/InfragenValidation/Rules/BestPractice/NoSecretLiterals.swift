import InfragenCore

/// Passwords, tokens and keys never stand in the template as literals.
///
/// Lint: a resource property, at any depth, whose key names a secret and whose value is a
/// literal string, in any branch of an `Fn::If`, raises a warning. A key names a secret when,
/// lowercased and without `_` and `-`, it ends in `password`, `passwd`, `passphrase`, `secret`,
/// `secretstring`, `token`, `accesskey`, `secretkey`, `apikey`, `privatekey` or `presharedkey`
/// (so `MasterUserPassword`, `AuthToken`, `ClientSecret`, `SecretAccessKey`, a Lambda variable
/// `DB_PASSWORD`), but not when it ends otherwise (`SecretId`, `SecretArn`, `KmsKeyId`,
/// `PasswordLength`, `SecretStringTemplate`, `TokenKeyName`, `AuthTokenUpdateStrategy`) or is
/// `GenerateSecretString`, `ManageMasterUserPassword`, `GenerateSecret` or an idempotency
/// `ClientToken`. A `{{resolve:…}}` dynamic reference, a `Ref`, `Fn::GetAtt` or `Fn::Sub` with
/// placeholders is not a literal; an `Fn::Sub` without placeholders is. Empty strings and flags
/// (`true`, `false`) are not secrets. Environment entries of ECS containers are
/// ``SecretsComeFromValueFrom``'s.
///
/// Also: a parameter whose name names a secret, with a `Default` and without `NoEcho: true`, raises
/// a warning, since its default value stands in the template and every console shows it.
public struct NoSecretLiterals: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "Secrets are dynamic references or NoEcho parameters, never literals (cfn_nag F23, F34, F35, F44 and its other password rules)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning
  /// Reads only the template.
  public static let readsTopology = false

  /// Endings of a normalized key that names a secret.
  static let secretEndings = [
    "password", "passwd", "passphrase", "secret", "secretstring", "token", "accesskey", "secretkey", "apikey",
    "privatekey", "presharedkey",
  ]
  /// Keys that end like a secret but hold something else.
  static let exceptions: Set<String> = [
    "generatesecretstring", "managemasteruserpassword", "generatesecret", "clienttoken", "idempotencytoken",
  ]

  /// The rule.
  public init() {}

  /// Walks every resource's properties, and the parameters.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    var seen = Set<Diagnostic.Location>()
    var owner: LogicalID = ""
    var path: [PathComponent] = []

    func visit(_ value: TemplateValue) {
      switch value {
      case .object(let fields):
        for field in fields {
          path.append(.key(field.key))
          if Self.namesSecret(field.key),
            Setting.branches(field.value).contains(where: { Self.literal($0) != nil }),
            seen.insert(.init(owner, path)).inserted
          {
            findings.append(
              finding(
                .init(owner, path),
                "'\(field.key)' of '\(owner)' is a literal secret, readable by anyone who can read the template or the stack; use a {{resolve:secretsmanager:…}} dynamic reference, or a Ref to a NoEcho parameter without a Default"
              ))
          }
          visit(field.value)
          path.removeLast()
        }
      case .list(let elements):
        for (index, element) in elements.enumerated() {
          path.append(.index(index))
          visit(element)
          path.removeLast()
        }
      case .intrinsic(.if(_, let whenTrue, let whenFalse)):
        visit(whenTrue)
        visit(whenFalse)
      default:
        break
      }
    }

    for resource in context.template.resources {
      guard let properties = resource.properties else { continue }
      owner = resource.logicalID
      path = [.key("Properties")]
      visit(.object(properties))
    }

    for parameter in context.template.parameters where Self.namesSecret(parameter.key) {
      guard let definition = parameter.value.objectValue,
        let defaultValue = definition["Default"], Self.literal(defaultValue) != nil,
        Values.boolean(definition["NoEcho"]) != true,
        !(definition["Type"]?.stringValue ?? "").hasPrefix("AWS::SSM::Parameter::")
      else { continue }
      findings.append(
        finding(
          .init(LogicalID(parameter.key), [.key("Default")], section: "Parameters"),
          "parameter '\(parameter.key)' has a Default and no NoEcho, so its value stands in the template and shows in every console; remove the Default and set NoEcho to true, or use a {{resolve:secretsmanager:…}} dynamic reference"
        ))
    }
    return findings
  }

  /// Whether a property or parameter name names a secret.
  static func namesSecret(_ key: String) -> Bool {
    if !mayEndLikeSecret(key) { return false }
    if key.utf8.allSatisfy({ $0 < 0x80 }), !endsLikeSecret(key) { return false }
    let normalized = key.lowercased().filter { $0 != "_" && $0 != "-" }
    guard !exceptions.contains(normalized) else { return false }
    return secretEndings.contains { normalized.hasSuffix($0) }
  }

  /// The last letters of ``secretEndings``.
  private static let lastLetters = Array(Set(secretEndings.compactMap(\.utf8.last))).sorted()

  /// Whether a key's last character that is not `_` or `-` may end one of ``secretEndings``: it
  /// is one of their last letters, in either case, or not ASCII (which only the whole check
  /// judges). Most keys end otherwise, and this looks at one byte.
  private static func mayEndLikeSecret(_ key: String) -> Bool {
    var key = key
    return key.withUTF8 { bytes in
      guard let last = bytes.last(where: { $0 != UInt8(ascii: "_") && $0 != UInt8(ascii: "-") }) else {
        return false
      }
      return last >= 0x80 || lastLetters.contains(last | 0x20)
    }
  }

  /// The endings of ``secretEndings`` as bytes, last byte first.
  private static let reversedEndings = secretEndings.map { Array($0.utf8.reversed()) }

  /// Whether an ASCII key, lowercased and without `_` and `-`, ends in one of ``secretEndings``:
  /// read backwards over its bytes, with no string made.
  private static func endsLikeSecret(_ key: String) -> Bool {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 12) { normalized in
      var count = 0
      for byte in key.utf8.reversed() where byte != UInt8(ascii: "_") && byte != UInt8(ascii: "-") {
        normalized[count] = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
        count += 1
        if count == normalized.count { break }
      }
      return reversedEndings.contains { ending in
        ending.count <= count && ending.indices.allSatisfy { ending[$0] == normalized[$0] }
      }
    }
  }

  /// The literal text a value spells out, when it is a secret-like literal: a string, or an
  /// `Fn::Sub` without placeholders, that is not empty, not a flag and holds no dynamic reference.
  static func literal(_ value: TemplateValue?) -> String? {
    let text: String
    switch value {
    case .string(let string)?:
      text = string
    case .intrinsic(.sub(let template, let variables))?
    where variables.isEmpty && ReferencesResolve.placeholders(template).isEmpty:
      text = template
    default:
      return nil
    }
    let trimmed = text.trimming(" ")
    if trimmed.isEmpty || ["true", "false"].contains(trimmed.lowercased()) || DynamicReference.occurs(in: text) {
      return nil
    }
    return text
  }
}
