import Testing
@Test func placeholderInfragenModelTests() {}
