import Testing
@Test func placeholderInfragenFormatsTests() {}
