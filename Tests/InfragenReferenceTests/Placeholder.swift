import Testing
@Test func placeholderInfragenReferenceTests() {}
