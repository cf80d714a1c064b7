import Testing
@Test func placeholderInfragenCoreTests() {}
