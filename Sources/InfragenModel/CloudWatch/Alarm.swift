import InfragenCore

/// A CloudWatch metric alarm that notifies SNS topics. Lowers to `AWS::CloudWatch::Alarm`.
public struct Alarm: Resource, Hashable {
  /// How data points are combined over a period.
  public enum Statistic: String, Hashable, Sendable {
    /// The mean.
    case average = "Average"
    /// The sum.
    case sum = "Sum"
    /// The highest value.
    case maximum = "Maximum"
    /// The lowest value.
    case minimum = "Minimum"
  }

  /// How the statistic is compared with the threshold.
  public enum Comparison: String, Hashable, Sendable {
    /// `>`.
    case greaterThan = "GreaterThanThreshold"
    /// `>=`.
    case greaterThanOrEqual = "GreaterThanOrEqualToThreshold"
    /// `<`.
    case lessThan = "LessThanThreshold"
    /// `<=`.
    case lessThanOrEqual = "LessThanOrEqualToThreshold"
  }

  /// How periods without data count.
  public enum MissingData: String, Hashable, Sendable {
    /// As missing: the state does not change.
    case missing
    /// As within the threshold.
    case notBreaching
    /// As beyond the threshold.
    case breaching
  }

  /// A metric dimension.
  public struct Dimension: Hashable, Sendable {
    /// The dimension's name, such as `ClusterName`.
    public var name: String
    /// Its value.
    public var value: TemplateString

    /// A dimension.
    public init(_ name: String, _ value: TemplateString) {
      self.name = name
      self.value = value
    }
  }

  /// `AWS::CloudWatch::Alarm`.
  public static let typeName = "AWS::CloudWatch::Alarm"
  /// The alarm's logical ID.
  public var logicalID: LogicalID
  /// What the alarm means, shown in notifications.
  public var description: String
  /// The metric's namespace, such as `AWS/ECS`.
  public var namespace: String
  /// The metric's name, such as `CPUUtilization`.
  public var metricName: String
  /// The metric's dimensions.
  public var dimensions: [Dimension]
  /// The statistic.
  public var statistic: Statistic
  /// The comparison.
  public var comparison: Comparison
  /// The threshold.
  public var threshold: Double
  /// Seconds per period. Defaults to 300.
  public var periodSeconds: Int
  /// Periods evaluated. Defaults to 3.
  public var evaluationPeriods: Int
  /// How missing data counts. Defaults to ``MissingData/missing``.
  public var missingData: MissingData
  /// The topics notified on alarm and on recovery.
  public var topics: [Reference<Topic>]

  /// An alarm.
  public init(
    _ logicalID: LogicalID, description: String, namespace: String, metricName: String,
    dimensions: [Dimension], statistic: Statistic, comparison: Comparison, threshold: Double,
    periodSeconds: Int = 300, evaluationPeriods: Int = 3, missingData: MissingData = .missing,
    notify topics: [Topic]
  ) {
    self.logicalID = logicalID
    self.description = description
    self.namespace = namespace
    self.metricName = metricName
    self.dimensions = dimensions
    self.statistic = statistic
    self.comparison = comparison
    self.threshold = threshold
    self.periodSeconds = periodSeconds
    self.evaluationPeriods = evaluationPeriods
    self.missingData = missingData
    self.topics = topics.map(\.ref)
  }
}
