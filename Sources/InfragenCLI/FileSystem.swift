#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// Reading and writing the files a command names; every failure is a ``CLIError``.
enum FileSystem {
  /// Writes `text` to `path` atomically: to a temporary file beside it, then renamed into place,
  /// so a failed run never leaves a half-written file.
  static func writeAtomically(_ text: String, to path: String) throws(CLIError) {
    let url = URL(fileURLWithPath: path)
    var isDirectory = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory {
      throw .output(file: path, message: "is a directory; give a file name")
    }
    let directory = url.deletingLastPathComponent().path
    if !FileManager.default.fileExists(atPath: directory.isEmpty ? "." : directory) {
      throw .output(file: path, message: "directory '\(directory)' does not exist")
    }
    do {
      try Data(text.utf8).write(to: url, options: .atomic)
    } catch {
      throw .output(file: path, message: "cannot be written (\(describe(error)))")
    }
  }

  /// Whether anything exists at `path`.
  static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

  /// The contents of `path`.
  static func read(_ path: String) throws(CLIError) -> [UInt8] {
    var isDirectory = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw .input(file: path, line: nil, column: nil, message: "no such file")
    }
    if isDirectory {
      throw .input(file: path, line: nil, column: nil, message: "is a directory, not a template")
    }
    do {
      return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
      throw .input(file: path, line: nil, column: nil, message: "cannot be read (\(describe(error)))")
    }
  }

  private static func describe(_ error: any Error) -> String {
    if let error = error as? CocoaError, let underlying = error.userInfo["NSUnderlyingError"] {
      return "\(underlying)"
    }
    return "\(error)"
  }
}
