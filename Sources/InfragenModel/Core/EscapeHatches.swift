import InfragenCore

/// A resource of any CloudFormation type, written as given: for the types the DSL has no model
/// of. Lowers to one entry of `Resources` with exactly these attributes and properties.
///
/// ```swift
/// let queue = RawResource("Queue", type: "AWS::SQS::Queue", properties: ["SqsManagedSseEnabled": true])
/// ```
///
/// Its attributes come from ``Resource/attribute(_:)`` (`queue.attribute("Arn")`), its `Ref` from
/// `queue.ref`; a reference to it from a resource not in the stack is a lowering error.
public struct RawResource: Resource, Hashable {
  /// The logical ID.
  public var logicalID: LogicalID
  /// The CloudFormation type, such as `AWS::SQS::Queue`.
  public var type: String
  /// `Properties`, written as given (keys are sorted on lowering, like every resource's).
  public var properties: Fields
  /// `DependsOn`.
  public var dependsOn: [LogicalID]
  /// `Condition`.
  public var condition: String?
  /// `DeletionPolicy` and `UpdateReplacePolicy`; `nil` writes neither.
  public var removalPolicy: RemovalPolicy?
  /// `Metadata`.
  public var metadata: Fields?

  /// A resource of `type` with `properties`.
  public init(
    _ logicalID: LogicalID, type: String, properties: Fields = [:], dependsOn: [LogicalID] = [],
    condition: String? = nil, removalPolicy: RemovalPolicy? = nil, metadata: Fields? = nil
  ) {
    self.logicalID = logicalID
    self.type = type
    self.properties = properties
    self.dependsOn = dependsOn
    self.condition = condition
    self.removalPolicy = removalPolicy
    self.metadata = metadata
  }

  /// The entry as given.
  public func lowered() -> Template.Resource {
    Template.Resource(
      logicalID, type: type, condition: condition, dependsOn: dependsOn, metadata: metadata,
      properties: properties.isEmpty ? nil : properties,
      deletionPolicy: removalPolicy.map { .string($0.rawValue) },
      updateReplacePolicy: removalPolicy.map { .string($0.rawValue) })
  }
}

extension Resource {
  /// Any `Fn::GetAtt` attribute of this resource by name (`queue.attribute("Arn")`,
  /// `database.attribute("Endpoint.Port")`): for attributes the type has no accessor for, and
  /// for raw and user-defined resources. Usable wherever a typed attribute is: a
  /// ``TemplateString``, an environment variable, an IAM resource, an output, an alarm dimension.
  public func attribute(_ name: String) -> Attribute<Self> { Attribute(logicalID, name) }

  /// This resource with its lowered entry changed by `change`, like CDK's `addPropertyOverride`:
  /// `service.overriding { $0.properties?["EnableExecuteCommand"] = true }`. The change runs after
  /// the type's own lowering and before stack-wide tags and key sorting; it may change anything
  /// but the logical ID, which stays the resource's.
  public func overriding(_ change: @escaping @Sendable (inout Template.Resource) -> Void) -> Overridden<Self> {
    Overridden(base: self, changes: [change])
  }
}

/// A resource with overrides applied to its lowered entry. Made by ``Resource/overriding(_:)``;
/// it has the base's logical ID, so references to the base point at it.
public struct Overridden<Base: Resource>: Resource {
  /// The resource overridden.
  public let base: Base
  let changes: [@Sendable (inout Template.Resource) -> Void]

  /// The base's logical ID.
  public var logicalID: LogicalID { base.logicalID }

  /// Another override after these.
  public func overriding(_ change: @escaping @Sendable (inout Template.Resource) -> Void) -> Overridden<Base> {
    Overridden(base: base, changes: changes + [change])
  }

  /// The base's entry with every change applied in order.
  public func lowered() -> Template.Resource {
    var entry = base.lowered()
    for change in changes { change(&entry) }
    entry.logicalID = base.logicalID
    return entry
  }
}
