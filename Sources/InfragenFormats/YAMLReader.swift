import InfragenCore

/// Reads YAML text into a ``Template``, keeping the line and column of every node.
///
/// The dialect is CloudFormation's: YAML 1.1 without anchors, aliases, merge keys or the binary,
/// omap, pairs, set and timestamp tags, one document per file, and the short-form function tags
/// (`!Ref`, `!GetAtt`, `!Sub`, ...). Plain scalars resolve by YAML 1.1 rules (`yes` is a boolean,
/// `0x1F` an integer), except that timestamps and sexagesimal numbers (`2010-09-09`, `12:30`)
/// stay strings; quoted scalars are always strings.
///
/// Reading has two stages, as for JSON. ``parseValue(_:file:)`` turns the text into a plain value
/// tree and a ``SourceMap``: mappings stay mappings, and only the short-form tags become
/// intrinsic functions (the tree has no other way to hold them). ``TemplateDecoder`` then turns
/// the tree into a template and recognises the long form (`Ref: X`, `Fn::GetAtt: [A, B]`).
/// ``readTemplate(_:file:)`` does both in one pass.
///
/// The scanner and parser work on bytes and follow libyaml's design: a token scanner with simple
/// key lookahead and a parser that is a state machine with an explicit stack, so deep input fails
/// with an error and never overflows the call stack; nesting is bounded by ``maximumDepth``.
public enum YAMLReader {
  /// What a YAML file holds, so that an error names what does not accept a construct: a
  /// CloudFormation template, or an infragen configuration file.
  public enum Dialect: Sendable {
    /// A CloudFormation template.
    case cloudFormation
    /// An infragen configuration file (`infragen.yaml`).
    case configuration

    /// Who refuses what the reader does not read: `by CloudFormation`.
    var refusedBy: String {
      switch self {
      case .cloudFormation: return "by CloudFormation"
      case .configuration: return "in infragen configuration files"
      }
    }

    /// What the file is: `a CloudFormation template file`.
    var file: String {
      switch self {
      case .cloudFormation: return "a CloudFormation template file"
      case .configuration: return "an infragen configuration file"
      }
    }
  }

  /// The deepest nesting of mappings and sequences, block or flow, that the reader accepts.
  public static let maximumDepth = 512

  /// Parses YAML text into a plain value tree, with the position of every node (first stage).
  ///
  /// Mappings stay mappings, even those that look like long-form intrinsic functions;
  /// ``TemplateDecoder`` recognises those. Short-form tags (`!Ref X`) become intrinsics, with
  /// their shape checked. A mapping member is recorded at its key's first character, a sequence
  /// element and the root at their first character (a tag, when the node has one); a short-form
  /// tag also records its function's key (`Fn::GetAtt`) at the tag, as the long form would.
  /// - Parameters:
  ///   - bytes: The file's content, UTF-8 encoded, optionally starting with a byte order mark.
  ///   - file: The file name to record in the source map, as the user gave it.
  /// - Returns: The root value and the source map.
  /// - Throws: ``ReadError`` when the text is not a single, well-formed YAML document of the
  ///   dialect CloudFormation accepts, or is empty.
  ///   - dialect: What the file holds, for the wording of errors. Defaults to a template.
  public static func parseValue(
    _ bytes: [UInt8], file: String, dialect: Dialect = .cloudFormation
  ) throws(ReadError) -> (TemplateValue, SourceMap) {
    var parser = try YAMLParser(bytes: bytes, file: file, recognizesIntrinsics: false, dialect: dialect)
    return try parser.parseDocument()
  }

  /// Parses a whole CloudFormation template from YAML text (both stages).
  ///
  /// - Parameters:
  ///   - bytes: The file's content, UTF-8 encoded, optionally starting with a byte order mark.
  ///   - file: The file name to record in the template's source map, as the user gave it.
  /// - Returns: The template, with ``Template/source`` set.
  /// - Throws: ``ReadError`` when the text is not well-formed YAML or not a template.
  public static func readTemplate(_ bytes: [UInt8], file: String) throws(ReadError) -> Template {
    // One pass: the builder recognises long-form calls as each mapping closes, with the
    // decoder's own rules, so the decoder need not walk the values again.
    var parser = try YAMLParser(bytes: bytes, file: file, recognizesIntrinsics: true, dialect: .cloudFormation)
    let (root, source) = try parser.parseDocument()
    guard case .object = root else {
      throw ReadError(
        "a template must be a YAML mapping, found \(describe(root))",
        at: source.exactPosition(of: []))
    }
    return try TemplateDecoder.decode(root, source: source, intrinsicsRecognized: true)
  }

  /// Parses a template from YAML text when the text is one: a mapping with `Resources` or
  /// `AWSTemplateFormatVersion`; `nil` for any other well-formed YAML (a workflow, a chart).
  /// - Throws: ``ReadError`` when the text is not well-formed YAML, or is a template with errors.
  public static func readTemplateIfAny(_ bytes: [UInt8], file: String) throws(ReadError) -> Template? {
    var parser = try YAMLParser(bytes: bytes, file: file, recognizesIntrinsics: true, dialect: .cloudFormation)
    let (root, source) = try parser.parseDocument()
    guard TemplateDecoder.isTemplate(root) else { return nil }
    return try TemplateDecoder.decode(root, source: source, intrinsicsRecognized: true)
  }
}

// MARK: - Tags

extension YAMLReader {
  /// The short-form function tags, each with the key of its long form: `!Ref` is `Ref`,
  /// `!GetAtt` is `Fn::GetAtt`, `!Condition` is `Condition`.
  static let functionTags: [String: String] = {
    var tags = [
      "!Ref": "Ref", "!GetAtt": "Fn::GetAtt", "!Sub": "Fn::Sub", "!If": "Fn::If",
      "!Condition": "Condition",
    ]
    for function in Intrinsic.Function.allCases {
      tags["!" + function.shortName] = function.rawValue
    }
    return tags
  }()

  /// The core-schema tags the reader applies.
  private static let coreTags: [String: YAMLTag] = [
    "!!str": .string, "!!int": .integer, "!!float": .float, "!!bool": .boolean, "!!null": .null,
    "!!map": .mapping, "!!seq": .sequence, "!": .nonSpecific,
  ]

  /// The YAML 1.1 tags CloudFormation rejects.
  private static let rejectedTags: Set<String> = [
    "!!binary", "!!omap", "!!pairs", "!!set", "!!timestamp", "!!merge", "!!value", "!!yaml",
  ]

  /// The tag written as `name` (`!Ref`, `!!str`).
  /// - Throws: ``ReadError`` at `position`, naming the tag, when the reader does not know it.
  static func tag(named name: String, at position: SourcePosition, dialect: Dialect) throws(ReadError) -> YAMLTag {
    if let function = functionTags[name] { return .function(function) }
    if let core = coreTags[name] { return core }
    if rejectedTags.contains(name) {
      throw ReadError(
        "the tag '\(name)' is not supported \(dialect.refusedBy) (binary, omap, pairs, set and timestamp tags are not read)",
        at: position)
    }
    let known = functionTags.keys.sorted()
    // A tag of a tool that processes templates before CloudFormation (`!Rain::Embed`): read as
    // a call of that name, which the validator names as not expanded.
    if name.dropFirst().contains("::"), !name.hasPrefix("!!"), !name.hasPrefix("!<") {
      return .function(String(name.dropFirst()))
    }
    if name.hasPrefix("!<") {
      throw ReadError(
        "verbatim tags such as '\(name)' are not supported; CloudFormation uses the short-form tags \(known.joined(separator: " "))",
        at: position)
    }
    if let near = Suggestion.closest(to: name, in: known + coreTags.keys.sorted()) {
      throw ReadError("unknown tag '\(name)'; did you mean '\(near)'?", at: position)
    }
    throw ReadError(
      "unknown tag '\(name)'; the short-form function tags are \(known.joined(separator: " "))",
      at: position)
  }
}

// MARK: - Input checks and messages

extension YAMLReader {
  /// Checks that `bytes` is UTF-8 without control characters YAML forbids, and returns the offset
  /// after a byte order mark, if there is one.
  /// - Throws: ``ReadError`` at the first offending byte.
  static func validate(_ bytes: [UInt8]) throws(ReadError) -> Int {
    if bytes.count >= 2,
      (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE)
    {
      throw ReadError(
        "the file is encoded as UTF-16; save it as UTF-8", at: SourcePosition(line: 1, column: 1))
    }
    var start = 0
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
    var index = start
    let count = bytes.count
    while index < count {
      let byte = bytes[index]
      if byte < 0x80 {
        if byte >= 0x20 && byte != 0x7F || byte == 0x0A || byte == 0x0D || byte == 0x09 {
          index += 1
          continue
        }
        let code = hex(UInt32(byte), digits: 4)
        throw ReadError(
          "control character U+\(code) is not allowed in YAML; write it as \\x\(code.suffix(2)) inside a double-quoted string",
          at: position(of: index, in: bytes, from: start))
      }
      let length = UTF8Bytes.sequenceLength(in: bytes, at: index) ?? 0
      let valid = length > 0
      guard valid else {
        throw ReadError(
          "invalid UTF-8 byte 0x\(hex(UInt32(byte), digits: 2))",
          at: position(of: index, in: bytes, from: start))
      }
      index += length
    }
    return start
  }

  /// The line and column of the byte at `offset`, counted from `start` (for errors only).
  static func position(of offset: Int, in bytes: [UInt8], from start: Int) -> SourcePosition {
    var line = 1
    var column = 1
    var index = start
    let end = min(offset, bytes.count)
    while index < end {
      let byte = bytes[index]
      if byte == 0x0A || byte == 0x0D {
        if byte == 0x0D, index + 1 < end, bytes[index + 1] == 0x0A { index += 1 }
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        column += 1
      }
      index += 1
    }
    return SourcePosition(line: line, column: column)
  }

  /// How error messages name a value: `a mapping`, `a sequence`, `the string 'x'` and so on.
  static func describe(_ value: TemplateValue) -> String {
    switch value {
    case .list: return "a sequence"
    case .object: return "a mapping"
    default: return TemplateDecoder.describe(value)
    }
  }

  /// Upper-case hexadecimal, padded with zeros to `digits`.
  static func hex(_ value: UInt32, digits: Int) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
  }
}

/// The ASCII bytes the YAML grammar is made of.
enum YAMLByte {
  static let tab = UInt8(ascii: "\t")
  static let lineFeed = UInt8(ascii: "\n")
  static let carriageReturn = UInt8(ascii: "\r")
  static let space = UInt8(ascii: " ")
  static let exclamation = UInt8(ascii: "!")
  static let quote = UInt8(ascii: "\"")
  static let hash = UInt8(ascii: "#")
  static let percent = UInt8(ascii: "%")
  static let ampersand = UInt8(ascii: "&")
  static let apostrophe = UInt8(ascii: "'")
  static let asterisk = UInt8(ascii: "*")
  static let plus = UInt8(ascii: "+")
  static let comma = UInt8(ascii: ",")
  static let minus = UInt8(ascii: "-")
  static let period = UInt8(ascii: ".")
  static let slash = UInt8(ascii: "/")
  static let zero = UInt8(ascii: "0")
  static let one = UInt8(ascii: "1")
  static let seven = UInt8(ascii: "7")
  static let nine = UInt8(ascii: "9")
  static let colon = UInt8(ascii: ":")
  static let less = UInt8(ascii: "<")
  static let greater = UInt8(ascii: ">")
  static let question = UInt8(ascii: "?")
  static let at = UInt8(ascii: "@")
  static let openBracket = UInt8(ascii: "[")
  static let backslash = UInt8(ascii: "\\")
  static let closeBracket = UInt8(ascii: "]")
  static let underscore = UInt8(ascii: "_")
  static let backquote = UInt8(ascii: "`")
  static let openBrace = UInt8(ascii: "{")
  static let pipe = UInt8(ascii: "|")
  static let closeBrace = UInt8(ascii: "}")
  static let tilde = UInt8(ascii: "~")

  static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= nine }

  static func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
  }

  static func hexValue(_ byte: UInt8) -> UInt32 {
    isDigit(byte) ? UInt32(byte - zero) : UInt32((byte | 0x20) &- UInt8(ascii: "a")) + 10
  }
}
