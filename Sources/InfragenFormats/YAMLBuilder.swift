import InfragenCore

/// Builds the value tree and the source map from the parser's events, with an explicit stack of
/// open collections, resolving scalars and applying tags as nodes complete.
struct YAMLBuilder {
  /// What precedes a node's content: its tag, and where the node starts (at the tag, if any).
  struct Properties {
    var tag: YAMLTag?
    var tagName = ""
    var start: YAMLMark
  }

  /// A mapping or sequence that is still open.
  private struct Frame {
    let isMapping: Bool
    let properties: Properties
    var fields = Fields()
    var elements: [TemplateValue] = []
    /// The key whose value is being read, in a mapping; `nil` while a key is expected.
    var key: String?
  }

  /// Whether one-key mappings naming a function become intrinsics, as ``TemplateDecoder`` would
  /// make them.
  private let recognizesIntrinsics: Bool
  private var stack: [Frame] = []
  /// The first three components of the path of the node being read: all that
  /// ``TemplateDecoder/isNameMapping(_:)`` looks at.
  private var pathPrefix: [PathComponent] = []
  /// How many components the whole path has.
  private var depth = 0
  /// The source-map node of the root and of each component of the path.
  private var nodes: [Int] = []
  /// The start of every node read so far.
  private(set) var map: SourceMap
  /// The document's root, once it is complete.
  private(set) var root: TemplateValue?

  init(file: String, recognizesIntrinsics: Bool, dialect: YAMLReader.Dialect) {
    self.map = SourceMap(file: file)
    self.recognizesIntrinsics = recognizesIntrinsics
    self.dialect = dialect
  }

  /// What the file holds, for the wording of errors.
  private let dialect: YAMLReader.Dialect

  /// Whether the next node is a mapping key.
  private var expectsKey: Bool {
    guard let top = stack.last else { return false }
    return top.isMapping && top.key == nil
  }

  // MARK: Events

  /// A scalar: a key, or a value to resolve.
  mutating func scalar(_ text: String, style: YAMLScalarStyle, properties: Properties)
    throws(ReadError)
  {
    if expectsKey {
      try key(text, style: style, properties: properties)
      return
    }
    try begin(properties)
    let value = try resolve(text, style: style, properties: properties)
    if !recognizesIntrinsics, style == .plain, properties.tag == nil, value.stringValue == nil, let node = nodes.last {
      map.setScalarText(text, ofNode: node)
    }
    try finish(value, properties: properties)
  }

  /// The start of a mapping or sequence.
  mutating func startCollection(mapping: Bool, properties: Properties) throws(ReadError) {
    let position = properties.start.position
    let kind = mapping ? "mapping" : "sequence"
    if expectsKey {
      throw ReadError("a mapping key must be a string, found a \(kind)", at: position)
    }
    guard stack.count < YAMLReader.maximumDepth else {
      throw ReadError(
        "mappings and sequences are nested more than \(YAMLReader.maximumDepth) levels deep",
        at: position)
    }
    switch properties.tag {
    case nil, .function?, .nonSpecific?: break
    case .mapping? where mapping: break
    case .sequence? where !mapping: break
    default:
      throw ReadError(
        "the tag '\(properties.tagName)' cannot be applied to a \(kind)", at: position)
    }
    try begin(properties)
    stack.append(Frame(isMapping: mapping, properties: properties))
  }

  /// The end of the innermost mapping or sequence.
  mutating func endCollection() throws(ReadError) {
    guard let frame = stack.popLast() else { return }
    var value: TemplateValue
    if frame.isMapping {
      value = .object(frame.fields)
      if recognizesIntrinsics, frame.fields.count == 1,
        let call = try longForm(frame.fields[frame.fields.startIndex])
      {
        value = .intrinsic(call)
      }
    } else {
      value = .list(frame.elements)
    }
    try finish(value, properties: frame.properties)
  }

  // MARK: Nodes and positions

  /// Records a value node's position: the root, a sequence element, or (already recorded at its
  /// key) a mapping value; a short-form tag adds its function's key, as the long form has one.
  private mutating func begin(_ properties: Properties) throws(ReadError) {
    let position = properties.start.position
    if let top = stack.last {
      if !top.isMapping {
        nodes.append(map.addElement(parent: nodes.last ?? 0, at: position))
        pushPath(.index(top.elements.count))
      }
    } else {
      nodes = [map.root(at: position)]
      pathPrefix = []
      depth = 0
    }
    if case .function(let name)? = properties.tag {
      nodes.append(map.addMember(parent: nodes.last ?? 0, key: name, at: position).node)
      pushPath(.key(name))
    }
  }

  /// Adds a complete value to its parent, applying a short-form tag first.
  private mutating func finish(_ value: TemplateValue, properties: Properties) throws(ReadError) {
    var value = value
    if case .function(let name)? = properties.tag {
      value = try call(name, value, properties: properties)
      nodes.removeLast()
      popPath()
    }
    guard let top = stack.indices.last else {
      root = value
      return
    }
    if stack[top].isMapping {
      stack[top].fields.appendUnchecked(stack[top].key ?? "", value)
      stack[top].key = nil
    } else {
      stack[top].elements.append(value)
    }
    if !nodes.isEmpty { nodes.removeLast() }
    popPath()
  }

  private mutating func pushPath(_ component: PathComponent) {
    if depth < 3 { pathPrefix.append(component) }
    depth += 1
  }

  private mutating func popPath() {
    guard depth > 0 else { return }
    depth -= 1
    if depth < 3, !pathPrefix.isEmpty { pathPrefix.removeLast() }
  }

  /// Records a mapping key at its first character.
  /// - Throws: ``ReadError`` for a repeated key, a merge key, an empty key or a tagged key.
  private mutating func key(_ text: String, style: YAMLScalarStyle, properties: Properties)
    throws(ReadError)
  {
    let position = properties.start.position
    switch properties.tag {
    case nil, .string?, .nonSpecific?: break
    case .function?:
      throw ReadError(
        "a mapping key cannot be a function call such as '\(properties.tagName)'; keys are strings",
        at: position)
    default:
      throw ReadError(
        "a mapping key must be a string; remove the tag '\(properties.tagName)'", at: position)
    }
    if style == .empty && properties.tag == nil {
      throw ReadError("expected a mapping key before ':'", at: position)
    }
    if style == .plain && text == "<<" {
      throw ReadError("merge keys ('<<') are not supported \(dialect.refusedBy)", at: position)
    }
    let member = map.addMember(parent: nodes.last ?? 0, key: text, at: position)
    if let first = member.duplicateOf {
      let place =
        first.line == position.line
        ? "line \(first.line), column \(first.column)" : "line \(first.line)"
      throw ReadError("duplicate key '\(text)'; first defined at \(place)", at: position)
    }
    nodes.append(member.node)
    pushPath(.key(text))
    if let top = stack.indices.last { stack[top].key = text }
  }

  // MARK: Values

  /// A scalar's value: plain scalars resolve by YAML 1.1 rules, quoted and block scalars are
  /// strings, and a tag decides when there is one.
  private func resolve(_ text: String, style: YAMLScalarStyle, properties: Properties)
    throws(ReadError) -> TemplateValue
  {
    guard let tag = properties.tag else {
      switch style {
      case .plain: return YAMLReader.resolvePlain(text)
      case .empty: return .null
      default: return .string(text)
      }
    }
    let position = properties.start.position
    let name = properties.tagName
    switch tag {
    case .function(let function):
      guard style != .empty else {
        // `!GetAZs` alone is the stack's region, as `!GetAZs ''` is.
        if function == Intrinsic.Function.getAZs.rawValue { return .string("") }
        throw ReadError("expected an argument after '\(name)'", at: position)
      }
      return .string(text)
    case .string, .nonSpecific:
      return .string(text)
    case .integer:
      guard let value = YAMLReader.integer(text) else {
        throw ReadError("'\(text)' is not an integer, but it is tagged '\(name)'", at: position)
      }
      return value
    case .float:
      if let value = YAMLReader.float(text) { return .number(value) }
      if case .integer(let integer)? = YAMLReader.integer(text) { return .number(Double(integer)) }
      if case .number(let number)? = YAMLReader.integer(text) { return .number(number) }
      throw ReadError("'\(text)' is not a number, but it is tagged '\(name)'", at: position)
    case .boolean:
      guard let value = YAMLReader.boolean(text) else {
        throw ReadError("'\(text)' is not a boolean, but it is tagged '\(name)'", at: position)
      }
      return .boolean(value)
    case .null:
      guard YAMLReader.isNull(text) else {
        throw ReadError("'\(text)' is not null, but it is tagged '\(name)'", at: position)
      }
      return .null
    case .mapping, .sequence:
      throw ReadError("the tag '\(name)' cannot be applied to a scalar", at: position)
    }
  }

  /// The intrinsic function a short-form tag writes, its argument checked as the long form's is.
  private func call(_ name: String, _ argument: TemplateValue, properties: Properties)
    throws(ReadError) -> TemplateValue
  {
    let position = nodes.last.map { map.position(ofNode: $0) } ?? properties.start.position
    let result: Intrinsic?
    do {
      result = try TemplateDecoder.intrinsic(named: name, argument: argument)
    } catch {
      throw ReadError(error.message, at: position)
    }
    guard let result else {
      // A preprocessor's or macro's own tag (`!Rain::Embed`): kept as written, for the
      // validator to name.
      if name != "Condition" { return .intrinsic(.other(name, argument)) }
      throw ReadError(
        "'\(properties.tagName)' takes the name of a condition, found \(YAMLReader.describe(argument))",
        at: position)
    }
    return .intrinsic(result)
  }

  /// The intrinsic function that the one-key mapping being closed holds in long form, if any.
  private func longForm(_ field: Fields.Field) throws(ReadError) -> Intrinsic? {
    guard let first = field.key.utf8.first,
      first == UInt8(ascii: "F") || first == UInt8(ascii: "R") || first == UInt8(ascii: "C"),
      Intrinsic.names.contains(field.key), depth > 3 || !TemplateDecoder.isNameMapping(pathPrefix)
    else { return nil }
    do {
      return try TemplateDecoder.intrinsic(named: field.key, argument: field.value)
    } catch {
      throw ReadError(error.message, at: nodes.last.map { map.position(ofNode: $0) })
    }
  }
}
