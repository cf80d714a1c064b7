import InfragenCore
import Testing

@Suite struct FieldsTests {
  @Test func keepsInsertionOrder() {
    let fields: Fields = ["Zeta": 1, "Alpha": 2, "Mid": 3]
    #expect(fields.keys == ["Zeta", "Alpha", "Mid"])
  }

  @Test func assigningAnExistingKeyReplacesInPlace() {
    var fields: Fields = ["A": 1, "B": 2, "C": 3]
    fields["B"] = "two"
    #expect(fields.keys == ["A", "B", "C"])
    #expect(fields["B"] == "two")
  }

  @Test func assigningNilRemoves() {
    var fields: Fields = ["A": 1, "B": 2]
    fields["A"] = nil
    #expect(fields.keys == ["B"])
    fields["Missing"] = nil
    #expect(fields.count == 1)
  }

  @Test func newKeysGoLast() {
    var fields: Fields = ["B": 1]
    fields["A"] = 2
    #expect(fields.keys == ["B", "A"])
  }

  @Test func setIfPresentSkipsNil() {
    var fields = Fields()
    fields.setIfPresent("A", nil)
    fields.setIfPresent("B", true)
    #expect(fields.keys == ["B"])
  }

  @Test func equalityDependsOnOrder() {
    let a: Fields = ["A": 1, "B": 2]
    let b: Fields = ["B": 2, "A": 1]
    #expect(a != b)
  }
}

/// Did-you-mean: the closest candidate within the edit limit, whatever the candidates' lengths.
@Suite struct SuggestionTests {
  @Test func findsTheClosestWithinTheLimit() {
    #expect(Suggestion.closest(to: "prot", in: ["protocol", "port", "ports"]) == "port")
    #expect(Suggestion.closest(to: "validte", in: ["render", "validate", "graph"]) == "validate")
    #expect(Suggestion.closest(to: "Databse", in: ["DatabaseSecurityGroup", "Database", "Data"]) == "Database")
    #expect(Suggestion.closest(to: "x", in: ["render", "validate"]) == nil)
    #expect(Suggestion.closest(to: "WebServise", in: ["WebService", "WebServiceSecurityGroup"]) == "WebService")
  }

  @Test func comparesWithoutRegardToCaseOrScript() {
    #expect(Suggestion.closest(to: "DATABASE", in: ["Database"]) == "Database")
    #expect(Suggestion.closest(to: "Größe", in: ["Grösse", "Size"]) == "Grösse")
    #expect(Suggestion.closest(to: "cafe", in: ["café"]) == "café")
    #expect(Suggestion.closest(to: "café", in: ["cafe", "cafés"]) == "cafe")
  }
}

/// Work on every core, results in the order of the work, progress between batches.
@Suite struct ParallelTests {
  @Test func resultsKeepTheOrderOfTheWork() {
    let squares = Parallel.map(10_000) { $0 * $0 }
    #expect(squares == (0..<10_000).map { $0 * $0 })
    #expect(Parallel.map(0) { $0 }.isEmpty)
    #expect(Parallel.map(1) { $0 + 1 } == [1])
  }

  @Test func progressIsToldAfterEachBatchOnTheCallingThread() {
    var told: [Int] = []
    let values = Parallel.map(100, batch: 30, progress: { told.append($0) }) { String($0) }
    #expect(values == (0..<100).map(String.init))
    #expect(told == [30, 60, 90, 100])
  }

  /// Every item runs once, whatever thread takes it: each marks its own slot.
  @Test func everyItemRunsOnce() {
    let counts = Parallel.map(5_000) { index in (0..<(index % 7)).reduce(index) { $0 &+ $1 } }
    #expect(counts == (0..<5_000).map { index in (0..<(index % 7)).reduce(index) { $0 &+ $1 } })
  }

  /// A fork's work runs beside the caller; joining gives its result, again and again.
  @Test func aForkGivesItsResultWhenJoined() {
    let fork = Parallel.Fork { (0..<100_000).reduce(0, &+) }
    let here = (0..<1_000).reduce(0, &+)
    #expect(here == 499_500)
    #expect(fork.join() == 4_999_950_000)
    #expect(fork.join() == 4_999_950_000)
    // One never joined is joined when it goes, its work done.
    let results = (0..<8).map { index in Parallel.Fork { [String](repeating: "x", count: index) } }
    #expect(results.map { $0.join().count } == Array(0..<8))
    _ = Parallel.Fork { [Int](repeating: 1, count: 1_000) }
  }
}
