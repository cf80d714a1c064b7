import InfragenCore

extension Alarm {
  /// Lowers to `AWS::CloudWatch::Alarm`, notifying its topics on alarm and on recovery.
  public func lowered() -> Template.Resource {
    let actions = TemplateValue.list(topics.map(\.value))
    let threshold: TemplateValue = Int(exactly: self.threshold).map(TemplateValue.integer) ?? .number(self.threshold)
    return Template.Resource(
      logicalID, type: Self.typeName,
      properties: [
        "ActionsEnabled": true,
        "AlarmActions": actions,
        "AlarmDescription": .string(description),
        "ComparisonOperator": .string(comparison.rawValue),
        "Dimensions": .list(dimensions.map { ["Name": .string($0.name), "Value": $0.value.value] }),
        "EvaluationPeriods": .integer(evaluationPeriods),
        "MetricName": .string(metricName),
        "Namespace": .string(namespace),
        "OKActions": actions,
        "Period": .integer(periodSeconds),
        "Statistic": .string(statistic.rawValue),
        "Threshold": threshold,
        "TreatMissingData": .string(missingData.rawValue),
      ])
  }
}

extension Topic {
  /// Lowers to `AWS::SNS::Topic`.
  public func lowered() -> Template.Resource {
    var properties: Fields = ["DisplayName": .string(displayName)]
    properties.setIfPresent("KmsMasterKeyId", kmsKey?.value)
    return Template.Resource(logicalID, type: Self.typeName, properties: properties)
  }
}

extension SlackChannelConfiguration {
  /// Lowers to `AWS::Chatbot::SlackChannelConfiguration`.
  public func lowered() -> Template.Resource {
    Template.Resource(
      logicalID, type: Self.typeName,
      properties: [
        "ConfigurationName": name.value,
        "IamRoleArn": role.value,
        "LoggingLevel": "ERROR",
        "SlackChannelId": channelID.value,
        "SlackWorkspaceId": workspaceID.value,
        "SnsTopicArns": .list(topics.map(\.value)),
      ])
  }
}
