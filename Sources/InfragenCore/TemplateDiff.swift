/// What changes between two templates, entry by entry: a semantic diff, not a textual one.
///
/// Every section is compared (`AWSTemplateFormatVersion`, `Description`, `Metadata`,
/// `Parameters`, `Rules`, `Mappings`, `Conditions`, `Transform`, `Resources`, `Outputs`), in that
/// order. Resources are matched by logical ID, whatever their order. Mappings are compared by
/// key, so key order is never a difference; lists are compared element by element, by index.
/// A value whose kind changes (a string that becomes a list, an integer that becomes a string) is
/// one `changed` entry. Intrinsic functions are compared structurally and reported whole.
/// Source positions are ignored.
///
/// Entries come in a fixed order, so that the same two templates always give the same text:
/// sections in the order above; inside `Resources`, the added resources, then the removed ones,
/// then the changes inside the others, each group in logical-ID order (``LogicalID/<(_:_:)``);
/// inside a mapping, keys in the new template's order, then removed keys in the old one's.
public struct TemplateDiff: Hashable, Sendable {
  /// What happened to one value.
  public enum Change: Hashable, Sendable {
    /// The value is only in the new template.
    case added(TemplateValue)
    /// The value is only in the old template.
    case removed(TemplateValue)
    /// The value is in both, and differs.
    case changed(old: TemplateValue, new: TemplateValue)
  }

  /// One difference: where it is and what it is.
  public struct Entry: Hashable, Sendable {
    /// The template section, such as `Resources` or `Parameters`.
    public var section: String
    /// The entry's name inside its section (a resource's, parameter's or output's logical ID);
    /// `nil` for a section that holds a single value, such as `Description`.
    public var logicalID: LogicalID?
    /// The path inside the entry, such as `Properties.Tags[1]`; empty for the entry itself.
    public var path: [PathComponent]
    /// What happened there.
    public var change: Change

    /// An entry.
    public init(section: String, logicalID: LogicalID?, path: [PathComponent] = [], change: Change) {
      self.section = section
      self.logicalID = logicalID
      self.path = path
      self.change = change
    }

    /// `Resources.Vpc.Properties.Tags[1]`.
    public var location: String {
      var text = section
      if let logicalID { text += "." + logicalID.rawValue }
      return text + path.map(\.description).joined()
    }
  }

  /// What CloudFormation would do to a resource that holds data, beyond updating it in place.
  public struct Hazard: Hashable, Sendable {
    /// How sure the replacement is.
    public enum Kind: Hashable, Sendable {
      /// The resource is replaced: a new one is created and the old one deleted (or kept, by its
      /// `UpdateReplacePolicy`).
      case replacement
      /// The resource is deleted (or kept, by its `DeletionPolicy`).
      case deletion
    }

    /// The resource.
    public var logicalID: LogicalID
    /// Replacement, possible replacement or deletion.
    public var kind: Kind
    /// Why: the properties or attributes whose change causes it.
    public var reason: String
    /// What happens to the data: the policy that decides it, as written, or `Delete` by default.
    public var policy: String
  }

  /// The differences, in the order described above.
  public var entries: [Entry]

  /// The replacements and deletions of resources that hold data (databases, caches, search
  /// domains, buckets, secrets, keys), in logical-ID order; a changed `Type` of any resource.
  public var hazards: [Hazard]

  /// Whether the two templates are equivalent.
  public var isEmpty: Bool { entries.isEmpty }

  /// The differences between `old` and `new`.
  public init(old: Template, new: Template) {
    var differ = Differ()
    differ.compare(
      section: "AWSTemplateFormatVersion", old.formatVersion.map(TemplateValue.string),
      new.formatVersion.map(TemplateValue.string))
    differ.compare(
      section: "Description", old.description.map(TemplateValue.string),
      new.description.map(TemplateValue.string))
    differ.compare(section: "Metadata", old.metadata, new.metadata)
    differ.compare(section: "Parameters", old.parameters, new.parameters)
    differ.compare(section: "Rules", old.rules, new.rules)
    differ.compare(section: "Mappings", old.mappings, new.mappings)
    differ.compare(section: "Conditions", old.conditions, new.conditions)
    differ.compare(section: "Transform", old.transform, new.transform)
    differ.compare(resources: old.resources, new.resources)
    differ.compare(section: "Outputs", old.outputs, new.outputs)
    entries = differ.entries
    hazards = Self.hazards(old: old, new: new, entries: entries)
  }

  /// Whether CloudFormation keeps data for resources of this type: it replaces them only with a
  /// loss, so their replacement and deletion are marked.
  public static func holdsData(_ type: String) -> Bool { ReplacementProperties.always[type] != nil }

  private static func hazards(old: Template, new: Template, entries: [Entry]) -> [Hazard] {
    var oldByID: [LogicalID: Template.Resource] = [:]
    for resource in old.resources where oldByID[resource.logicalID] == nil { oldByID[resource.logicalID] = resource }
    var newByID: [LogicalID: Template.Resource] = [:]
    for resource in new.resources where newByID[resource.logicalID] == nil { newByID[resource.logicalID] = resource }
    var result: [Hazard] = []
    for id in oldByID.keys.sorted() {
      guard let before = oldByID[id] else { continue }
      guard let after = newByID[id] else {
        guard holdsData(before.type) else { continue }
        var reason = "it is removed from the template"
        let sameType = new.resources.filter { $0.type == before.type && oldByID[$0.logicalID] == nil }
        if let renamed = sameType.first {
          reason += "; '\(renamed.logicalID)' of the same type is added, and a new logical ID is a new resource"
        }
        result.append(
          Hazard(logicalID: id, kind: .deletion, reason: reason, policy: policy(before, "DeletionPolicy")))
        continue
      }
      if before.type != after.type {
        result.append(
          Hazard(
            logicalID: id, kind: .replacement, reason: "its Type changes from \(before.type) to \(after.type)",
            policy: policy(before, "UpdateReplacePolicy")))
        continue
      }
      guard holdsData(before.type) else { continue }
      var always: [String] = []
      for entry in entries where entry.section == resourcesSection && entry.logicalID == id {
        guard entry.path.count >= 2, entry.path[0] == .key("Properties"), case .key(let property) = entry.path[1]
        else { continue }
        if ReplacementProperties.always[before.type]?.contains(property) == true, !always.contains(property) {
          always.append(property)
        }
      }
      if !always.isEmpty {
        result.append(
          Hazard(
            logicalID: id, kind: .replacement,
            reason:
              "\(always.joined(separator: ", ")) \(always.count == 1 ? "changes" : "change"), which CloudFormation cannot update in place",
            policy: policy(before, "UpdateReplacePolicy")))
      }
    }
    return result
  }

  /// `DeletionPolicy Snapshot`, or `no DeletionPolicy: Delete` when the resource has none.
  private static func policy(_ resource: Template.Resource, _ attribute: String) -> String {
    let value = attribute == "DeletionPolicy" ? resource.deletionPolicy : resource.updateReplacePolicy
    guard let value else {
      return attribute == "DeletionPolicy"
        ? "no DeletionPolicy, so it is deleted with its data" : "no UpdateReplacePolicy, so the old resource is deleted"
    }
    let text = value.stringValue ?? OneLineJSON.render(value)
    switch text {
    case "Retain", "RetainExceptOnCreate": return "\(attribute) \(text): the old resource is kept outside the stack"
    case "Snapshot": return "\(attribute) Snapshot: a final snapshot is kept"
    default: return "\(attribute) \(text)"
    }
  }

  /// Resources only in the new template, sorted.
  public var addedResources: [LogicalID] {
    resourceIDs { $0.path.isEmpty && $0.change.isAdded }
  }

  /// Resources only in the old template, sorted.
  public var removedResources: [LogicalID] {
    resourceIDs { $0.path.isEmpty && $0.change.isRemoved }
  }

  /// Resources in both templates that differ, sorted.
  public var changedResources: [LogicalID] {
    resourceIDs { !$0.path.isEmpty }
  }

  private func resourceIDs(where include: (Entry) -> Bool) -> [LogicalID] {
    var ids = Set<LogicalID>()
    for entry in entries where entry.section == Self.resourcesSection && include(entry) {
      if let id = entry.logicalID { ids.insert(id) }
    }
    return ids.sorted()
  }

  static let resourcesSection = "Resources"

  /// The differences as text, one line each, then a summary line:
  ///
  ///     + Resources.NewTopic (AWS::SNS::Topic)
  ///     - Resources.OldQueue (AWS::SQS::Queue)
  ///     ~ Resources.Database.Properties.MultiAZ: true -> false
  ///     + Resources.Vpc.Properties.Tags[1]: {"Key": "team", "Value": "web"}
  ///     2 resources changed, 1 added, 1 removed
  ///
  /// Values are one-line JSON, printed whole, intrinsics in long form. When nothing differs, the
  /// text is `no differences`. Changes outside `Resources` are counted after a semicolon
  /// (`; 2 changes in other sections`). Replacements and deletions of resources that hold data
  /// come first, one line each, as `cdk diff` marks them:
  ///
  ///     ! Resources.Database: replacement: DBSubnetGroupName changes, which CloudFormation cannot
  ///       update in place (UpdateReplacePolicy Snapshot: a final snapshot is kept)
  public func text() -> String {
    guard !entries.isEmpty else { return "no differences\n" }
    var text = ""
    for hazard in hazards {
      let what: String
      switch hazard.kind {
      case .replacement: what = "replacement"
      case .deletion: what = "deletion"
      }
      text += "! Resources.\(hazard.logicalID): \(what): \(hazard.reason) (\(hazard.policy))\n"
    }
    for entry in entries { text += Self.line(entry) + "\n" }
    let others = entries.count(where: { $0.section != Self.resourcesSection })
    let changed = changedResources.count
    var summary = "\(changed) \(changed == 1 ? "resource" : "resources") changed, "
    summary += "\(addedResources.count) added, \(removedResources.count) removed"
    if others > 0 { summary += "; \(others) \(others == 1 ? "change" : "changes") in other sections" }
    let replaced = hazards.count { $0.kind == .replacement }
    let deleted = hazards.count { $0.kind == .deletion }
    if replaced > 0 { summary += "; \(replaced) \(replaced == 1 ? "replacement" : "replacements")" }
    if deleted > 0 { summary += "; \(deleted) \(deleted == 1 ? "deletion" : "deletions") of data" }
    return text + summary + "\n"
  }

  /// One line of ``text()``.
  static func line(_ entry: Entry) -> String {
    let wholeResource = entry.section == resourcesSection && entry.path.isEmpty
    switch entry.change {
    case .added(let value):
      return "+ \(entry.location)" + (wholeResource ? typeSuffix(value) : ": " + shortJSON(value))
    case .removed(let value):
      return "- \(entry.location)" + (wholeResource ? typeSuffix(value) : ": " + shortJSON(value))
    case .changed(let old, let new):
      return "~ \(entry.location): \(shortJSON(old)) -> \(shortJSON(new))"
    }
  }

  /// ` (AWS::SNS::Topic)` for a whole resource.
  private static func typeSuffix(_ resource: TemplateValue) -> String {
    guard let type = resource["Type"] else { return "" }
    return " (\(type.stringValue ?? shortJSON(type)))"
  }

  /// One-line JSON, whole.
  static func shortJSON(_ value: TemplateValue) -> String { OneLineJSON.render(value) }
}

extension TemplateDiff.Change {
  fileprivate var isAdded: Bool {
    if case .added = self { return true }
    return false
  }

  fileprivate var isRemoved: Bool {
    if case .removed = self { return true }
    return false
  }
}

/// Walks two templates side by side and collects the entries.
private struct Differ {
  var entries: [TemplateDiff.Entry] = []

  /// A section that holds one value (`Description`, `Transform`).
  mutating func compare(section: String, _ old: TemplateValue?, _ new: TemplateValue?) {
    var found: [(path: [PathComponent], change: TemplateDiff.Change)] = []
    Self.compare(old, new, at: [], into: &found)
    for (path, change) in found {
      entries.append(.init(section: section, logicalID: nil, path: path, change: change))
    }
  }

  /// A section of named entries (`Parameters`, `Outputs`, ...): each key is an entry.
  mutating func compare(section: String, _ old: Fields, _ new: Fields) {
    let oldValues = Self.lookup(old)
    let newValues = Self.lookup(new)
    for key in Self.orderedKeys(old, new, newValues: newValues) {
      var found: [(path: [PathComponent], change: TemplateDiff.Change)] = []
      Self.compare(oldValues[key], newValues[key], at: [], into: &found)
      for (path, change) in found {
        entries.append(.init(section: section, logicalID: LogicalID(key), path: path, change: change))
      }
    }
  }

  /// `Resources`: matched by logical ID; added, then removed, then changed, each sorted.
  mutating func compare(resources old: [Template.Resource], _ new: [Template.Resource]) {
    let section = TemplateDiff.resourcesSection
    let oldByID = Self.byID(old)
    let newByID = Self.byID(new)
    let added = newByID.keys.filter { oldByID[$0] == nil }.sorted()
    let removed = oldByID.keys.filter { newByID[$0] == nil }.sorted()
    let common = newByID.keys.filter { oldByID[$0] != nil }.sorted()
    for id in added {
      if let resource = newByID[id] {
        entries.append(.init(section: section, logicalID: id, change: .added(.object(resource.document))))
      }
    }
    for id in removed {
      if let resource = oldByID[id] {
        entries.append(.init(section: section, logicalID: id, change: .removed(.object(resource.document))))
      }
    }
    for id in common {
      guard let oldResource = oldByID[id], let newResource = newByID[id] else { continue }
      var found: [(path: [PathComponent], change: TemplateDiff.Change)] = []
      Self.compare(oldResource.document, newResource.document, at: [], into: &found)
      for (path, change) in found {
        entries.append(.init(section: section, logicalID: id, path: path, change: change))
      }
    }
  }

  /// The first resource with each logical ID, as ``Template/resource(_:)`` finds it.
  private static func byID(_ resources: [Template.Resource]) -> [LogicalID: Template.Resource] {
    var byID: [LogicalID: Template.Resource] = [:]
    for resource in resources where byID[resource.logicalID] == nil { byID[resource.logicalID] = resource }
    return byID
  }

  /// A mapping's values by key; the first value wins, as ``Fields`` subscripts read it.
  private static func lookup(_ fields: Fields) -> [String: TemplateValue] {
    var values: [String: TemplateValue] = [:]
    values.reserveCapacity(fields.count)
    for field in fields where values[field.key] == nil { values[field.key] = field.value }
    return values
  }

  /// The new mapping's keys in order, then the keys only the old one has, in its order.
  private static func orderedKeys(_ old: Fields, _ new: Fields, newValues: [String: TemplateValue]) -> [String] {
    var seen = Set<String>()
    var keys: [String] = []
    for key in new.keys where seen.insert(key).inserted { keys.append(key) }
    for key in old.keys where newValues[key] == nil && seen.insert(key).inserted { keys.append(key) }
    return keys
  }

  /// Compares two optional values at `path`.
  private static func compare(
    _ old: TemplateValue?, _ new: TemplateValue?, at path: [PathComponent],
    into found: inout [(path: [PathComponent], change: TemplateDiff.Change)]
  ) {
    switch (old, new) {
    case (nil, nil): return
    case (nil, let new?): found.append((path, .added(new)))
    case (let old?, nil): found.append((path, .removed(old)))
    case (let old?, let new?): compare(old, new, at: path, into: &found)
    }
  }

  /// Compares two values at `path`: mappings by key, lists by index, anything else whole.
  private static func compare(
    _ old: TemplateValue, _ new: TemplateValue, at path: [PathComponent],
    into found: inout [(path: [PathComponent], change: TemplateDiff.Change)]
  ) {
    switch (old, new) {
    case (.object(let old), .object(let new)):
      compare(old, new, at: path, into: &found)
    case (.list(let old), .list(let new)):
      for index in 0..<max(old.count, new.count) {
        compare(
          index < old.count ? old[index] : nil, index < new.count ? new[index] : nil,
          at: path + [.index(index)], into: &found)
      }
    default:
      if !equivalent(old, new) { found.append((path, .changed(old: old, new: new))) }
    }
  }

  /// Compares two mappings at `path`, key by key.
  private static func compare(
    _ old: Fields, _ new: Fields, at path: [PathComponent],
    into found: inout [(path: [PathComponent], change: TemplateDiff.Change)]
  ) {
    let oldValues = lookup(old)
    let newValues = lookup(new)
    for key in orderedKeys(old, new, newValues: newValues) {
      compare(oldValues[key], newValues[key], at: path + [.key(key)], into: &found)
    }
  }

  /// Whether two values mean the same: mappings whatever their key order, intrinsics by their
  /// long form (so `{"Ref": "X"}` read as a plain mapping equals `Ref X`).
  static func equivalent(_ lhs: TemplateValue, _ rhs: TemplateValue) -> Bool {
    switch (lhs, rhs) {
    case (.string(let a), .string(let b)): return a == b
    case (.integer(let a), .integer(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.boolean(let a), .boolean(let b)): return a == b
    case (.null, .null): return true
    case (.list(let a), .list(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { equivalent($0, $1) }
    case (.object(let a), .object(let b)): return equivalent(a, b)
    case (.intrinsic(let a), .intrinsic(let b)):
      return a.name == b.name && equivalent(a.argument, b.argument)
    case (.intrinsic(let a), .object(let b)), (.object(let b), .intrinsic(let a)):
      return equivalent(longForm(a), b)
    default: return false
    }
  }

  private static func equivalent(_ lhs: Fields, _ rhs: Fields) -> Bool {
    let left = lookup(lhs)
    let right = lookup(rhs)
    guard left.count == right.count else { return false }
    for (key, value) in left {
      guard let other = right[key], equivalent(value, other) else { return false }
    }
    return true
  }

  private static func longForm(_ intrinsic: Intrinsic) -> Fields {
    var fields = Fields()
    fields.appendUnchecked(intrinsic.name, intrinsic.argument)
    return fields
  }
}

/// Renders a ``TemplateValue`` as JSON on one line: `{"Key": "team", "Value": [1, true]}`.
/// Intrinsics are written in long form (`{"Ref": "Vpc"}`); mappings keep their order.
enum OneLineJSON {
  /// The value as one line of JSON.
  static func render(_ value: TemplateValue) -> String {
    var text = ""
    write(value, to: &text)
    return text
  }

  private static func write(_ value: TemplateValue, to text: inout String) {
    switch value {
    case .string(let string): writeString(string, to: &text)
    case .integer(let integer): text += String(integer)
    case .number(let number): text += number.description
    case .boolean(let boolean): text += boolean ? "true" : "false"
    case .null: text += "null"
    case .list(let elements):
      text += "["
      for (offset, element) in elements.enumerated() {
        if offset > 0 { text += ", " }
        write(element, to: &text)
      }
      text += "]"
    case .object(let fields):
      text += "{"
      for (offset, field) in fields.enumerated() {
        if offset > 0 { text += ", " }
        writeString(field.key, to: &text)
        text += ": "
        write(field.value, to: &text)
      }
      text += "}"
    case .intrinsic(let intrinsic):
      text += "{"
      writeString(intrinsic.name, to: &text)
      text += ": "
      write(intrinsic.argument, to: &text)
      text += "}"
    }
  }

  private static func writeString(_ string: String, to text: inout String) {
    text += JSONString.quoted(string)
  }
}
