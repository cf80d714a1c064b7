import InfragenCore

extension Queue {
  /// Lowers to `AWS::SQS::Queue`.
  public func lowered() -> Template.Resource {
    var properties: Fields = [
      "MessageRetentionPeriod": .integer(retentionSeconds),
      "VisibilityTimeout": .integer(visibilityTimeoutSeconds),
    ]
    if let kmsKey {
      properties["KmsMasterKeyId"] = kmsKey.value
    } else {
      properties["SqsManagedSseEnabled"] = true
    }
    if let deadLetter {
      properties["RedrivePolicy"] = [
        "deadLetterTargetArn": deadLetter.arn.value, "maxReceiveCount": .integer(deadLetter.maxReceiveCount),
      ]
    }
    return Template.Resource(
      logicalID, type: Self.typeName, properties: properties, deletionPolicy: "Delete", updateReplacePolicy: "Delete")
  }
}
