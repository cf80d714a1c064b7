import InfragenCore
import InfragenModel

/// Reads a configuration document into ``ReferenceStack/Options``, collecting every error.
struct ConfigurationDecoder {
  /// Where a value stands: its path in the document, its dotted name, its position.
  struct Place {
    var path: [PathComponent]
    var name: String
    var position: SourcePosition?

    func child(_ key: String, _ source: SourceMap) -> Place {
      let path = self.path + [.key(key)]
      return Place(path: path, name: name.isEmpty ? key : "\(name).\(key)", position: source.position(of: path))
    }

    func element(_ index: Int, _ source: SourceMap) -> Place {
      let path = self.path + [.index(index)]
      return Place(path: path, name: "\(name)[\(index)]", position: source.position(of: path))
    }
  }

  let source: SourceMap
  /// How the file is written, for the words of shape errors.
  let syntax: Configuration.Syntax
  var errors: [ConfigurationError] = []
  var options = ReferenceStack.Options()
  /// Where each setting that cross-checks need was last set, by its name without environment
  /// prefix, and in which order the settings were made.
  var places: [String: (place: Place, order: Int)] = [:]
  var sequence = 0
  /// The task size's parts as set, checked as a pair at the end.
  var cpu: Int?
  var memory: Int?
  /// The prefix of a service's settings in `places`: `service`, or `services.<name>`.
  var servicePrefix = "service"
  /// The application, when the file uses what only an application has: `services`, `queues`,
  /// `domain`, a database engine other than MySQL, a store that is `none`, cache `nodes`.
  var application = Application()
  /// Whether the file describes an ``Application`` rather than the reference stack's options.
  var isApplication = false
  /// Where each service was declared, and where its `uses` stand, for the checks made once all
  /// are read.
  var servicePlaces: [String: Place] = [:]

  init(source: SourceMap, syntax: Configuration.Syntax) {
    self.source = source
    self.syntax = syntax
  }

  // MARK: Reporting

  mutating func fail(_ place: Place, _ message: String) {
    errors.append(
      ConfigurationError(file: source.file, position: place.position, keyPath: place.name, message: message))
  }

  /// A value as an error names it, in the words of the file's syntax (a YAML `sequence` is a
  /// JSON `array`).
  func describe(_ value: TemplateValue) -> String {
    switch value {
    case .string(let text): return "the string '\(text)'"
    case .integer(let number): return "the number \(number)"
    case .number(let number): return "the number \(number)"
    case .boolean(let flag): return "\(flag)"
    case .null: return "nothing"
    case .list: return "\(syntax.sequence)"
    case .object: return "\(syntax.mapping)"
    case .intrinsic(let intrinsic): return "the tag or function \(intrinsic.name)"
    }
  }

  /// The text a scalar was written as, when the reader resolved it to something other than a
  /// string: `02134`, `NO` and `1.10` are text as written where a setting is text.
  func writtenText(_ value: TemplateValue, _ place: Place) -> String? {
    switch value {
    case .string(let text): return text
    case .integer, .number, .boolean, .null: return source.scalarText(at: place.path)
    default: return nil
    }
  }

  // MARK: Typed readers

  mutating func integer(_ value: TemplateValue, _ place: Place, _ range: ClosedRange<Int>) -> Int? {
    guard case .integer(let number) = value else {
      fail(place, "expected a whole number, found \(describe(value)) (\(range.lowerBound) to \(range.upperBound))")
      return nil
    }
    guard range.contains(number) else {
      fail(place, "\(number) is out of range (\(range.lowerBound) to \(range.upperBound))")
      return nil
    }
    return number
  }

  mutating func boolean(_ value: TemplateValue, _ place: Place) -> Bool? {
    guard case .boolean(let flag) = value else {
      fail(place, "expected true or false, found \(describe(value))")
      return nil
    }
    return flag
  }

  mutating func string(_ value: TemplateValue, _ place: Place, matching pattern: Pattern? = nil) -> String? {
    guard let text = writtenText(value, place) else {
      var message = "expected text, found \(describe(value))"
      switch value {
      case .integer, .number, .boolean: message += "; quote it to make it text"
      default: break
      }
      fail(place, message + (pattern.map { " (\($0.description))" } ?? ""))
      return nil
    }
    if let pattern, !pattern.matches(text) {
      fail(place, "'\(text)' is not valid (\(pattern.description))")
      return nil
    }
    return text
  }

  /// A scalar as text, for environment variables and tags: exactly as written (`02134`, `NO`, `0x10`, `1.10`).
  mutating func scalarText(_ value: TemplateValue, _ place: Place) -> String? {
    if let text = writtenText(value, place) { return text }
    switch value {
    case .integer(let number): return String(number)
    case .boolean(let flag): return String(flag)
    default:
      fail(place, "expected text, found \(describe(value))")
      return nil
    }
  }

  mutating func cidr(_ value: TemplateValue, _ place: Place) -> IPv4CIDR? {
    guard let text = string(value, place) else { return nil }
    do {
      return try IPv4CIDR(parsing: text)
    } catch {
      fail(place, "\(error.description) (an IPv4 block such as 10.0.0.0/16)")
      return nil
    }
  }

  mutating func mapping(_ value: TemplateValue, _ place: Place) -> Fields? {
    guard case .object(let fields) = value else {
      fail(place, "expected \(syntax.mapping) of settings, found \(describe(value))")
      return nil
    }
    return fields
  }

  /// Each member of a section, or an error naming the unknown key with a did-you-mean.
  mutating func members(
    _ value: TemplateValue, _ place: Place, known: [String],
    _ body: (inout ConfigurationDecoder, String, TemplateValue, Place) -> Void
  ) {
    guard let fields = mapping(value, place) else { return }
    for field in fields {
      let child = place.child(field.key, source)
      guard known.contains(field.key) else {
        let hint = Suggestion.closest(to: field.key, in: known).map { "; did you mean '\($0)'?" } ?? ""
        fail(child, "unknown key\(hint) (known keys: \(known.joined(separator: ", ")))")
        continue
      }
      body(&self, field.key, field.value, child)
    }
  }

  /// Remembers where a setting was made, for checks that involve two settings.
  mutating func mark(_ name: String, _ place: Place) {
    sequence += 1
    places[name] = (place, sequence)
  }

  /// Of the named settings, the one made last: the place a cross-check's error points at.
  func latest(_ names: String...) -> Place? {
    names.compactMap { places[$0] }.max { $0.order < $1.order }?.place
  }
}
