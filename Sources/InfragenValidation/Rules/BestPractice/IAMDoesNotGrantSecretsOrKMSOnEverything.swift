import InfragenCore

/// IAM policies name the secrets and keys they grant, rather than grant Secrets Manager or KMS on
/// every resource.
///
/// Lint: an `Allow` statement whose `Resource` is `*` (alone or in a list), or which uses
/// `NotResource`, raises a warning when its `Action` (a string or a list, with `*` and `?`
/// wildcards) covers a Secrets Manager action that reads or changes secrets (such as
/// `secretsmanager:GetSecretValue`) or a KMS action that uses or administers keys (such as
/// `kms:Decrypt`), including `secretsmanager:*`, `kms:*` and `*`; or when its `NotAction` leaves
/// such an action allowed. Statements come from the `Policies` of `AWS::IAM::Role`, `User` and
/// `Group`, and the `PolicyDocument` of `AWS::IAM::Policy` and `AWS::IAM::ManagedPolicy`;
/// `Statement` may be a list or a single statement, and every branch of an `Fn::If` counts.
/// Resources such as `arn:aws:secretsmanager:…:secret:app/*` are scoped and fine, and so are the
/// actions that only work on `*` (`secretsmanager:ListSecrets`, `kms:ListAliases`, `kms:CreateKey`).
/// Key policies (`AWS::KMS::Key`) name their own key with `*` and are not checked.
public struct IAMDoesNotGrantSecretsOrKMSOnEverything: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "IAM policies do not grant Secrets Manager or KMS actions on Resource '*' (checkov CKV_AWS_108; cfn_nag W11, W12, W13; cdk-nag AwsSolutions-IAM5)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning
  /// Reads only the template.
  public static let readsTopology = false

  /// The actions that read, change or use secrets and keys. A pattern that matches
  /// none of them (`kms:ListKeys`, `kms:Describe*`, `secretsmanager:BatchGetSecretValue`, which
  /// only works on `*` and needs `GetSecretValue` on each secret besides) is left alone.
  static let sensitiveActions: [String] =
    [
      "GetSecretValue", "PutSecretValue", "CreateSecret", "UpdateSecret", "DeleteSecret",
      "RestoreSecret", "RotateSecret", "CancelRotateSecret", "UpdateSecretVersionStage", "PutResourcePolicy",
      "DeleteResourcePolicy", "ReplicateSecretToRegions", "RemoveRegionsFromReplication", "StopReplicationToReplica",
    ].map { "secretsmanager:\($0)" }
    + [
      "Decrypt", "Encrypt", "ReEncryptFrom", "ReEncryptTo", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
      "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GenerateMac", "Sign", "DeriveSharedSecret",
      "CreateGrant", "RetireGrant", "RevokeGrant", "PutKeyPolicy", "ScheduleKeyDeletion", "CancelKeyDeletion",
      "DisableKey", "EnableKey", "DisableKeyRotation", "ImportKeyMaterial", "DeleteImportedKeyMaterial",
      "CreateAlias", "UpdateAlias", "DeleteAlias", "ReplicateKey", "UpdatePrimaryRegion",
    ].map { "kms:\($0)" }
  /// The same, lowercased, for matching: IAM actions are case-insensitive.
  static let loweredSensitiveActions = sensitiveActions.map { $0.lowercased() }

  /// The resource types with inline `Policies`.
  static let principalTypes: Set<String> = ["AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"]
  /// The resource types that are one policy.
  static let policyTypes: Set<String> = ["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"]

  /// The rule.
  public init() {}

  /// Checks each statement of each policy.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for resource in context.template.resources {
      var documents: [(path: [PathComponent], owner: String, document: TemplateValue?)] = []
      if Self.principalTypes.contains(resource.type) {
        let kind = resource.type.split(separator: ":").last.map { $0.lowercased() } ?? "principal"
        for (index, policy) in Values.elements(resource[property: "Policies"]) {
          let name = Setting.values(policy, at: ["PolicyName"]).compactMap(Setting.text).first ?? "#\(index)"
          documents.append(
            (
              [.key("Properties"), .key("Policies"), .index(index), .key("PolicyDocument")],
              "policy '\(name)' of \(kind) '\(resource.logicalID)'", policy["PolicyDocument"]
            ))
        }
      } else if Self.policyTypes.contains(resource.type) {
        documents.append(
          (
            [.key("Properties"), .key("PolicyDocument")], "policy '\(resource.logicalID)'",
            resource[property: "PolicyDocument"]
          ))
      } else {
        continue
      }
      var seen = Set<[PathComponent]>()
      for (base, owner, document) in documents {
        for (suffix, statement) in Self.statements(document) {
          guard let grant = Self.grant(statement), seen.insert(base + suffix).inserted else { continue }
          findings.append(
            finding(
              .init(resource.logicalID, base + suffix),
              "a statement of \(owner) allows \(grant) on every resource ('*'); name the secrets and keys it needs in Resource"
            ))
        }
      }
    }
    return findings
  }

  /// The statements of a policy document, a list or a single one, over every branch, with their
  /// paths under the document.
  static func statements(_ document: TemplateValue?) -> [(path: [PathComponent], statement: TemplateValue)] {
    var result: [([PathComponent], TemplateValue)] = []
    for document in Setting.branches(document) {
      for statements in Setting.branches(document?["Statement"]) {
        switch statements {
        case .list(let items)?:
          for (index, item) in items.enumerated() {
            for statement in Setting.branches(item) {
              if let statement { result.append(([.key("Statement"), .index(index)], statement)) }
            }
          }
        case .object?:
          if let statements { result.append(([.key("Statement")], statements)) }
        default:
          break
        }
      }
    }
    return result
  }

  /// What an `Allow` statement on every resource grants of secrets and keys, for the message
  /// (`'kms:*'`), or `nil` when it grants none of it, is a `Deny`, or names its resources.
  static func grant(_ statement: TemplateValue) -> String? {
    let allows = Setting.values(statement, at: ["Effect"]).contains { Setting.text($0)?.lowercased() == "allow" }
    guard allows else { return nil }
    let everything =
      statement["NotResource"] != nil
      || strings(Setting.values(statement, at: ["Resource"])).contains("*")
    guard everything else { return nil }
    if statement["Action"] != nil {
      for pattern in strings(Setting.values(statement, at: ["Action"])) {
        let lowered = pattern.lowercased()
        if loweredSensitiveActions.contains(where: { glob(lowered, matches: $0) }) { return "'\(pattern)'" }
      }
      return nil
    }
    let excluded = strings(Setting.values(statement, at: ["NotAction"])).map { $0.lowercased() }
    let uncovered = loweredSensitiveActions.firstIndex { action in !excluded.contains { glob($0, matches: action) } }
    if statement["NotAction"] != nil, let index = uncovered {
      return "every action outside its NotAction, '\(sensitiveActions[index])' among them,"
    }
    return nil
  }

  /// The literal strings among values that are strings or lists of strings, over every branch
  /// of the list's elements.
  static func strings(_ values: [TemplateValue?]) -> [String] {
    var result: [String] = []
    for value in values {
      switch value {
      case .string(let text)?:
        result.append(text)
      case .list(let items)?:
        for item in items {
          result += Setting.branches(item).compactMap(Setting.text)
        }
      default:
        break
      }
    }
    return result
  }

  /// Whether an IAM pattern, with `*` (any run) and `?` (any one character), matches `text`.
  static func glob(_ pattern: String, matches text: String) -> Bool {
    let pattern = Array(pattern.unicodeScalars)
    let text = Array(text.unicodeScalars)
    var p = 0
    var t = 0
    var star: Int?
    var resume = 0
    while t < text.count {
      if p < pattern.count && (pattern[p] == "?" || pattern[p] == text[t]) {
        p += 1
        t += 1
      } else if p < pattern.count && pattern[p] == "*" {
        star = p
        resume = t
        p += 1
      } else if let star {
        p = star + 1
        resume += 1
        t = resume
      } else {
        return false
      }
    }
    while p < pattern.count && pattern[p] == "*" { p += 1 }
    return p == pattern.count
  }
}
