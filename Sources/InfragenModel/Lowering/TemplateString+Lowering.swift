import InfragenCore

extension TemplateString {
  /// The simplest template value with this meaning: a string, a `Ref`, an `Fn::GetAtt`, or an `Fn::Sub`.
  public var value: TemplateValue {
    switch segments.count {
    case 0: return .string("")
    case 1:
      switch segments[0] {
      case .literal(let text): return .string(text)
      case .ref(let id): return .intrinsic(.ref(id))
      case .getAtt(let id, let name): return .intrinsic(.getAtt(id, name))
      }
    default:
      var text = ""
      for segment in segments {
        switch segment {
        case .literal(let literal): text += literal.replacing("${", with: "${!")
        case .ref(let id): text += "${\(id)}"
        case .getAtt(let id, let name): text += "${\(id).\(name)}"
        }
      }
      return .intrinsic(.sub(text, Fields()))
    }
  }
}

extension Sequence where Element == TemplateString {
  /// The strings' values as a list.
  var values: TemplateValue { .list(map(\.value)) }
}

extension Sequence where Element == Tag {
  /// `[{"Key": …, "Value": …}]`, or `nil` when there are none.
  var lowered: TemplateValue? {
    let tags = map { TemplateValue.object(["Key": .string($0.key), "Value": $0.value.value]) }
    return tags.isEmpty ? nil : .list(tags)
  }
}
