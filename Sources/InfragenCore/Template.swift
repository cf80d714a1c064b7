/// A CloudFormation template: the one document model between the DSL, the readers, the emitters
/// and the validator.
///
/// Sections are typed and always laid out in the order the AWS *Template anatomy* page gives;
/// inside a section, entries keep the order they were given (lowering sorts resources and outputs
/// by logical ID; a reader keeps the author's order).
public struct Template: Hashable, Sendable {
  /// `AWSTemplateFormatVersion`. Defaults to `2010-09-09`.
  public var formatVersion: String?
  /// `Description`.
  public var description: String?
  /// `Metadata`.
  public var metadata: Fields
  /// `Parameters`, each a mapping with at least `Type`.
  public var parameters: Fields
  /// `Rules`.
  public var rules: Fields
  /// `Mappings`.
  public var mappings: Fields
  /// `Conditions`.
  public var conditions: Fields
  /// `Transform`.
  public var transform: TemplateValue?
  /// `Resources`.
  public var resources: [Resource]
  /// `Outputs`.
  public var outputs: Fields
  /// Where the template was read from, with each node's position; `nil` for a template built in memory.
  public var source: SourceMap?

  /// A template; every section defaults to empty.
  public init(
    formatVersion: String? = "2010-09-09", description: String? = nil, metadata: Fields = [:],
    parameters: Fields = [:], rules: Fields = [:], mappings: Fields = [:],
    conditions: Fields = [:], transform: TemplateValue? = nil, resources: [Resource] = [],
    outputs: Fields = [:], source: SourceMap? = nil
  ) {
    self.formatVersion = formatVersion
    self.description = description
    self.metadata = metadata
    self.parameters = parameters
    self.rules = rules
    self.mappings = mappings
    self.conditions = conditions
    self.transform = transform
    self.resources = resources
    self.outputs = outputs
    self.source = source
  }

  /// The resource with this logical ID, if any (the first one, should a reader have let two through).
  public func resource(_ id: LogicalID) -> Resource? { resources.first { $0.logicalID == id } }

  /// The whole template as one mapping, sections in AWS order, empty sections left out.
  public var document: Fields {
    var document = Fields()
    document.setIfPresent("AWSTemplateFormatVersion", formatVersion.map(TemplateValue.string))
    document.setIfPresent("Description", description.map(TemplateValue.string))
    for (key, section) in [
      ("Metadata", metadata), ("Parameters", parameters), ("Rules", rules),
      ("Mappings", mappings), ("Conditions", conditions),
    ] where !section.isEmpty {
      document.appendUnchecked(key, .object(section))
    }
    document.setIfPresent("Transform", transform)
    var resourceSection = Fields()
    for resource in resources {
      resourceSection.appendUnchecked(resource.logicalID.rawValue, .object(resource.document))
    }
    document.appendUnchecked("Resources", .object(resourceSection))
    if !outputs.isEmpty { document.appendUnchecked("Outputs", .object(outputs)) }
    return document
  }
}

extension Template {
  /// One entry of the `Resources` section.
  public struct Resource: Hashable, Sendable {
    /// The resource's logical ID.
    public var logicalID: LogicalID
    /// `Type`, such as `AWS::EC2::SecurityGroup`.
    public var type: String
    /// `Condition`: the name of a condition that decides whether the resource is created.
    public var condition: String?
    /// `DependsOn`, always written as a list.
    public var dependsOn: [LogicalID]
    /// `Metadata`.
    public var metadata: Fields?
    /// `Properties`; `nil` writes no `Properties` key.
    public var properties: Fields?
    /// `CreationPolicy`.
    public var creationPolicy: TemplateValue?
    /// `UpdatePolicy`.
    public var updatePolicy: TemplateValue?
    /// `DeletionPolicy`: `Delete`, `Retain`, `RetainExceptOnCreate` or `Snapshot`.
    public var deletionPolicy: TemplateValue?
    /// `UpdateReplacePolicy`: `Delete`, `Retain` or `Snapshot`.
    public var updateReplacePolicy: TemplateValue?

    /// A resource entry.
    public init(
      _ logicalID: LogicalID, type: String, condition: String? = nil, dependsOn: [LogicalID] = [],
      metadata: Fields? = nil, properties: Fields? = nil, creationPolicy: TemplateValue? = nil,
      updatePolicy: TemplateValue? = nil, deletionPolicy: TemplateValue? = nil,
      updateReplacePolicy: TemplateValue? = nil
    ) {
      self.logicalID = logicalID
      self.type = type
      self.condition = condition
      self.dependsOn = dependsOn
      self.metadata = metadata
      self.properties = properties
      self.creationPolicy = creationPolicy
      self.updatePolicy = updatePolicy
      self.deletionPolicy = deletionPolicy
      self.updateReplacePolicy = updateReplacePolicy
    }

    /// The resource's attribute keys that a template may hold, in the order they are written.
    public static let attributeKeys = [
      "Type", "Condition", "DependsOn", "Metadata", "Properties", "CreationPolicy",
      "UpdatePolicy", "DeletionPolicy", "UpdateReplacePolicy",
    ]

    /// The entry as a mapping: `Type, Condition, DependsOn, Metadata, Properties, CreationPolicy,
    /// UpdatePolicy, DeletionPolicy, UpdateReplacePolicy`.
    public var document: Fields {
      var fields = Fields()
      fields.appendUnchecked("Type", .string(type))
      fields.setIfPresent("Condition", condition.map(TemplateValue.string))
      if !dependsOn.isEmpty {
        fields.appendUnchecked("DependsOn", .list(dependsOn.map { .string($0.rawValue) }))
      }
      fields.setIfPresent("Metadata", metadata.map(TemplateValue.object))
      fields.setIfPresent("Properties", properties.map(TemplateValue.object))
      fields.setIfPresent("CreationPolicy", creationPolicy)
      fields.setIfPresent("UpdatePolicy", updatePolicy)
      fields.setIfPresent("DeletionPolicy", deletionPolicy)
      fields.setIfPresent("UpdateReplacePolicy", updateReplacePolicy)
      return fields
    }

    /// The property under `key`, if the resource has it.
    public subscript(property key: String) -> TemplateValue? { properties?[key] }
  }
}

/// Where a template came from: its file name and the position of each node, by path from the
/// template's root (`Resources`, `Database`, `Properties`, `Port`).
public struct SourceMap: Hashable, Sendable {
  /// The file name as the user gave it.
  public var file: String
  /// The start of each node that a reader saw.
  public var positions: [[PathComponent]: SourcePosition]

  /// A source map.
  public init(file: String, positions: [[PathComponent]: SourcePosition] = [:]) {
    self.file = file
    self.positions = positions
  }

  /// The position of the node at `path`, or of its nearest ancestor that has one.
  public func position(of path: [PathComponent]) -> SourcePosition? {
    var path = path
    while true {
      if let position = positions[path] { return position }
      if path.isEmpty { return nil }
      path.removeLast()
    }
  }
}
