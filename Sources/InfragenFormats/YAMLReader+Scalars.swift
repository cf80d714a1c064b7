import InfragenCore

/// YAML 1.1 scalar resolution, as CloudFormation applies it to plain (unquoted) scalars.
extension YAMLReader {
  /// The value of a plain scalar: null, a boolean, an integer, a number, or else a string.
  ///
  /// Null is `~`, `null`, `Null`, `NULL` or nothing. Booleans are `y n yes no on off true false`
  /// in lower, capitalised and upper case. Integers are decimal (`+1`, `1_000`), octal (`010`,
  /// `0o10`), hexadecimal (`0x1F`) or binary (`0b101`); one too large for `Int` is a number.
  /// Numbers have a fraction or an exponent (`1.5`, `.5`, `1e3`), or are `.inf`, `-.inf`, `.nan`.
  /// Timestamps (`2010-09-09`), sexagesimal numbers (`12:30`) and numerals too large for a
  /// double (`1e999`) stay strings.
  static func resolvePlain(_ text: String) -> TemplateValue {
    guard let first = text.utf8.first else { return .null }
    switch first {
    case YAMLByte.zero...YAMLByte.nine, YAMLByte.plus, YAMLByte.minus, YAMLByte.period:
      if let integer = integer(text) { return integer }
      if let number = float(text) { return .number(number) }
      return .string(text)
    case YAMLByte.tilde:
      return text.utf8.count == 1 ? .null : .string(text)
    case UInt8(ascii: "n"), UInt8(ascii: "N"):
      if isNull(text) { return .null }
      return boolean(text).map(TemplateValue.boolean) ?? .string(text)
    case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "t"), UInt8(ascii: "T"),
      UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8(ascii: "O"):
      return boolean(text).map(TemplateValue.boolean) ?? .string(text)
    default:
      return .string(text)
    }
  }

  /// Whether `text` is a YAML 1.1 null.
  static func isNull(_ text: String) -> Bool {
    switch text {
    case "", "~", "null", "Null", "NULL": return true
    default: return false
    }
  }

  /// The YAML 1.1 boolean `text` spells, if any. The one-letter forms (`y`, `N`) of the YAML 1.1
  /// type repository are strings, as CloudFormation's parser, PyYAML and cfn-lint read them.
  static func boolean(_ text: String) -> Bool? {
    guard text.utf8.count <= 5 else { return nil }
    switch text {
    case "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON": return true
    case "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF": return false
    default: return nil
    }
  }

  /// The YAML 1.1 integer `text` spells, if any: `.integer`, or `.number` when it does not fit
  /// in `Int`; `nil` when it does not fit in a finite double either.
  static func integer(_ text: String) -> TemplateValue? {
    let bytes = Array(text.utf8)
    guard !bytes.isEmpty else { return nil }
    var index = 0
    var negative = false
    if bytes[0] == YAMLByte.plus || bytes[0] == YAMLByte.minus {
      negative = bytes[0] == YAMLByte.minus
      index = 1
    }
    guard index < bytes.count else { return nil }
    let radix: Int
    var digitsStart = index
    if bytes[index] == YAMLByte.zero, index + 1 < bytes.count {
      switch bytes[index + 1] {
      case UInt8(ascii: "x"):
        radix = 16
        digitsStart = index + 2
      case UInt8(ascii: "o"):
        radix = 8
        digitsStart = index + 2
      case UInt8(ascii: "b"):
        radix = 2
        digitsStart = index + 2
      default:
        radix = 8
        digitsStart = index + 1
      }
    } else if YAMLByte.isDigit(bytes[index]) {
      radix = 10
    } else {
      return nil
    }
    var digits = 0
    var value = 0
    var overflow = false
    var approximate = 0.0
    for byte in bytes[digitsStart...] {
      if byte == YAMLByte.underscore { continue }
      let digit: Int
      switch byte {
      case YAMLByte.zero...YAMLByte.nine: digit = Int(byte - YAMLByte.zero)
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte - UInt8(ascii: "a")) + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(byte - UInt8(ascii: "A")) + 10
      default: return nil
      }
      guard digit < radix else { return nil }
      digits += 1
      approximate = approximate * Double(radix) + Double(digit)
      let (shifted, shiftOverflow) = value.multipliedReportingOverflow(by: radix)
      let (sum, sumOverflow) =
        negative
        ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
      if shiftOverflow || sumOverflow { overflow = true }
      value = sum
    }
    // `0` and `0_` are octal zero; a prefix needs digits after it.
    if digits == 0 {
      guard radix == 8, digitsStart == index + 1 else { return nil }
      return .integer(0)
    }
    if overflow {
      // Too large for `Int`: a number, as the JSON reader makes it; too large for a double, a string.
      let number =
        radix == 10
        ? Double(String(decoding: bytes.filter { $0 != YAMLByte.underscore }, as: UTF8.self))
        : (negative ? -approximate : approximate)
      guard let number, number.isFinite else { return nil }
      return .number(number)
    }
    return .integer(value)
  }

  /// The number `text` spells with a fraction or exponent (`1.5`, `.5`, `1.`, `1e3`, `1_000.5`),
  /// or `.inf`, `-.inf`, `.nan` in their three case forms; `nil` for anything else.
  static func float(_ text: String) -> Double? {
    let bytes = Array(text.utf8)
    guard !bytes.isEmpty else { return nil }
    var index = 0
    var negative = false
    if bytes[0] == YAMLByte.plus || bytes[0] == YAMLByte.minus {
      negative = bytes[0] == YAMLByte.minus
      index = 1
    }
    let rest = text.utf8.dropFirst(index)
    if rest.elementsEqual(".inf".utf8) || rest.elementsEqual(".Inf".utf8)
      || rest.elementsEqual(".INF".utf8)
    {
      return negative ? -.infinity : .infinity
    }
    if index == 0,
      rest.elementsEqual(".nan".utf8) || rest.elementsEqual(".NaN".utf8)
        || rest.elementsEqual(".NAN".utf8)
    {
      return .nan
    }
    var cleaned: [UInt8] = negative ? [YAMLByte.minus] : []
    var integerDigits = 0
    if index < bytes.count, YAMLByte.isDigit(bytes[index]) {
      while index < bytes.count,
        YAMLByte.isDigit(bytes[index]) || bytes[index] == YAMLByte.underscore
      {
        if bytes[index] != YAMLByte.underscore {
          cleaned.append(bytes[index])
          integerDigits += 1
        }
        index += 1
      }
    }
    var isFloat = false
    var fractionDigits = 0
    if index < bytes.count, bytes[index] == YAMLByte.period {
      isFloat = true
      index += 1
      cleaned.append(YAMLByte.period)
      if integerDigits == 0 {
        guard index < bytes.count, YAMLByte.isDigit(bytes[index]) else { return nil }
      }
      while index < bytes.count,
        YAMLByte.isDigit(bytes[index]) || bytes[index] == YAMLByte.underscore
      {
        if bytes[index] != YAMLByte.underscore {
          cleaned.append(bytes[index])
          fractionDigits += 1
        }
        index += 1
      }
      if fractionDigits == 0 { cleaned.append(YAMLByte.zero) }
    }
    guard integerDigits + fractionDigits > 0 else { return nil }
    if integerDigits == 0 { cleaned.insert(YAMLByte.zero, at: negative ? 1 : 0) }
    if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
      isFloat = true
      index += 1
      cleaned.append(UInt8(ascii: "e"))
      if index < bytes.count, bytes[index] == YAMLByte.plus || bytes[index] == YAMLByte.minus {
        cleaned.append(bytes[index])
        index += 1
      }
      var exponentDigits = 0
      while index < bytes.count, YAMLByte.isDigit(bytes[index]) {
        cleaned.append(bytes[index])
        exponentDigits += 1
        index += 1
      }
      guard exponentDigits > 0 else { return nil }
    }
    guard isFloat, index == bytes.count else { return nil }
    // A literal too large for a double stays a string rather than becoming an infinity.
    guard let number = Double(String(decoding: cleaned, as: UTF8.self)), number.isFinite else {
      return nil
    }
    return number
  }
}
