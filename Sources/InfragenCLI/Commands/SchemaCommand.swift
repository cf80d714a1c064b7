import InfragenCore
import InfragenFormats
import InfragenStacks

/// `infragen schema`: the JSON Schema of `infragen.yaml`, made from the settings table.
enum SchemaCommand {
  static let spec = CommandSpec(
    name: "schema",
    abstract: "Print the JSON Schema (draft 2020-12) of infragen.yaml, for editors and CI.",
    usage: "infragen schema [--format json|markdown] [--output FILE]",
    options: [
      .init(
        name: "--format", valueName: "format", allowed: ["json", "markdown"], defaultValue: "json",
        help: "The JSON Schema, or the settings as a Markdown table."),
      .init(
        name: "--output", short: "-o", valueName: "file",
        help: "Write it to this file (atomically) instead of standard output."),
    ],
    arguments: nil,
    discussion: "infragen init writes it beside the starter file, which names it in its first line.")

  static func run(_ arguments: ParsedArguments) throws(CLIError) -> CommandResult {
    let output = OutputTarget(arguments.value("--output"))
    try output.check(inputs: [])
    let markdown = arguments.value("--format") == "markdown"
    return try output.deliver(markdown ? SettingsDocuments.markdownTable : SettingsDocuments.jsonSchema)
  }
}

/// The documents made from ``Settings/table``: the JSON Schema and the README's table.
enum SettingsDocuments {
  /// The JSON Schema of `infragen.yaml`, draft 2020-12: every key, its type, range or allowed
  /// values, default and summary; unknown keys are errors, as the decoder says.
  static let jsonSchema: String = {
    var sections = Fields()
    for setting in Settings.table where setting.keys.count == 1 && setting.key != "environments" {
      sections.appendUnchecked(setting.key, schema(setting))
    }
    var root = Fields()
    root.appendUnchecked("$schema", "https://json-schema.org/draft/2020-12/schema")
    root.appendUnchecked("title", "infragen.yaml")
    root.appendUnchecked(
      "description", "The configuration of infragen: the reference stack shaped for a service, or several services.")
    root.appendUnchecked("type", "object")
    var properties = Fields()
    for key in sections.keys { properties.appendUnchecked(key, .object(["$ref": .string("#/$defs/\(key)")])) }
    if let environments = Settings.setting("environments") {
      properties.appendUnchecked(
        "environments",
        .object([
          "description": .string(environments.summary), "type": "object",
          "additionalProperties": .object([
            "type": "object",
            "properties": .object(Fields(sections.keys.map { ($0, .object(["$ref": .string("#/$defs/\($0)")])) })),
            "additionalProperties": false,
          ]),
        ]))
    }
    root.appendUnchecked("properties", .object(properties))
    root.appendUnchecked("additionalProperties", false)
    root.appendUnchecked("$defs", .object(sections))
    return JSONEmitter().emit(.object(root))
  }()

  /// The schema of one setting and those below it.
  static func schema(_ setting: Setting) -> TemplateValue {
    var fields = Fields()
    fields.appendUnchecked("description", .string(setting.summary))
    switch setting.value {
    case .section(let orNone):
      let object = objectSchema(below: setting.path)
      guard orNone else {
        for field in object { fields.appendUnchecked(field.key, field.value) }
        return .object(fields)
      }
      fields.appendUnchecked("anyOf", .list([.object(["const": "none"]), .object(object)]))
    case .named:
      fields.appendUnchecked("type", "object")
      fields.appendUnchecked("additionalProperties", .object(objectSchema(below: setting.path + ".*")))
    case .integer(let range):
      fields.appendUnchecked("type", "integer")
      fields.appendUnchecked("minimum", .integer(range.lowerBound))
      fields.appendUnchecked("maximum", .integer(range.upperBound))
    case .boolean: fields.appendUnchecked("type", "boolean")
    case .choice(let words):
      fields.appendUnchecked("enum", .list(words.map { Int($0).map(TemplateValue.integer) ?? .string($0) }))
    case .text(let form):
      fields.appendUnchecked("type", setting.key.hasSuffix("ersion") ? .list(["string", "number"]) : "string")
      fields["description"] = .string("\(setting.summary): \(form)")
    case .texts(let form):
      fields.appendUnchecked("type", .list(["string", "array"]))
      fields.appendUnchecked("items", .object(["type": "string"]))
      fields["description"] = .string("\(setting.summary): \(form)")
    case .list(let form):
      fields.appendUnchecked("type", "array")
      fields.appendUnchecked("items", .object(["type": "string"]))
      fields["description"] = .string("\(setting.summary): \(form)")
    case .variables:
      fields.appendUnchecked("type", "object")
      fields.appendUnchecked("additionalProperties", .object(["type": .list(["string", "number", "boolean"])]))
    }
    if let text = setting.defaultValue, let value = defaultValue(text) { fields.appendUnchecked("default", value) }
    return .object(fields)
  }

  /// An object of the settings directly below `path`, no other key allowed.
  static func objectSchema(below path: String) -> Fields {
    var properties = Fields()
    for key in Settings.keys(under: path) {
      if let child = Settings.setting("\(path).\(key)") { properties.appendUnchecked(key, schema(child)) }
    }
    return ["type": "object", "properties": .object(properties), "additionalProperties": false]
  }

  /// A default as JSON: the YAML the table writes, read as YAML reads it.
  static func defaultValue(_ text: String) -> TemplateValue? {
    (try? YAMLReader.parseValue(Array(text.utf8), file: "default"))?.0
  }

  /// The README's table of settings, one row per key.
  static let markdownTable: String = {
    var lines = ["| Key | Takes | Default | What it does |", "| --- | --- | --- | --- |"]
    for setting in Settings.table {
      let value = setting.defaultValue.map { "`\($0)`" } ?? "—"
      lines.append("| `\(setting.path)` | \(setting.allowed) | \(value) | \(setting.summary) |")
    }
    return lines.joined(separator: "\n") + "\n"
  }()
}
