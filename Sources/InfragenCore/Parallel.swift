import Dispatch

/// Work spread over every core, with results in the order of the work: nothing a thread
/// schedules reaches the output.
public enum Parallel {
  /// `body(0) ... body(count - 1)`, run on all cores, as an array in index order.
  ///
  /// With `progress`, the work goes in batches; after each batch, on the calling thread,
  /// `progress` is told how many are done, so a caller can report progress without sharing
  /// state with the workers.
  /// `body` is called from several threads at once and must touch no shared mutable state.
  public static func map<Result: Sendable>(
    _ count: Int, batch: Int = 64, progress: ((_ done: Int) -> Void)? = nil, _ body: @Sendable (Int) -> Result
  ) -> [Result] {
    guard count > 1 else { return (0..<count).map(body) }
    // Without progress to report, one pass: the threads take the next item as they finish
    // one, so a long item never holds the others back at the end of a batch.
    let size = progress == nil ? count : max(1, batch)
    return [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
      // Each iteration initializes its own element and no other; every element is initialized
      // once the last batch returns.
      nonisolated(unsafe) let base = buffer.baseAddress
      var start = 0
      while start < count {
        let first = start
        let end = min(count, start + size)
        DispatchQueue.concurrentPerform(iterations: end - first) { offset in
          base?.advanced(by: first + offset).initialize(to: body(first + offset))
        }
        start = end
        progress?(start)
      }
      initialized = count
    }
  }
}
