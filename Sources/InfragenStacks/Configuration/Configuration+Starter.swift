extension Configuration {
  /// The name of the JSON Schema file `infragen init` writes beside the starter file.
  public static let schemaFileName = "infragen.schema.json"

  /// The commented starter file `infragen init` writes, made from ``Settings/table``: every
  /// setting of the reference stack with its default and what it does, so that the file as
  /// written renders the reference stack; then an environment's overrides, and a commented
  /// example of several services. Its first line points editors at the schema beside it.
  public static let starter: String = {
    var lines = [
      "# yaml-language-server: $schema=\(schemaFileName)",
      "# infragen.yaml: the reference stack shaped for your service.",
      "# Every key is optional; each one shown here is set to its default.",
      "# Render:   infragen render [--env staging] > stack.json",
      "# Validate: infragen validate [--env staging]",
    ]
    for section in Settings.table where section.keys.count == 1 && section.inStarter {
      switch section.value {
      case .section:
        let children = Settings.table.filter {
          $0.keys.count >= 2 && $0.keys[0] == section.keys[0] && !$0.path.contains("*") && $0.inStarter
        }
        guard children.contains(where: { $0.defaultValue != nil }) else { continue }
        lines.append("")
        lines.append(commented("\(section.key):", section.summary))
        for child in children {
          let indent = String(repeating: "  ", count: child.keys.count - 1)
          if let value = child.defaultValue {
            lines.append(commented("\(indent)\(child.key): \(value)", child.summary))
          } else if case .section = child.value {
            lines.append(commented("\(indent)\(child.key):", child.summary))
          } else if let example = child.example {
            lines.append(commented("\(indent)# \(child.key): \(example)", child.summary))
          }
        }
      default:
        guard let value = section.defaultValue else { continue }
        lines.append("")
        lines.append(commented("\(section.key): \(value)", section.summary))
      }
    }
    return (lines + starterExamples).joined(separator: "\n") + "\n"
  }()

  /// `text`, then its comment from column 30.
  static func commented(_ text: String, _ comment: String) -> String {
    let padding = max(1, 29 - text.count)
    return text + String(repeating: " ", count: padding) + "# " + comment
  }

  /// The end of the starter file: environments, and what a file of several services looks like.
  static let starterExamples = [
    "",
    "environments:                # overrides, chosen with --env NAME",
    "  staging:",
    "    service:",
    "      count: {desired: 1, min: 1, max: 2}",
    "    network:",
    "      natGateways: single",
    "    loadBalancer:",
    "      deletionProtection: false",
    "    database:",
    "      multiAz: false",
    "      instanceClass: db.t4g.small",
    "  production: {}",
    "",
    "# Several services instead of one: replace service: with services:, each with a kind,",
    "# and choose the stores (see the README's settings table).",
    "# services:",
    "#   web:    {kind: web, port: 3000, path: \"/*\"}",
    "#   api:    {kind: web, port: 8080, path: \"/api/*\", uses: [database, cache, queues.jobs]}",
    "#   worker: {kind: worker, uses: [database, queues.jobs]}",
    "#   report: {kind: scheduled, schedule: \"cron(0 3 * * ? *)\", uses: [database]}",
    "# database: {engine: aurora-postgresql}   # or none",
    "# search: none",
    "# queues: {jobs: {deadLetter: true}}",
    "# domain: {name: shop.example.com, hostedZoneId: Z0123456789ABCDEFGHIJ}",
    "# stacks: per-service                     # render --output-dir DIR",
  ]
}
