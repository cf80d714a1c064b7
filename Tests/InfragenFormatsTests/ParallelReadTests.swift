import Foundation
import InfragenCore
import Testing

@testable import InfragenFormats

/// A JSON document, written with any indentation and line break, as editors and tools write them.
private indirect enum JSON {
  case object([(String, JSON)])
  case array([JSON])
  /// A string, number, `true`, `false` or `null`, written as given.
  case raw(String)

  static func string(_ text: String) -> JSON { .raw("\"\(text)\"") }

  func text(indent unit: String, newline: String, depth: Int = 0) -> String {
    let inner = String(repeating: unit, count: depth + 1)
    let outer = String(repeating: unit, count: depth)
    switch self {
    case .raw(let text): return text
    case .object(let members) where members.isEmpty: return "{}"
    case .array(let elements) where elements.isEmpty: return "[]"
    case .object(let members):
      let lines = members.map { "\(inner)\"\($0.0)\": \($0.1.text(indent: unit, newline: newline, depth: depth + 1))" }
      return "{" + newline + lines.joined(separator: "," + newline) + newline + outer + "}"
    case .array(let elements):
      let lines = elements.map { inner + $0.text(indent: unit, newline: newline, depth: depth + 1) }
      return "[" + newline + lines.joined(separator: "," + newline) + newline + outer + "]"
    }
  }
}

/// A template of `count` security groups and their neighbours, large enough to be read on two
/// threads: intrinsics, non-ASCII text (columns count scalars), numbers, flags, nulls, empty
/// containers, and every fiftieth resource with a metadata mapping of 40 members (which the
/// source map indexes), with sections before and after `Resources`.
private func largeTemplate(count: Int = 700, metadata: [(String, JSON)] = []) -> JSON {
  var resources: [(String, JSON)] = [("Vpc", .object([("Type", .string("AWS::EC2::VPC"))]))]
  for index in 0..<count {
    var entry: [(String, JSON)] = [
      ("Type", .string("AWS::EC2::SecurityGroup")),
      (
        "Properties",
        .object([
          ("GroupDescription", .string("grüße \(index) ✓")),
          ("VpcId", .object([("Ref", .string("Vpc"))])),
          (
            "SecurityGroupIngress",
            .array([
              .object([
                ("IpProtocol", .string("tcp")), ("FromPort", .raw("443")), ("ToPort", .raw("443")),
                (
                  "SourceSecurityGroupId",
                  .object([
                    ("Fn::GetAtt", .array([.string(index == 0 ? "Vpc" : "Group\(index - 1)"), .string("GroupId")]))
                  ])
                ),
              ])
            ])
          ),
          (
            "Tags",
            .array([
              .object([("Key", .string("n")), ("Value", .object([("Fn::Sub", .string("${AWS::StackName}-\(index)"))]))])
            ])
          ),
          ("Weight", .raw("1.5e0")), ("Enabled", .raw("true")), ("Nothing", .raw("null")),
          ("Empty", .object([])), ("None", .array([])),
        ])
      ),
    ]
    if index % 50 == 0 {
      entry.append(("Metadata", .object((0..<40).map { ("k\($0)", .string("v\($0)")) })))
    }
    resources.append(("Group\(index)", .object(entry)))
  }
  return .object(
    [
      ("AWSTemplateFormatVersion", .string("2010-09-09")),
      ("Parameters", .object([("Name", .object([("Type", .string("String"))]))])),
    ] + metadata + [
      ("Resources", .object(resources)),
      ("Outputs", .object([("Group", .object([("Value", .object([("Ref", .string("Group0"))]))]))])),
    ])
}

private func read(_ bytes: [UInt8], inParallel: Bool, cores: Int = 2) throws(ReadError) -> (Template, Bool) {
  let (template, tookTail) = try JSONReader.readTemplate(
    bytes, file: "large.json", inParallel: inParallel, cores: cores)
  return (template, tookTail)
}

private func tailStart(_ bytes: [UInt8]) -> Int? {
  bytes.withUnsafeBufferPointer { JSONReader.Parser.tailStart(in: $0) }
}

/// The error reading `bytes` throws, or `nil`.
private func error(_ bytes: [UInt8], inParallel: Bool) -> ReadError? {
  do {
    _ = try read(bytes, inParallel: inParallel)
    return nil
  } catch {
    return error
  }
}

@Suite struct ParallelReadTests {
  static let layouts: [(indent: String, newline: String)] = [("  ", "\n"), ("    ", "\r\n"), ("\t", "\n"), (" ", "\n")]

  @Test(arguments: layouts.indices)
  func readsLargeTemplatesOnTwoThreadsAsOneDoes(layout: Int) throws {
    let (indent, newline) = Self.layouts[layout]
    let text = largeTemplate().text(indent: indent, newline: newline)
    let bytes = Array(text.utf8)
    let start = try #require(tailStart(bytes))
    // The other thread starts at a resource's key, past the middle of the file.
    #expect(bytes.count / 2 < start)
    #expect(bytes[start] == UInt8(ascii: "\""))
    #expect(String(decoding: bytes[start..<start + 6], as: UTF8.self) == "\"Group")

    let (serial, serialTookTail) = try read(bytes, inParallel: false)
    let (parallel, tookTail) = try read(bytes, inParallel: true)
    #expect(!serialTookTail)
    #expect(tookTail)
    // Equal as templates, and equal source maps: every node, position and index. (Compared
    // first, so that a failure does not print two whole templates.)
    let same = parallel == serial
    #expect(same)
    #expect(parallel.resources.count == 701)
    let lines = text.split(separator: newline, omittingEmptySubsequences: false)
    let last = try #require(lines.firstIndex { $0.hasSuffix("\"Group699\": {") })
    let tags: [PathComponent] = [.key("Resources"), .key("Group699"), .key("Properties"), .key("Tags"), .index(0)]
    let source = try #require(parallel.source)
    #expect(
      source.exactPosition(of: [.key("Resources"), .key("Group699")])
        == SourcePosition(line: last + 1, column: indent.count * 2 + 1))
    #expect(
      source.exactPosition(of: tags + [.key("Value")]) == serial.source?.exactPosition(of: tags + [.key("Value")]))
    #expect(source.exactPosition(of: [.key("Outputs"), .key("Group")]) != nil)
    // A large mapping read on the other thread is indexed as it would be on one.
    #expect(source.exactPosition(of: [.key("Resources"), .key("Group650"), .key("Metadata"), .key("k39")]) != nil)
    #expect(parallel.resource("Group699")?[property: "Tags"] == serial.resource("Group699")?[property: "Tags"])
  }

  @Test func smallMinifiedAndOneCoreTemplatesAreReadOnOneThread() throws {
    let small = Array(largeTemplate(count: 20).text(indent: "  ", newline: "\n").utf8)
    #expect(tailStart(small) == nil)
    let minified = Array(largeTemplate().text(indent: "", newline: "").utf8)
    #expect(minified.count >= JSONReader.Parser.smallestSplit)
    #expect(tailStart(minified) == nil)
    let large = Array(largeTemplate().text(indent: "  ", newline: "\n").utf8)
    #expect(try read(large, inParallel: true, cores: 1).1 == false)
    #expect(try read(large, inParallel: false).1 == false)
    let same = try read(minified, inParallel: true).0 == read(minified, inParallel: false).0
    #expect(same)
  }

  @Test func aKeyRepeatedAcrossTheSplitIsTheErrorOneThreadGives() throws {
    var text = largeTemplate().text(indent: "  ", newline: "\n")
    // A resource after the split takes the name of one before it.
    text = text.replacingOccurrences(of: "\"Group600\": {", with: "\"Group10\": {")
    let bytes = Array(text.utf8)
    #expect(tailStart(bytes) != nil)
    let serial = try #require(error(bytes, inParallel: false))
    #expect(serial.message.hasPrefix("duplicate key 'Group10'; first defined at line"))
    #expect(error(bytes, inParallel: true) == serial)
  }

  /// Broken input past the split: the error is the one a single thread words, at the same place.
  @Test(arguments: [
    ("\"Group600\": {", "\"Group600\": {,"),
    ("\"grüße 650 ✓\"", "\"bad \\q escape\""),
    ("\"Group620\": {", "\"Group620\": {\"Type\": 1, \"Type\": 2,"),
    ("\"Outputs\": {", "\"Outputs\": {]"),
    ("\"Enabled\": true", "\"Enabled\": tru"),
  ])
  func anErrorPastTheSplitIsTheErrorOneThreadGives(replacing: String, with broken: String) throws {
    let text = largeTemplate().text(indent: "  ", newline: "\n")
    let range = try #require(text.range(of: replacing, options: .backwards))
    let bytes = Array(text.replacingCharacters(in: range, with: broken).utf8)
    #expect(tailStart(bytes) != nil)
    let serial = try #require(error(bytes, inParallel: false))
    #expect(error(bytes, inParallel: true) == serial)
  }

  @Test func everyCutPastTheSplitIsTheErrorOneThreadGives() throws {
    let bytes = Array(largeTemplate().text(indent: "  ", newline: "\n").utf8)
    let start = try #require(tailStart(bytes))
    for cut in stride(from: start - 3, to: bytes.count, by: 7_919) {
      let prefix = Array(bytes[..<cut])
      #expect(error(prefix, inParallel: true) == error(prefix, inParallel: false))
    }
  }

  /// `"Resources"` first stands in the metadata, with its members deeper than the template's:
  /// the guess starts the other thread inside a resource, where this thread never is at a
  /// member of `Resources`, so it reads on alone.
  @Test func aWrongGuessIsReadOnOneThread() throws {
    let metadata: [(String, JSON)] = [
      ("Metadata", .object([("Resources", .object([("Note", .string("not the resources"))]))]))
    ]
    let bytes = Array(largeTemplate(metadata: metadata).text(indent: "  ", newline: "\n").utf8)
    #expect(tailStart(bytes) != nil)
    let (serial, _) = try read(bytes, inParallel: false)
    let (parallel, tookTail) = try read(bytes, inParallel: true)
    #expect(!tookTail)
    let same = parallel == serial
    #expect(same)
  }
}
