/// The parameters CloudFormation predefines for every stack.
///
/// See [Pseudo parameters reference](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html).
public enum PseudoParameter: String, CaseIterable, Hashable, Sendable {
  /// The account that creates the stack.
  case accountID = "AWS::AccountId"
  /// The SNS topics that receive the stack's notifications.
  case notificationARNs = "AWS::NotificationARNs"
  /// Removes a property when used with `Fn::If`.
  case noValue = "AWS::NoValue"
  /// The partition (`aws`, `aws-cn`, `aws-us-gov`).
  case partition = "AWS::Partition"
  /// The region the stack is created in.
  case region = "AWS::Region"
  /// The stack's ID.
  case stackID = "AWS::StackId"
  /// The stack's name.
  case stackName = "AWS::StackName"
  /// The domain suffix (`amazonaws.com`).
  case urlSuffix = "AWS::URLSuffix"
}
