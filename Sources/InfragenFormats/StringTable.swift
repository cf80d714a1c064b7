/// The short strings of one read, each spelling made once: templates repeat their keys, types
/// and logical IDs thousands of times, and finding a spelling again costs less than making
/// (validating and, past 15 bytes, allocating) a new string, and the copies share their storage.
///
/// The table holds where in the input each spelling was first read, so a lookup compares bytes
/// of the input; the input must outlive the table.
struct StringTable {
  /// Spellings longer than this are made each time: long text is seldom repeated.
  static let longest = 48

  private let bytes: UnsafeBufferPointer<UInt8>
  /// For each slot: the spelling's hash, never 0 (0 marks an empty slot), where it starts in
  /// the input, how long it is, and the string.
  private var hashes: [UInt32]
  private var starts: [Int32]
  private var lengths: [Int32]
  private var strings: [String]
  private var count = 0

  init(over bytes: UnsafeBufferPointer<UInt8>, capacity: Int = 1024) {
    self.bytes = bytes
    hashes = Array(repeating: 0, count: capacity)
    starts = Array(repeating: 0, count: capacity)
    lengths = Array(repeating: 0, count: capacity)
    strings = Array(repeating: "", count: capacity)
  }

  /// The hash of a spelling, byte by byte (FNV-1a), as ``string(from:to:hash:)`` takes it.
  @inline(__always) static func mix(_ hash: UInt32, _ byte: UInt8) -> UInt32 { (hash ^ UInt32(byte)) &* 16_777_619 }
  /// The hash before the first byte.
  static let seed: UInt32 = 2_166_136_261

  /// The string of the ASCII bytes `start..<end` of the input, whose hash is `hash`.
  mutating func string(from start: Int, to end: Int, hash: UInt32) -> String {
    let length = end - start
    guard length <= Self.longest, end <= Int(Int32.max), let base = bytes.baseAddress else {
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
    let key = hash == 0 ? 1 : hash
    let mask = hashes.count - 1
    var slot = Int(key) & mask
    while hashes[slot] != 0 {
      if hashes[slot] == key, Int(lengths[slot]) == length,
        Self.same(base + Int(starts[slot]), base + start, length)
      {
        return strings[slot]
      }
      slot = (slot + 1) & mask
    }
    let made = String(decoding: UnsafeBufferPointer(start: base + start, count: length), as: UTF8.self)
    hashes[slot] = key
    starts[slot] = Int32(start)
    lengths[slot] = Int32(length)
    strings[slot] = made
    count += 1
    if count * 2 > hashes.count { grow() }
    return made
  }

  /// Whether two runs of `length` bytes are equal.
  @inline(__always) private static func same(
    _ lhs: UnsafePointer<UInt8>, _ rhs: UnsafePointer<UInt8>, _ length: Int
  ) -> Bool {
    for index in 0..<length where lhs[index] != rhs[index] { return false }
    return true
  }

  /// Doubles the slots, placing each spelling again by its hash.
  private mutating func grow() {
    var larger = StringTable(over: bytes, capacity: hashes.count * 2)
    let mask = larger.hashes.count - 1
    for index in hashes.indices where hashes[index] != 0 {
      var slot = Int(hashes[index]) & mask
      while larger.hashes[slot] != 0 { slot = (slot + 1) & mask }
      larger.hashes[slot] = hashes[index]
      larger.starts[slot] = starts[index]
      larger.lengths[slot] = lengths[index]
      larger.strings[slot] = strings[index]
    }
    larger.count = count
    self = larger
  }
}
