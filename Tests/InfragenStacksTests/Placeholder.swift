import Testing
@Test func placeholderInfragenStacksTests() {}
