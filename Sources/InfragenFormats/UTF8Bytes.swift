/// UTF-8 at the byte level, shared by the JSON and YAML readers.
enum UTF8Bytes {
  /// The length of the well-formed UTF-8 sequence that starts at `index`, or `nil` when the
  /// bytes there are not one (a stray continuation byte, an overlong form, a surrogate, a
  /// truncated sequence, a code point past U+10FFFF).
  static func sequenceLength<Bytes: RandomAccessCollection<UInt8>>(in bytes: Bytes, at index: Int) -> Int?
  where Bytes.Index == Int {
    guard index < bytes.count else { return nil }
    let length: Int
    var lower: UInt8 = 0x80
    var upper: UInt8 = 0xBF
    switch bytes[index] {
    case 0x00...0x7F: return 1
    case 0xC2...0xDF: length = 2
    case 0xE0: (length, lower) = (3, 0xA0)
    case 0xE1...0xEC, 0xEE...0xEF: length = 3
    case 0xED: (length, upper) = (3, 0x9F)
    case 0xF0: (length, lower) = (4, 0x90)
    case 0xF1...0xF3: length = 4
    case 0xF4: (length, upper) = (4, 0x8F)
    default: return nil
    }
    guard index + length <= bytes.count else { return nil }
    for next in index + 1..<index + length {
      guard (lower...upper).contains(bytes[next]) else { return nil }
      (lower, upper) = (0x80, 0xBF)
    }
    return length
  }

  /// Appends the UTF-8 encoding of a code point.
  static func append(_ scalar: UInt32, to bytes: inout [UInt8]) {
    switch scalar {
    case ..<0x80:
      bytes.append(UInt8(scalar))
    case ..<0x800:
      bytes.append(UInt8(0xC0 | scalar >> 6))
      bytes.append(UInt8(0x80 | scalar & 0x3F))
    case ..<0x10000:
      bytes.append(UInt8(0xE0 | scalar >> 12))
      bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      bytes.append(UInt8(0x80 | scalar & 0x3F))
    default:
      bytes.append(UInt8(0xF0 | scalar >> 18 & 0x07))
      bytes.append(UInt8(0x80 | scalar >> 12 & 0x3F))
      bytes.append(UInt8(0x80 | scalar >> 6 & 0x3F))
      bytes.append(UInt8(0x80 | scalar & 0x3F))
    }
  }
}
