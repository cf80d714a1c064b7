import InfragenCore
import InfragenFormats
import InfragenModel
import InfragenStacks
import InfragenValidation

/// Where a command's template comes from: a file, or the reference stack shaped by a
/// configuration file.
enum TemplateInput {
  /// The document formats infragen reads.
  enum Format {
    case json, yaml

    /// JSON when the first character that is not white space or a byte order mark is `{` or
    /// `[`; YAML otherwise (JSON is valid YAML, but the JSON reader is stricter and faster).
    static func detect(_ bytes: [UInt8]) -> Format {
      var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
      while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
      guard index < bytes.count else { return .json }
      return bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "[") ? .json : .yaml
    }
  }

  /// Reads and parses a template file, JSON or YAML by its content; with `inParallel`, a large
  /// JSON template on two cores (when other files are read at the same time, they have the cores).
  /// - Throws: ``CLIError/input(file:line:column:message:)`` with the reader's position.
  static func read(_ path: String, inParallel: Bool = true) throws(CLIError) -> Template {
    let bytes = try FileSystem.read(path)
    do {
      switch Format.detect(bytes) {
      case .json: return try JSONReader.readTemplate(bytes, file: path, inParallel: inParallel)
      case .yaml: return try YAMLReader.readTemplate(bytes, file: path)
      }
    } catch {
      throw .input(file: path, line: error.position?.line, column: error.position?.column, message: error.message)
    }
  }

  /// What a file is by its content, when a directory is walked or `--only-templates` is given.
  enum Found: Sendable {
    /// A CloudFormation template, read.
    case template(Template)
    /// Not a template (another JSON or YAML file, a script, an image): skipped and counted.
    case other
    /// A template that cannot be read, or a file that cannot be.
    case failure(ReadFailure)
  }

  /// Reads `path` if it is a template by content: text that names `Resources` or
  /// `AWSTemplateFormatVersion` (in YAML at the start of a line) and parses to a mapping with one
  /// of them at its top. Other files are ``Found/other``; a file that names them but does not
  /// parse is a ``Found/failure(_:)``, since it is most likely a broken template.
  static func find(_ path: String) -> Found {
    let bytes: [UInt8]
    do {
      bytes = try FileSystem.read(path)
    } catch {
      return .failure(ReadFailure(error, file: path))
    }
    guard mayBeTemplate(bytes) else { return .other }
    do {
      let template: Template?
      switch Format.detect(bytes) {
      case .json: template = try JSONReader.readTemplateIfAny(bytes, file: path)
      case .yaml: template = try YAMLReader.readTemplateIfAny(bytes, file: path)
      }
      return template.map(Found.template) ?? .other
    } catch {
      guard startsLikeTemplate(bytes) else { return .other }
      return .failure(
        ReadFailure(file: path, line: error.position?.line, column: error.position?.column, message: error.message))
    }
  }

  /// The top-level sections of a template, one of which a YAML template's first line names.
  static let sections = [
    "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions",
    "Transform", "Globals", "Resources", "Outputs",
  ]

  /// Whether text that does not parse is still most likely a template: JSON, or YAML whose first
  /// line that is not blank, a comment or a document marker starts a template section. A README
  /// with a YAML example is not (its first line is prose, or a `#` heading, which YAML reads as a
  /// comment).
  static func startsLikeTemplate(_ bytes: [UInt8]) -> Bool {
    if Format.detect(bytes) == .json { return true }
    let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      let trimmed = line.drop { $0 == "\u{FEFF}" }
      if trimmed.allSatisfy(\.isWhitespace) || trimmed.hasPrefix("#") || trimmed.hasPrefix("---")
        || trimmed.hasPrefix("%")
      {
        continue
      }
      let key = trimmed.drop { $0 == "\"" || $0 == "'" }.prefix { $0.isLetter }
      return sections.contains(String(key))
    }
    return false
  }

  /// Whether text could be a template, decided without parsing: no NUL byte in its first 8 KiB
  /// (binary files), and `Resources` or `AWSTemplateFormatVersion` in it; in YAML, at the start
  /// of a line (after an optional quote).
  static func mayBeTemplate(_ bytes: [UInt8]) -> Bool {
    let json = Format.detect(bytes) == .json
    let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    return bytes.withUnsafeBufferPointer { buffer in
      // One pass over the bytes, with no allocation: this runs on every file of a repository.
      if buffer.prefix(8192).contains(0) { return false }
      func word(_ key: StaticString, at index: Int) -> Bool {
        let length = key.utf8CodeUnitCount
        guard index + length <= buffer.count else { return false }
        return key.withUTF8Buffer { key in
          for offset in 0..<length where buffer[index + offset] != key[offset] { return false }
          return true
        }
      }
      func startsALine(_ index: Int) -> Bool {
        var start = index
        if start > 0, buffer[start - 1] == UInt8(ascii: "\"") || buffer[start - 1] == UInt8(ascii: "'") { start -= 1 }
        return start == bom || (start > 0 && buffer[start - 1] == UInt8(ascii: "\n"))
      }
      var index = 0
      while index < buffer.count {
        let byte = buffer[index]
        if (byte == UInt8(ascii: "R") && word("Resources", at: index))
          || (byte == UInt8(ascii: "A") && word("AWSTemplateFormatVersion", at: index))
        {
          if json || startsALine(index) { return true }
        }
        index += 1
      }
      return false
    }
  }

  /// Reads a policy file: `{flows: [...], mode: exact}`, or a template-like `{Metadata: {infragen: ...}}`.
  /// - Throws: ``CLIError/input(file:line:column:message:)`` naming the first problem and its place.
  static func readPolicy(_ path: String) throws(CLIError) -> FlowPolicy {
    let (root, source, _) = try readDocument(path)
    var value = root
    var base: [PathComponent] = []
    if let metadata = root["Metadata"]?["infragen"] {
      value = metadata
      base = [.key("Metadata"), .key("infragen")]
    } else if let inner = root["infragen"] {
      value = inner
      base = [.key("infragen")]
    }
    let read = FlowPolicy.read(value, at: base, section: path)
    if let problem = read.problems.first {
      let position = source.position(of: problem.path)
      throw .input(file: path, line: position?.line, column: position?.column, message: problem.message)
    }
    if read.policy.flows.isEmpty && !read.policy.exact {
      throw .input(
        file: path, line: nil, column: nil, message: "the policy declares no flows; give {flows: [{from, to, ports}]}")
    }
    // Findings about a flow of the file name its line: `policy.yaml:3:5`.
    var policy = read.policy
    for index in policy.flows.indices {
      if let position = source.position(of: policy.flows[index].location.path) {
        policy.flows[index].location.section = "\(path):\(position.line):\(position.column)"
      }
    }
    return policy
  }

  /// Reads a configuration file as a value tree with positions, and how it is written.
  static func readDocument(_ path: String) throws(CLIError) -> (TemplateValue, SourceMap, Configuration.Syntax) {
    let bytes = try FileSystem.read(path)
    let syntax: Configuration.Syntax = Format.detect(bytes) == .json || path.hasSuffix(".json") ? .json : .yaml
    if Configuration.isBlank(bytes) { return (.null, SourceMap(file: path), syntax) }
    do {
      switch Format.detect(bytes) {
      case .json:
        let (root, source) = try JSONReader.parseValue(bytes, file: path)
        return (root, source, syntax)
      case .yaml:
        let (root, source) = try YAMLReader.parseValue(bytes, file: path, dialect: .configuration)
        return (root, source, syntax)
      }
    } catch {
      throw .input(file: path, line: error.position?.line, column: error.position?.column, message: error.message)
    }
  }

  /// The configuration file a command uses: `--config FILE`, or the one of `infragen.yaml`,
  /// `infragen.yml`, `infragen.json` in the current directory, or none.
  /// - Throws: ``CLIError/message(_:)`` when more than one of them is there: which one counts
  ///   would be a guess.
  static func configurationPath(_ arguments: ParsedArguments) throws(CLIError) -> String? {
    if let path = arguments.value("--config") { return path }
    let present = Configuration.fileNames.filter(FileSystem.exists)
    guard present.count <= 1 else {
      throw .message(
        "more than one configuration file here (\(present.joined(separator: ", "))); keep one, or choose with --config FILE"
      )
    }
    return present.first
  }

  /// Refuses `--config` and `--env` beside template files: they shape the reference stack, and
  /// would be ignored for a template read from a file.
  static func refuseConfigurationWithFiles(
    _ files: [String], _ arguments: ParsedArguments, command: String
  ) throws(CLIError) {
    guard !files.isEmpty else { return }
    for option in ["--config", "--env"] where arguments.value(option) != nil {
      throw .usage(
        "\(option) shapes the reference stack and has no effect on template files; give either templates or \(option)",
        command: command)
    }
  }

  /// Refuses `-` named twice: standard input can be read once.
  static func refuseStandardInputTwice(_ files: [String], command: String) throws(CLIError) {
    if files.filter({ $0 == "-" }).count > 1 {
      throw .usage("'-' (standard input) is given more than once; it can be read only once", command: command)
    }
  }

  /// The stack with the options of the configuration file and `--env`, if any.
  /// - Throws: ``CLIError/configuration(_:)`` with every error of the file, or an input error.
  static func stack(_ arguments: ParsedArguments) throws(CLIError) -> (Stack, configuration: String?) {
    let (rendering, path) = try rendering(arguments)
    return (rendering.stack, path)
  }

  /// What the configuration file and `--env` render: the stack and, for an application, its
  /// per-service parts.
  /// - Throws: ``CLIError/configuration(_:)`` with every error of the file, or an input error.
  static func rendering(_ arguments: ParsedArguments) throws(CLIError) -> (
    Configuration.Rendering, configuration: String?
  ) {
    let environment = arguments.value("--env")
    guard let path = try configurationPath(arguments) else {
      if environment != nil {
        throw .usage(
          "--env needs a configuration file: pass --config FILE or create infragen.yaml (infragen init)",
          command: nil)
      }
      return (Configuration.Rendering(stack: ReferenceStack().stack), nil)
    }
    let (root, source, syntax) = try readDocument(path)
    do {
      return (
        try Configuration.rendering(from: root, source: source, environment: environment, syntax: syntax), path
      )
    } catch {
      throw .configuration(error.errors.map(\.description))
    }
  }

  /// The stack's template and its lowering diagnostics.
  static func lowered(_ arguments: ParsedArguments) throws(CLIError) -> (Template, [Diagnostic]) {
    let lowered = try stack(arguments).0.lower()
    return (lowered.draft, lowered.diagnostics)
  }
}
