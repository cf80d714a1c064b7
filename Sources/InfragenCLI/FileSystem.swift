#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading and writing the files a command names, with POSIX calls only; every failure is a
/// ``CLIError`` whose message reads as a sentence.
///
/// Writing never replaces what is not a regular file: a symbolic link is followed and its target
/// rewritten (atomically, through a temporary file beside the target), a device, FIFO or socket
/// is written to directly, and a directory is an error. A regular file keeps its mode and owner.
enum FileSystem {
  /// A file as the system knows it: device and inode, so that two names for one file compare equal.
  struct Identity: Hashable {
    var device: UInt64
    var inode: UInt64
  }

  /// The identity of the file at `path`, following links; `nil` when nothing is there.
  static func identity(of path: String) -> Identity? {
    guard path != "-", !path.isEmpty else { return nil }
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
  }

  /// The working directory's path, or `""` when it cannot be named.
  static var currentDirectory: String {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buffer, buffer.count) != nil else { return "" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Whether anything exists at `path` (a dangling link counts).
  static func exists(_ path: String) -> Bool {
    var info = stat()
    return !path.isEmpty && lstat(path, &info) == 0
  }

  /// Whether `path` is a directory, following links.
  static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
  }

  /// The sentence for a system error number: `Permission denied`, `No space left on device`.
  static func describe(_ code: Int32) -> String {
    switch code {
    case EFBIG: return "File too large (the file size limit was reached)"
    case EACCES: return "Permission denied"
    default: return String(cString: strerror(code))
    }
  }

  /// Creates the directory `path` (and no parent) unless it is one already.
  static func makeDirectory(_ path: String) throws(CLIError) {
    if path.isEmpty { throw .message("'' is not a directory name") }
    if isDirectory(path) { return }
    if exists(path) { throw .output(file: path, message: "is not a directory; give a directory for --output-dir") }
    guard mkdir(path, 0o777) == 0 else {
      throw .output(file: path, message: "cannot be created: \(describe(errno))")
    }
  }

  /// The names in the directory `path`, sorted, without `.` and `..`.
  static func names(in path: String) throws(CLIError) -> [String] {
    guard let directory = opendir(path) else {
      throw .input(file: path, line: nil, column: nil, message: "cannot be listed: \(describe(errno))")
    }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  /// The files under the directory `root`, in sorted order, depth first: every regular file (or
  /// link to one) up to `largest` bytes. Names that start with `.` (`.git`, `.venv`) and
  /// `node_modules` are not entered, nor links to directories (which could loop).
  /// - Returns: The files, and the directories below `root` that could not be listed.
  static func walk(_ root: String, largest: Int = 10 << 20) throws(CLIError) -> (
    files: [String], unlisted: [(path: String, error: CLIError)]
  ) {
    var files: [String] = []
    var unlisted: [(path: String, error: CLIError)] = []
    func visit(_ directory: String, _ names: [String]) {
      for name in names where !name.hasPrefix(".") && name != "node_modules" {
        let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        var info = stat()
        guard lstat(path, &info) == 0 else { continue }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
          do {
            visit(path, try Self.names(in: path))
          } catch {
            unlisted.append((path, error))
          }
        case S_IFREG: if Int(info.st_size) <= largest { files.append(path) }
        case S_IFLNK:
          var target = stat()
          if stat(path, &target) == 0, target.st_mode & S_IFMT == S_IFREG, Int(target.st_size) <= largest {
            files.append(path)
          }
        default: continue
        }
      }
    }
    visit(root, try Self.names(in: root))
    return (files, unlisted)
  }

  // MARK: Reading

  /// The contents of `path`, or of standard input for `-`. Reads with `open` and `read`, so
  /// that pipes, `/dev/stdin` and other special files work like regular ones.
  static func read(_ path: String) throws(CLIError) -> [UInt8] {
    if path.isEmpty { throw .message("'' is not a file name") }
    let descriptor: Int32
    if path == "-" {
      descriptor = 0
    } else {
      var info = stat()
      guard stat(path, &info) == 0 else {
        let code = errno
        throw .input(
          file: path, line: nil, column: nil,
          message: code == ENOENT ? "no such file" : "cannot be read: \(describe(code))")
      }
      if info.st_mode & S_IFMT == S_IFDIR {
        throw .input(file: path, line: nil, column: nil, message: "is a directory, not a file")
      }
      descriptor = open(path, O_RDONLY)
      guard descriptor >= 0 else {
        throw .input(file: path, line: nil, column: nil, message: "cannot be read: \(describe(errno))")
      }
    }
    defer { if descriptor != 0 { close(descriptor) } }
    // A regular file is read straight into an array of its size (and one byte more, to see the
    // end), never zero-filled first; anything else, or a file that grew, in chunks after that.
    var info = stat()
    let size = fstat(descriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFREG ? Int(info.st_size) : 0
    let capacity = size > 0 ? size + 1 : 1 << 16
    var failure: Int32 = 0
    var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
      count = 0
      guard let base = buffer.baseAddress else { return }
      while count < buffer.count {
        let read = systemRead(descriptor, base + count, buffer.count - count)
        if read < 0 {
          if errno == EINTR { continue }
          failure = errno
          return
        }
        if read == 0 { return }
        count += read
      }
    }
    if failure != 0 {
      throw .input(file: path, line: nil, column: nil, message: "cannot be read: \(describe(failure))")
    }
    if bytes.count < capacity { return bytes }
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw .input(file: path, line: nil, column: nil, message: "cannot be read: \(describe(errno))")
      }
      if count == 0 { return bytes }
      bytes.append(contentsOf: chunk[0..<count])
    }
  }

  // MARK: Writing

  /// Refuses to write `output` when it is one of `inputs` (compared by device and inode, so a
  /// link or another spelling of the same file is caught): the command would destroy what it reads.
  /// - Parameter inputs: Each input's path and what it is (`the configuration file`).
  static func refuseOverwritingInputs(_ output: String, _ inputs: [(path: String, role: String)]) throws(CLIError) {
    guard let target = identity(of: output) else { return }
    for input in inputs where identity(of: input.path) == target {
      throw .output(
        file: output,
        message: "is \(input.role) this command reads ('\(input.path)'); write the output to another file")
    }
  }

  /// Writes `text` to `path`: a regular file (new or existing) through a temporary file in the
  /// same directory and a rename, so a failed run leaves the old file byte for byte; a device,
  /// FIFO or socket directly; through symbolic links to their target.
  static func write(_ text: String, to path: String) throws(CLIError) {
    if path.isEmpty { throw .message("'' is not a file name") }
    let target = try resolvingLinks(path)
    var info = stat()
    if lstat(target, &info) == 0 {
      switch info.st_mode & S_IFMT {
      case S_IFDIR:
        throw .output(file: path, message: "is a directory; give a file name")
      case S_IFREG:
        try replace(target, shownAs: path, with: text, mode: info.st_mode & 0o7777, owner: (info.st_uid, info.st_gid))
      case S_IFSOCK:
        throw .output(file: path, message: "is a socket; infragen writes to files, devices and pipes")
      default:
        try writeDirectly(text, to: target, shownAs: path)
      }
      return
    }
    let code = errno
    guard code == ENOENT else { throw .output(file: path, message: "cannot be written: \(describe(code))") }
    let mask = umask(0)
    umask(mask)
    try replace(target, shownAs: path, with: text, mode: 0o666 & ~mask, owner: nil)
  }

  /// The path a chain of symbolic links ends at (which may not exist yet: writing creates it,
  /// as a shell's `>` does).
  private static func resolvingLinks(_ path: String) throws(CLIError) -> String {
    var current = path
    for _ in 0..<40 {
      var info = stat()
      guard lstat(current, &info) == 0, info.st_mode & S_IFMT == S_IFLNK else { return current }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let length = readlink(current, &buffer, buffer.count - 1)
      guard length >= 0 else {
        throw .output(file: path, message: "cannot follow the symbolic link: \(describe(errno))")
      }
      let link = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current = link.hasPrefix("/") ? link : directory(of: current) + "/" + link
    }
    throw .output(file: path, message: "cannot be written: too many levels of symbolic links")
  }

  /// The directory part of a path: `.` for a bare name.
  static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let directory = String(path[..<slash])
    return directory.isEmpty ? "/" : directory
  }

  private static func writeDirectly(_ text: String, to target: String, shownAs path: String) throws(CLIError) {
    let descriptor = open(target, O_WRONLY | O_NOCTTY)
    guard descriptor >= 0 else { throw .output(file: path, message: "cannot be written: \(describe(errno))") }
    let code = writeAll(Array(text.utf8), to: descriptor)
    let closed = close(descriptor) == 0 ? 0 : errno
    if code != 0 || closed != 0 {
      throw .output(file: path, message: "cannot be written: \(describe(code != 0 ? code : closed))")
    }
  }

  private static func replace(
    _ target: String, shownAs path: String, with text: String, mode: mode_t, owner: (uid_t, gid_t)?
  ) throws(CLIError) {
    let directory = directory(of: target)
    let name = target.split(separator: "/").last.map(String.init) ?? target
    var template = Array("\(directory)/.\(name).infragen-XXXXXX".utf8CString)
    let descriptor = mkstemp(&template)
    guard descriptor >= 0 else {
      let code = errno
      switch code {
      case ENOENT: throw .output(file: path, message: "cannot be written: the directory '\(directory)' does not exist")
      case ENOTDIR: throw .output(file: path, message: "cannot be written: '\(directory)' is not a directory")
      case EACCES:
        throw .output(file: path, message: "cannot be written: Permission denied (in the directory '\(directory)')")
      default: throw .output(file: path, message: "cannot be written: \(describe(code))")
      }
    }
    let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var failure: Int32 = 0
    if let owner { _ = fchown(descriptor, owner.0, owner.1) }
    if fchmod(descriptor, mode) != 0 { failure = errno }
    if failure == 0 { failure = writeAll(Array(text.utf8), to: descriptor) }
    if failure == 0, fsync(descriptor) != 0 { failure = errno }
    if close(descriptor) != 0, failure == 0 { failure = errno }
    if failure == 0, rename(temporary, target) != 0 { failure = errno }
    if failure != 0 {
      unlink(temporary)
      throw .output(file: path, message: "cannot be written: \(describe(failure))")
    }
  }

  /// Writes all of `bytes` to a descriptor, retrying short writes and interruptions; returns 0,
  /// or the error number of the write that failed.
  static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { buffer in
        systemWrite(descriptor, buffer.baseAddress.map { $0 + offset }, bytes.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        return errno
      }
      offset += written
    }
    return 0
  }

  private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
      return Glibc.read(descriptor, buffer, count)
    #elseif canImport(Musl)
      return Musl.read(descriptor, buffer, count)
    #else
      return Darwin.read(descriptor, buffer, count)
    #endif
  }

  private static func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
      return Glibc.write(descriptor, buffer, count)
    #elseif canImport(Musl)
      return Musl.write(descriptor, buffer, count)
    #else
      return Darwin.write(descriptor, buffer, count)
    #endif
  }
}
