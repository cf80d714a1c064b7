import Foundation
import Testing

enum BuiltModules {
  /// The built modules, in the products directory beside the test bundle.
  static let directory: URL = {
    #if os(macOS)
      for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("Modules")
      }
    #endif
    return Bundle.main.bundleURL.appendingPathComponent("Modules")
  }()

  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Whether the module and a `swiftc` to check against it are there.
  static let canTypeCheck =
    FileManager.default.fileExists(atPath: directory.appendingPathComponent("InfragenModel.swiftmodule").path)
}

/// Wrong wiring must not compile: each snippet is type-checked against the built `InfragenModel`
/// module with `swiftc -typecheck`, next to a control that must compile.
@Suite(
  .enabled(
    if: BuiltModules.canTypeCheck, "the built InfragenModel module is not beside the tests (swift build --build-tests)")
)
struct WiringTypeCheckTests {
  static let modules = BuiltModules.directory
  static let root = BuiltModules.root

  static let prelude = """
    import InfragenModel
    let vpc = VPC("Vpc", cidrBlock: .anywhere)
    let web = SecurityGroup("Web", description: "web", vpc: vpc)
    let subnet = Subnet("S", vpc: vpc, cidrBlock: .anywhere, availabilityZone: .init(index: 0), kind: .private)

    """

  /// The compiler's errors for a snippet, or `nil` if it could not run.
  static func typeCheck(_ snippet: String, prelude: String = prelude) throws -> String {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("wiring-\(UUID().uuidString).swift")
    try Data((prelude + snippet).utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    // InfragenCore imports the C target InfragenThreads, whose module map SwiftPM writes beside
    // the modules' folder.
    let threads = modules.deletingLastPathComponent().appendingPathComponent("InfragenThreads.build/module.modulemap")
    process.arguments = [
      "swiftc", "-typecheck", "-I", modules.path, "-Xcc", "-fmodule-map-file=\(threads.path)", file.path,
    ]
    let pipe = Pipe()
    process.standardOutput = Pipe()
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: output, as: UTF8.self)
  }

  @Test func correctWiringCompiles() throws {
    let errors = try Self.typeCheck(
      """
      let db = SecurityGroup("Db", description: "db", vpc: vpc,
        ingress: [.tcp(3306, from: .securityGroup(web.ref), description: "from web")])
      let group = DatabaseSubnetGroup("G", description: "g", subnets: [subnet])
      """)
    #expect(!errors.contains("error:"), "\(errors)")
  }

  @Test func theReadmeExampleCompiles() throws {
    let readme = try String(
      contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
    let start = try #require(readme.range(of: "<!-- readme-example:start -->\n```swift\n"))
    let end = try #require(readme.range(of: "```\n<!-- readme-example:end -->"))
    let example = String(readme[start.upperBound..<end.lowerBound])
    #expect(example.contains("Stack(description:"))
    let errors = try Self.typeCheck(example, prelude: "")
    #expect(!errors.contains("error:"), "\(errors)")
  }

  @Test func theReadmeServicesExampleIsTheExamplesCode() throws {
    let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
    let main = try String(
      contentsOf: Self.root.appendingPathComponent("Sources/MultiServiceExample/main.swift"), encoding: .utf8)
    let start = try #require(readme.range(of: "<!-- readme-services:start -->\n```swift\n"))
    let end = try #require(readme.range(of: "```\n<!-- readme-services:end -->"))
    let shown = String(readme[start.upperBound..<end.lowerBound])
    #expect(shown.contains("let stack = Stack("))
    #expect(main.contains(shown), "README's services example differs from Sources/MultiServiceExample/main.swift")
  }

  @Test(arguments: [
    (
      #"let db = SecurityGroup("Db", description: "db", vpc: vpc, ingress: [.tcp(3306, from: .securityGroup(vpc.ref), description: "x")])"#,
      "cannot convert value of type 'Reference<VPC>' to expected argument type 'Reference<SecurityGroup>'"
    ),
    (
      #"let db = SecurityGroup("Db", description: "db", vpc: vpc, ingress: [.tcp(3306, from: .securityGroup("sg-0123"), description: "x")])"#,
      "cannot convert value of type 'String' to expected argument type 'Reference<SecurityGroup>'"
    ),
    (
      #"let group = DatabaseSubnetGroup("G", description: "g", subnets: [web])"#,
      "cannot convert value of type 'SecurityGroup' to expected element type 'Subnet'"
    ),
    (
      #"let lb = LoadBalancer("Lb", subnets: [subnet], securityGroups: [vpc])"#,
      "cannot convert value of type 'VPC' to expected element type 'SecurityGroup'"
    ),
    (
      #"let out = SecurityGroupEgress("Out", group: web, rule: .tcp(443, from: .anyIPv4, description: "x"))"#,
      "referencing static method 'tcp(_:from:description:)' on 'SecurityGroupRule' requires the types 'Outbound' and 'Inbound' be equivalent"
    ),
    (
      #"let g = SecurityGroup("G", description: "g", vpc: vpc, egress: .only([.tcp(443, from: .anyIPv4, description: "x")]))"#,
      "cannot convert value of type '[Any]' to expected argument type '[EgressRule]'"
    ),
  ])
  func wrongWiringDoesNotCompile(_ snippet: String, _ message: String) throws {
    let errors = try Self.typeCheck(snippet)
    #expect(errors.contains("error: \(message)"), "\(errors)")
  }
}
