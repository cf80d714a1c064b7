import InfragenCore
import InfragenModel

/// An `infragen.yaml` or `infragen.json` file: the reference stack's options for one service,
/// with per-environment overrides. A key that is absent keeps its default, so an empty file
/// renders the reference stack.
///
/// Reading is strict: an unknown key (with a did-you-mean), a wrong type, a value out of range,
/// a CIDR that is not one, subnets that do not fit the VPC, a cpu/memory pair Fargate rejects,
/// a minimum above a maximum, an unknown environment: each is an error, and all of them are
/// reported at once.
public enum Configuration {
  /// How a configuration file is written.
  public enum Syntax: Sendable {
    case yaml, json

    /// What the syntax calls a list: `a sequence` in YAML, `an array` in JSON.
    var sequence: String { self == .yaml ? "a sequence" : "an array" }
    /// What the syntax calls a map: `a mapping` in YAML, `an object` in JSON.
    var mapping: String { self == .yaml ? "a mapping" : "an object" }
  }

  /// The file names looked for in the current directory, in order.
  public static let fileNames = ["infragen.yaml", "infragen.yml", "infragen.json"]

  /// The options a configuration document describes, with `environment`'s overrides applied.
  /// - Parameters:
  ///   - root: The document, as a reader parsed it (a mapping).
  ///   - source: The reader's source map, for positions.
  ///   - environment: The name under `environments` to apply, or `nil` for the base settings.
  /// - Throws: ``ConfigurationErrors`` with every problem found.
  ///   - syntax: How the file is written, for the words of errors. Defaults to YAML.
  public static func options(
    from root: TemplateValue, source: SourceMap, environment: String?, syntax: Syntax = .yaml
  ) throws(ConfigurationErrors) -> ReferenceStack.Options {
    var decoder = ConfigurationDecoder(source: source, syntax: syntax)
    let options = decoder.decode(root, environment: environment)
    guard decoder.errors.isEmpty else {
      throw ConfigurationErrors(
        errors: decoder.errors.sorted {
          ($0.position ?? SourcePosition(line: 0, column: 0), $0.keyPath) < (
            $1.position ?? SourcePosition(line: 0, column: 0), $1.keyPath
          )
        })
    }
    return options
  }

  /// The stack a configuration document describes, with `environment`'s overrides applied: the
  /// reference stack with its options, or, when the file uses `services`, `queues`, `domain`, a
  /// database engine other than MySQL, cache `nodes` or a store that is `none`, an
  /// ``Application`` (in which `service:` is one web service that uses every store).
  /// - Throws: ``ConfigurationErrors`` with every problem found.
  public static func stack(
    from root: TemplateValue, source: SourceMap, environment: String?, syntax: Syntax = .yaml
  ) throws(ConfigurationErrors) -> Stack {
    var decoder = ConfigurationDecoder(source: source, syntax: syntax)
    let options = decoder.decode(root, environment: environment)
    guard decoder.errors.isEmpty else { throw ConfigurationErrors(errors: sorted(decoder.errors)) }
    guard decoder.isApplication else { return ReferenceStack(options: options).stack }
    return decoder.resolvedApplication.stack
  }

  /// What a configuration document renders: one stack, or an application that may also be
  /// split into per-service stacks.
  public struct Rendering: Sendable {
    /// The whole stack.
    public var stack: Stack
    /// The application's per-service parts; `nil` for the reference stack, which is one service.
    public var perServiceStacks: StackSplit?
    /// Whether the file asks for per-service stacks (`stacks: per-service`).
    public var perService: Bool

    /// A rendering.
    public init(stack: Stack, perServiceStacks: StackSplit? = nil, perService: Bool = false) {
      self.stack = stack
      self.perServiceStacks = perServiceStacks
      self.perService = perService
    }
  }

  /// The rendering a configuration document describes, with `environment`'s overrides applied:
  /// ``stack(from:source:environment:syntax:)`` and, for an application, its per-service parts,
  /// their exports scoped by the application's name (its `application` tag, else `infragen`)
  /// and the environment's.
  /// - Throws: ``ConfigurationErrors`` with every problem found.
  public static func rendering(
    from root: TemplateValue, source: SourceMap, environment: String?, syntax: Syntax = .yaml
  ) throws(ConfigurationErrors) -> Rendering {
    var decoder = ConfigurationDecoder(source: source, syntax: syntax)
    let options = decoder.decode(root, environment: environment)
    guard decoder.errors.isEmpty else { throw ConfigurationErrors(errors: sorted(decoder.errors)) }
    guard decoder.isApplication else {
      return Rendering(
        stack: ReferenceStack(options: options).stack, perServiceStacks: nil, perService: decoder.application.perService
      )
    }
    var application = decoder.resolvedApplication
    let base = options.tags.first { $0.key == "application" }?.value.description ?? "infragen"
    application.name = exportScope([base, environment].compactMap(\.self).joined(separator: "-"))
    return Rendering(
      stack: application.stack, perServiceStacks: application.perServiceStacks, perService: application.perService)
  }

  /// A name usable in export names: letters, digits and hyphens, starting with a letter.
  static func exportScope(_ text: String) -> String {
    var result = String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
    if !(result.first?.isLetter ?? false) { result = "app-" + result }
    return result
  }

  static func sorted(_ errors: [ConfigurationError]) -> [ConfigurationError] {
    errors.sorted {
      ($0.position ?? SourcePosition(line: 0, column: 0), $0.keyPath) < (
        $1.position ?? SourcePosition(line: 0, column: 0), $1.keyPath
      )
    }
  }

  /// Whether a file holds no settings at all: only white space and `#` comments. Such a file is
  /// the reference stack, not an error.
  public static func isBlank(_ bytes: [UInt8]) -> Bool {
    var inComment = false
    for byte in bytes {
      switch byte {
      case UInt8(ascii: "\n"), UInt8(ascii: "\r"): inComment = false
      case _ where inComment: continue
      case UInt8(ascii: "#"): inComment = true
      case UInt8(ascii: " "), UInt8(ascii: "\t"): continue
      default: return false
      }
    }
    return true
  }

  /// The names of a document's environments, in file order.
  public static func environments(in root: TemplateValue) -> [String] {
    root["environments"]?.objectValue?.keys ?? []
  }
}
