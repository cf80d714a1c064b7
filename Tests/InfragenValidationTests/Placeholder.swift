import Testing
@Test func placeholderInfragenValidationTests() {}
