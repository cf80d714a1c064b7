import InfragenCore
import InfragenModel

/// The stack's Secrets Manager secrets, all generated: none of their values stands in the template.
public struct Secrets: StackComponent {
  let options: ReferenceStack.Options
  let protection: Protection

  /// The database's user name and password.
  public var database: Secret {
    Secret(
      "DatabaseSecret", description: "MySQL master credentials for \(options.serviceName)",
      generated: .credentials(username: "app", passwordLength: 32), kmsKey: protection.key)
  }

  /// The Redis AUTH token.
  public var cacheAuthToken: Secret {
    Secret(
      "CacheAuthToken", description: "Redis AUTH token for \(options.serviceName)",
      generated: .token(length: 64), kmsKey: protection.key)
  }

  /// One generated secret per application secret name, with the environment variable it is injected as.
  public var application: [(variable: String, secret: Secret)] {
    options.applicationSecrets.map { name in
      (
        name,
        Secret(
          LogicalID("AppSecret" + Self.pascalCase(name)),
          description: "\(name) for \(options.serviceName)", generated: .token(length: 48), kmsKey: protection.key)
      )
    }
  }

  /// Every secret, for the execution role's policy.
  public var all: [Secret] { [database, cacheAuthToken] + application.map(\.secret) }

  /// `SESSION_SECRET` → `SessionSecret`.
  static func pascalCase(_ name: String) -> String {
    name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map {
      $0.prefix(1).uppercased() + $0.dropFirst().lowercased()
    }.joined()
  }

  /// The secrets.
  public var body: [StackElement] {
    database
    cacheAuthToken
    for (_, secret) in application { secret }
  }
}
