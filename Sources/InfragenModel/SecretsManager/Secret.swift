import InfragenCore

/// A Secrets Manager secret whose value Secrets Manager generates, so that it never stands in the
/// template. Lowers to `AWS::SecretsManager::Secret`.
///
/// See [AWS::SecretsManager::Secret](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-secretsmanager-secret.html).
public struct Secret: Resource, Hashable {
  /// What Secrets Manager generates.
  public enum Generated: Hashable, Sendable {
    /// A random string of letters and digits.
    case token(length: Int)
    /// A JSON object `{"username": …, "password": …}` with a random password of `passwordLength`
    /// characters, none of them `"`, `@`, `/`, `\` or `'`.
    case credentials(username: String, passwordLength: Int)
  }

  /// `AWS::SecretsManager::Secret`.
  public static let typeName = "AWS::SecretsManager::Secret"
  /// The secret's logical ID.
  public var logicalID: LogicalID
  /// What the secret is for.
  public var description: String
  /// How its value is generated.
  public var generated: Generated
  /// The customer-managed key that encrypts it; `nil` uses the AWS managed key.
  public var kmsKey: Attribute<KMSKey>?
  /// What happens to it when it is deleted or replaced. Defaults to ``RemovalPolicy/retain``, so that snapshots taken with these credentials stay usable.
  public var removalPolicy: RemovalPolicy = .retain

  /// A secret.
  public init(_ logicalID: LogicalID, description: String, generated: Generated, kmsKey: KMSKey? = nil) {
    self.logicalID = logicalID
    self.description = description
    self.generated = generated
    self.kmsKey = kmsKey?.arn
  }

  /// A dynamic reference to the secret's value, or one JSON key of it, for a property that must
  /// never hold the value itself.
  public func resolve(jsonKey: String? = nil) -> TemplateString {
    let key: TemplateString = jsonKey.map { ":SecretString:\($0)" } ?? ""
    return "{{resolve:secretsmanager:\(ref)\(key)}}"
  }
}

/// Adds a database's connection details to its credentials secret.
/// Lowers to `AWS::SecretsManager::SecretTargetAttachment`.
public struct SecretTargetAttachment: Resource, Hashable {
  /// `AWS::SecretsManager::SecretTargetAttachment`.
  public static let typeName = "AWS::SecretsManager::SecretTargetAttachment"
  /// The attachment's logical ID.
  public var logicalID: LogicalID
  /// The secret.
  public var secret: Reference<Secret>
  /// The database: an instance or an Aurora cluster.
  public var database: LogicalID
  /// `AWS::RDS::DBInstance` or `AWS::RDS::DBCluster`.
  public var targetType: String

  /// An attachment to an instance.
  public init(_ logicalID: LogicalID, secret: Secret, database: DatabaseInstance) {
    self.logicalID = logicalID
    self.secret = secret.ref
    self.database = database.logicalID
    self.targetType = DatabaseInstance.typeName
  }

  /// An attachment to an Aurora cluster.
  public init(_ logicalID: LogicalID, secret: Secret, cluster: DatabaseCluster) {
    self.logicalID = logicalID
    self.secret = secret.ref
    self.database = cluster.logicalID
    self.targetType = DatabaseCluster.typeName
  }
}
