import InfragenCLI

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes all of `text` to a file descriptor, retrying short writes and interruptions.
func writeAll(_ text: String, to descriptor: Int32) {
  var bytes = Array(text.utf8)[...]
  while !bytes.isEmpty {
    let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    if written < 0 {
      if errno == EINTR { continue }
      return
    }
    bytes = bytes.dropFirst(written)
  }
}

signal(SIGPIPE, SIG_IGN)
let result = InfragenCLI.run(Array(CommandLine.arguments.dropFirst()))
writeAll(result.stdout, to: 1)
writeAll(result.stderr, to: 2)
exit(result.exitCode.rawValue)
