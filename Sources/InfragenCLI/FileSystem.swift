#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif
#if canImport(Glibc)
  import Glibc
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

  /// The contents of `path`, or of standard input for `-`. Reads with `open` and `read`, so
  /// that pipes, `/dev/stdin` and other special files work like regular ones.
  static func read(_ path: String) throws(CLIError) -> [UInt8] {
    let descriptor: Int32
    if path == "-" {
      descriptor = 0
    } else {
      var isDirectory = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw .input(file: path, line: nil, column: nil, message: "no such file")
      }
      if isDirectory {
        throw .input(file: path, line: nil, column: nil, message: "is a directory, not a template")
      }
      descriptor = open(path, O_RDONLY)
      guard descriptor >= 0 else {
        throw .input(
          file: path, line: nil, column: nil, message: "cannot be read (\(String(cString: strerror(errno))))")
      }
    }
    defer { if descriptor != 0 { close(descriptor) } }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw .input(
          file: path, line: nil, column: nil, message: "cannot be read (\(String(cString: strerror(errno))))")
      }
      if count == 0 { return bytes }
      bytes.append(contentsOf: chunk[0..<count])
    }
  }

  private static func describe(_ error: any Error) -> String {
    if let error = error as? CocoaError, let underlying = error.userInfo["NSUnderlyingError"] {
      return "\(underlying)"
    }
    return "\(error)"
  }
}
