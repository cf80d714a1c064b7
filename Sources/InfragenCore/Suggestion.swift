/// Near-miss suggestions for mistyped names: "did you mean …?" in every error that names
/// something unknown (a command, an option, a template section, a rule).
public enum Suggestion {
  /// The candidate closest to `word`, ignoring case, when it is close enough to be a typo: one
  /// edit for words of up to four characters, otherwise two, or a quarter of the word's length.
  public static func closest(to word: String, in candidates: [String]) -> String? {
    let target = Array(word.lowercased().unicodeScalars)
    let limit = target.count <= 4 ? 1 : max(2, target.count / 4)
    var best: (word: String, distance: Int)?
    let ascii = word.utf8.allSatisfy { $0 < 0x80 }
    for candidate in candidates {
      // An edit changes the length by one at most: when both are ASCII (lowercasing keeps their
      // lengths), a candidate whose length differs by more than the limit is not close.
      if ascii, abs(candidate.utf8.count - target.count) > min(limit, best?.distance ?? limit),
        candidate.utf8.allSatisfy({ $0 < 0x80 })
      {
        continue
      }
      let distance = self.distance(target, Array(candidate.lowercased().unicodeScalars))
      if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
    }
    return best?.word
  }

  /// The edit distance between two sequences of scalars, counting a swap of two neighbours
  /// (`prot` for `port`) as one edit (optimal string alignment).
  static func distance(_ lhs: [Unicode.Scalar], _ rhs: [Unicode.Scalar]) -> Int {
    guard !lhs.isEmpty else { return rhs.count }
    guard !rhs.isEmpty else { return lhs.count }
    var beforePrevious = Array(repeating: 0, count: rhs.count + 1)
    var previous = Array(0...rhs.count)
    var current = previous
    for row in 1...lhs.count {
      current[0] = row
      for column in 1...rhs.count {
        let cost = lhs[row - 1] == rhs[column - 1] ? 0 : 1
        current[column] = min(previous[column] + 1, current[column - 1] + 1, previous[column - 1] + cost)
        if row > 1, column > 1, lhs[row - 1] == rhs[column - 2], lhs[row - 2] == rhs[column - 1] {
          current[column] = min(current[column], beforePrevious[column - 2] + 1)
        }
      }
      (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[rhs.count]
  }
}
