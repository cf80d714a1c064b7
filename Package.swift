// swift-tools-version:6.0
import PackageDescription

/// The targets follow the pipeline in ARCHITECTURE.md; imports only point down:
/// Threads (C) <- Core <- Formats, Core <- Model <- Stacks, Core <- Validation, Formats and Validation <- Audit,
/// all of them <- CLI <- infragen.
/// The commit `infragen --version` names: `INFRAGEN_COMMIT` when the build sets it (`make release`
/// does), else the checkout's, with `-dirty` for uncommitted changes. Only hex digits, letters
/// and `-` reach the C define.
let commit: String = {
  let given =
    Context.environment["INFRAGEN_COMMIT"].flatMap { $0.isEmpty ? nil : $0 }
    ?? Context.gitInformation.map { String($0.currentCommit.prefix(12)) + ($0.hasUncommittedChanges ? "-dirty" : "") }
  let safe = (given ?? "").filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
  return safe.isEmpty ? "unknown" : safe
}()

let package = Package(
  name: "infragen",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "infragen", targets: ["infragen"]),
    .library(name: "InfragenCore", targets: ["InfragenCore"]),
    .library(name: "InfragenFormats", targets: ["InfragenFormats"]),
    .library(name: "InfragenModel", targets: ["InfragenModel"]),
    .library(name: "InfragenStacks", targets: ["InfragenStacks"]),
    .library(name: "InfragenValidation", targets: ["InfragenValidation"]),
    .library(name: "InfragenAudit", targets: ["InfragenAudit"]),
    .library(name: "InfragenCLI", targets: ["InfragenCLI"]),
  ],
  dependencies: [],
  targets: [
    .target(name: "InfragenThreads"),
    .target(name: "InfragenCore", dependencies: ["InfragenThreads"]),
    .target(name: "InfragenBuildInfo", cSettings: [.define("INFRAGEN_COMMIT", to: "\"\(commit)\"")]),
    .target(name: "InfragenFormats", dependencies: ["InfragenCore"]),
    .target(
      name: "InfragenModel", dependencies: ["InfragenCore"],
      linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
    .target(name: "InfragenStacks", dependencies: ["InfragenCore", "InfragenModel"]),
    .target(name: "InfragenValidation", dependencies: ["InfragenCore"]),
    .target(name: "InfragenAudit", dependencies: ["InfragenCore", "InfragenFormats", "InfragenValidation"]),
    .target(
      name: "InfragenCLI",
      dependencies: [
        "InfragenAudit", "InfragenBuildInfo", "InfragenCore", "InfragenFormats", "InfragenModel", "InfragenStacks",
        "InfragenValidation",
      ]),
    .executableTarget(name: "infragen", dependencies: ["InfragenCLI"]),
    .executableTarget(
      name: "MultiServiceExample", dependencies: ["InfragenFormats", "InfragenModel", "InfragenStacks"]),
    .executableTarget(
      name: "infragen-bench",
      dependencies: ["InfragenCore", "InfragenFormats", "InfragenStacks", "InfragenValidation"],
      path: "Benchmarks/infragen-bench"),
    .testTarget(name: "InfragenCoreTests", dependencies: ["InfragenCore"]),
    .testTarget(name: "InfragenFormatsTests", dependencies: ["InfragenFormats"]),
    .testTarget(name: "InfragenModelTests", dependencies: ["InfragenModel", "InfragenFormats"]),
    .testTarget(name: "InfragenStacksTests", dependencies: ["InfragenStacks", "InfragenFormats"]),
    .testTarget(
      name: "InfragenValidationTests", dependencies: ["InfragenValidation", "InfragenFormats", "InfragenStacks"]),
    .testTarget(name: "InfragenCLITests", dependencies: ["InfragenCLI"], exclude: ["AWS"]),
    .testTarget(
      name: "InfragenReferenceTests",
      dependencies: ["InfragenCLI", "InfragenFormats", "InfragenStacks", "InfragenValidation"]),
  ]
)
