import InfragenCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads JSON text into a ``Template``, keeping the line and column of every node.
///
/// Reading has two stages. ``parseValue(_:file:)`` turns strict RFC 8259 JSON into a plain value
/// tree (objects, arrays, scalars) and a ``SourceMap``; ``TemplateDecoder`` turns that tree into a
/// template, recognising intrinsic functions. ``readTemplate(_:file:)`` runs both.
///
/// The parser works on bytes and is iterative, so deep input fails with an error and never
/// overflows the stack; nesting is bounded by ``maximumDepth``. Duplicate keys are errors.
public enum JSONReader {
  /// The deepest nesting of objects and arrays that the reader accepts.
  public static let maximumDepth = 512

  /// Parses JSON text into a plain value tree, with the position of every node (first stage).
  ///
  /// Objects stay objects, even those that look like intrinsic functions; ``TemplateDecoder``
  /// recognises those. A member is recorded at the position of its key's opening quote; an array
  /// element and the root at the position of their first character.
  /// - Parameters:
  ///   - bytes: The file's content, UTF-8 encoded, optionally starting with a byte order mark.
  ///   - file: The file name to record in the source map, as the user gave it.
  /// - Returns: The root value and the source map.
  /// - Throws: ``ReadError`` when the text is not a single, well-formed JSON value.
  public static func parseValue(_ bytes: [UInt8], file: String) throws(ReadError) -> (
    TemplateValue, SourceMap
  ) {
    try bytes.withUnsafeBufferPointer { (buffer) throws(ReadError) in
      var parser = Parser(bytes: buffer, recognizesIntrinsics: false, file: file)
      let value = try parser.parseDocument()
      return (value, parser.map)
    }
  }

  /// Parses a whole CloudFormation template from JSON text (both stages).
  ///
  /// - Parameters:
  ///   - bytes: The file's content, UTF-8 encoded, optionally starting with a byte order mark.
  ///   - file: The file name to record in the template's source map, as the user gave it.
  ///   - inParallel: Whether a large template's resources may be read on two cores: the second
  ///     half of the `Resources` mapping on a thread of its own, from a member that starts a line
  ///     (see ``Parser/tailStart(in:)``). The template, the positions and any error are the same
  ///     as one thread's: the other thread's members are taken only when this thread reaches
  ///     their first one in the state the other assumed, and this thread reads them itself
  ///     otherwise.
  /// - Returns: The template, with ``Template/source`` set.
  /// - Throws: ``ReadError`` when the text is not well-formed JSON or not a template.
  public static func readTemplate(_ bytes: [UInt8], file: String, inParallel: Bool = false) throws(ReadError)
    -> Template
  {
    try readTemplate(bytes, file: file, inParallel: inParallel, cores: Parallel.cores).template
  }

  /// ``readTemplate(_:file:inParallel:)`` as if the machine had `cores`, and whether the members
  /// read on the other thread were taken.
  static func readTemplate(_ bytes: [UInt8], file: String, inParallel: Bool, cores: Int) throws(ReadError) -> (
    template: Template, tookTail: Bool
  ) {
    // One pass: the parser recognises intrinsic functions as each object closes, with the
    // decoder's own rules, so the decoder need not walk the values again.
    let (root, source, tookTail) = try bytes.withUnsafeBufferPointer { (buffer) throws(ReadError) in
      var parser = Parser(bytes: buffer, recognizesIntrinsics: true, file: file)
      guard inParallel, cores > 1, let start = Parser.tailStart(in: buffer) else {
        return (try parser.parseDocument(), parser.map, false)
      }
      // The buffer outlives the other thread: the fork is joined before this closure returns.
      nonisolated(unsafe) let input = buffer
      let tail = Parallel.Fork { Parser.readTail(of: input, from: start, file: file) }
      defer { _ = tail.join() }
      parser.expect(tail, at: start)
      return (try parser.parseDocument(), parser.map, parser.tookTail)
    }
    return (try TemplateDecoder.decode(root, source: source, intrinsicsRecognized: true), tookTail)
  }

  /// Parses a template from JSON text when the text is one: an object with `Resources` or
  /// `AWSTemplateFormatVersion`; `nil` for any other well-formed JSON (a `package.json`).
  /// - Throws: ``ReadError`` when the text is not well-formed JSON, or is a template with errors.
  public static func readTemplateIfAny(_ bytes: [UInt8], file: String) throws(ReadError) -> Template? {
    let (root, source) = try bytes.withUnsafeBufferPointer { (buffer) throws(ReadError) in
      var parser = Parser(bytes: buffer, recognizesIntrinsics: true, file: file)
      return (try parser.parseDocument(), parser.map)
    }
    guard TemplateDecoder.isTemplate(root) else { return nil }
    return try TemplateDecoder.decode(root, source: source, intrinsicsRecognized: true)
  }
}

extension JSONReader {
  /// The first stage: a strict, iterative JSON parser over bytes that records every node's position.
  struct Parser {
    /// What the parser was looking for when it met something else; it words the error.
    private enum Expectation {
      case topValue
      case firstKey
      case nextKey
      case colon(String)
      case memberValue(String)
      case afterMember
      case firstElement
      case nextElement
      case afterElement
      case end
    }

    /// An object or array that is still open. Its members or elements so far are the end of
    /// ``members`` or ``elements`` from `start`: one stack for all open containers, so that a
    /// container's array is made once, at its exact size, when it closes.
    private struct Frame {
      let isObject: Bool
      let start: Int
      var key = ""
    }

    /// The input, borrowed for the parse: indexing it costs no bounds check in release builds,
    /// and the parser's own checks keep every index in range.
    private let bytes: UnsafeBufferPointer<UInt8>
    /// Whether one-key objects naming a function become intrinsics, as ``TemplateDecoder`` would
    /// make them.
    private let recognizesIntrinsics: Bool
    private var offset = 0
    /// The current line, from 1; line breaks occur only in whitespace between tokens.
    private var line = 1
    /// The offset of the current line's first byte.
    private var lineStart = 0
    /// The last column computed, so that columns on one long line are counted once.
    private var cachedColumnOffset = 0
    private var cachedColumn = 1
    /// The first three components of the path of the node being read, which is all of it when
    /// it is no deeper: what ``TemplateDecoder/isNameMapping(_:)`` looks at. (The whole path is
    /// never needed: `nodes` has one entry per component, and the source map their keys.)
    private var pathPrefix: [PathComponent] = []
    /// The plain strings read so far, each spelling once.
    private var strings: StringTable
    /// A buffer for strings with escapes or non-ASCII characters.
    private var scratch: [UInt8] = []
    /// The start of every node read so far.
    private(set) var map: SourceMap
    /// The source-map node of the root and of each component of the path.
    private var nodes: [Int] = []
    /// The members of the open objects, innermost last.
    private var members: [Fields.Field] = []
    /// The elements of the open arrays, innermost last.
    private var elements: [TemplateValue] = []
    /// The members of `Resources` from ``tailStart`` on, read on another thread.
    private var tail: Parallel.Fork<Tail?>?
    /// Where ``tail`` starts; never reached when there is none.
    private var tailStart = Int.max
    /// Whether the members of ``tail`` were taken.
    private(set) var tookTail = false

    init(bytes: UnsafeBufferPointer<UInt8>, recognizesIntrinsics: Bool, file: String) {
      self.bytes = bytes
      self.recognizesIntrinsics = recognizesIntrinsics
      self.map = SourceMap(file: file)
      self.strings = StringTable(over: bytes)
      // Pretty-printed templates hold about one node per 16 bytes.
      map.reserveCapacity(bytes.count / 16)
    }

    /// Parses the whole input as one JSON value.
    mutating func parseDocument() throws(ReadError) -> TemplateValue {
      if bytes.count >= 2,
        (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE)
      {
        throw ReadError(
          "the file is encoded as UTF-16; save it as UTF-8", at: SourcePosition(line: 1, column: 1))
      }
      if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
        offset = 3
        lineStart = 3
        cachedColumnOffset = 3
      }
      skipWhitespace()
      guard offset < bytes.count else {
        throw ReadError("the file is empty; expected a CloudFormation template (a JSON object)")
      }
      let value = try parseTree()
      skipWhitespace()
      guard offset == bytes.count else { throw unexpected(.end) }
      return value
    }

    // MARK: Structure

    /// Reads one value, iteratively: open objects and arrays live on an explicit stack.
    private mutating func parseTree() throws(ReadError) -> TemplateValue {
      var stack: [Frame] = []
      nodes = [map.root(at: position(at: offset))]
      return try parse(&stack, expecting: .topValue)
    }

    /// Reads values into the open containers of `stack` until it is empty, and returns the last
    /// one closed; or, with a `floor`, until the object at `stack[floor]` meets its closing brace,
    /// which is left unread (and the object open) for another parser to go on from.
    private mutating func parse(_ stack: inout [Frame], expecting first: Expectation, floor: Int = -1)
      throws(ReadError) -> TemplateValue
    {
      var expectation = first
      parsing: while true {
        // A value starts at `offset`; whitespace is skipped and its position recorded.
        guard offset < bytes.count else { throw unexpected(expectation) }
        var value: TemplateValue
        switch bytes[offset] {
        case Byte.openBrace, Byte.openBracket:
          guard stack.count < JSONReader.maximumDepth else {
            throw ReadError(
              "objects and arrays are nested more than \(JSONReader.maximumDepth) levels deep",
              at: position(at: offset))
          }
          let isObject = bytes[offset] == Byte.openBrace
          offset += 1
          skipWhitespace()
          if isObject {
            if offset < bytes.count, bytes[offset] == Byte.closeBrace {
              offset += 1
              value = .object(Fields())
            } else {
              let key = try parseKey(expectation: .firstKey)
              stack.append(Frame(isObject: true, start: members.count, key: key))
              expectation = .memberValue(key)
              continue parsing
            }
          } else {
            if offset < bytes.count, bytes[offset] == Byte.closeBracket {
              offset += 1
              value = .list([])
            } else {
              stack.append(Frame(isObject: false, start: elements.count))
              enter(.index(0))
              nodes.append(map.addElement(parent: nodes[nodes.count - 1], at: position(at: offset)))
              expectation = .firstElement
              continue parsing
            }
          }
        case Byte.quote:
          value = .string(try parseString())
        case Byte.minus, Byte.zero...Byte.nine:
          let start = offset
          value = try parseNumber()
          if !recognizesIntrinsics, let node = nodes.last {
            map.setScalarText(
              String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self), ofNode: node)
          }
        case Byte.lowercaseT where matches(Self.trueBytes):
          offset += 4
          value = .boolean(true)
        case Byte.lowercaseF where matches(Self.falseBytes):
          offset += 5
          value = .boolean(false)
        case Byte.lowercaseN where matches(Self.nullBytes):
          offset += 4
          value = .null
        default:
          throw unexpected(expectation)
        }

        // A value is complete: add it to the innermost open container, closing containers
        // for as long as the input does.
        closing: while let top = stack.indices.last {
          skipWhitespace()
          if stack[top].isObject {
            members.append(Fields.Field(stack[top].key, value))
            guard offset < bytes.count else { throw unexpected(.afterMember) }
            if bytes[offset] == Byte.comma {
              offset += 1
              skipWhitespace()
              leave()
              nodes.removeLast()
              if offset == tailStart, let last = takeTail(&stack) {
                value = last
                continue closing
              }
              let next = try parseKey(expectation: .nextKey)
              stack[top].key = next
              expectation = .memberValue(next)
              continue parsing
            }
            guard bytes[offset] == Byte.closeBrace else { throw unexpected(.afterMember) }
            if top == floor { return .null }
            offset += 1
            leave()
            nodes.removeLast()
            let start = stack.removeLast().start
            if recognizesIntrinsics, members.count - start == 1, let call = try intrinsic(members[start]) {
              value = .intrinsic(call)
            } else {
              value = .object(Fields(uniqueKeys: Self.take(&members, from: start, leaving: Fields.Field("", .null))))
            }
            members.removeSubrange(start...)
          } else {
            elements.append(value)
            guard offset < bytes.count else { throw unexpected(.afterElement) }
            if bytes[offset] == Byte.comma {
              offset += 1
              skipWhitespace()
              if nodes.count <= 4 { pathPrefix[pathPrefix.count - 1] = .index(elements.count - stack[top].start) }
              nodes.removeLast()
              nodes.append(map.addElement(parent: nodes[nodes.count - 1], at: position(at: offset)))
              expectation = .nextElement
              continue parsing
            }
            guard bytes[offset] == Byte.closeBracket else { throw unexpected(.afterElement) }
            offset += 1
            leave()
            nodes.removeLast()
            let start = stack.removeLast().start
            value = .list(Self.take(&elements, from: start, leaving: .null))
            elements.removeSubrange(start...)
          }
        }
        return value
      }
    }

    // MARK: Two threads

    /// What the other thread read: the members of `Resources` from `start` to the mapping's
    /// closing brace, with their source map, and the state it stopped in.
    struct Tail: Sendable {
      /// The offset of the first member's key, and the line and line start there, as counted.
      let start: Int
      let startLine: Int
      let startLineStart: Int
      let members: [Fields.Field]
      /// Node 0 stands for the root and node 1 for `Resources`; the members follow.
      let map: SourceMap
      /// The offset of the closing brace of `Resources`, and the line and line start there.
      let end: Int
      let endLine: Int
      let endLineStart: Int
    }

    /// Templates smaller than this are read on one thread: a thread costs more than it saves.
    static let smallestSplit = 128 * 1024

    /// Where another thread can start reading a large, pretty-printed template: the member of the
    /// top-level `Resources` mapping that starts the first line past 56% of the mapping's likely
    /// extent, at the indentation of its first member and after a comma. It is a guess
    /// (the key `"Resources"` might first occur elsewhere, the indentation be uneven): the
    /// parser takes the other thread's members only when it reaches this offset in the state
    /// the guess assumes.
    static func tailStart(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
      guard bytes.count >= smallestSplit, let base = bytes.baseAddress else { return nil }
      let key = Array("\"Resources\"".utf8)
      var index = 0
      // The key, then `:`, `{` and a line break, each after optional blanks.
      while true {
        guard let quote = memchr(base + index, Int32(Byte.quote), bytes.count - index) else { return nil }
        index = base.distance(to: quote.assumingMemoryBound(to: UInt8.self))
        guard index + key.count <= bytes.count else { return nil }
        if memcmp(base + index, key, key.count) == 0 { break }
        index += 1
      }
      // Past the middle: the other thread starts later, counts the lines before it, and reads
      // with cold caches, so an even split kept this thread waiting for it.
      let middle = index + (bytes.count - index) * 14 / 25
      index += key.count
      func skipBlanks() {
        while index < bytes.count, bytes[index] == Byte.space || bytes[index] == Byte.tab { index += 1 }
      }
      for expected in [Byte.colon, Byte.openBrace] {
        skipBlanks()
        guard index < bytes.count, bytes[index] == expected else { return nil }
        index += 1
      }
      skipBlanks()
      if index < bytes.count, bytes[index] == Byte.carriageReturn { index += 1 }
      guard index < bytes.count, bytes[index] == Byte.lineFeed else { return nil }
      index += 1
      let indentStart = index
      skipBlanks()
      let indent = index - indentStart
      guard indent > 0, index < bytes.count, bytes[index] == Byte.quote else { return nil }
      // The first line past the middle that starts with that indentation and a key, after a comma.
      index = middle
      while let found = memchr(base + index, Int32(Byte.lineFeed), bytes.count - index) {
        let lineFeed = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        let keyAt = lineFeed + 1 + indent
        var before = lineFeed - 1
        if before >= 0, bytes[before] == Byte.carriageReturn { before -= 1 }
        if keyAt < bytes.count, before >= 0, bytes[before] == Byte.comma, bytes[keyAt] == Byte.quote,
          memcmp(base + lineFeed + 1, base + indentStart, indent) == 0
        {
          return keyAt
        }
        index = lineFeed + 1
      }
      return nil
    }

    /// The members of `Resources` from `start` on, read as ``parse(_:expecting:floor:)`` would
    /// read them there, or `nil` when they do not read (this thread then reads them, and words
    /// any error).
    static func readTail(of bytes: UnsafeBufferPointer<UInt8>, from start: Int, file: String) -> Tail? {
      var parser = Parser(bytes: bytes, recognizesIntrinsics: true, file: file)
      return try? parser.parseTail(from: start)
    }

    private mutating func parseTail(from start: Int) throws(ReadError) -> Tail {
      (line, lineStart) = Self.line(of: start, in: bytes)
      (offset, cachedColumnOffset, cachedColumn) = (start, lineStart, 1)
      let (startLine, startLineStart) = (line, lineStart)
      // The state of a parser that has read `{ "Resources": { ... ,` and the blanks after.
      let origin = SourcePosition(line: 1, column: 1)
      nodes = [map.root(at: origin)]
      enter(.key("Resources"))
      nodes.append(map.addMember(parent: 0, key: "Resources", at: origin).node)
      var stack = [Frame(isObject: true, start: 0, key: "Resources"), Frame(isObject: true, start: 0)]
      stack[1].key = try parseKey(expectation: .nextKey)
      _ = try parse(&stack, expecting: .memberValue(stack[1].key), floor: 1)
      return Tail(
        start: start, startLine: startLine, startLineStart: startLineStart, members: members, map: map,
        end: offset, endLine: line, endLineStart: lineStart)
    }

    /// The line of `target` and the offset of that line's first byte, counted as
    /// ``skipWhitespace()`` counts them: a line feed, a carriage return, or the two together
    /// end a line.
    private static func line(of target: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
      var line = 1
      var start = 0
      var index = 0
      // Without carriage returns, only line feeds end lines, and memchr finds them fastest.
      if let base = bytes.baseAddress, memchr(base, Int32(Byte.carriageReturn), target) == nil {
        while let found = memchr(base + index, Int32(Byte.lineFeed), target - index) {
          index = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
          line += 1
          start = index
        }
        return (line, start)
      }
      while index < target {
        let byte = bytes[index]
        index += 1
        if byte == Byte.lineFeed || byte == Byte.carriageReturn {
          if byte == Byte.carriageReturn, index < bytes.count, bytes[index] == Byte.lineFeed { index += 1 }
          line += 1
          start = index
        }
      }
      return (line, start)
    }

    /// Makes `fork` the tail that starts at `start`.
    mutating func expect(_ fork: Parallel.Fork<Tail?>, at start: Int) {
      tail = fork
      tailStart = start
    }

    /// At ``tailStart``, right after a comma between members of the top-level `Resources`: the
    /// other thread's members join the mapping, the last one's key goes in the frame and its node
    /// on the path, and its value is returned for the mapping to close on. `nil` when the state
    /// differs from the one the other thread assumed, or it read nothing, or a key it read is
    /// already a member: this thread then reads on by itself.
    private mutating func takeTail(_ stack: inout [Frame]) -> TemplateValue? {
      guard let fork = tail, stack.count == 2, stack[0].isObject, stack[0].key == "Resources", stack[1].isObject,
        nodes.count == 2, pathPrefix == [.key("Resources")]
      else { return nil }
      tail = nil
      guard let read = fork.join(), read.start == offset, read.startLine == line, read.startLineStart == lineStart,
        let last = read.members.last, let lastNode = map.appendMembers(of: read.map, under: 1, to: nodes[1])
      else { return nil }
      members.append(contentsOf: read.members.dropLast())
      stack[1].key = last.key
      enter(.key(last.key))
      nodes.append(lastNode)
      (offset, line, lineStart) = (read.end, read.endLine, read.endLineStart)
      (cachedColumnOffset, cachedColumn) = (lineStart, 1)
      tookTail = true
      return last.value
    }

    // MARK: Keys

    /// Reads `"key":` and the whitespace after it, records the member's position at the key's
    /// opening quote, and pushes the key onto the path.
    private mutating func parseKey(expectation: Expectation) throws(ReadError) -> String {
      guard offset < bytes.count, bytes[offset] == Byte.quote else { throw unexpected(expectation) }
      let keyPosition = position(at: offset)
      let key = try parseString()
      enter(.key(key))
      let member = map.addMember(parent: nodes[nodes.count - 1], key: key, at: keyPosition)
      nodes.append(member.node)
      if let first = member.duplicateOf {
        let place =
          first.line == keyPosition.line
          ? "line \(first.line), column \(first.column)" : "line \(first.line)"
        throw ReadError("duplicate key '\(key)'; first defined at \(place)", at: keyPosition)
      }
      skipWhitespace()
      guard offset < bytes.count, bytes[offset] == Byte.colon else { throw unexpected(.colon(key)) }
      offset += 1
      skipWhitespace()
      return key
    }

    /// The items of `stack` from `start` on, moved into an array of their own; `filler`, which
    /// holds no reference, takes their places, so that removing them from the stack releases
    /// nothing (a copy would retain every item and the removal release it again).
    private static func take<Item>(_ stack: inout [Item], from start: Int, leaving filler: Item) -> [Item] {
      let count = stack.count - start
      return [Item](unsafeUninitializedCapacity: count) { buffer, initialized in
        initialized = 0
        stack.withUnsafeMutableBufferPointer { source in
          guard count > 0, let target = buffer.baseAddress, let origin = source.baseAddress else { return }
          target.moveInitialize(from: origin + start, count: count)
          (origin + start).initialize(repeating: filler, count: count)
          initialized = count
        }
      }
    }

    /// Goes one level down the path, before the level's node is pushed onto `nodes`.
    private mutating func enter(_ component: PathComponent) {
      if nodes.count <= 3 { pathPrefix.append(component) }
    }

    /// Goes one level up the path, before the level's node is popped from `nodes`.
    private mutating func leave() {
      if nodes.count <= 4 { pathPrefix.removeLast() }
    }

    /// The intrinsic function that the one-key object being closed holds, if any.
    private func intrinsic(_ field: Fields.Field) throws(ReadError) -> Intrinsic? {
      guard let first = field.key.utf8.first,
        first == UInt8(ascii: "F") || first == UInt8(ascii: "R") || first == UInt8(ascii: "C"),
        Intrinsic.names.contains(field.key), nodes.count > 4 || !TemplateDecoder.isNameMapping(pathPrefix)
      else { return nil }
      do {
        return try TemplateDecoder.intrinsic(named: field.key, argument: field.value)
      } catch {
        throw ReadError(error.message, at: nodes.last.map { map.position(ofNode: $0) })
      }
    }

    // MARK: Scalars

    /// Reads a string starting at its opening quote.
    private mutating func parseString() throws(ReadError) -> String {
      let contentStart = offset + 1
      var index = contentStart
      // Fast path: plain ASCII without escapes becomes a String straight from the bytes, or
      // the string already made for the same bytes.
      var hash = StringTable.seed
      let bytes = self.bytes
      let end = bytes.count
      while index < end {
        let byte = bytes[index]
        if byte == Byte.quote {
          offset = index + 1
          return strings.string(from: contentStart, to: index, hash: hash)
        }
        if byte == Byte.backslash || byte < 0x20 || byte >= 0x80 { break }
        hash = StringTable.mix(hash, byte)
        index += 1
      }
      scratch.removeAll(keepingCapacity: true)
      scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[contentStart..<index]))
      while true {
        guard index < bytes.count else {
          throw ReadError(
            "unexpected end of input inside a string; expected '\"'", at: position(at: index))
        }
        let byte = bytes[index]
        switch byte {
        case Byte.quote:
          offset = index + 1
          return String(decoding: scratch, as: UTF8.self)
        case Byte.backslash:
          index = try parseEscape(at: index)
        case 0x0A, 0x0D:
          throw ReadError(
            "line break inside a string; close the string with '\"' or write the break as \\n",
            at: position(at: index))
        case 0..<0x20:
          let code = Self.hex(UInt32(byte), digits: 4)
          throw ReadError(
            "control character U+\(code) inside a string; write it as \\u\(code)",
            at: position(at: index))
        case 0x20..<0x80:
          scratch.append(byte)
          index += 1
        default:
          let length = try scalarLength(at: index)
          scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<index + length]))
          index += length
        }
      }
    }

    /// Decodes the escape starting at the backslash at `start` into `scratch`; returns the offset
    /// after it.
    private mutating func parseEscape(at start: Int) throws(ReadError) -> Int {
      let index = start + 1
      guard index < bytes.count else {
        throw ReadError(
          "unexpected end of input inside a string; expected '\"'", at: position(at: index))
      }
      switch bytes[index] {
      case Byte.quote, Byte.backslash, Byte.slash: scratch.append(bytes[index])
      case Byte.lowercaseB: scratch.append(0x08)
      case Byte.lowercaseF: scratch.append(0x0C)
      case Byte.lowercaseN: scratch.append(0x0A)
      case Byte.lowercaseR: scratch.append(0x0D)
      case Byte.lowercaseT: scratch.append(0x09)
      case Byte.lowercaseU:
        guard let unit = hexQuad(at: index + 1) else {
          throw ReadError(
            "expected four hexadecimal digits after '\\u' in a string", at: position(at: start))
        }
        switch unit {
        case 0xD800...0xDBFF:
          let next = index + 5
          guard next + 1 < bytes.count, bytes[next] == Byte.backslash,
            bytes[next + 1] == Byte.lowercaseU, let low = hexQuad(at: next + 2),
            (0xDC00...0xDFFF).contains(low)
          else {
            throw ReadError(
              "lone surrogate '\\u\(Self.hex(unit, digits: 4))' in a string; a high surrogate must be followed by a low surrogate escape (\\uDC00 to \\uDFFF)",
              at: position(at: start))
          }
          appendUTF8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
          return next + 6
        case 0xDC00...0xDFFF:
          throw ReadError(
            "lone surrogate '\\u\(Self.hex(unit, digits: 4))' in a string; a low surrogate must follow a high surrogate escape (\\uD800 to \\uDBFF)",
            at: position(at: start))
        default:
          appendUTF8(unit)
          return index + 5
        }
      default:
        let byte = bytes[index]
        let shown: String
        if (0x21..<0x7F).contains(byte) {
          shown = "'\\\(Character(Unicode.Scalar(byte)))'"
        } else {
          shown = "'\\' followed by \(try describeFound(at: index))"
        }
        throw ReadError(
          "invalid escape \(shown) in a string; JSON allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX",
          at: position(at: start))
      }
      return index + 1
    }

    /// Reads a number: an integer that fits in `Int` is `.integer`, anything else `.number`.
    private mutating func parseNumber() throws(ReadError) -> TemplateValue {
      let start = offset
      var index = offset
      let negative = bytes[index] == Byte.minus
      if negative { index += 1 }
      let digitsStart = index
      guard index < bytes.count, Self.isDigit(bytes[index]) else {
        throw try numberError(expected: "a digit after '-'", at: index)
      }
      if bytes[index] == Byte.zero {
        index += 1
        if index < bytes.count, Self.isDigit(bytes[index]) {
          throw ReadError(
            "a number cannot start with '0' followed by more digits", at: position(at: start))
        }
      } else {
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
      }
      let digitsEnd = index
      var isInteger = true
      if index < bytes.count, bytes[index] == Byte.period {
        isInteger = false
        index += 1
        guard index < bytes.count, Self.isDigit(bytes[index]) else {
          throw try numberError(expected: "a digit after '.'", at: index)
        }
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
      }
      if index < bytes.count, bytes[index] == Byte.lowercaseE || bytes[index] == Byte.uppercaseE {
        isInteger = false
        index += 1
        if index < bytes.count, bytes[index] == Byte.plus || bytes[index] == Byte.minus {
          index += 1
        }
        guard index < bytes.count, Self.isDigit(bytes[index]) else {
          throw try numberError(expected: "a digit in the exponent", at: index)
        }
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
      }
      offset = index
      if isInteger,
        let integer = Self.integer(UnsafeBufferPointer(rebasing: bytes[digitsStart..<digitsEnd]), negative: negative)
      {
        return .integer(integer)
      }
      let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
      guard let number = Double(text), number.isFinite else {
        throw ReadError("the number \(text) is out of range", at: position(at: start))
      }
      return .number(number)
    }

    /// The value of a run of decimal digits, or `nil` when it does not fit in `Int`.
    private static func integer(_ digits: UnsafeBufferPointer<UInt8>, negative: Bool) -> Int? {
      var result = 0
      for byte in digits {
        let digit = Int(byte &- Byte.zero)
        let (shifted, shiftOverflow) = result.multipliedReportingOverflow(by: 10)
        let (sum, sumOverflow) =
          negative
          ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
        if shiftOverflow || sumOverflow { return nil }
        result = sum
      }
      return result
    }

    private mutating func numberError(expected: String, at index: Int) throws(ReadError)
      -> ReadError
    {
      guard index < bytes.count else {
        return ReadError(
          "unexpected end of input inside a number; expected \(expected)", at: position(at: index))
      }
      let found = try describeFound(at: index)
      return ReadError("expected \(expected) in a number, found \(found)", at: position(at: index))
    }

    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let nullBytes = Array("null".utf8)

    /// Whether `word` stands at `offset`.
    private func matches(_ word: [UInt8]) -> Bool {
      guard bytes.count - offset >= word.count else { return false }
      for (index, byte) in word.enumerated() where bytes[offset + index] != byte { return false }
      return true
    }

    // MARK: Bytes, lines and columns

    private mutating func skipWhitespace() {
      while offset < bytes.count {
        switch bytes[offset] {
        case Byte.space, Byte.tab:
          offset += 1
        case Byte.lineFeed:
          offset += 1
          line += 1
          lineStart = offset
        case Byte.carriageReturn:
          offset += 1
          if offset < bytes.count, bytes[offset] == Byte.lineFeed { offset += 1 }
          line += 1
          lineStart = offset
        default:
          return
        }
      }
    }

    /// The line and column of `target`, which is on the current line. Columns count Unicode
    /// scalars, so continuation bytes do not count.
    private mutating func position(at target: Int) -> SourcePosition {
      var index = lineStart
      var column = 1
      if cachedColumnOffset >= lineStart, cachedColumnOffset <= target {
        index = cachedColumnOffset
        column = cachedColumn
      }
      while index < target {
        if bytes[index] & 0xC0 != 0x80 { column += 1 }
        index += 1
      }
      cachedColumnOffset = target
      cachedColumn = column
      return SourcePosition(line: line, column: column)
    }

    /// The length of the well-formed UTF-8 sequence at `index`.
    /// - Throws: ``ReadError`` naming the lead byte when the sequence is not well-formed.
    private mutating func scalarLength(at index: Int) throws(ReadError) -> Int {
      guard let length = UTF8Bytes.sequenceLength(in: bytes, at: index) else { throw invalidUTF8(at: index) }
      return length
    }

    private mutating func invalidUTF8(at index: Int) -> ReadError {
      ReadError(
        "invalid UTF-8 byte 0x\(Self.hex(UInt32(bytes[index]), digits: 2))",
        at: position(at: index))
    }

    /// The four hexadecimal digits at `index` as a number, or `nil`.
    private func hexQuad(at index: Int) -> UInt32? {
      guard index + 4 <= bytes.count else { return nil }
      var value: UInt32 = 0
      for byte in bytes[index..<index + 4] {
        let digit: UInt8
        switch byte {
        case Byte.zero...Byte.nine: digit = byte - Byte.zero
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
        default: return nil
        }
        value = value << 4 | UInt32(digit)
      }
      return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) { UTF8Bytes.append(scalar, to: &scratch) }

    // MARK: Errors

    /// The error for meeting something other than what `expectation` allows at `offset`.
    private mutating func unexpected(_ expectation: Expectation) -> ReadError {
      let expected: String
      let context: String
      let inside: String
      switch expectation {
      case .topValue: (expected, context, inside) = ("a JSON value", "at the start of the file", "")
      case .firstKey:
        (expected, context, inside) = ("a string key or '}'", "after '{'", "an object")
      case .nextKey:
        (expected, context, inside) = ("a string key", "after ',' in an object", "an object")
      case .colon(let key):
        (expected, context, inside) = ("':'", "after the key '\(key)'", "an object")
      case .memberValue(let key):
        (expected, context, inside) = ("a value", "for the key '\(key)'", "an object")
      case .afterMember:
        (expected, context, inside) = ("',' or '}'", "after a value in an object", "an object")
      case .firstElement: (expected, context, inside) = ("a value or ']'", "after '['", "an array")
      case .nextElement:
        (expected, context, inside) = ("a value", "after ',' in an array", "an array")
      case .afterElement:
        (expected, context, inside) = ("',' or ']'", "after a value in an array", "an array")
      case .end:
        (expected, context, inside) = ("the end of the file", "after the top-level value", "")
      }
      guard offset < bytes.count else {
        let place = inside.isEmpty ? "" : " inside \(inside)"
        return ReadError(
          "unexpected end of input\(place); expected \(expected)", at: position(at: offset))
      }
      let found: String
      do {
        found = try describeFound(at: offset)
      } catch {
        return error
      }
      var message = "expected \(expected) \(context), found \(found)"
      switch (expectation, bytes[offset]) {
      case (.nextKey, Byte.closeBrace), (.nextElement, Byte.closeBracket):
        message += "; JSON does not allow a trailing comma"
      case (.topValue, Byte.slash), (.end, Byte.slash), (.firstKey, Byte.slash),
        (.afterMember, Byte.slash), (.afterElement, Byte.slash):
        message += "; JSON does not allow comments"
      case (.topValue, let byte) where Self.isWordByte(byte) && !Self.isDigit(byte):
        message += "; a JSON template starts with '{' (is this a YAML file?)"
      default:
        break
      }
      return ReadError(message, at: position(at: offset))
    }

    /// `'x'`, `'word'`, `'é' (U+00E9)` or `control character U+0007`, for an error message.
    /// - Throws: ``ReadError`` when the byte at `index` is not well-formed UTF-8.
    private mutating func describeFound(at index: Int) throws(ReadError) -> String {
      let byte = bytes[index]
      if Self.isWordByte(byte) {
        var end = index
        while end < bytes.count, end - index < 24, Self.isWordByte(bytes[end]) { end += 1 }
        return "'\(String(decoding: bytes[index..<end], as: UTF8.self))'"
      }
      switch byte {
      case 0x20..<0x7F: return "'\(Character(Unicode.Scalar(byte)))'"
      case 0..<0x80: return "control character U+\(Self.hex(UInt32(byte), digits: 4))"
      default:
        let length = try scalarLength(at: index)
        let text = String(decoding: bytes[index..<index + length], as: UTF8.self)
        let code = text.unicodeScalars.first.map { Self.hex($0.value, digits: 4) } ?? "?"
        return "'\(text)' (U+\(code))"
      }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= Byte.zero && byte <= Byte.nine }

    private static func isWordByte(_ byte: UInt8) -> Bool {
      switch byte {
      case Byte.zero...Byte.nine, UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
        return true
      default:
        return false
      }
    }

    /// Upper-case hexadecimal, padded with zeros to `digits`.
    private static func hex(_ value: UInt32, digits: Int) -> String {
      let text = String(value, radix: 16, uppercase: true)
      return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
  }
}

/// The ASCII bytes the JSON grammar is made of.
private enum Byte {
  static let tab = UInt8(ascii: "\t")
  static let lineFeed = UInt8(ascii: "\n")
  static let carriageReturn = UInt8(ascii: "\r")
  static let space = UInt8(ascii: " ")
  static let quote = UInt8(ascii: "\"")
  static let plus = UInt8(ascii: "+")
  static let comma = UInt8(ascii: ",")
  static let minus = UInt8(ascii: "-")
  static let period = UInt8(ascii: ".")
  static let slash = UInt8(ascii: "/")
  static let zero = UInt8(ascii: "0")
  static let nine = UInt8(ascii: "9")
  static let colon = UInt8(ascii: ":")
  static let uppercaseE = UInt8(ascii: "E")
  static let openBracket = UInt8(ascii: "[")
  static let backslash = UInt8(ascii: "\\")
  static let closeBracket = UInt8(ascii: "]")
  static let lowercaseB = UInt8(ascii: "b")
  static let lowercaseE = UInt8(ascii: "e")
  static let lowercaseF = UInt8(ascii: "f")
  static let lowercaseN = UInt8(ascii: "n")
  static let lowercaseR = UInt8(ascii: "r")
  static let lowercaseT = UInt8(ascii: "t")
  static let lowercaseU = UInt8(ascii: "u")
  static let openBrace = UInt8(ascii: "{")
  static let closeBrace = UInt8(ascii: "}")
}
