import InfragenCore

/// Reading values out of templates written by anyone: typed where the value is static, and
/// explicit about what cannot be known before deployment.
enum Values {
  /// Every concrete form a value can take, taking both branches of each `Fn::If` (capped, so a
  /// hostile template cannot blow up). `AWS::NoValue` branches are dropped.
  static func variants(_ value: TemplateValue, limit: Int = 64) -> [TemplateValue] {
    switch value {
    case .intrinsic(.if(_, let whenTrue, let whenFalse)):
      var result: [TemplateValue] = []
      for branch in [whenTrue, whenFalse] where !isNoValue(branch) {
        result += variants(branch, limit: limit)
        if result.count >= limit { break }
      }
      return Array(result.prefix(limit))
    case .object(let fields):
      var partial: [Fields] = [Fields()]
      for field in fields {
        let options = variants(field.value, limit: limit)
        if options.isEmpty { continue }
        var next: [Fields] = []
        for base in partial {
          for option in options {
            var extended = base
            extended.appendUnchecked(field.key, option)
            next.append(extended)
            if next.count >= limit { break }
          }
          if next.count >= limit { break }
        }
        partial = next
      }
      return partial.map(TemplateValue.object)
    default:
      return [value]
    }
  }

  /// Every form a value takes when each condition it names is chosen once for the whole value:
  /// `FromPort: !If [c, 3306, 5432]` beside `ToPort: !If [c, 3306, 5432]` gives 3306-3306 and
  /// 5432-5432, never 3306-5432. Keys and list elements chosen as `AWS::NoValue` are dropped.
  static func branches(_ value: TemplateValue, limit: Int = 64) -> [TemplateValue] {
    var conditions: [String] = []
    func collect(_ value: TemplateValue) {
      switch value {
      case .intrinsic(.if(let condition, let whenTrue, let whenFalse)):
        if !conditions.contains(condition) { conditions.append(condition) }
        collect(whenTrue)
        collect(whenFalse)
      case .list(let items): items.forEach(collect)
      case .object(let fields): for field in fields { collect(field.value) }
      default: return
      }
    }
    collect(value)
    guard !conditions.isEmpty else { return [value] }
    let count = min(conditions.count, 6)
    func choose(_ value: TemplateValue, _ chosen: [String: Bool]) -> TemplateValue? {
      switch value {
      case .intrinsic(.if(let condition, let whenTrue, let whenFalse)):
        let branch = (chosen[condition] ?? true) ? whenTrue : whenFalse
        return isNoValue(branch) ? nil : choose(branch, chosen)
      case .list(let items): return .list(items.compactMap { choose($0, chosen) })
      case .object(let fields):
        var result = Fields()
        for field in fields { if let inner = choose(field.value, chosen) { result.appendUnchecked(field.key, inner) } }
        return .object(result)
      default: return value
      }
    }
    var result: [TemplateValue] = []
    for mask in 0..<(1 << count) {
      var chosen: [String: Bool] = [:]
      for (bit, condition) in conditions.prefix(count).enumerated() { chosen[condition] = mask & (1 << bit) == 0 }
      if let form = choose(value, chosen) { result.append(form) }
      if result.count >= limit { break }
    }
    return result
  }

  /// The items of a list as written, with their indexes: both branches of an `Fn::If` around the
  /// list are taken, items are not expanded (``branches(_:limit:)`` does that, consistently).
  static func items(_ value: TemplateValue?) -> [(index: Int, value: TemplateValue)] {
    guard let value else { return [] }
    switch value {
    case .intrinsic(.if(_, let whenTrue, let whenFalse)): return items(whenTrue) + items(whenFalse)
    case .list(let items): return items.enumerated().filter { !isNoValue($0.element) }.map { ($0.offset, $0.element) }
    default: return isNoValue(value) ? [] : [(0, value)]
    }
  }

  /// The elements of a list property, each branch of an `Fn::If` around an element counted.
  static func elements(_ value: TemplateValue?) -> [(index: Int, value: TemplateValue)] {
    guard let value else { return [] }
    var result: [(Int, TemplateValue)] = []
    for variant in variants(value) {
      switch variant {
      case .list(let items):
        for (index, item) in items.enumerated() {
          for option in variants(item) where !isNoValue(option) { result.append((index, option)) }
        }
      case let other where !isNoValue(other):
        result.append((0, other))
      default: break
      }
    }
    return result
  }

  /// Whether a value may be absent: `AWS::NoValue` itself, or an `Fn::If` with such a branch.
  static func mayBeAbsent(_ value: TemplateValue) -> Bool {
    if isNoValue(value) { return true }
    if case .intrinsic(.if(_, let whenTrue, let whenFalse)) = value {
      return mayBeAbsent(whenTrue) || mayBeAbsent(whenFalse)
    }
    return false
  }

  static func isNoValue(_ value: TemplateValue) -> Bool {
    if case .intrinsic(.ref("AWS::NoValue")) = value { return true }
    return false
  }

  /// A port or number written as an integer or a string; `nil` when it is not static.
  static func integer(_ value: TemplateValue?) -> Int? {
    switch value {
    case .integer(let number)?: return number
    case .string(let text)?: return Int(text.trimming(" "))
    case .number(let number)?: return Int(exactly: number)
    default: return nil
    }
  }

  /// A boolean written as `true` or `"true"` (any case); `nil` when it is not static.
  static func boolean(_ value: TemplateValue?) -> Bool? {
    switch value {
    case .boolean(let flag)?: return flag
    case .string(let text)?:
      switch text.lowercased() {
      case "true": return true
      case "false": return false
      default: return nil
      }
    default: return nil
    }
  }

  /// The logical ID a value points to through `Ref` or `Fn::GetAtt`, with the attribute if any.
  static func target(_ value: TemplateValue) -> (id: LogicalID, attribute: String?)? {
    switch value {
    case .intrinsic(.ref(let id)): return (LogicalID(id), nil)
    case .intrinsic(.getAtt(let id, let attribute)): return (LogicalID(id), attribute)
    default: return nil
    }
  }

  /// A short description of a value that is not static, for messages.
  static func describe(_ value: TemplateValue) -> String {
    switch value {
    case .string(let text): return "'\(text)'"
    case .integer(let number): return "\(number)"
    case .intrinsic(.ref(let id)): return "Ref '\(id)'"
    case .intrinsic(.getAtt(let id, let attribute)): return "Fn::GetAtt '\(id).\(attribute)'"
    case .intrinsic(let intrinsic): return intrinsic.name
    case .list: return "a list"
    case .object: return "a mapping"
    case .boolean(let flag): return "\(flag)"
    case .number(let number): return "\(number)"
    case .null: return "null"
    }
  }
}

extension String {
  func trimming(_ character: Character) -> Substring {
    var slice = self[...]
    while slice.first == character { slice = slice.dropFirst() }
    while slice.last == character { slice = slice.dropLast() }
    return slice
  }
}
