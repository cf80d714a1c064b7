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
  /// `Globals`: the settings the SAM transform applies to every serverless resource.
  public var globals: Fields = [:]
  /// `Resources`.
  public var resources: [Resource]
  /// `Outputs`.
  public var outputs: Fields
  /// Where the template was read from, with each node's position; `nil` for a template built in memory.
  public var source: SourceMap?
  /// What a reader could not expand (an `Fn::ForEach` over a collection known only at deploy
  /// time), for the validator to name: the template holds the rest.
  public var unexpanded: [Unexpanded] = []

  /// Something the template holds that a reader could not expand.
  public struct Unexpanded: Hashable, Sendable {
    /// The name as written, such as `Fn::ForEach::Tables`.
    public var name: String
    /// Where it is, from the template's root.
    public var path: [PathComponent]
    /// Why it was not expanded.
    public var reason: String

    /// A note.
    public init(name: String, path: [PathComponent], reason: String) {
      self.name = name
      self.path = path
      self.reason = reason
    }
  }

  /// The names of the template's transforms (macros), in order: `Transform` as one name or a
  /// list of them.
  public var transformNames: [String] {
    switch transform {
    case .string(let name)?: return [name]
    case .list(let names)?: return names.compactMap(\.stringValue)
    default: return []
    }
  }

  /// The SAM transform's name.
  public static let serverlessTransform = "AWS::Serverless-2016-10-31"
  /// The transform that adds `Fn::ForEach` and friends.
  public static let languageExtensionsTransform = "AWS::LanguageExtensions"

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
    if !globals.isEmpty { document.appendUnchecked("Globals", .object(globals)) }
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
  ///
  /// The attributes live in one shared box, copied on the first change to a shared entry: a rule
  /// that walks the resources copies each entry, and a copy is then one retain, not one per
  /// attribute.
  public struct Resource: Hashable, Sendable {
    /// The attributes, in one value that the box holds.
    private struct Attributes: Hashable {
      var logicalID: LogicalID
      var type: String
      var condition: String?
      var dependsOn: [LogicalID]
      var metadata: Fields?
      var properties: Fields?
      var creationPolicy: TemplateValue?
      var updatePolicy: TemplateValue?
      var deletionPolicy: TemplateValue?
      var updateReplacePolicy: TemplateValue?
      var otherAttributes: Fields
    }

    /// The box. Never changed while shared: every change goes through `unique`, inside a mutating
    /// access to the entry, so the compiler's own exclusivity check of the entry covers the box's
    /// property and it skips the check at run time.
    private final class Storage: @unchecked Sendable {
      @exclusivity(unchecked) var attributes: Attributes
      init(_ attributes: Attributes) { self.attributes = attributes }
    }

    private var storage: Storage

    /// The box, made this entry's own before a change.
    private var unique: Storage {
      mutating get {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.attributes) }
        return storage
      }
    }

    /// The resource's logical ID.
    public var logicalID: LogicalID {
      _read { yield storage.attributes.logicalID }
      _modify { yield &unique.attributes.logicalID }
    }
    /// `Type`, such as `AWS::EC2::SecurityGroup`.
    public var type: String {
      _read { yield storage.attributes.type }
      _modify { yield &unique.attributes.type }
    }
    /// `Condition`: the name of a condition that decides whether the resource is created.
    public var condition: String? {
      _read { yield storage.attributes.condition }
      _modify { yield &unique.attributes.condition }
    }
    /// `DependsOn`, always written as a list.
    public var dependsOn: [LogicalID] {
      _read { yield storage.attributes.dependsOn }
      _modify { yield &unique.attributes.dependsOn }
    }
    /// `Metadata`.
    public var metadata: Fields? {
      _read { yield storage.attributes.metadata }
      _modify { yield &unique.attributes.metadata }
    }
    /// `Properties`; `nil` writes no `Properties` key.
    public var properties: Fields? {
      _read { yield storage.attributes.properties }
      _modify { yield &unique.attributes.properties }
    }
    /// `CreationPolicy`.
    public var creationPolicy: TemplateValue? {
      _read { yield storage.attributes.creationPolicy }
      _modify { yield &unique.attributes.creationPolicy }
    }
    /// `UpdatePolicy`.
    public var updatePolicy: TemplateValue? {
      _read { yield storage.attributes.updatePolicy }
      _modify { yield &unique.attributes.updatePolicy }
    }
    /// `DeletionPolicy`: `Delete`, `Retain`, `RetainExceptOnCreate` or `Snapshot`.
    public var deletionPolicy: TemplateValue? {
      _read { yield storage.attributes.deletionPolicy }
      _modify { yield &unique.attributes.deletionPolicy }
    }
    /// `UpdateReplacePolicy`: `Delete`, `Retain` or `Snapshot`.
    public var updateReplacePolicy: TemplateValue? {
      _read { yield storage.attributes.updateReplacePolicy }
      _modify { yield &unique.attributes.updateReplacePolicy }
    }
    /// The attributes a template may have besides those above, kept as written: the legacy
    /// `Version`, and SAM's `Connectors` and `IgnoreGlobals`.
    public var otherAttributes: Fields {
      _read { yield storage.attributes.otherAttributes }
      _modify { yield &unique.attributes.otherAttributes }
    }

    /// A resource entry.
    public init(
      _ logicalID: LogicalID, type: String, condition: String? = nil, dependsOn: [LogicalID] = [],
      metadata: Fields? = nil, properties: Fields? = nil, creationPolicy: TemplateValue? = nil,
      updatePolicy: TemplateValue? = nil, deletionPolicy: TemplateValue? = nil,
      updateReplacePolicy: TemplateValue? = nil
    ) {
      storage = Storage(
        Attributes(
          logicalID: logicalID, type: type, condition: condition, dependsOn: dependsOn, metadata: metadata,
          properties: properties, creationPolicy: creationPolicy, updatePolicy: updatePolicy,
          deletionPolicy: deletionPolicy, updateReplacePolicy: updateReplacePolicy, otherAttributes: [:]))
    }

    /// Whether two entries have the same attributes (at once when they share their box).
    public static func == (lhs: Resource, rhs: Resource) -> Bool {
      lhs.storage === rhs.storage || lhs.storage.attributes == rhs.storage.attributes
    }

    /// Hashes every attribute, as `==` compares them.
    public func hash(into hasher: inout Hasher) { hasher.combine(storage.attributes) }

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
      for attribute in otherAttributes { fields.appendUnchecked(attribute.key, attribute.value) }
      return fields
    }

    /// The property under `key`, if the resource has it. Setting adds or replaces it; `nil` removes it.
    public subscript(property key: String) -> TemplateValue? {
      get { properties?[key] }
      set {
        var fields = properties ?? Fields()
        fields[key] = newValue
        properties = fields.isEmpty ? nil : fields
      }
    }
  }
}

/// Where a template came from: its file name and the position of each node, as a tree that
/// mirrors the document (a mapping's members by key, a list's elements by index).
///
/// A reader adds nodes as it reads, parent first; a lookup walks a path from the root
/// (`Resources`, `Database`, `Properties`, `Port`). No node stores its whole path, so recording
/// a large template costs one small entry per node.
public struct SourceMap: Hashable, Sendable {
  /// One node: where it starts, and its place among its parent's children, as links into
  /// ``nodes``, so that adding a node allocates nothing but its slot (a large template has one
  /// node per value, and arrays of children per node cost a reader a quarter of its time).
  struct Node: Hashable, Sendable {
    var position: SourcePosition
    /// The member's key, for a member of a mapping.
    var key: String?
    var firstChild: Int32 = -1
    var lastChild: Int32 = -1
    var nextSibling: Int32 = -1
    var childCount: Int32 = 0
    /// For an alias (``addAlias(parent:key:of:)``), the node it names.
    var target: Int32 = -1
    /// Whether the node's members are in ``keyIndex``.
    var indexed = false
  }

  /// A mapping's members are indexed by key past this many members.
  private static let indexThreshold = 32

  /// The file name as the user gave it.
  public var file: String
  private var nodes: [Node] = []
  /// A member of a large mapping: the mapping's node and the member's key.
  private struct MemberKey: Hashable, Sendable {
    var parent: Int32
    var key: String
  }
  /// The members of large mappings, by mapping and key, in one table (a table per mapping would
  /// be copied on every insert through the outer one).
  private var keyIndex: [MemberKey: Int32] = [:]
  /// The text of scalars as written, by node, for those a reader resolved to something other
  /// than a string (`02134`, `NO`, `1.10`); recorded only when a reader is asked to.
  private var scalarTexts: [Int32: String] = [:]

  /// An empty source map for a file.
  public init(file: String) { self.file = file }

  /// A source map from positions by path (for tests and small hand-built maps). Paths are added
  /// shortest first; a path whose parent is missing gets the parent at the same position, and
  /// the root defaults to line 1, column 1.
  public init(file: String, positions: [[PathComponent]: SourcePosition]) {
    self.file = file
    _ = root(at: positions[[]] ?? SourcePosition(line: 1, column: 1))
    for (path, position) in positions.sorted(by: { $0.key.count < $1.key.count }) {
      var node = root(at: position)
      for (depth, component) in path.enumerated() {
        let here = depth == path.count - 1 ? position : self.position(ofNode: node)
        switch component {
        case .key(let key): node = child(of: node, key: key) ?? addMember(parent: node, key: key, at: here).node
        case .index(let index):
          while elementCount(of: node) <= index { _ = addElement(parent: node, at: here) }
          node = child(of: node, index: index) ?? node
        }
      }
    }
  }

  /// Makes room for this many nodes, so that a reader that can estimate them (from the size of
  /// its input) adds them without the array growing again and again.
  public mutating func reserveCapacity(_ count: Int) { nodes.reserveCapacity(count) }

  /// How many nodes the map holds.
  public var count: Int { nodes.count }

  /// Sets or returns the root node (index 0) at `position`.
  public mutating func root(at position: SourcePosition) -> Int {
    if nodes.isEmpty { nodes.append(Node(position: position)) }
    return 0
  }

  /// Links a new node as the last child of `parent`.
  private mutating func link(_ node: Node, under parent: Int) -> Int32 {
    let index = Int32(nodes.count)
    nodes.append(node)
    let last = nodes[parent].lastChild
    if last < 0 {
      nodes[parent].firstChild = index
    } else {
      nodes[Int(last)].nextSibling = index
    }
    nodes[parent].lastChild = index
    nodes[parent].childCount += 1
    return index
  }

  /// Adds a member under a mapping node; if the key is already there, returns the first
  /// member's position as `duplicateOf` and adds nothing.
  public mutating func addMember(parent: Int, key: String, at position: SourcePosition) -> (
    node: Int, duplicateOf: SourcePosition?
  ) {
    if let existing = child(of: parent, key: key) { return (existing, nodes[existing].position) }
    let index = link(Node(position: position, key: key), under: parent)
    record(key, index, under: parent)
    return (Int(index), nil)
  }

  /// Records a member in its mapping's index, making the index once the mapping is large.
  private mutating func record(_ key: String, _ member: Int32, under parent: Int) {
    let parentID = Int32(parent)
    if nodes[parent].indexed {
      keyIndex[MemberKey(parent: parentID, key: key)] = member
    } else if nodes[parent].childCount > Int32(Self.indexThreshold) {
      var child = nodes[parent].firstChild
      while child >= 0 {
        if let name = nodes[Int(child)].key {
          let entry = MemberKey(parent: parentID, key: name)
          if keyIndex[entry] == nil { keyIndex[entry] = child }
        }
        child = nodes[Int(child)].nextSibling
      }
      nodes[parent].indexed = true
    }
  }

  /// Adds the members that `other` holds under its node `otherParent`, with everything below
  /// them, as the next members of `parent`: what a reader read of one mapping on another thread.
  /// Every node of `other` past `otherParent` must lie below it, as in a map read from the
  /// mapping's members on.
  /// - Returns: The node of the last member added; `nil`, with nothing added, when `other` has
  ///   no members there or one of its keys is already a member of `parent`.
  public mutating func appendMembers(of other: SourceMap, under otherParent: Int, to parent: Int) -> Int? {
    guard other.nodes.indices.contains(otherParent), nodes.indices.contains(parent),
      other.nodes[otherParent].firstChild >= 0
    else { return nil }
    var member = other.nodes[otherParent].firstChild
    while member >= 0 {
      guard let key = other.nodes[Int(member)].key, child(of: parent, key: key) == nil else { return nil }
      member = other.nodes[Int(member)].nextSibling
    }
    let shift = Int32(nodes.count - otherParent - 1)
    func moved(_ index: Int32) -> Int32 { index < 0 ? index : index + shift }
    let first = nodes.count
    nodes.append(contentsOf: other.nodes[(otherParent + 1)...])
    for index in first..<nodes.count {
      (nodes[index].firstChild, nodes[index].lastChild) = (
        moved(nodes[index].firstChild), moved(nodes[index].lastChild)
      )
      (nodes[index].nextSibling, nodes[index].target) = (moved(nodes[index].nextSibling), moved(nodes[index].target))
    }
    for (entry, node) in other.keyIndex where Int(entry.parent) > otherParent {
      keyIndex[MemberKey(parent: entry.parent + shift, key: entry.key)] = node + shift
    }
    for (node, text) in other.scalarTexts where Int(node) > otherParent { scalarTexts[node + shift] = text }
    // The members, in order, as `link` and `record` add them one by one.
    member = moved(other.nodes[otherParent].firstChild)
    while member >= 0 {
      let last = nodes[parent].lastChild
      if last < 0 { nodes[parent].firstChild = member } else { nodes[Int(last)].nextSibling = member }
      nodes[parent].lastChild = member
      nodes[parent].childCount += 1
      if let key = nodes[Int(member)].key { record(key, member, under: parent) }
      member = nodes[Int(member)].nextSibling
    }
    return Int(nodes[parent].lastChild)
  }

  /// Adds the next element under a list node.
  public mutating func addElement(parent: Int, at position: SourcePosition) -> Int {
    Int(link(Node(position: position), under: parent))
  }

  /// The position of a node.
  public func position(ofNode node: Int) -> SourcePosition { nodes[node].position }

  /// The node a member names: itself, or the node an alias stands for.
  private func resolved(_ node: Int32) -> Int { Int(nodes[Int(node)].target >= 0 ? nodes[Int(node)].target : node) }

  /// The member of a mapping node with this key.
  public func child(of node: Int, key: String) -> Int? {
    guard nodes.indices.contains(node) else { return nil }
    if nodes[node].indexed { return keyIndex[MemberKey(parent: Int32(node), key: key)].map(resolved) }
    // Lengths first: most keys of a mapping differ in length, and a length is free to read.
    let length = key.utf8.count
    var child = nodes[node].firstChild
    while child >= 0 {
      if let name = nodes[Int(child)].key, name.utf8.count == length, name == key { return resolved(child) }
      child = nodes[Int(child)].nextSibling
    }
    return nil
  }

  /// The element of a list node at this index.
  public func child(of node: Int, index: Int) -> Int? {
    guard nodes.indices.contains(node), index >= 0, index < Int(nodes[node].childCount) else { return nil }
    var child = nodes[node].firstChild
    for _ in 0..<index { child = nodes[Int(child)].nextSibling }
    return Int(child)
  }

  private func elementCount(of node: Int) -> Int { Int(nodes[node].childCount) }

  /// The node at `path`, or `nil` when the reader saw none there.
  private func node(at path: [PathComponent]) -> (found: Int?, deepest: Int?) {
    guard !nodes.isEmpty else { return (nil, nil) }
    var node = 0
    for component in path {
      let next: Int?
      switch component {
      case .key(let key): next = child(of: node, key: key)
      case .index(let index): next = child(of: node, index: index)
      }
      guard let next else { return (nil, node) }
      node = next
    }
    return (node, node)
  }

  /// The index of the node at `path`, if the reader saw one there.
  public func nodeIndex(at path: [PathComponent]) -> Int? { node(at: path).found }

  /// Makes `key` under a mapping node another name for an existing node, so that what a reader
  /// expanded (an `Fn::ForEach`'s resources) is found at the place it was written.
  public mutating func addAlias(parent: Int, key: String, of node: Int) {
    guard nodes.indices.contains(parent), nodes.indices.contains(node), child(of: parent, key: key) == nil else {
      return
    }
    var alias = Node(position: nodes[node].position, key: key)
    alias.target = Int32(node)
    let index = link(alias, under: parent)
    record(key, index, under: parent)
  }

  /// Forgets the recorded scalar texts: a template keeps only positions.
  public mutating func removeScalarTexts() { scalarTexts = [:] }

  /// Records the text a scalar node was written as.
  public mutating func setScalarText(_ text: String, ofNode node: Int) {
    scalarTexts[Int32(node)] = text
  }

  /// The text the scalar at `path` was written as, when the reader recorded it: a setting that
  /// is text takes `ZIP: 02134` as `02134`, not as the octal number YAML 1.1 reads.
  public func scalarText(at path: [PathComponent]) -> String? {
    guard !scalarTexts.isEmpty, let found = node(at: path).found else { return nil }
    return scalarTexts[Int32(found)]
  }

  /// The position of exactly the node at `path`, if the reader saw one there.
  public func exactPosition(of path: [PathComponent]) -> SourcePosition? {
    node(at: path).found.map { nodes[$0].position }
  }

  /// The position of the node at `path`, or of its nearest ancestor that has one.
  public func position(of path: [PathComponent]) -> SourcePosition? {
    node(at: path).deepest.map { nodes[$0].position }
  }
}
