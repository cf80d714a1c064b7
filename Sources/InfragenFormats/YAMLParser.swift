import InfragenCore

/// The YAML parser: a state machine over the scanner's tokens with an explicit stack of states,
/// after libyaml's `parser.c`, that hands each node to a ``YAMLBuilder``.
///
/// Nothing recurses, so the depth of the input never reaches the call stack.
struct YAMLParser {
  private enum State {
    case streamStart
    case implicitDocumentStart
    case documentStart
    case documentContent
    case documentEnd
    case blockNode
    case blockSequenceFirstEntry
    case blockSequenceEntry
    case indentlessSequenceEntry
    case blockMappingFirstKey
    case blockMappingKey
    case blockMappingValue
    case flowSequenceFirstEntry
    case flowSequenceEntry
    case flowSequenceEntryMappingKey
    case flowSequenceEntryMappingValue
    case flowSequenceEntryMappingEnd
    case flowMappingFirstKey
    case flowMappingKey
    case flowMappingValue
    case flowMappingEmptyValue
    case end
  }

  /// An open collection, for error messages.
  private struct Collection {
    var start: YAMLMark
    var isFlow: Bool
    var isMapping: Bool
  }

  private var scanner: YAMLScanner
  private var builder: YAMLBuilder
  private var state = State.streamStart
  private var states: [State] = []
  private var collections: [Collection] = []
  private var documents = 0

  /// A parser for `bytes`, which it checks for UTF-8 and forbidden control characters first.
  init(bytes: [UInt8], file: String, recognizesIntrinsics: Bool, dialect: YAMLReader.Dialect) throws(ReadError) {
    let start = try YAMLReader.validate(bytes)
    scanner = YAMLScanner(bytes: bytes, start: start, dialect: dialect)
    builder = YAMLBuilder(file: file, recognizesIntrinsics: recognizesIntrinsics, dialect: dialect)
    self.dialect = dialect
  }

  private let dialect: YAMLReader.Dialect

  /// Parses the one document of the stream into its root value and source map.
  mutating func parseDocument() throws(ReadError) -> (TemplateValue, SourceMap) {
    var lastParsed = -1
    var stalledSteps = 0
    while state != .end {
      try step()
      // Every state either takes a token or moves to one that will; guard against a loop anyway.
      if scanner.tokensParsed == lastParsed {
        stalledSteps += 1
        guard stalledSteps < 64 else {
          _ = try scanner.peek()
          throw ReadError(
            "internal error: the YAML parser made no progress at \(scanner.current.found)",
            at: scanner.currentStart.position)
        }
      } else {
        lastParsed = scanner.tokensParsed
        stalledSteps = 0
      }
    }
    guard let root = builder.root else {
      throw ReadError(
        "the file is empty; expected \(dialect == .cloudFormation ? "a CloudFormation template" : "settings") (a YAML mapping)",
        at: SourcePosition(line: 1, column: 1))
    }
    return (root, builder.map)
  }

  // MARK: States

  private mutating func step() throws(ReadError) {
    switch state {
    case .streamStart:
      if try scanner.peek() == .streamStart { scanner.skip() }
      state = .implicitDocumentStart
    case .implicitDocumentStart: try documentStart(implicit: true)
    case .documentStart: try documentStart(implicit: false)
    case .documentContent:
      switch try scanner.peek() {
      case .directive, .documentStart, .documentEnd, .streamEnd: pop()
      default: try parseNode(block: true, indentlessSequence: false)
      }
    case .documentEnd:
      if try scanner.peek() == .documentEnd { scanner.skip() }
      state = .documentStart
    case .blockNode: try parseNode(block: true, indentlessSequence: false)
    case .blockSequenceFirstEntry:
      scanner.skip()
      try blockSequenceEntry()
    case .blockSequenceEntry: try blockSequenceEntry()
    case .indentlessSequenceEntry: try indentlessSequenceEntry()
    case .blockMappingFirstKey:
      scanner.skip()
      try blockMappingKey()
    case .blockMappingKey: try blockMappingKey()
    case .blockMappingValue: try blockMappingValue()
    case .flowSequenceFirstEntry:
      scanner.skip()
      try flowSequenceEntry(first: true)
    case .flowSequenceEntry: try flowSequenceEntry(first: false)
    case .flowSequenceEntryMappingKey: try flowSequenceEntryMappingKey()
    case .flowSequenceEntryMappingValue: try flowSequenceEntryMappingValue()
    case .flowSequenceEntryMappingEnd:
      state = .flowSequenceEntry
      try close()
    case .flowMappingFirstKey:
      scanner.skip()
      try flowMappingKey(first: true)
    case .flowMappingKey: try flowMappingKey(first: false)
    case .flowMappingValue: try flowMappingValue(empty: false)
    case .flowMappingEmptyValue: try flowMappingValue(empty: true)
    case .end: break
    }
  }

  private mutating func pop() { state = states.popLast() ?? .end }

  private mutating func documentStart(implicit: Bool) throws(ReadError) {
    var kind = try scanner.peek()
    while kind == .documentEnd {
      scanner.skip()
      kind = try scanner.peek()
    }
    if kind == .streamEnd {
      state = .end
      return
    }
    guard documents == 0 else {
      throw ReadError(
        "a second YAML document in the stream; \(dialect.file) holds exactly one document",
        at: scanner.currentStart.position)
    }
    documents = 1
    states.append(.documentEnd)
    if implicit && kind != .directive && kind != .documentStart {
      state = .blockNode
      return
    }
    var sawVersion = false
    while kind == .directive {
      if scanner.current.text == "YAML" {
        guard !sawVersion else {
          throw ReadError(
            "a second %YAML directive; expected one at most", at: scanner.currentStart.position)
        }
        sawVersion = true
      }
      scanner.skip()
      kind = try scanner.peek()
    }
    guard kind == .documentStart else {
      throw ReadError(
        "expected '---' after the directive, found \(scanner.current.found)",
        at: scanner.currentStart.position)
    }
    scanner.skip()
    state = .documentContent
  }

  /// Reads a node's tag, then its content: a scalar, or the start of a collection.
  private mutating func parseNode(block: Bool, indentlessSequence: Bool) throws(ReadError) {
    var kind = try scanner.peek()
    var properties = YAMLBuilder.Properties(start: scanner.currentStart)
    if kind == .tag {
      let tag = scanner.current
      properties.tag = tag.tag
      properties.tagName = tag.text
      scanner.skip()
      kind = try scanner.peek()
      if kind == .tag {
        let second = scanner.current
        var message =
          "a node can have only one tag; found '\(second.text)' after '\(properties.tagName)'"
        if case .function(let inner)? = second.tag {
          message += " (write the inner function in long form: '\(inner): ...')"
        }
        throw ReadError(message, at: second.start.position)
      }
    }
    let start = scanner.currentStart
    switch kind {
    case .blockEntry where indentlessSequence:
      try open(mapping: false, flow: false, properties: properties, at: start)
      state = .indentlessSequenceEntry
    case .scalar:
      let token = scanner.current
      try builder.scalar(token.text, style: token.style, properties: properties)
      scanner.skip()
      pop()
    case .flowSequenceStart:
      try open(mapping: false, flow: true, properties: properties, at: start)
      state = .flowSequenceFirstEntry
    case .flowMappingStart:
      try open(mapping: true, flow: true, properties: properties, at: start)
      state = .flowMappingFirstKey
    case .blockSequenceStart where block:
      try open(mapping: false, flow: false, properties: properties, at: start)
      state = .blockSequenceFirstEntry
    case .blockMappingStart where block:
      try open(mapping: true, flow: false, properties: properties, at: start)
      state = .blockMappingFirstKey
    default:
      guard properties.tag != nil else {
        throw ReadError("expected a value, found \(scanner.current.found)", at: start.position)
      }
      try builder.scalar("", style: .empty, properties: properties)
      pop()
    }
  }

  private mutating func blockSequenceEntry() throws(ReadError) {
    switch try scanner.peek() {
    case .blockEntry:
      let entry = scanner.currentStart
      scanner.skip()
      let next = try scanner.peek()
      if next != .blockEntry && next != .blockEnd {
        states.append(.blockSequenceEntry)
        try parseNode(block: true, indentlessSequence: false)
      } else {
        state = .blockSequenceEntry
        try empty(at: entry)
      }
    case .blockEnd:
      pop()
      try close()
      scanner.skip()
    default:
      throw blockError(expected: "a '-' sequence entry", found: scanner.current)
    }
  }

  private mutating func indentlessSequenceEntry() throws(ReadError) {
    guard try scanner.peek() == .blockEntry else {
      pop()
      try close()
      return
    }
    let entry = scanner.currentStart
    scanner.skip()
    switch try scanner.peek() {
    case .blockEntry, .key, .value, .blockEnd:
      state = .indentlessSequenceEntry
      try empty(at: entry)
    default:
      states.append(.indentlessSequenceEntry)
      try parseNode(block: true, indentlessSequence: false)
    }
  }

  private mutating func blockMappingKey() throws(ReadError) {
    switch try scanner.peek() {
    case .key:
      scanner.skip()
      switch try scanner.peek() {
      case .key, .value, .blockEnd:
        state = .blockMappingValue
        try empty(at: scanner.currentStart)
      default:
        states.append(.blockMappingValue)
        try parseNode(block: true, indentlessSequence: true)
      }
    case .blockEnd:
      pop()
      try close()
      scanner.skip()
    default:
      throw blockError(expected: "a mapping key", found: scanner.current)
    }
  }

  private mutating func blockMappingValue() throws(ReadError) {
    guard try scanner.peek() == .value else {
      state = .blockMappingKey
      try empty(at: scanner.currentStart)
      return
    }
    let start = scanner.currentStart
    scanner.skip()
    switch try scanner.peek() {
    case .key, .value, .blockEnd:
      state = .blockMappingKey
      try empty(at: start)
    default:
      states.append(.blockMappingKey)
      try parseNode(block: true, indentlessSequence: true)
    }
  }

  private mutating func flowSequenceEntry(first: Bool) throws(ReadError) {
    var kind = try scanner.peek()
    if kind != .flowSequenceEnd {
      if !first {
        guard kind == .flowEntry else { throw flowError(found: scanner.current) }
        scanner.skip()
        kind = try scanner.peek()
      }
      if kind == .key {
        // A single pair in a flow sequence: `[a: 1]` is `[{a: 1}]`.
        let start = scanner.currentStart
        state = .flowSequenceEntryMappingKey
        try open(
          mapping: true, flow: true, properties: YAMLBuilder.Properties(start: start), at: start)
        scanner.skip()
        return
      }
      if kind != .flowSequenceEnd {
        states.append(.flowSequenceEntry)
        try parseNode(block: false, indentlessSequence: false)
        return
      }
    }
    pop()
    try close()
    scanner.skip()
  }

  private mutating func flowSequenceEntryMappingKey() throws(ReadError) {
    switch try scanner.peek() {
    case .value, .flowEntry, .flowSequenceEnd:
      state = .flowSequenceEntryMappingValue
      try empty(at: scanner.currentStart)
    default:
      states.append(.flowSequenceEntryMappingValue)
      try parseNode(block: false, indentlessSequence: false)
    }
  }

  private mutating func flowSequenceEntryMappingValue() throws(ReadError) {
    if try scanner.peek() == .value {
      scanner.skip()
      let kind = try scanner.peek()
      if kind != .flowEntry && kind != .flowSequenceEnd {
        states.append(.flowSequenceEntryMappingEnd)
        try parseNode(block: false, indentlessSequence: false)
        return
      }
    }
    state = .flowSequenceEntryMappingEnd
    try empty(at: scanner.currentStart)
  }

  private mutating func flowMappingKey(first: Bool) throws(ReadError) {
    var kind = try scanner.peek()
    if kind != .flowMappingEnd {
      if !first {
        guard kind == .flowEntry else { throw flowError(found: scanner.current) }
        scanner.skip()
        kind = try scanner.peek()
      }
      if kind == .key {
        scanner.skip()
        switch try scanner.peek() {
        case .value, .flowEntry, .flowMappingEnd:
          state = .flowMappingValue
          try empty(at: scanner.currentStart)
        default:
          states.append(.flowMappingValue)
          try parseNode(block: false, indentlessSequence: false)
        }
        return
      }
      if kind != .flowMappingEnd {
        states.append(.flowMappingEmptyValue)
        try parseNode(block: false, indentlessSequence: false)
        return
      }
    }
    pop()
    try close()
    scanner.skip()
  }

  private mutating func flowMappingValue(empty isEmpty: Bool) throws(ReadError) {
    if !isEmpty, try scanner.peek() == .value {
      scanner.skip()
      let kind = try scanner.peek()
      if kind != .flowEntry && kind != .flowMappingEnd {
        states.append(.flowMappingKey)
        try parseNode(block: false, indentlessSequence: false)
        return
      }
    }
    _ = try scanner.peek()
    state = .flowMappingKey
    try empty(at: scanner.currentStart)
  }

  // MARK: Collections and empty nodes

  private mutating func open(
    mapping: Bool, flow: Bool, properties: YAMLBuilder.Properties, at start: YAMLMark
  ) throws(ReadError) {
    try builder.startCollection(mapping: mapping, properties: properties)
    collections.append(Collection(start: start, isFlow: flow, isMapping: mapping))
  }

  private mutating func close() throws(ReadError) {
    _ = collections.popLast()
    try builder.endCollection()
  }

  /// A node with no content: a value left out (`Key:`), or a sequence entry `-` alone.
  private mutating func empty(at mark: YAMLMark) throws(ReadError) {
    try builder.scalar("", style: .empty, properties: YAMLBuilder.Properties(start: mark))
  }

  // MARK: Errors

  /// The error for a token a block collection cannot take next.
  private func blockError(expected: String, found token: YAMLToken) -> ReadError {
    guard let collection = collections.last else {
      return ReadError("expected \(expected), found \(token.found)", at: token.start.position)
    }
    let column = collection.start.column + 1
    let foundColumn = token.start.column + 1
    switch token.kind {
    case .blockMappingStart, .blockSequenceStart, .key, .blockEntry, .scalar, .tag,
      .flowSequenceStart, .flowMappingStart:
      if foundColumn != column {
        return ReadError(
          "bad indentation; expected \(expected) at column \(column), found \(token.found) at column \(foundColumn)",
          at: token.start.position)
      }
    default:
      break
    }
    var message = "expected \(expected) at column \(column), found \(token.found)"
    if token.kind == .blockEntry, collection.isMapping {
      message += "; a mapping cannot hold '-' entries (indent them under a key)"
    }
    return ReadError(message, at: token.start.position)
  }

  /// The error for a token a flow collection cannot take after an entry.
  private func flowError(found token: YAMLToken) -> ReadError {
    let collection = collections.last
    let isMapping = collection?.isMapping ?? false
    let (kind, opening, closing) =
      isMapping ? ("mapping", "{", "}") : ("sequence", "[", "]")
    guard let collection else {
      return ReadError(
        "expected ',' or '\(closing)', found \(token.found)", at: token.start.position)
    }
    if token.kind == .streamEnd {
      return ReadError(
        "unterminated flow \(kind); expected '\(closing)' to close this '\(opening)'",
        at: collection.start.position)
    }
    let start = collection.start.position
    return ReadError(
      "expected ',' or '\(closing)' after an entry of the flow \(kind) that starts at line \(start.line), column \(start.column), found \(token.found)",
      at: token.start.position)
  }
}
