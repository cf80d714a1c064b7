/// A task's CPU units and memory in MiB, restricted to the pairs Fargate accepts.
///
/// See [Task size](https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size).
public struct FargateSize: Hashable, Sendable, CustomStringConvertible {
  /// CPU units (1024 is one vCPU).
  public let cpu: Int
  /// Memory in MiB.
  public let memory: Int

  /// The memory sizes Fargate accepts for each CPU size.
  public static let validMemory: [(cpu: Int, memory: [Int])] = [
    (256, [512, 1024, 2048]),
    (512, Array(stride(from: 1024, through: 4096, by: 1024))),
    (1024, Array(stride(from: 2048, through: 8192, by: 1024))),
    (2048, Array(stride(from: 4096, through: 16384, by: 1024))),
    (4096, Array(stride(from: 8192, through: 30720, by: 1024))),
    (8192, Array(stride(from: 16384, through: 61440, by: 4096))),
    (16384, Array(stride(from: 32768, through: 122880, by: 8192))),
  ]

  /// A pair Fargate accepts, or `nil`.
  public init?(cpu: Int, memory: Int) {
    guard Self.validMemory.contains(where: { $0.cpu == cpu && $0.memory.contains(memory) }) else {
      return nil
    }
    self.cpu = cpu
    self.memory = memory
  }

  /// Half a vCPU and 1 GiB.
  public static let small = FargateSize(validatedCPU: 512, memory: 1024)

  private init(validatedCPU cpu: Int, memory: Int) {
    self.cpu = cpu
    self.memory = memory
  }

  /// What Fargate accepts for `cpu`, for error messages: `memory 1024-4096 in steps of 1024`.
  public static func allowed(forCPU cpu: Int) -> String {
    guard let sizes = validMemory.first(where: { $0.cpu == cpu })?.memory, let first = sizes.first,
      let last = sizes.last
    else {
      return "cpu must be one of " + validMemory.map { String($0.cpu) }.joined(separator: ", ")
    }
    if sizes.count == 3 && cpu == 256 { return "memory 512, 1024 or 2048 with cpu 256" }
    return "memory \(first)-\(last) in steps of \(sizes[1] - sizes[0]) with cpu \(cpu)"
  }

  /// `cpu 512, memory 1024`.
  public var description: String { "cpu \(cpu), memory \(memory)" }
}
