#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A progress line on standard error, `infragen: validated 1200 of 2000 templates`, rewritten in
/// place: only when standard error is a terminal and the work has taken over a second, and
/// erased when the work is done, so that logs and pipes never see it.
struct Progress {
  private let clock = ContinuousClock()
  private let start: ContinuousClock.Instant
  /// Whether the line is shown at all (standard error is a terminal).
  let enabled: Bool
  private var shown = false

  /// A progress line for work that starts now; `enabled` defaults to whether standard error is
  /// a terminal.
  init(enabled: Bool = isatty(2) == 1) {
    self.start = clock.now
    self.enabled = enabled
  }

  /// Shows `infragen: <verb> <done> of <total> <noun>` once a second has passed.
  mutating func update(_ verb: String, _ done: Int, of total: Int, _ noun: String) {
    guard enabled, shown || clock.now - start > .seconds(1) else { return }
    shown = true
    _ = FileSystem.writeAll(Array("\r\u{1B}[Kinfragen: \(verb) \(done) of \(total) \(noun)".utf8), to: 2)
  }

  /// Erases the line, if it was shown.
  mutating func finish() {
    guard shown else { return }
    shown = false
    _ = FileSystem.writeAll(Array("\r\u{1B}[K".utf8), to: 2)
  }
}
