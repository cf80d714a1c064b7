import InfragenCore
import Testing

@Suite struct LogicalIDTests {
  @Test(arguments: ["Vpc", "PublicSubnet1", "A", String(repeating: "a", count: 255)])
  func acceptsAlphanumericIDs(_ id: String) {
    #expect(LogicalID(id).problem == nil)
  }

  @Test func rejectsEmpty() {
    #expect(LogicalID("").problem == "a logical ID cannot be empty")
  }

  @Test func rejectsTooLong() {
    let problem = LogicalID(String(repeating: "a", count: 256)).problem
    #expect(problem?.contains("256 characters long; at most 255 are allowed") == true)
  }

  @Test(arguments: [
    ("My-Bucket", "'My-Bucket' contains '-'; only ASCII letters and digits are allowed; did you mean 'MyBucket'?"),
    ("db_1", "'db_1' contains '_'; only ASCII letters and digits are allowed; did you mean 'db1'?"),
    ("Café", "'Café' contains 'é'; only ASCII letters and digits are allowed; did you mean 'Caf'?"),
    ("--", "'--' contains '-'; only ASCII letters and digits are allowed"),
  ])
  func rejectsOtherCharactersWithASuggestion(_ id: String, _ message: String) {
    #expect(LogicalID(id).problem == message)
  }

  @Test func ordersByBytesNotLocale() {
    let ids: [LogicalID] = ["b", "B", "a", "A1", "A"]
    #expect(ids.sorted().map(\.rawValue) == ["A", "A1", "B", "a", "b"])
  }

  @Test func interpolationBuildsIDs() {
    let zone = 2
    let id: LogicalID = "PublicSubnet\(zone)"
    #expect(id.rawValue == "PublicSubnet2")
  }
}
