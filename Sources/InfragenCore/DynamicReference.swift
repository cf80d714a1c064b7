/// A `{{resolve:…}}` dynamic reference: a value CloudFormation fetches at deploy time, so that it
/// never stands in the template itself.
///
/// See [Using dynamic references](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html).
public enum DynamicReference: Hashable, Sendable {
  /// A Secrets Manager secret, or one JSON key of it: `{{resolve:secretsmanager:ID:SecretString:KEY}}`.
  case secretsManager(secretID: String, jsonKey: String?)
  /// A plain Systems Manager parameter: `{{resolve:ssm:NAME}}`.
  case ssm(name: String)

  /// The reference text. `secretID` may hold `${Secret}` placeholders, in which case the text goes
  /// inside `Fn::Sub`.
  public var text: String {
    switch self {
    case .secretsManager(let id, nil): return "{{resolve:secretsmanager:\(id)}}"
    case .secretsManager(let id, let key?):
      return "{{resolve:secretsmanager:\(id):SecretString:\(key)}}"
    case .ssm(let name): return "{{resolve:ssm:\(name)}}"
    }
  }

  /// Whether a string holds a dynamic reference.
  public static func occurs(in string: String) -> Bool { string.contains("{{resolve:") }
}
