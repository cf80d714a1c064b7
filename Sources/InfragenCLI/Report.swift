import InfragenCore
import InfragenFormats
import InfragenValidation

/// The findings of one template, with the name it is reported under.
struct TemplateReport {
  /// The file name as given, or `reference stack` for the built-in stack.
  var file: String
  /// Its findings, sorted, positioned and waived.
  var findings: [Diagnostic]
  /// How many resources it has.
  var resourceCount: Int
}

/// A file that could not be read or parsed: still part of the report, so that a JSON or SARIF
/// document is complete whatever happened.
struct ReadFailure {
  var file: String
  var line: Int?
  var column: Int?
  var message: String

  /// The failure a read error describes.
  init(_ error: CLIError, file: String) {
    switch error {
    case .input(let path, let line, let column, let message):
      self.init(file: path, line: line, column: column, message: message)
    case .message(let message):
      self.init(file: file, line: nil, column: nil, message: message)
    default:
      self.init(file: file, line: nil, column: nil, message: error.result.stderr.trimmingSuffix("\n"))
    }
  }

  init(file: String, line: Int?, column: Int?, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.message = message
  }

  /// `file:line:col: error: message`, as the text report and standard error show it.
  /// `file:line:col: error: message`.
  var text: String {
    if file.isEmpty { return "error: \(message)" }
    let place = [line, column].compactMap { $0 }.map(String.init).joined(separator: ":")
    return "\(file)\(place.isEmpty ? "" : ":" + place): error: \(message)"
  }
}

extension String {
  /// The string without one trailing `suffix`.
  func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}

/// Prints reports as text, JSON or SARIF 2.1.0. Only syntax lives here; what is a finding and
/// how severe it is was decided before.
enum ReportFormat: String, CaseIterable {
  case text, json, sarif

  /// The report; `skipped` counts the files found in directories that are not templates.
  /// - Parameters:
  ///   - subject: What the text summary says was checked, instead of `N templates (M resources)`.
  ///   - extraRules: Rules besides the validator's that SARIF describes (the audit's).
  func render(
    _ reports: [TemplateReport], failures: [ReadFailure] = [], skipped: Int = 0, subject: String? = nil,
    extraRules: [(name: String, severity: Diagnostic.Severity, summary: String)] = []
  ) -> String {
    switch self {
    case .text: return Self.text(reports, failures: failures, skipped: skipped, subject: subject)
    case .json: return JSONEmitter().emit(Self.json(reports, failures: failures, skipped: skipped))
    case .sarif:
      return JSONEmitter().emit(Self.sarif(reports, failures: failures, skipped: skipped, extraRules: extraRules))
    }
  }

  /// `file:line:col: severity: [Rule] Resource: message` per unsuppressed finding, then one summary line.
  static func text(
    _ reports: [TemplateReport], failures: [ReadFailure] = [], skipped: Int = 0, subject: String? = nil
  ) -> String {
    var text = ""
    var errors = 0
    var warnings = 0
    var suppressed = 0
    for report in reports {
      for finding in report.findings {
        if finding.suppression != nil {
          suppressed += 1
          continue
        }
        if finding.severity == .error { errors += 1 }
        if finding.severity == .warning { warnings += 1 }
        text +=
          "\(place(report.file, finding)): \(finding.severity): [\(finding.rule)] \(finding.location.logicalID?.rawValue ?? finding.location.section): \(finding.message)\n"
      }
    }
    let templates = reports.count == 1 ? "1 template" : "\(reports.count) templates"
    let resources = reports.map(\.resourceCount).reduce(0, +)
    var summary =
      "\(count(errors, "error")), \(count(warnings, "warning")) in \(subject ?? "\(templates) (\(count(resources, "resource")))")"
    if suppressed > 0 { summary += "; \(suppressed) waived" }
    if !failures.isEmpty {
      summary += "; \(count(failures.count, "file")) could not be read"
    }
    if skipped > 0 { summary += "; \(count(skipped, "other file")) skipped (not templates)" }
    return text + summary + "\n"
  }

  static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

  static func place(_ file: String, _ finding: Diagnostic) -> String {
    guard let position = finding.position else { return file }
    return "\(file):\(position.line):\(position.column)"
  }

  static func json(_ reports: [TemplateReport], failures: [ReadFailure] = [], skipped: Int = 0) -> TemplateValue {
    var findings: [TemplateValue] = []
    for report in reports {
      for finding in report.findings {
        var fields: Fields = [
          "file": .string(report.file),
          "rule": .string(finding.rule),
          "severity": .string(finding.severity.description),
          "resource": finding.location.logicalID.map { .string($0.rawValue) } ?? .null,
          "path": .string(PathComponent.render(finding.location.documentPath)),
          "line": finding.position.map { .integer($0.line) } ?? .null,
          "column": finding.position.map { .integer($0.column) } ?? .null,
          "message": .string(finding.message),
          "suppressed": .boolean(finding.suppression != nil),
        ]
        fields.setIfPresent("justification", finding.suppression.map(TemplateValue.string))
        findings.append(.object(fields))
      }
    }
    var document: Fields = ["findings": .list(findings)]
    if skipped > 0 { document["skipped"] = .integer(skipped) }
    if !failures.isEmpty {
      document["errors"] = .list(
        failures.map {
          [
            "file": .string($0.file), "line": $0.line.map { .integer($0) } ?? .null,
            "column": $0.column.map { .integer($0) } ?? .null, "message": .string($0.message),
          ]
        })
    }
    return .object(document)
  }

  static func level(_ severity: Diagnostic.Severity) -> TemplateValue {
    switch severity {
    case .error: return "error"
    case .warning: return "warning"
    case .note: return "note"
    }
  }

  /// Where a template is, for SARIF: a path relative to the working directory (the repository
  /// root in CI) under `%SRCROOT%`, or a `file://` URI for a file elsewhere, percent-encoded.
  static func artifactLocation(_ file: String) -> TemplateValue {
    var path = file
    let directory = FileSystem.currentDirectory
    if path.hasPrefix(directory + "/") { path.removeFirst(directory.count + 1) }
    while path.hasPrefix("./") { path.removeFirst(2) }
    if path.hasPrefix("/") { return ["uri": .string("file://" + percentEncoded(path))] }
    return ["uri": .string(percentEncoded(path)), "uriBaseId": "%SRCROOT%"]
  }

  /// A path with every byte but unreserved characters and `/` percent-encoded (RFC 3986).
  static func percentEncoded(_ path: String) -> String {
    var result = ""
    for byte in path.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
        result.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = String(byte, radix: 16, uppercase: true)
        result += "%" + (hex.count == 1 ? "0" : "") + hex
      }
    }
    return result
  }

  /// A stable 64-bit FNV-1a hash in hex, so that code scanning recognises the same finding
  /// across runs even when lines move.
  static func fingerprint(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }

  /// The run's one invocation: successful, or not, with a notification per file that could not be read.
  static func invocation(_ failures: [ReadFailure], skipped: Int = 0) -> TemplateValue {
    var invocation: Fields = ["executionSuccessful": .boolean(failures.isEmpty)]
    if skipped > 0 { invocation["properties"] = ["skippedFiles": .integer(skipped)] }
    if !failures.isEmpty {
      invocation["toolExecutionNotifications"] = .list(
        failures.map { failure in
          var physical: Fields = ["artifactLocation": artifactLocation(failure.file)]
          if let line = failure.line {
            physical["region"] = ["startLine": .integer(line), "startColumn": .integer(failure.column ?? 1)]
          }
          return [
            "level": "error",
            "message": ["text": .string("\(failure.file): \(failure.message)")],
            "locations": [["physicalLocation": .object(physical)]],
          ]
        })
    }
    return .object(invocation)
  }

  static func sarif(
    _ reports: [TemplateReport], failures: [ReadFailure] = [], skipped: Int = 0,
    extraRules: [(name: String, severity: Diagnostic.Severity, summary: String)] = []
  ) -> TemplateValue {
    let rules: [(name: String, severity: Diagnostic.Severity, summary: String)] =
      Validator.allRules.map { ($0.name, $0.defaultSeverity, $0.summary) } + extraRules
    let ruleIndex = Dictionary(uniqueKeysWithValues: rules.enumerated().map { ($1.name, $0) })
    let security = Set(Validator.isolationRules.map { $0.name }).subtracting([
      "LogicalIDsAreValid", "LogicalIDsAreUnique", "ReferencesResolve", "TransformsAreExpanded",
    ])
    let descriptors: [TemplateValue] = rules.map { rule in
      let help =
        "\(rule.summary). To waive a finding, add {\"rule\": \"\(rule.name)\", \"reason\": \"why\"} to the resource's Metadata.infragen.suppress."
      let properties: TemplateValue =
        security.contains(rule.name)
        ? ["tags": ["security"], "precision": "very-high", "security-severity": "8.0"]
        : ["problem.severity": rule.severity == .error ? "error" : "warning"]
      return [
        "id": .string(rule.name),
        "name": .string(rule.name),
        "shortDescription": ["text": .string(rule.summary)],
        "fullDescription": ["text": .string(rule.summary)],
        "help": ["text": .string(help), "markdown": .string(help)],
        "defaultConfiguration": ["level": level(rule.severity)],
        "properties": properties,
      ]
    }
    var results: [TemplateValue] = []
    for report in reports {
      for finding in report.findings {
        var location: Fields = [:]
        if report.file != ValidateCommand.referenceStackName {
          var physical: Fields = ["artifactLocation": artifactLocation(report.file)]
          if let position = finding.position {
            physical["region"] = [
              "startLine": .integer(position.line), "startColumn": .integer(position.column),
              "endLine": .integer(position.line), "endColumn": .integer(position.column + 1),
            ]
          }
          location["physicalLocation"] = .object(physical)
        }
        location["logicalLocations"] = [
          [
            "fullyQualifiedName": .string(PathComponent.render(finding.location.documentPath)),
            "kind": "resource",
            "name": .string(finding.location.logicalID?.rawValue ?? finding.location.section),
          ]
        ]
        var result: Fields = [
          "ruleId": .string(finding.rule),
          "level": level(finding.severity),
          "message": ["text": .string(finding.message)],
          "locations": [.object(location)],
        ]
        if let index = ruleIndex[finding.rule] { result["ruleIndex"] = .integer(index) }
        let logicalPath = PathComponent.render(finding.location.documentPath)
        result["partialFingerprints"] = [
          "primaryLocationLineHash": .string(
            fingerprint("\(finding.rule)|\(report.file)|\(logicalPath)|\(finding.message)"))
        ]
        if let reason = finding.suppression {
          result["suppressions"] = [["kind": "inSource", "status": "accepted", "justification": .string(reason)]]
        }
        results.append(.object(result))
      }
    }
    return [
      "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
      "version": "2.1.0",
      "runs": [
        [
          "tool": [
            "driver": [
              "name": "infragen",
              "version": .string(InfragenCLI.version),
              "rules": .list(descriptors),
            ]
          ],
          "invocations": [invocation(failures, skipped: skipped)],
          "results": .list(results),
        ]
      ],
    ]
  }
}
