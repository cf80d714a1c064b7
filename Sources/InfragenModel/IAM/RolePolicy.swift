import InfragenCore

/// An IAM policy attached to roles as a resource of its own, for permissions that refer to a
/// resource which itself refers to the role. Lowers to `AWS::IAM::Policy`.
public struct RolePolicy: Resource, Hashable {
  /// `AWS::IAM::Policy`.
  public static let typeName = "AWS::IAM::Policy"
  /// The policy's logical ID.
  public var logicalID: LogicalID
  /// The policy.
  public var policy: Policy
  /// The roles it is attached to.
  public var roles: [Reference<Role>]

  /// A policy attached to `roles`.
  public init(_ logicalID: LogicalID, policy: Policy, roles: [Role]) {
    self.logicalID = logicalID
    self.policy = policy
    self.roles = roles.map(\.ref)
  }
}
