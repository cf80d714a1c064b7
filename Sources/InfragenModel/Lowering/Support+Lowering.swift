import InfragenCore

extension Role {
  /// Lowers to `AWS::IAM::Role`.
  public func lowered() -> Template.Resource {
    var trust: Fields = [
      "Action": "sts:AssumeRole", "Effect": "Allow", "Principal": ["Service": .string(assumedBy.name)],
    ]
    if !trustConditions.isEmpty { trust["Condition"] = .object(trustConditions) }
    var properties: Fields = [
      "AssumeRolePolicyDocument": ["Statement": [.object(trust)], "Version": "2012-10-17"]
    ]
    properties.setIfPresent("Description", description.map(TemplateValue.string))
    if !managedPolicies.isEmpty {
      properties["ManagedPolicyArns"] = .list(
        managedPolicies.map { .sub("arn:${AWS::Partition}:iam::aws:policy/\($0)") })
    }
    if !policies.isEmpty { properties["Policies"] = .list(policies.map(\.lowered)) }
    return Template.Resource(logicalID, type: Self.typeName, properties: properties)
  }
}

extension Policy {
  var lowered: TemplateValue {
    [
      "PolicyDocument": [
        "Statement": .list(statements.map(\.lowered)), "Version": "2012-10-17",
      ],
      "PolicyName": .string(name),
    ]
  }
}

extension PolicyStatement {
  var lowered: TemplateValue {
    var fields: Fields = [
      "Action": .list(actions.map(TemplateValue.string)),
      "Effect": .string(effect.rawValue),
      "Resource": resources.values,
    ]
    if !conditions.isEmpty { fields["Condition"] = .object(conditions) }
    return .object(fields)
  }
}

extension LogGroup {
  /// Lowers to `AWS::Logs::LogGroup`.
  public func lowered() -> Template.Resource {
    var properties: Fields = ["RetentionInDays": .integer(retentionInDays)]
    properties.setIfPresent("KmsKeyId", kmsKey?.value)
    return Template.Resource(
      logicalID, type: Self.typeName,
      properties: properties,
      deletionPolicy: .string(removalPolicy.rawValue), updateReplacePolicy: .string(removalPolicy.rawValue))
  }
}

extension Secret {
  /// Lowers to `AWS::SecretsManager::Secret` with `GenerateSecretString`.
  public func lowered() -> Template.Resource {
    let generate: TemplateValue
    switch generated {
    case .token(let length):
      generate = ["ExcludePunctuation": true, "PasswordLength": .integer(length)]
    case .credentials(let username, let length):
      generate = [
        "ExcludeCharacters": "\"@/\\'",
        "GenerateStringKey": "password",
        "PasswordLength": .integer(length),
        "SecretStringTemplate": .string(JSONEmitterLite.object(["username": username])),
      ]
    }
    var properties: Fields = ["Description": .string(description), "GenerateSecretString": generate]
    properties.setIfPresent("KmsKeyId", kmsKey?.value)
    return Template.Resource(
      logicalID, type: Self.typeName,
      properties: properties,
      deletionPolicy: .string(removalPolicy.rawValue), updateReplacePolicy: .string(removalPolicy.rawValue))
  }
}

extension SecretTargetAttachment {
  /// Lowers to `AWS::SecretsManager::SecretTargetAttachment`.
  public func lowered() -> Template.Resource {
    Template.Resource(
      logicalID, type: Self.typeName,
      properties: [
        "SecretId": secret.value, "TargetId": .ref(database), "TargetType": .string(targetType),
      ])
  }
}

/// A one-line JSON object of string values, for the few properties that hold JSON as a string.
enum JSONEmitterLite {
  static func object(_ pairs: KeyValuePairs<String, String>) -> String {
    "{" + pairs.map { "\(quoted($0.key)):\(quoted($0.value))" }.joined(separator: ",") + "}"
  }

  private static func quoted(_ text: String) -> String { JSONString.quoted(text) }

}
