internal import InfragenThreads
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Work spread over every core, with results in the order of the work: nothing a thread
/// schedules reaches the output.
///
/// The threads are started here, one per core but the calling one, and take the next item as
/// they finish one. (Dispatch's pool on Linux adds threads only after watching its queue for a
/// while, so a process that lives 15 ms used one core.)
public enum Parallel {
  /// `body(0) ... body(count - 1)`, run on all cores, as an array in index order.
  ///
  /// With `progress`, the work goes in batches; after each batch, on the calling thread,
  /// `progress` is told how many are done, so a caller can report progress without sharing
  /// state with the workers. `body` is called from several threads at once and must touch no
  /// shared mutable state.
  public static func map<Result: Sendable>(
    _ count: Int, batch: Int = 64, progress: ((_ done: Int) -> Void)? = nil, _ body: @Sendable (Int) -> Result
  ) -> [Result] {
    guard count > 1 else { return (0..<count).map(body) }
    let size = progress == nil ? count : max(1, batch)
    return withoutActuallyEscaping(body) { body in
      [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
        // Each item initializes its own element and no other; every element is initialized
        // once the last batch returns.
        nonisolated(unsafe) let base = buffer.baseAddress
        var start = 0
        while start < count {
          let range = start..<min(count, start + size)
          run(range) { index in base?.advanced(by: index).initialize(to: body(index)) }
          start = range.upperBound
          progress?(start)
        }
        initialized = count
      }
    }
  }

  /// Work started on a thread of its own while the caller goes on; ``join()`` waits for its
  /// result. When no thread can be started, the work runs on the caller's thread when it joins.
  public final class Fork<Result: Sendable>: @unchecked Sendable {
    private let work: @Sendable () -> Result
    /// Set once, by the started thread before it ends or by the first `join`; read only after
    /// `pthread_join`, which orders the thread's writes before the caller's reads.
    private var result: Result?
    private var thread: pthread_t?

    /// Starts `work` on a new thread.
    public init(_ work: @escaping @Sendable () -> Result) {
      self.work = work
      thread = Parallel.start { [unowned(unsafe) self] in self.result = work() }
    }

    /// The work's result, once it is done; later calls return it at once.
    public func join() -> Result {
      if let thread {
        Parallel.join(thread)
        self.thread = nil
      }
      if let result { return result }
      let computed = work()
      result = computed
      return computed
    }

    deinit { if let thread { Parallel.join(thread) } }
  }

  /// How many cores the machine has online.
  public static var cores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

  /// Runs `work` for each index of `range`, on the calling thread and on one started thread per
  /// other core, each taking the next index as it finishes one; returns when all are done.
  private static func run(_ range: Range<Int>, _ work: @escaping @Sendable (Int) -> Void) {
    let next = Counter(range.lowerBound)
    let loop: @Sendable () -> Void = {
      while true {
        let index = next.take()
        guard index < range.upperBound else { return }
        work(index)
      }
    }
    let threads = (1..<min(cores, range.count)).compactMap { start(loop, onCPU: $0 - 1) }
    loop()
    for thread in threads { join(thread) }
  }

  /// The next index to take, shared by the threads.
  private final class Counter: Sendable {
    private let value: Atomic<Int>
    init(_ first: Int) { value = Atomic(first) }
    func take() -> Int { value.wrappingAdd(1, ordering: .relaxed).oldValue }
  }

  /// What a started thread runs.
  private final class Job: @unchecked Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
  }

  /// A thread running `work`, or `nil` when none can be started (the caller does the work). On
  /// Linux it starts on the `index`-th CPU other than the caller's (`infragen_thread_start`).
  private static func start(_ work: @escaping @Sendable () -> Void, onCPU index: Int = 0) -> pthread_t? {
    let context = Unmanaged.passRetained(Job(work)).toOpaque()
    let index = Int32(clamping: index)
    #if canImport(Darwin)
      var thread: pthread_t?
      let status = infragen_thread_start(
        &thread,
        { raw in
          if let raw { Unmanaged<Job>.fromOpaque(raw).takeRetainedValue().run() }
          return nil
        }, context, index)
      guard status == 0, let thread else {
        Unmanaged<Job>.fromOpaque(context).release()
        return nil
      }
      return thread
    #else
      var thread = pthread_t()
      let status = infragen_thread_start(
        &thread,
        { raw in
          if let raw { Unmanaged<Job>.fromOpaque(raw).takeRetainedValue().run() }
          return nil
        }, context, index)
      guard status == 0 else {
        Unmanaged<Job>.fromOpaque(context).release()
        return nil
      }
      return thread
    #endif
  }

  private static func join(_ thread: pthread_t) { pthread_join(thread, nil) }
}
