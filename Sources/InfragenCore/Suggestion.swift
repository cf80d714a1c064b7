/// Near-miss suggestions for mistyped names: "did you mean …?" in every error that names
/// something unknown (a command, an option, a template section, a rule).
public enum Suggestion {
  /// The candidate closest to `word`, ignoring case, when it is close enough to be a typo: one
  /// edit for words of up to four characters, otherwise two, or a quarter of the word's length.
  public static func closest(to word: String, in candidates: [String]) -> String? {
    let target = Array(word.lowercased().unicodeScalars)
    let limit = target.count <= 4 ? 1 : max(2, target.count / 4)
    var best: (word: String, distance: Int)?
    for candidate in candidates {
      let distance = self.distance(target, Array(candidate.lowercased().unicodeScalars))
      if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
    }
    return best?.word
  }

  /// The Levenshtein distance between two sequences of scalars.
  static func distance(_ lhs: [Unicode.Scalar], _ rhs: [Unicode.Scalar]) -> Int {
    guard !lhs.isEmpty else { return rhs.count }
    guard !rhs.isEmpty else { return lhs.count }
    var previous = Array(0...rhs.count)
    var current = previous
    for (row, left) in lhs.enumerated() {
      current[0] = row + 1
      for (column, right) in rhs.enumerated() {
        current[column + 1] = min(previous[column + 1] + 1, current[column] + 1, previous[column] + (left == right ? 0 : 1))
      }
      swap(&previous, &current)
    }
    return previous[rhs.count]
  }
}
