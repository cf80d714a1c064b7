import Testing
@Test func placeholderInfragenCLITests() {}
