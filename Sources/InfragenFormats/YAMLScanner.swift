import InfragenCore

/// A place in YAML text: the byte offset, the line from 1 and the column from 0, counted in
/// Unicode scalars.
struct YAMLMark: Sendable {
  var offset: Int
  var line: Int
  var column: Int

  /// The 1-based line and column, as errors and source maps give them.
  var position: SourcePosition { SourcePosition(line: line, column: column + 1) }
}

/// How a scalar was written.
enum YAMLScalarStyle: Sendable {
  case plain
  case singleQuoted
  case doubleQuoted
  case literal
  case folded
  /// No text at all: a value left out, as in `Key:` with nothing after it.
  case empty
}

/// A tag the reader knows how to apply.
enum YAMLTag: Hashable, Sendable {
  /// A CloudFormation short-form function, by the key of its long form (`Ref`, `Fn::GetAtt`).
  case function(String)
  /// `!!str`.
  case string
  /// `!!int`.
  case integer
  /// `!!float`.
  case float
  /// `!!bool`.
  case boolean
  /// `!!null`.
  case null
  /// `!!map`.
  case mapping
  /// `!!seq`.
  case sequence
  /// `!`: a scalar stays a string.
  case nonSpecific
}

/// One token of YAML's block and flow syntax.
struct YAMLToken {
  enum Kind: UInt8 {
    case streamStart, streamEnd, directive, documentStart, documentEnd
    case blockSequenceStart, blockMappingStart, blockEnd
    case flowSequenceStart, flowSequenceEnd, flowMappingStart, flowMappingEnd
    case blockEntry, flowEntry, key, value, tag, scalar
  }

  var kind: Kind
  var start: YAMLMark
  var end: YAMLMark
  /// A scalar's value, or a tag or directive as written.
  var text = ""
  var style = YAMLScalarStyle.plain
  var tag: YAMLTag?

  init(_ kind: Kind, _ start: YAMLMark, _ end: YAMLMark) {
    self.kind = kind
    self.start = start
    self.end = end
  }

  /// How error messages name the token: `'-'`, `the end of the file`, `'text'` and so on.
  var found: String {
    switch kind {
    case .streamStart: return "the start of the file"
    case .streamEnd: return "the end of the file"
    case .directive: return "the directive '%\(text)'"
    case .documentStart: return "'---'"
    case .documentEnd: return "'...'"
    case .blockSequenceStart, .blockEntry: return "'-'"
    case .blockMappingStart, .key: return "a mapping key"
    case .blockEnd: return "a less indented line"
    case .flowSequenceStart: return "'['"
    case .flowSequenceEnd: return "']'"
    case .flowMappingStart: return "'{'"
    case .flowMappingEnd: return "'}'"
    case .flowEntry: return "','"
    case .value: return "':'"
    case .tag: return "the tag '\(text)'"
    case .scalar:
      switch style {
      case .literal, .folded: return "a block scalar"
      default:
        let shown = text.count > 40 ? "\(text.prefix(40))…" : text
        return "'\(shown)'"
      }
    }
  }
}

/// The first stage of reading YAML: turns bytes into tokens, on demand, the way libyaml's
/// scanner does (simple keys are found by remembering where a key could start and inserting
/// `KEY` and `BLOCK-MAPPING-START` there when a `:` follows).
struct YAMLScanner {
  /// Where a simple key (`key: value`, the key on one line) might start.
  private struct SimpleKey {
    var possible = false
    var required = false
    var tokenNumber = 0
    var mark = YAMLMark(offset: 0, line: 1, column: 0)
  }

  /// The plain scalar fetched last, for a better error when a `:` follows it.
  private struct PlainScalar {
    var multiLine: Bool
    var lastLine: YAMLMark
    var end: YAMLMark
  }

  private let bytes: [UInt8]
  private let count: Int
  private var offset: Int
  private var line = 1
  private var column = 0
  private var flowLevel = 0
  private var indent = -1
  private var indents: [Int] = []
  private var simpleKeyAllowed = false
  private var simpleKeys: [SimpleKey] = []
  private var tokens: [YAMLToken] = []
  private var head = 0
  /// How many tokens the parser has taken.
  private(set) var tokensParsed = 0
  private var streamStartProduced = false
  private var streamEndProduced = false
  /// Whether only spaces stand between the start of the line and `offset` (block context).
  private var atLineStart = true
  private var lastPlain: PlainScalar?
  private var scratch: [UInt8] = []

  /// A scanner for `bytes`, which have been validated, starting at `start` (after a byte order mark).
  init(bytes: [UInt8], start: Int, dialect: YAMLReader.Dialect) {
    self.dialect = dialect
    self.bytes = bytes
    self.count = bytes.count
    self.offset = start
    tokens.reserveCapacity(16)
    scratch.reserveCapacity(256)
  }

  /// What the file holds, for the wording of errors.
  private let dialect: YAMLReader.Dialect

  private var mark: YAMLMark { YAMLMark(offset: offset, line: line, column: column) }

  // MARK: Tokens for the parser

  /// The kind of the next token, scanning more of the input when needed; ``current`` is the
  /// token itself.
  mutating func peek() throws(ReadError) -> YAMLToken.Kind {
    try fetchMoreTokens()
    return head < tokens.count ? tokens[head].kind : .streamEnd
  }

  /// The token ``peek()`` found.
  var current: YAMLToken {
    head < tokens.count ? tokens[head] : YAMLToken(.streamEnd, mark, mark)
  }

  /// Where the token ``peek()`` found starts.
  var currentStart: YAMLMark { head < tokens.count ? tokens[head].start : mark }

  /// Consumes the token ``peek()`` returned.
  mutating func skip() {
    guard head < tokens.count else { return }
    head += 1
    tokensParsed += 1
    if head == tokens.count {
      tokens.removeAll(keepingCapacity: true)
      head = 0
    }
  }

  private mutating func fetchMoreTokens() throws(ReadError) {
    while true {
      var needMore = head == tokens.count
      if !needMore, !streamEndProduced {
        try staleSimpleKeys()
        for key in simpleKeys where key.possible && key.tokenNumber == tokensParsed {
          needMore = true
          break
        }
      }
      guard needMore else { return }
      try fetchNextToken()
    }
  }

  private mutating func fetchNextToken() throws(ReadError) {
    guard streamStartProduced else {
      streamStartProduced = true
      indent = -1
      simpleKeyAllowed = true
      simpleKeys.append(SimpleKey())
      enqueue(YAMLToken(.streamStart, mark, mark))
      return
    }
    guard !streamEndProduced else {
      enqueue(YAMLToken(.streamEnd, mark, mark))
      return
    }
    let previousPlain = lastPlain
    lastPlain = nil
    try scanToNextToken()
    try staleSimpleKeys()
    unrollIndent(column)
    guard offset < count else {
      try fetchStreamEnd()
      return
    }
    let byte = bytes[offset]
    let next = self.byte(at: offset + 1)
    if column == 0 {
      if byte == YAMLByte.percent {
        try fetchDirective()
        return
      }
      if isDocumentIndicator() {
        try fetchDocumentIndicator(byte == YAMLByte.minus ? .documentStart : .documentEnd)
        return
      }
    }
    switch byte {
    case YAMLByte.openBracket: try fetchFlowCollectionStart(.flowSequenceStart)
    case YAMLByte.openBrace: try fetchFlowCollectionStart(.flowMappingStart)
    case YAMLByte.closeBracket: try fetchFlowCollectionEnd(.flowSequenceEnd)
    case YAMLByte.closeBrace: try fetchFlowCollectionEnd(.flowMappingEnd)
    case YAMLByte.comma: try fetchFlowEntry()
    case YAMLByte.minus where isBlankOrEnd(next): try fetchBlockEntry()
    case YAMLByte.question where flowLevel > 0 || isBlankOrEnd(next): try fetchKey()
    case YAMLByte.colon where flowLevel > 0 || isBlankOrEnd(next):
      try fetchValue(after: previousPlain)
    case YAMLByte.ampersand, YAMLByte.asterisk:
      var message = "anchors and aliases are not supported \(dialect.refusedBy)"
      if byte == YAMLByte.asterisk, isBlankOrEnd(next) || isFlowIndicator(next) {
        message += "; write a literal asterisk quoted: '*'"
      }
      throw ReadError(message, at: mark.position)
    case YAMLByte.exclamation: try fetchTag()
    case YAMLByte.pipe where flowLevel == 0: try fetchBlockScalar(literal: true)
    case YAMLByte.greater where flowLevel == 0: try fetchBlockScalar(literal: false)
    case YAMLByte.apostrophe: try fetchFlowScalar(single: true)
    case YAMLByte.quote: try fetchFlowScalar(single: false)
    default:
      guard canStartPlainScalar(byte, next: next) else { throw cannotStart(byte) }
      try fetchPlainScalar()
    }
  }

  /// The error for a character that starts no token.
  private func cannotStart(_ byte: UInt8) -> ReadError {
    let message: String
    switch byte {
    case YAMLByte.at, YAMLByte.backquote:
      message =
        "'\(Character(Unicode.Scalar(byte)))' is reserved in YAML and cannot start a plain value; quote the value"
    case YAMLByte.percent:
      message =
        "'%' cannot start a plain value (a directive starts at column 1 before the document); quote the value"
    case YAMLByte.pipe, YAMLByte.greater:
      message =
        "a block scalar ('\(Character(Unicode.Scalar(byte)))') cannot appear inside a flow collection ('[...]' or '{...}')"
    case YAMLByte.tab:
      message = "tabs are not allowed for indentation in YAML"
    default:
      message = "unexpected character \(describeByte(at: offset))"
    }
    return ReadError(message, at: mark.position)
  }

  private func canStartPlainScalar(_ byte: UInt8, next: UInt8) -> Bool {
    switch byte {
    case YAMLByte.minus: return !isBlankOrEnd(next)
    case YAMLByte.question, YAMLByte.colon: return flowLevel == 0 && !isBlankOrEnd(next)
    case YAMLByte.comma, YAMLByte.openBracket, YAMLByte.closeBracket, YAMLByte.openBrace,
      YAMLByte.closeBrace, YAMLByte.hash, YAMLByte.ampersand, YAMLByte.asterisk,
      YAMLByte.exclamation, YAMLByte.pipe, YAMLByte.greater, YAMLByte.apostrophe, YAMLByte.quote,
      YAMLByte.percent, YAMLByte.at, YAMLByte.backquote:
      return false
    default: return !isBlankOrEnd(byte)
    }
  }

  // MARK: Queue, indentation and simple keys

  private mutating func enqueue(_ token: YAMLToken) { tokens.append(token) }

  /// Inserts `token` so that it becomes token number `number`.
  private mutating func insert(_ token: YAMLToken, number: Int) {
    let index = min(max(head, head + number - tokensParsed), tokens.count)
    tokens.insert(token, at: index)
  }

  /// Starts a block collection at `column` if it is deeper than the current indentation.
  private mutating func rollIndent(
    _ column: Int, number: Int?, kind: YAMLToken.Kind, at mark: YAMLMark
  ) throws(ReadError) {
    guard flowLevel == 0, indent < column else { return }
    guard indents.count < YAMLReader.maximumDepth else {
      throw ReadError(
        "mappings and sequences are nested more than \(YAMLReader.maximumDepth) levels deep",
        at: mark.position)
    }
    indents.append(indent)
    indent = column
    let token = YAMLToken(kind, mark, mark)
    if let number { insert(token, number: number) } else { enqueue(token) }
  }

  /// Closes the block collections deeper than `column`.
  private mutating func unrollIndent(_ column: Int) {
    guard flowLevel == 0 else { return }
    while indent > column {
      enqueue(YAMLToken(.blockEnd, mark, mark))
      indent = indents.popLast() ?? -1
    }
  }

  private mutating func saveSimpleKey() throws(ReadError) {
    guard simpleKeyAllowed else { return }
    let required = flowLevel == 0 && indent == column
    try removeSimpleKey()
    guard !simpleKeys.isEmpty else { return }
    simpleKeys[simpleKeys.count - 1] = SimpleKey(
      possible: true, required: required, tokenNumber: tokensParsed + tokens.count - head,
      mark: mark)
  }

  private mutating func removeSimpleKey() throws(ReadError) {
    guard let key = simpleKeys.last else { return }
    if key.possible && key.required { throw missingColon(key) }
    simpleKeys[simpleKeys.count - 1].possible = false
  }

  /// Forgets simple keys that can no longer be keys: a simple key is limited to one line and
  /// 1024 characters.
  private mutating func staleSimpleKeys() throws(ReadError) {
    for index in simpleKeys.indices {
      let key = simpleKeys[index]
      guard key.possible, key.mark.line < line || key.mark.offset + 1024 < offset else { continue }
      if key.required { throw missingColon(key) }
      simpleKeys[index].possible = false
    }
  }

  private func missingColon(_ key: SimpleKey) -> ReadError {
    ReadError(
      "expected ':' after this mapping key (each line of a mapping is 'key: value', on one line)",
      at: key.mark.position)
  }

  private mutating func increaseFlowLevel() throws(ReadError) {
    guard flowLevel < YAMLReader.maximumDepth else {
      throw ReadError(
        "flow collections are nested more than \(YAMLReader.maximumDepth) levels deep",
        at: mark.position)
    }
    simpleKeys.append(SimpleKey())
    flowLevel += 1
  }

  private mutating func decreaseFlowLevel() {
    guard flowLevel > 0 else { return }
    flowLevel -= 1
    simpleKeys.removeLast()
  }

  // MARK: Fetching each kind of token

  private mutating func fetchStreamEnd() throws(ReadError) {
    unrollIndent(-1)
    // No key can follow: forget them all, including those of unclosed flow collections.
    for index in simpleKeys.indices {
      if simpleKeys[index].possible && simpleKeys[index].required {
        throw missingColon(simpleKeys[index])
      }
      simpleKeys[index].possible = false
    }
    simpleKeyAllowed = false
    streamEndProduced = true
    enqueue(YAMLToken(.streamEnd, mark, mark))
  }

  private mutating func fetchDirective() throws(ReadError) {
    unrollIndent(-1)
    try removeSimpleKey()
    simpleKeyAllowed = false
    let start = mark
    advance()
    let nameStart = offset
    while offset < count, !isBlankOrEnd(bytes[offset]) { advance() }
    let name = String(decoding: bytes[nameStart..<offset], as: UTF8.self)
    var token = YAMLToken(.directive, start, start)
    token.text = name
    switch name {
    case "YAML":
      skipBlanks()
      let versionStart = offset
      let versionMark = mark
      while offset < count, !isBlankOrEnd(bytes[offset]) { advance() }
      let version = String(decoding: bytes[versionStart..<offset], as: UTF8.self)
      let parts = version.split(separator: ".", omittingEmptySubsequences: false)
      guard parts.count == 2,
        parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= "0" && $0 <= "9" } })
      else {
        throw ReadError(
          "expected a version such as 1.1 after '%YAML', found '\(version)'",
          at: versionMark.position)
      }
      guard parts[0] == "1" else {
        throw ReadError(
          "unsupported YAML version \(version); \(dialect == .cloudFormation ? "CloudFormation" : "infragen") reads YAML 1.1",
          at: versionMark.position)
      }
    case "TAG":
      throw ReadError(
        dialect == .cloudFormation
          ? "the %TAG directive is not supported; CloudFormation templates use only its own short-form tags"
          : "the %TAG directive is not supported in infragen configuration files",
        at: start.position)
    default:
      // A reserved directive: YAML says to ignore it.
      while offset < count, !isBreak(bytes[offset]), bytes[offset] != YAMLByte.hash { advance() }
    }
    skipBlanks()
    skipComment()
    guard isBreakOrEnd(byte(at: offset)) else {
      throw ReadError(
        "expected a comment or a line break after the directive, found \(describeByte(at: offset))",
        at: mark.position)
    }
    token.end = mark
    enqueue(token)
  }

  private mutating func fetchDocumentIndicator(_ kind: YAMLToken.Kind) throws(ReadError) {
    unrollIndent(-1)
    try removeSimpleKey()
    simpleKeyAllowed = false
    let start = mark
    advance()
    advance()
    advance()
    enqueue(YAMLToken(kind, start, mark))
  }

  private mutating func fetchFlowCollectionStart(_ kind: YAMLToken.Kind) throws(ReadError) {
    try saveSimpleKey()
    try increaseFlowLevel()
    simpleKeyAllowed = true
    let start = mark
    advance()
    enqueue(YAMLToken(kind, start, mark))
  }

  private mutating func fetchFlowCollectionEnd(_ kind: YAMLToken.Kind) throws(ReadError) {
    try removeSimpleKey()
    decreaseFlowLevel()
    simpleKeyAllowed = false
    let start = mark
    advance()
    enqueue(YAMLToken(kind, start, mark))
  }

  private mutating func fetchFlowEntry() throws(ReadError) {
    try removeSimpleKey()
    simpleKeyAllowed = true
    let start = mark
    advance()
    enqueue(YAMLToken(.flowEntry, start, mark))
  }

  private mutating func fetchBlockEntry() throws(ReadError) {
    if flowLevel == 0 {
      guard simpleKeyAllowed else {
        throw ReadError(
          "a '- ' sequence entry cannot start here; put it on a line of its own", at: mark.position)
      }
      try rollIndent(column, number: nil, kind: .blockSequenceStart, at: mark)
    }
    try removeSimpleKey()
    simpleKeyAllowed = true
    let start = mark
    advance()
    enqueue(YAMLToken(.blockEntry, start, mark))
  }

  private mutating func fetchKey() throws(ReadError) {
    if flowLevel == 0 {
      guard simpleKeyAllowed else {
        throw ReadError(
          "a '? ' mapping key cannot start here; put it on a line of its own", at: mark.position)
      }
      try rollIndent(column, number: nil, kind: .blockMappingStart, at: mark)
    }
    try removeSimpleKey()
    simpleKeyAllowed = flowLevel == 0
    let start = mark
    advance()
    enqueue(YAMLToken(.key, start, mark))
  }

  private mutating func fetchValue(after previousPlain: PlainScalar?) throws(ReadError) {
    if let key = simpleKeys.last, key.possible {
      insert(YAMLToken(.key, key.mark, key.mark), number: key.tokenNumber)
      try rollIndent(
        key.mark.column, number: key.tokenNumber, kind: .blockMappingStart, at: key.mark)
      simpleKeys[simpleKeys.count - 1].possible = false
      simpleKeyAllowed = false
    } else {
      if flowLevel == 0 {
        if let previousPlain, previousPlain.end.line == line {
          if previousPlain.multiLine {
            throw ReadError(
              "bad indentation of a mapping key; this line is indented more than the key above it, so it reads as part of that key's value",
              at: previousPlain.lastLine.position)
          }
          throw ReadError(
            "unexpected ': ' inside a plain value; quote the value, or start a nested mapping on a new line",
            at: mark.position)
        }
        guard simpleKeyAllowed else {
          throw ReadError("unexpected ':'; a mapping value is not allowed here", at: mark.position)
        }
        try rollIndent(column, number: nil, kind: .blockMappingStart, at: mark)
      }
      simpleKeyAllowed = flowLevel == 0
    }
    let start = mark
    advance()
    enqueue(YAMLToken(.value, start, mark))
  }

  private mutating func fetchTag() throws(ReadError) {
    try saveSimpleKey()
    simpleKeyAllowed = false
    let start = mark
    advance()
    if byte(at: offset) == YAMLByte.less {
      while offset < count, bytes[offset] != YAMLByte.greater, !isBlankOrEnd(bytes[offset]) {
        advance()
      }
      if byte(at: offset) == YAMLByte.greater { advance() }
    } else {
      while offset < count {
        let byte = bytes[offset]
        if isBlankOrEnd(byte) || isFlowIndicator(byte) { break }
        advance()
      }
    }
    let name = String(decoding: bytes[start.offset..<offset], as: UTF8.self)
    let after = byte(at: offset)
    guard
      isBlankOrEnd(after)
        || (flowLevel > 0
          && (after == YAMLByte.comma || after == YAMLByte.closeBracket
            || after == YAMLByte.closeBrace))
    else {
      throw ReadError(
        "expected a space after the tag '\(name)', found \(describeByte(at: offset))",
        at: mark.position)
    }
    var token = YAMLToken(.tag, start, mark)
    token.text = name
    token.tag = try YAMLReader.tag(named: name, at: start.position, dialect: dialect)
    enqueue(token)
  }

  private mutating func fetchBlockScalar(literal: Bool) throws(ReadError) {
    try removeSimpleKey()
    simpleKeyAllowed = true
    let token = try scanBlockScalar(literal: literal)
    atLineStart = true
    enqueue(token)
  }

  private mutating func fetchFlowScalar(single: Bool) throws(ReadError) {
    try saveSimpleKey()
    simpleKeyAllowed = false
    enqueue(try scanFlowScalar(single: single))
  }

  private mutating func fetchPlainScalar() throws(ReadError) {
    try saveSimpleKey()
    simpleKeyAllowed = false
    enqueue(try scanPlainScalar())
  }

  // MARK: Whitespace and comments

  /// Skips spaces, comments and line breaks up to the next token.
  ///
  /// Tabs are separators after a token on the same line and in flow collections, but never
  /// indentation.
  private mutating func scanToNextToken() throws(ReadError) {
    while true {
      while offset < count {
        let byte = bytes[offset]
        if byte == YAMLByte.space {
          offset += 1
          column += 1
        } else if byte == YAMLByte.tab {
          if flowLevel == 0, atLineStart, !restOfLineIsBlank(from: offset) {
            throw ReadError("tabs are not allowed for indentation in YAML", at: mark.position)
          }
          offset += 1
          column += 1
        } else {
          break
        }
      }
      skipComment()
      guard offset < count, isBreak(bytes[offset]) else { break }
      skipBreak()
      atLineStart = true
      if flowLevel == 0 { simpleKeyAllowed = true }
    }
    atLineStart = false
  }

  /// Whether only spaces, tabs and perhaps a comment stand between `start` and the line's end.
  private func restOfLineIsBlank(from start: Int) -> Bool {
    var index = start
    while index < count {
      let byte = bytes[index]
      if byte == YAMLByte.space || byte == YAMLByte.tab {
        index += 1
        continue
      }
      return isBreak(byte) || byte == YAMLByte.hash
    }
    return true
  }

  private mutating func skipBlanks() {
    while offset < count, isBlank(bytes[offset]) { advance() }
  }

  private mutating func skipComment() {
    guard offset < count, bytes[offset] == YAMLByte.hash else { return }
    while offset < count, !isBreak(bytes[offset]) { advance() }
  }

  // MARK: Scalars

  /// Scans a plain scalar; lines are folded with spaces, blank lines become line breaks.
  private mutating func scanPlainScalar() throws(ReadError) -> YAMLToken {
    let start = mark
    var end = mark
    let minimumIndent = indent + 1
    let contentStart = offset
    var contentEnd = offset
    var usesScratch = false
    var leadingBlanks = false
    var trailingBreaks = 0
    var spacesStart = offset
    var spacesEnd = offset
    var lastLine = start
    var multiLine = false
    scratch.removeAll(keepingCapacity: true)
    while true {
      if column == 0, isDocumentIndicator() { break }
      if byte(at: offset) == YAMLByte.hash { break }
      let chunkStart = offset
      let chunkMark = mark
      while offset < count {
        let byte = bytes[offset]
        if isBlank(byte) || isBreak(byte) { break }
        if byte == YAMLByte.colon {
          let next = self.byte(at: offset + 1)
          if isBlankOrEnd(next) || (flowLevel > 0 && isFlowIndicator(next)) { break }
        } else if flowLevel > 0, isFlowIndicator(byte) {
          break
        }
        advance()
      }
      guard offset > chunkStart else { break }
      if leadingBlanks {
        if !usesScratch {
          scratch.append(contentsOf: bytes[contentStart..<contentEnd])
          usesScratch = true
        }
        if trailingBreaks == 0 {
          scratch.append(YAMLByte.space)
        } else {
          scratch.append(contentsOf: repeatElement(YAMLByte.lineFeed, count: trailingBreaks))
        }
        leadingBlanks = false
        trailingBreaks = 0
        lastLine = chunkMark
        multiLine = true
      } else if usesScratch {
        scratch.append(contentsOf: bytes[spacesStart..<spacesEnd])
      }
      if usesScratch { scratch.append(contentsOf: bytes[chunkStart..<offset]) }
      contentEnd = offset
      end = mark
      guard offset < count, isBlank(bytes[offset]) || isBreak(bytes[offset]) else { break }
      spacesStart = offset
      spacesEnd = offset
      while offset < count {
        let byte = bytes[offset]
        if isBlank(byte) {
          if leadingBlanks, column < minimumIndent, byte == YAMLByte.tab, flowLevel == 0,
            !restOfLineIsBlank(from: offset)
          {
            throw ReadError("tabs are not allowed for indentation in YAML", at: mark.position)
          }
          advance()
          if !leadingBlanks { spacesEnd = offset }
        } else if isBreak(byte) {
          skipBreak()
          if leadingBlanks { trailingBreaks += 1 } else { leadingBlanks = true }
        } else {
          break
        }
      }
      if flowLevel == 0, column < minimumIndent { break }
    }
    var token = YAMLToken(.scalar, start, end)
    token.text =
      usesScratch
      ? String(decoding: scratch, as: UTF8.self)
      : String(decoding: bytes[contentStart..<contentEnd], as: UTF8.self)
    token.style = .plain
    if leadingBlanks {
      simpleKeyAllowed = true
      atLineStart = true
    }
    lastPlain = PlainScalar(multiLine: multiLine, lastLine: lastLine, end: end)
    return token
  }

  /// Scans a single- or double-quoted scalar, with its escapes and line folding.
  private mutating func scanFlowScalar(single: Bool) throws(ReadError) -> YAMLToken {
    let start = mark
    let quote = single ? YAMLByte.apostrophe : YAMLByte.quote
    advance()
    let contentStart = offset
    var usesScratch = false
    scratch.removeAll(keepingCapacity: true)
    while true {
      if column == 0, isDocumentIndicator() {
        throw ReadError(
          "a document marker ('---' or '...') inside a quoted string; expected the closing \(single ? "\"'\"" : "'\"'") first",
          at: mark.position)
      }
      var leadingBlanks = false
      while offset < count {
        let byte = bytes[offset]
        if isBlank(byte) || isBreak(byte) { break }
        if byte == quote {
          guard single, self.byte(at: offset + 1) == YAMLByte.apostrophe else { break }
          if !usesScratch {
            scratch.append(contentsOf: bytes[contentStart..<offset])
            usesScratch = true
          }
          scratch.append(YAMLByte.apostrophe)
          advance()
          advance()
          continue
        }
        if !single, byte == YAMLByte.backslash {
          if !usesScratch {
            scratch.append(contentsOf: bytes[contentStart..<offset])
            usesScratch = true
          }
          if isBreak(self.byte(at: offset + 1)) {
            advance()
            skipBreak()
            leadingBlanks = true
            break
          }
          try scanEscape()
          continue
        }
        if usesScratch { scratch.append(byte) }
        advance()
      }
      guard offset < count else {
        let kind = single ? "single" : "double"
        let closing = single ? "\"'\"" : "'\"'"
        throw ReadError(
          "unterminated \(kind)-quoted string; expected a closing \(closing) before the end of the file",
          at: start.position)
      }
      if bytes[offset] == quote { break }
      let spacesStart = offset
      var spacesEnd = offset
      var leadingBreak = false
      var trailingBreaks = 0
      while offset < count {
        let byte = bytes[offset]
        if isBlank(byte) {
          advance()
          if !leadingBlanks { spacesEnd = offset }
        } else if isBreak(byte) {
          if !leadingBlanks {
            if !usesScratch {
              scratch.append(contentsOf: bytes[contentStart..<spacesStart])
              usesScratch = true
            }
            leadingBreak = true
            leadingBlanks = true
          } else {
            trailingBreaks += 1
          }
          skipBreak()
        } else {
          break
        }
      }
      if leadingBlanks {
        if leadingBreak && trailingBreaks == 0 {
          scratch.append(YAMLByte.space)
        } else {
          scratch.append(contentsOf: repeatElement(YAMLByte.lineFeed, count: trailingBreaks))
        }
      } else if usesScratch {
        scratch.append(contentsOf: bytes[spacesStart..<spacesEnd])
      }
    }
    let contentEnd = offset
    advance()
    var token = YAMLToken(.scalar, start, mark)
    token.text =
      usesScratch
      ? String(decoding: scratch, as: UTF8.self)
      : String(decoding: bytes[contentStart..<contentEnd], as: UTF8.self)
    token.style = single ? .singleQuoted : .doubleQuoted
    return token
  }

  /// Decodes the escape at the backslash at `offset` into `scratch` and moves past it.
  private mutating func scanEscape() throws(ReadError) {
    let start = mark
    let code = byte(at: offset + 1)
    var digits = 0
    switch code {
    case YAMLByte.zero: scratch.append(0)
    case UInt8(ascii: "a"): scratch.append(0x07)
    case UInt8(ascii: "b"): scratch.append(0x08)
    case UInt8(ascii: "t"), YAMLByte.tab: scratch.append(0x09)
    case UInt8(ascii: "n"): scratch.append(0x0A)
    case UInt8(ascii: "v"): scratch.append(0x0B)
    case UInt8(ascii: "f"): scratch.append(0x0C)
    case UInt8(ascii: "r"): scratch.append(0x0D)
    case UInt8(ascii: "e"): scratch.append(0x1B)
    case YAMLByte.space, YAMLByte.quote, YAMLByte.slash, YAMLByte.backslash, YAMLByte.apostrophe:
      scratch.append(code)
    case UInt8(ascii: "N"): appendUTF8(0x85)
    case UInt8(ascii: "_"): appendUTF8(0xA0)
    case UInt8(ascii: "L"): appendUTF8(0x2028)
    case UInt8(ascii: "P"): appendUTF8(0x2029)
    case UInt8(ascii: "x"): digits = 2
    case UInt8(ascii: "u"): digits = 4
    case UInt8(ascii: "U"): digits = 8
    default:
      let shown =
        code > 0x20 && code < 0x7F
        ? "'\\\(Character(Unicode.Scalar(code)))'"
        : "'\\' followed by \(describeByte(at: offset + 1))"
      throw ReadError(
        "invalid escape \(shown) in a double-quoted string; YAML allows \\0 \\a \\b \\t \\n \\v \\f \\r \\e \\\" \\/ \\\\ \\N \\_ \\L \\P \\xXX \\uXXXX \\UXXXXXXXX and an escaped line break",
        at: start.position)
    }
    advance()
    advance()
    guard digits > 0 else { return }
    let letter = Character(Unicode.Scalar(code))
    var value: UInt32 = 0
    for _ in 0..<digits {
      let byte = self.byte(at: offset)
      guard YAMLByte.isHexDigit(byte) else {
        throw ReadError(
          "expected \(digits) hexadecimal digits after '\\\(letter)' in a double-quoted string",
          at: start.position)
      }
      value = value << 4 | YAMLByte.hexValue(byte)
      advance()
    }
    guard value < 0xD800 || (value > 0xDFFF && value <= 0x10FFFF) else {
      throw ReadError(
        "the escape '\\\(letter)\(YAMLReader.hex(value, digits: digits))' is not a Unicode character",
        at: start.position)
    }
    appendUTF8(value)
  }

  private mutating func appendUTF8(_ scalar: UInt32) { UTF8Bytes.append(scalar, to: &scratch) }

  /// Scans a literal (`|`) or folded (`>`) block scalar, with its chomping and indentation
  /// indicators.
  private mutating func scanBlockScalar(literal: Bool) throws(ReadError) -> YAMLToken {
    let start = mark
    advance()
    var chomping = 0
    var increment = 0
    var byte = self.byte(at: offset)
    if byte == YAMLByte.plus || byte == YAMLByte.minus {
      chomping = byte == YAMLByte.plus ? 1 : -1
      advance()
      byte = self.byte(at: offset)
      if YAMLByte.isDigit(byte) {
        increment = try indentationIndicator()
      }
    } else if YAMLByte.isDigit(byte) {
      increment = try indentationIndicator()
      byte = self.byte(at: offset)
      if byte == YAMLByte.plus || byte == YAMLByte.minus {
        chomping = byte == YAMLByte.plus ? 1 : -1
        advance()
      }
    }
    skipBlanks()
    skipComment()
    guard isBreakOrEnd(self.byte(at: offset)) else {
      throw ReadError(
        "expected a line break after the block scalar header '\(literal ? "|" : ">")', found \(describeByte(at: offset))",
        at: mark.position)
    }
    if offset < count { skipBreak() }
    var end = mark
    var blockIndent = 0
    if increment > 0 { blockIndent = indent >= 0 ? indent + increment : increment }
    scratch.removeAll(keepingCapacity: true)
    var trailingBreaks = 0
    try scanBlockScalarBreaks(indent: &blockIndent, breaks: &trailingBreaks, end: &end)
    var leadingBreak = false
    var leadingBlank = false
    while column == blockIndent, offset < count {
      let trailingBlank = isBlank(bytes[offset])
      if !literal && leadingBreak && !leadingBlank && !trailingBlank {
        if trailingBreaks == 0 { scratch.append(YAMLByte.space) }
      } else if leadingBreak {
        scratch.append(YAMLByte.lineFeed)
      }
      leadingBreak = false
      scratch.append(contentsOf: repeatElement(YAMLByte.lineFeed, count: trailingBreaks))
      trailingBreaks = 0
      leadingBlank = trailingBlank
      let lineStart = offset
      while offset < count, !isBreak(bytes[offset]) { advance() }
      scratch.append(contentsOf: bytes[lineStart..<offset])
      end = mark
      guard offset < count else { break }
      skipBreak()
      leadingBreak = true
      try scanBlockScalarBreaks(indent: &blockIndent, breaks: &trailingBreaks, end: &end)
    }
    if chomping != -1, leadingBreak { scratch.append(YAMLByte.lineFeed) }
    if chomping == 1 {
      scratch.append(contentsOf: repeatElement(YAMLByte.lineFeed, count: trailingBreaks))
    }
    var token = YAMLToken(.scalar, start, end)
    token.text = String(decoding: scratch, as: UTF8.self)
    token.style = literal ? .literal : .folded
    return token
  }

  /// Reads a block scalar's indentation indicator, a digit from 1 to 9.
  private mutating func indentationIndicator() throws(ReadError) -> Int {
    let byte = self.byte(at: offset)
    guard byte != YAMLByte.zero else {
      throw ReadError(
        "the indentation indicator of a block scalar must be a digit from 1 to 9", at: mark.position
      )
    }
    advance()
    return Int(byte - YAMLByte.zero)
  }

  /// Skips the empty lines and indentation before a block scalar's next line, counting the
  /// breaks; with `indent` 0, detects the indentation from the first non-empty line.
  private mutating func scanBlockScalarBreaks(
    indent blockIndent: inout Int, breaks: inout Int, end: inout YAMLMark
  ) throws(ReadError) {
    var maximumIndent = 0
    end = mark
    while true {
      while blockIndent == 0 || column < blockIndent, byte(at: offset) == YAMLByte.space {
        advance()
      }
      if column > maximumIndent { maximumIndent = column }
      if blockIndent == 0 || column < blockIndent, byte(at: offset) == YAMLByte.tab {
        if restOfLineIsBlank(from: offset), !restOfLineHasComment(from: offset) {
          while offset < count, isBlank(bytes[offset]) { advance() }
        } else {
          throw ReadError("tabs are not allowed for indentation in YAML", at: mark.position)
        }
      }
      guard offset < count, isBreak(bytes[offset]) else { break }
      skipBreak()
      breaks += 1
      end = mark
    }
    if blockIndent == 0 { blockIndent = max(maximumIndent, indent + 1, 1) }
  }

  private func restOfLineHasComment(from start: Int) -> Bool {
    var index = start
    while index < count, isBlank(bytes[index]) { index += 1 }
    return index < count && bytes[index] == YAMLByte.hash
  }

  // MARK: Bytes, lines and columns

  @inline(__always)
  private func byte(at index: Int) -> UInt8 { index < count ? bytes[index] : 0 }

  /// Moves past one byte that is not a line break; the column counts Unicode scalars.
  @inline(__always)
  private mutating func advance() {
    guard offset < count else { return }
    if bytes[offset] & 0xC0 != 0x80 { column += 1 }
    offset += 1
  }

  /// Moves past a line break (`\n`, `\r\n` or `\r`).
  private mutating func skipBreak() {
    if byte(at: offset) == YAMLByte.carriageReturn {
      offset += 1
      if byte(at: offset) == YAMLByte.lineFeed { offset += 1 }
    } else if byte(at: offset) == YAMLByte.lineFeed {
      offset += 1
    } else {
      return
    }
    line += 1
    column = 0
  }

  /// Whether `---` or `...` followed by a blank starts at `offset`.
  private func isDocumentIndicator() -> Bool {
    let first = byte(at: offset)
    guard first == YAMLByte.minus || first == YAMLByte.period else { return false }
    return byte(at: offset + 1) == first && byte(at: offset + 2) == first
      && isBlankOrEnd(byte(at: offset + 3))
  }

  @inline(__always)
  private func isBlank(_ byte: UInt8) -> Bool { byte == YAMLByte.space || byte == YAMLByte.tab }

  @inline(__always)
  private func isBreak(_ byte: UInt8) -> Bool {
    byte == YAMLByte.lineFeed || byte == YAMLByte.carriageReturn
  }

  /// A break or the end of the input (`0`, which validated input never holds).
  @inline(__always)
  private func isBreakOrEnd(_ byte: UInt8) -> Bool { isBreak(byte) || byte == 0 }

  @inline(__always)
  private func isBlankOrEnd(_ byte: UInt8) -> Bool { isBlank(byte) || isBreakOrEnd(byte) }

  @inline(__always)
  private func isFlowIndicator(_ byte: UInt8) -> Bool {
    byte == YAMLByte.comma || byte == YAMLByte.openBracket || byte == YAMLByte.closeBracket
      || byte == YAMLByte.openBrace || byte == YAMLByte.closeBrace
  }

  /// `'x'`, `a tab`, `a line break` or `the end of the file`, for error messages.
  private func describeByte(at index: Int) -> String {
    guard index < count else { return "the end of the file" }
    let byte = bytes[index]
    switch byte {
    case YAMLByte.tab: return "a tab"
    case YAMLByte.lineFeed, YAMLByte.carriageReturn: return "a line break"
    case 0x20..<0x7F: return "'\(Character(Unicode.Scalar(byte)))'"
    default:
      var end = index + 1
      while end < count, bytes[end] & 0xC0 == 0x80 { end += 1 }
      let text = String(decoding: bytes[index..<end], as: UTF8.self)
      let code = text.unicodeScalars.first.map { YAMLReader.hex($0.value, digits: 4) } ?? "?"
      return "'\(text)' (U+\(code))"
    }
  }
}
