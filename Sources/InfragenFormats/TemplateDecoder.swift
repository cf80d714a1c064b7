import InfragenCore

/// Turns a plain value tree (objects, arrays, scalars) into a ``Template``: the second stage of
/// every reader, shared by JSON and YAML.
///
/// It checks the template's structure (known sections, resources with a string `Type` and known
/// attributes) and recognises intrinsic functions: a one-key object whose key is in
/// ``Intrinsic/names`` becomes ``TemplateValue/intrinsic(_:)``. `Condition` is a call only when its
/// argument is a string, since IAM policies use a `Condition` key holding an object. Objects whose
/// keys are names (the root, sections, resources, parameters, outputs, rules, mappings, and a
/// resource's `Properties` and `Metadata`) are never read as calls, so that a resource or property
/// named `Ref` or `Condition` stays what it is. Intrinsics a reader already built are kept, and
/// their arguments decoded too.
///
/// Logical IDs are kept as written; the validator judges them.
public enum TemplateDecoder {
  /// The top-level sections a template may have, in AWS order.
  public static let sections = [
    "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings",
    "Conditions", "Transform", "Resources", "Outputs",
  ]

  /// Whether a document is a CloudFormation template by its content: a mapping with
  /// `Resources` or `AWSTemplateFormatVersion` at its top.
  public static func isTemplate(_ root: TemplateValue) -> Bool {
    guard case .object(let fields) = root else { return false }
    return fields["Resources"] != nil || fields["AWSTemplateFormatVersion"] != nil
  }

  /// Builds a template from a value tree and the positions its reader recorded.
  ///
  /// - Parameters:
  ///   - root: The whole document, which must be an object.
  ///   - source: The positions of the tree's nodes, by path; it becomes ``Template/source``.
  /// - Returns: The template; sections and resources keep the author's order.
  /// - Throws: ``ReadError`` at the offending node's position when the tree is not a template.
  public static func decode(_ root: TemplateValue, source: SourceMap) throws(ReadError) -> Template {
    try decode(root, source: source, intrinsicsRecognized: false)
  }

  /// Builds a template; with `intrinsicsRecognized`, the reader has already turned every call
  /// into an intrinsic (with ``intrinsic(named:argument:)`` and ``isNameMapping(_:)``), so values
  /// are taken as they are instead of walked again.
  static func decode(_ root: TemplateValue, source: SourceMap, intrinsicsRecognized: Bool)
    throws(ReadError) -> Template
  {
    var decoder = Decoder(source: source, recognizesIntrinsics: !intrinsicsRecognized)
    return try decoder.template(root)
  }
}

// MARK: - Rules shared with the readers

extension TemplateDecoder {
  /// A malformed intrinsic function's argument; the caller adds the position.
  struct ShapeError: Error {
    /// What is wrong, in the style of ``ReadError/message``.
    var message: String
  }

  /// Whether the object at `path` maps names rather than being a value, so that a one-key object
  /// there is never an intrinsic function: the root, each section (but `Transform`), the entries of
  /// `Parameters`, `Rules`, `Mappings`, `Resources` and `Outputs`, the second level of a mapping,
  /// and a resource's `Properties` and `Metadata`.
  static func isNameMapping(_ path: [PathComponent]) -> Bool {
    guard let first = path.first else { return true }
    guard case .key(let section) = first else { return false }
    switch path.count {
    case 1:
      return section != "Transform"
    case 2:
      switch section {
      case "Parameters", "Rules", "Mappings", "Resources", "Outputs": return true
      default: return false
      }
    case 3:
      if section == "Mappings" { return true }
      guard section == "Resources", case .key(let attribute) = path[2] else { return false }
      return attribute == "Properties" || attribute == "Metadata"
    default:
      return false
    }
  }

  /// The intrinsic function `{name: argument}`, whose argument is already decoded; `nil` when
  /// `name` is not a function, or for a `Condition` key that holds no string (an IAM policy
  /// condition, which stays an object).
  /// - Throws: ``ShapeError`` when the argument has the wrong shape.
  static func intrinsic(named name: String, argument: TemplateValue) throws(ShapeError)
    -> Intrinsic?
  {
    switch name {
    case "Ref":
      switch argument {
      case .string(let id): return .ref(id)
      // A name computed by another function, as AWS::LanguageExtensions allows.
      case .intrinsic: return .other(name, argument)
      default: throw ShapeError(message: "Ref takes a logical ID as a string, found \(describe(argument))")
      }
    case "Fn::GetAtt":
      let usage = "Fn::GetAtt takes [logicalID, attributeName] or 'LogicalID.AttributeName'"
      switch argument {
      case .string(let text):
        guard let dot = text.firstIndex(of: "."), dot != text.startIndex,
          text.index(after: dot) != text.endIndex
        else { throw ShapeError(message: "\(usage), found '\(text)'") }
        return .getAtt(String(text[..<dot]), String(text[text.index(after: dot)...]))
      case .list(let elements):
        if elements.count == 2, case .string(let id) = elements[0], case .string(let attribute) = elements[1] {
          return .getAtt(id, attribute)
        }
        // A name or attribute computed by another function, as AWS::LanguageExtensions allows.
        if elements.count == 2, elements.allSatisfy(Self.isStringOrCall), elements.contains(where: Self.isCall) {
          return .other(name, argument)
        }
        let found =
          elements.count == 2
          ? "[\(describe(elements[0])), \(describe(elements[1]))]"
          : "an array of \(elements.count) element\(elements.count == 1 ? "" : "s")"
        throw ShapeError(message: "\(usage), found \(found)")
      default:
        throw ShapeError(message: "\(usage), found \(describe(argument))")
      }
    case "Fn::Sub":
      if case .string(let text) = argument { return .sub(text, Fields()) }
      if case .list(let elements) = argument, elements.count == 2,
        case .string(let text) = elements[0]
      {
        switch elements[1] {
        case .object(let variables): return .sub(text, variables)
        // A single variable named like a function (`{"Ref": ...}`) was read as a call.
        case .intrinsic(let call): return .sub(text, Fields([(call.name, call.argument)]))
        default: break
        }
      }
      // A string computed by another function (`Fn::Transform`, an `Fn::Join`).
      if case .intrinsic = argument { return .other(name, argument) }
      if case .list(let elements) = argument, elements.count == 2, case .intrinsic = elements[0] {
        return .other(name, argument)
      }
      if Decoder.isRainDirective(argument) {
        throw ShapeError(
          message:
            "Fn::Sub of a Rain directive ('\(argument.objectValue?.keys.first ?? "Rain")'), which the rain CLI expands before CloudFormation reads the template; validate the output of 'rain pkg'"
        )
      }
      throw ShapeError(
        message: "Fn::Sub takes a string or [string, {variables}], found \(describe(argument))")
    case "Fn::If":
      guard case .list(let elements) = argument, elements.count == 3,
        case .string(let condition) = elements[0]
      else {
        throw ShapeError(
          message:
            "Fn::If takes [conditionName, valueIfTrue, valueIfFalse], found \(describe(argument))")
      }
      return .if(condition, elements[1], elements[2])
    case "Condition":
      guard case .string(let condition) = argument else { return nil }
      return .condition(condition)
    default:
      return Intrinsic.Function(rawValue: name).map { .function($0, argument) }
    }
  }

  static func isCall(_ value: TemplateValue) -> Bool {
    if case .intrinsic = value { return true }
    return false
  }

  static func isStringOrCall(_ value: TemplateValue) -> Bool {
    if case .string = value { return true }
    return isCall(value)
  }

  /// `an object`, `an array`, `the string 'x'`, ... for error messages.
  static func describe(_ value: TemplateValue) -> String {
    switch value {
    case .string(let string):
      let shown = string.count > 40 ? "\(string.prefix(40))…" : string
      return "the string '\(shown)'"
    case .integer(let integer): return "the number \(integer)"
    case .number(let number): return "the number \(number)"
    case .boolean(let boolean): return "the boolean \(boolean)"
    case .null: return "null"
    case .list: return "an array"
    case .object: return "an object"
    case .intrinsic(let intrinsic): return "the intrinsic function '\(intrinsic.name)'"
    }
  }

  /// The known word closest to `word`, when it is a near miss.
  static func suggestion(for word: String, among known: [String]) -> String? {
    Suggestion.closest(to: word, in: known)
  }
}

// MARK: - The walk

extension TemplateDecoder {
  /// Walks the tree, keeping the path of the node at hand for error positions.
  struct Decoder {
    var source: SourceMap
    /// Whether values still hold long-form calls as plain objects.
    let recognizesIntrinsics: Bool
    var path: [PathComponent] = []
    /// Expands `Fn::ForEach`, once the template's transforms say it may be used.
    var loops = LoopExpander(parameters: [:], mappings: [:], enabled: false)
    /// Whether the template names a macro, which may read resource attributes of its own.
    var macros = false
    /// What could not be expanded.
    var unexpanded: [Template.Unexpanded] = []

    init(source: SourceMap, recognizesIntrinsics: Bool) {
      self.source = source
      self.source.removeScalarTexts()
      self.recognizesIntrinsics = recognizesIntrinsics
    }

    // MARK: Sections

    mutating func template(_ root: TemplateValue) throws(ReadError) -> Template {
      guard case .object(let document) = root else {
        throw error("a template must be a JSON object, found \(describe(root))")
      }
      var template = Template(formatVersion: nil, source: source)
      // The sections that depend on the transforms (SAM's Globals, AWS::LanguageExtensions'
      // Fn::ForEach) are read once the transforms are known, wherever they are written.
      var later: [Fields.Field] = []
      for field in document {
        path = [.key(field.key)]
        switch field.key {
        case "AWSTemplateFormatVersion":
          template.formatVersion = try string(
            field.value, "'AWSTemplateFormatVersion' must be a string such as '2010-09-09'")
        case "Description":
          template.description = try string(field.value, "'Description' must be a string")
        case "Metadata": template.metadata = try section(field)
        case "Parameters": template.parameters = try section(field)
        case "Rules": template.rules = try section(field)
        case "Mappings": template.mappings = try section(field)
        case "Transform": template.transform = try decode(field.value)
        case "Conditions", "Globals", "Resources", "Outputs": later.append(field)
        default:
          let known = sections + ["Globals"]
          let hint =
            suggestion(for: field.key, among: known).map { "did you mean '\($0)'?" }
            ?? "the sections are \(sections.joined(separator: ", "))"
          throw error("unknown template section '\(field.key)'; \(hint)")
        }
      }
      let transforms = template.transformNames
      let serverless = transforms.contains(Template.serverlessTransform)
      // A macro may read attributes of its own (`Count`, `ExplodeMap`): kept, and named by TransformsAreExpanded.
      macros = transforms.contains { !$0.hasPrefix("AWS::") }
      loops = LoopExpander(
        parameters: template.parameters, mappings: template.mappings,
        enabled: transforms.contains(Template.languageExtensionsTransform))
      var hasResources = false
      for field in later {
        path = [.key(field.key)]
        switch field.key {
        case "Conditions": template.conditions = try expandingLoops(try section(field))
        case "Globals":
          guard serverless else {
            throw error(
              "the 'Globals' section belongs to SAM templates; add 'Transform: \(Template.serverlessTransform)'")
          }
          template.globals = try section(field)
        case "Outputs": template.outputs = try expandingLoops(try section(field))
        default:
          hasResources = true
          template.resources = try resources(field.value, serverless: serverless)
        }
      }
      path = []
      guard hasResources else { throw error("a template needs a 'Resources' section") }
      template.source = source
      template.unexpanded = unexpanded
      return template
    }

    /// A section, which must be an object.
    private mutating func section(_ field: Fields.Field) throws(ReadError) -> Fields {
      guard case .object(let entries) = field.value else {
        throw error("the '\(field.key)' section must be an object, found \(describe(field.value))")
      }
      return try members(entries)
    }

    private mutating func resources(_ value: TemplateValue, serverless: Bool) throws(ReadError)
      -> [Template.Resource]
    {
      guard case .object(var entries) = value else {
        throw error("the 'Resources' section must be an object, found \(describe(value))")
      }
      if loops.enabled || entries.contains(where: { LoopExpander.isLoop($0.key) }) {
        entries = try expandingLoops(try members(entries))
      }
      var resources: [Template.Resource] = []
      resources.reserveCapacity(entries.count)
      for entry in entries {
        path.append(.key(entry.key))
        resources.append(try resource(entry.key, entry.value, serverless: serverless))
        path.removeLast()
      }
      return resources
    }

    /// Whether a value is a directive of the rain CLI (`!Rain::Module`, `{"Rain::Module": …}`).
    static func isRainDirective(_ value: TemplateValue) -> Bool {
      switch value {
      case .intrinsic(.other(let name, _)): return name.hasPrefix("Rain::")
      case .object(let fields): return fields.count == 1 && fields.keys.first?.hasPrefix("Rain::") == true
      default: return false
      }
    }

    private mutating func resource(_ id: String, _ value: TemplateValue, serverless: Bool) throws(ReadError)
      -> Template.Resource
    {
      guard case .object(let attributes) = value else {
        throw error("resource '\(id)' must be an object with a 'Type', found \(describe(value))")
      }
      var resource = Template.Resource(LogicalID(id), type: "")
      var hasType = false
      for attribute in attributes {
        path.append(.key(attribute.key))
        defer { path.removeLast() }
        let value = attribute.value
        switch attribute.key {
        case "Type":
          if Self.isRainDirective(value) {
            throw error(
              "resource '\(id)' is a Rain module ('Rain::Module'), which the rain CLI expands before CloudFormation reads the template; validate the output of 'rain pkg'"
            )
          }
          resource.type = try string(
            value, "the 'Type' of resource '\(id)' must be a string such as 'AWS::EC2::VPC'")
          hasType = true
        case "Condition":
          resource.condition = try string(
            value, "the 'Condition' of resource '\(id)' must be the name of a condition")
        case "DependsOn":
          resource.dependsOn = try dependencies(value, of: id)
        case "Metadata":
          resource.metadata = try object(value, "the 'Metadata' of resource '\(id)'")
        case "Properties":
          resource.properties = try properties(value, of: id)
        case "CreationPolicy": resource.creationPolicy = try decode(value)
        case "UpdatePolicy": resource.updatePolicy = try decode(value)
        case "DeletionPolicy": resource.deletionPolicy = try decode(value)
        case "UpdateReplacePolicy": resource.updateReplacePolicy = try decode(value)
        case "Version":
          // A legacy attribute CloudFormation still accepts.
          resource.otherAttributes.appendUnchecked(attribute.key, try decode(value))
        case let key where serverless && (key == "Connectors" || key == "IgnoreGlobals"):
          // SAM's own resource attributes.
          resource.otherAttributes.appendUnchecked(attribute.key, try decode(value))
        case _ where macros:
          resource.otherAttributes.appendUnchecked(attribute.key, try decode(value))
        default:
          let known = Template.Resource.attributeKeys
          let hint =
            suggestion(for: attribute.key, among: known).map { "did you mean '\($0)'?" }
            ?? "a resource may have \(known.joined(separator: ", "))"
          throw error("unknown attribute '\(attribute.key)' in resource '\(id)'; \(hint)")
        }
      }
      guard hasType else { throw error("resource '\(id)' needs a 'Type'") }
      return resource
    }

    /// `Properties`: a mapping, or one chosen by `Fn::If` (with `AWS::NoValue` for none), which
    /// is read as the `Fn::If` of each property, so that every branch is validated.
    private mutating func properties(_ value: TemplateValue, of id: String) throws(ReadError) -> Fields? {
      var expanded = try loops.enabled ? expandingLoops(in: value) : value
      // `{"Fn::If": [...]}` and `{"Ref": "AWS::NoValue"}` stay mappings here, as this is a
      // mapping of names; as the whole value, they are calls.
      if case .object(let fields) = expanded, fields.count == 1, let field = fields.first,
        field.key == "Fn::If" || (field.key == "Ref" && field.value == .string("AWS::NoValue"))
      {
        let argument = try decode(field.value)
        do {
          if let call = try TemplateDecoder.intrinsic(named: field.key, argument: argument) {
            expanded = .intrinsic(call)
          }
        } catch {
          throw self.error(error.message)
        }
      }
      switch expanded {
      case .intrinsic(.ref("AWS::NoValue")): return nil
      case .intrinsic(.if(let condition, let whenTrue, let whenFalse)):
        return try chosenProperties(condition, whenTrue, whenFalse, of: id)
      default: return try object(expanded, "the 'Properties' of resource '\(id)'")
      }
    }

    /// The properties an `Fn::If` chooses between, as one mapping of `Fn::If`s.
    private mutating func chosenProperties(
      _ condition: String, _ whenTrue: TemplateValue, _ whenFalse: TemplateValue, of id: String
    ) throws(ReadError) -> Fields {
      func branch(_ value: TemplateValue) throws(ReadError) -> Fields {
        switch value {
        case .object(let fields): return try members(fields)
        case .intrinsic(.ref("AWS::NoValue")): return Fields()
        case .intrinsic(.if(let inner, let a, let b)): return try chosenProperties(inner, a, b, of: id)
        default:
          throw error(
            "the 'Properties' of resource '\(id)' must be an object, or an Fn::If of objects, found \(describe(value))")
        }
      }
      let first = try branch(whenTrue)
      let second = try branch(whenFalse)
      let noValue = TemplateValue.intrinsic(.ref("AWS::NoValue"))
      var result = Fields()
      for key in first.keys + second.keys.filter({ first[$0] == nil }) {
        result.appendUnchecked(key, .intrinsic(.if(condition, first[key] ?? noValue, second[key] ?? noValue)))
      }
      return result
    }

    // MARK: Fn::ForEach

    /// `fields` with each `Fn::ForEach::Name` member at this path expanded into the members it
    /// makes (and theirs, for nested loops); each made member is found in the source map at
    /// the loop's output template.
    mutating func expandingLoops(_ fields: Fields) throws(ReadError) -> Fields {
      guard loops.enabled || fields.contains(where: { LoopExpander.isLoop($0.key) }) else { return fields }
      var result = Fields()
      for field in fields {
        guard LoopExpander.isLoop(field.key) else {
          if result.index(forKey: field.key) != nil {
            path.append(.key(field.key))
            defer { path.removeLast() }
            throw error("'\(field.key)' is declared twice (once by an Fn::ForEach)")
          }
          result.appendUnchecked(field.key, field.value)
          continue
        }
        path.append(.key(field.key))
        defer { path.removeLast() }
        guard loops.enabled else {
          throw error("'\(field.key)' needs 'Transform: \(Template.languageExtensionsTransform)'")
        }
        let made: [[LoopExpander.Member]]
        do {
          guard let expansion = try loops.expand(field.value) else {
            unexpanded.append(
              Template.Unexpanded(name: field.key, path: path, reason: loops.whyNotExpanded(field.value)))
            continue
          }
          made = expansion
        } catch {
          throw self.error(error.message)
        }
        let parentNode = source.nodeIndex(at: Array(path.dropLast()))
        for members in made {
          var inner = Fields()
          for member in members {
            if let parentNode, let templateNode = source.nodeIndex(at: path + [.index(2), .key(member.templateKey)]) {
              source.addAlias(parent: parentNode, key: member.key, of: templateNode)
            }
            inner.appendUnchecked(member.key, member.value)
          }
          // Loops inside the output template (nested loops) expand with this item.
          for member in try expandingLoops(inner) {
            if result.index(forKey: member.key) != nil {
              throw error(
                "'\(field.key)' makes '\(member.key)', which is already declared; its output key must use the identifier"
              )
            }
            result.appendUnchecked(member.key, member.value)
          }
        }
      }
      return result
    }

    /// A value with the loops inside its mappings expanded (for a resource's properties).
    mutating func expandingLoops(in value: TemplateValue) throws(ReadError) -> TemplateValue {
      switch value {
      case .object(let fields):
        var result = Fields()
        for field in try expandingLoops(fields) {
          path.append(.key(field.key))
          defer { path.removeLast() }
          result.appendUnchecked(field.key, try expandingLoops(in: field.value))
        }
        return .object(result)
      case .list(let items):
        var result: [TemplateValue] = []
        for (index, item) in items.enumerated() {
          path.append(.index(index))
          defer { path.removeLast() }
          result.append(try expandingLoops(in: item))
        }
        return .list(result)
      default:
        return value
      }
    }

    /// `DependsOn`: one logical ID or a list of them.
    private mutating func dependencies(_ value: TemplateValue, of id: String) throws(ReadError)
      -> [LogicalID]
    {
      func problem() -> String { "the 'DependsOn' of resource '\(id)' must be a logical ID or a list of them" }
      switch value {
      case .string(let dependency): return [LogicalID(dependency)]
      case .list(let elements):
        var dependencies: [LogicalID] = []
        for (index, element) in elements.enumerated() {
          guard case .string(let dependency) = element else {
            path.append(.index(index))
            throw error("\(problem()), found \(describe(element)) in the list")
          }
          dependencies.append(LogicalID(dependency))
        }
        return dependencies
      default:
        throw error("\(problem()), found \(describe(value))")
      }
    }

    func string(_ value: TemplateValue, _ problem: @autoclosure () -> String) throws(ReadError) -> String {
      guard case .string(let string) = value else {
        throw error("\(problem()), found \(describe(value))")
      }
      return string
    }

    /// `Properties` or `Metadata` of a resource: an object, its values decoded.
    private mutating func object(_ value: TemplateValue, _ what: @autoclosure () -> String) throws(ReadError) -> Fields
    {
      guard case .object(let fields) = value else {
        throw error("\(what()) must be an object, found \(describe(value))")
      }
      return try members(fields)
    }

    // MARK: Values and intrinsic functions

    /// The members of the object at `path`, their values decoded.
    private mutating func members(_ fields: Fields) throws(ReadError) -> Fields {
      guard recognizesIntrinsics else { return fields }
      return try decoded(fields) ?? fields
    }

    /// The value at `path` with its intrinsic functions recognised.
    private mutating func decode(_ value: TemplateValue) throws(ReadError) -> TemplateValue {
      guard recognizesIntrinsics else { return value }
      return try decoded(value) ?? value
    }

    /// The value at `path` with its intrinsic functions recognised, inside out, or `nil` when
    /// nothing changes, so that a tree without long-form calls is never copied.
    private mutating func decoded(_ value: TemplateValue) throws(ReadError) -> TemplateValue? {
      switch value {
      case .string, .integer, .number, .boolean, .null:
        return nil
      case .list(let elements):
        var copy: [TemplateValue] = []
        var changed = false
        for (index, element) in elements.enumerated() {
          path.append(.index(index))
          let replacement = try decoded(element)
          path.removeLast()
          if let replacement {
            if !changed {
              copy = elements
              changed = true
            }
            copy[index] = replacement
          }
        }
        return changed ? .list(copy) : nil
      case .object(let fields):
        let members = try decoded(fields)
        let object = members ?? fields
        if object.count == 1, !isNameMapping(path) {
          let field = object[object.startIndex]
          do {
            if let call = try intrinsic(named: field.key, argument: field.value) {
              return .intrinsic(call)
            }
          } catch {
            throw self.error(error.message)
          }
        }
        return members.map(TemplateValue.object)
      case .intrinsic(let intrinsic):
        return try decoded(intrinsic).map(TemplateValue.intrinsic)
      }
    }

    /// The members with their values decoded, or `nil` when nothing changes.
    private mutating func decoded(_ fields: Fields) throws(ReadError) -> Fields? {
      var rebuilt: Fields?
      for (index, field) in fields.enumerated() {
        path.append(.key(field.key))
        let replacement = try decoded(field.value)
        path.removeLast()
        if rebuilt == nil, replacement != nil {
          var prefix = Fields()
          for earlier in fields[fields.startIndex..<fields.startIndex + index] {
            prefix.appendUnchecked(earlier.key, earlier.value)
          }
          rebuilt = prefix
        }
        rebuilt?.appendUnchecked(field.key, replacement ?? field.value)
      }
      return rebuilt
    }

    /// The arguments of an intrinsic a reader built, decoded; `nil` when nothing changes.
    private mutating func decoded(_ intrinsic: Intrinsic) throws(ReadError) -> Intrinsic? {
      path.append(.key(intrinsic.name))
      defer { path.removeLast() }
      switch intrinsic {
      case .ref, .getAtt, .condition:
        return nil
      case .sub(let text, let variables):
        path.append(.index(1))
        defer { path.removeLast() }
        return try decoded(variables).map { .sub(text, $0) }
      case .if(let condition, let whenTrue, let whenFalse):
        path.append(.index(1))
        let newTrue = try decoded(whenTrue)
        path[path.count - 1] = .index(2)
        let newFalse = try decoded(whenFalse)
        path.removeLast()
        guard newTrue != nil || newFalse != nil else { return nil }
        return .if(condition, newTrue ?? whenTrue, newFalse ?? whenFalse)
      case .function(let function, let argument):
        return try decoded(argument).map { .function(function, $0) }
      case .other(let name, let argument):
        return try decoded(argument).map { .other(name, $0) }
      }
    }

    // MARK: Messages

    private func error(_ message: String) -> ReadError {
      ReadError(message, at: source.position(of: path))
    }
  }
}
