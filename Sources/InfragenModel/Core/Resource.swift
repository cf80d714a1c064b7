import InfragenCore

/// Anything a template can name and point to: a resource or a parameter.
public protocol Referenceable: Sendable {
  /// The name it has in the template.
  var logicalID: LogicalID { get }
}

/// A resource of the DSL. Each one lowers to exactly one entry of `Resources`: the typed ones
/// (each with a `typeName`, such as `AWS::EC2::VPC`), ``RawResource`` for any other type, and
/// ``Overridden`` for a resource with overrides.
public protocol Resource: Referenceable {
  /// The resource as a template entry; implemented once per type, in `Lowering/`.
  func lowered() -> Template.Resource
  /// What CloudFormation would refuse about its values, each naming the property; empty for a
  /// type that does not check them (``ValueChecked`` says which do).
  var problems: [String] { get }
}

extension Resource {
  /// No problems: the type checks none of its values.
  public var problems: [String] { [] }
}

/// A `Ref` to something of a known type. Renders as `{"Ref": "<logical ID>"}`.
///
/// Wiring takes references, never strings: a security group's rule takes a
/// `Reference<SecurityGroup>`, and passing a `Reference<VPC>` does not compile.
public struct Reference<Target: Referenceable>: Hashable, Sendable {
  /// The target's logical ID.
  public let logicalID: LogicalID

  /// A reference to a target by ID; outside this module, only `target.ref` makes one.
  init(_ logicalID: LogicalID) { self.logicalID = logicalID }

  /// `{"Ref": id}`.
  public var value: TemplateValue { .ref(logicalID) }
}

/// One `Fn::GetAtt` attribute of a resource of a known type, created only by the named accessors
/// each type offers (`loadBalancer.dnsName`, `database.endpointAddress`).
public struct Attribute<Target: Referenceable>: Hashable, Sendable {
  /// The target's logical ID.
  public let logicalID: LogicalID
  /// The attribute's name, such as `Endpoint.Address`.
  public let name: String

  init(_ logicalID: LogicalID, _ name: String) {
    self.logicalID = logicalID
    self.name = name
  }

  /// `{"Fn::GetAtt": [id, name]}`.
  public var value: TemplateValue { .getAtt(logicalID, name) }
}

extension Referenceable {
  /// A typed `Ref` to this.
  public var ref: Reference<Self> { Reference(logicalID) }
}

/// A key-value tag.
public struct Tag: Hashable, Sendable {
  /// The tag's key.
  public var key: String
  /// The tag's value.
  public var value: TemplateString

  /// A tag.
  public init(_ key: String, _ value: TemplateString) {
    self.key = key
    self.value = value
  }
}

/// What CloudFormation does with a stateful resource when it is deleted or replaced: written as
/// both `DeletionPolicy` and `UpdateReplacePolicy`.
public enum RemovalPolicy: String, Hashable, Sendable {
  /// Delete it with its data.
  case delete = "Delete"
  /// Keep it outside the stack.
  case retain = "Retain"
  /// Keep a final snapshot, then delete it.
  case snapshot = "Snapshot"
}

/// A checkov check waived on a resource, with the reason: `Metadata.checkov.skip`, checkov's own
/// waiver format, for a check that cannot pass by design.
public struct CheckovWaiver: Hashable, Sendable {
  /// The check, such as `CKV_AWS_260`.
  public var id: String
  /// Why it cannot pass.
  public var reason: String

  /// A waiver.
  public init(_ id: String, reason: String) {
    self.id = id
    self.reason = reason
  }
}

/// A finding of one of infragen's own rules waived on a resource, with the reason:
/// `Metadata.infragen.suppress`, for a choice a configuration made on purpose.
public struct InfragenWaiver: Hashable, Sendable {
  /// The rule, such as `DatabaseIsMultiAZ`.
  public var rule: String
  /// Why.
  public var reason: String

  /// A waiver.
  public init(_ rule: String, reason: String) {
    self.rule = rule
    self.reason = reason
  }
}

/// The `Metadata` of a resource with waivers: `checkov.skip` and `infragen.suppress`, or `nil`.
func waiverMetadata(checkov: [CheckovWaiver], infragen: [InfragenWaiver] = []) -> Fields? {
  var metadata = Fields()
  if !checkov.isEmpty {
    metadata["checkov"] = ["skip": .list(checkov.map { ["comment": .string($0.reason), "id": .string($0.id)] })]
  }
  if !infragen.isEmpty {
    metadata["infragen"] = [
      "suppress": .list(infragen.map { ["reason": .string($0.reason), "rule": .string($0.rule)] })
    ]
  }
  return metadata.isEmpty ? nil : metadata
}
