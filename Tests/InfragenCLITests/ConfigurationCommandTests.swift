import InfragenCore
import InfragenFormats
import InfragenStacks
import Testing

@testable import InfragenCLI

#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

@Suite struct InitCommandTests {
  @Test func writesTheStarterAndRefusesToOverwrite() throws {
    let fixtures = try Fixtures()
    let path = fixtures.directory.path + "/infragen.yaml"
    let first = InfragenCLI.run(["init", "--output", path])
    #expect(first.exitCode == .success)
    #expect(try String(decoding: Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self) == Configuration.starter)
    try Data("mine".utf8).write(to: URL(fileURLWithPath: path))
    let second = InfragenCLI.run(["init", "--output", path])
    #expect(second.exitCode == .usage)
    #expect(second.stderr == "\(path): error: already exists; pass --force to overwrite it\n")
    #expect(try String(decoding: Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self) == "mine")
    #expect(InfragenCLI.run(["init", "--output", path, "--force"]).exitCode == .success)
  }

  @Test func writesTheSchemaBesideTheStarterAndKeepsADifferentOne() throws {
    let fixtures = try Fixtures()
    let path = fixtures.directory.path + "/infragen.yaml"
    let schema = fixtures.directory.path + "/infragen.schema.json"
    let first = InfragenCLI.run(["init", "--output", path])
    #expect(first.exitCode == .success)
    #expect(first.stderr.hasPrefix("wrote \(path) and \(schema);"))
    #expect(
      try String(decoding: Data(contentsOf: URL(fileURLWithPath: schema)), as: UTF8.self)
        == SettingsDocuments.jsonSchema)
    try FileManager.default.removeItem(atPath: path)
    try Data("{}".utf8).write(to: URL(fileURLWithPath: schema))
    let refused = InfragenCLI.run(["init", "--output", path])
    #expect(refused.exitCode == .usage)
    #expect(
      refused.stderr
        == "\(schema): error: already exists and differs from this version's schema; pass --force to overwrite it\n")
    #expect(!FileManager.default.fileExists(atPath: path), "a refusal writes nothing")
    #expect(InfragenCLI.run(["init", "--output", path, "--force"]).exitCode == .success)
    #expect(try Data(contentsOf: URL(fileURLWithPath: schema)) == Data(SettingsDocuments.jsonSchema.utf8))
    let printed = InfragenCLI.run(["init", "--output", "-"])
    #expect(printed.stdout == Configuration.starter)
  }

  @Test func theStarterRendersTheReferenceStackAndItsEnvironmentsRenderToo() throws {
    let fixtures = try Fixtures()
    let path = try fixtures.write("infragen.yaml", Configuration.starter)
    #expect(InfragenCLI.run(["render", "--config", path]).stdout == InfragenCLI.run(["render"]).stdout)
    for environment in ["staging", "production"] {
      let result = InfragenCLI.run(["render", "--config", path, "--env", environment])
      #expect(result.exitCode == .success, "\(environment): \(result.stderr)")
    }
  }
}

@Suite struct ConfigurationCommandTests {
  @Test func errorsAreOneLineEachAllAtOnceExitTwoAndNothingIsWritten() throws {
    let fixtures = try Fixtures()
    let config = try fixtures.write(
      "bad.yaml", "service:\n  prot: 80\n  cpu: 256\n  memory: 4096\nnetwork: {vpcCidr: 10.0.0.1/16}\n")
    let output = fixtures.directory.path + "/stack.json"
    let result = InfragenCLI.run(["render", "--config", config, "--output", output])
    #expect(result.exitCode == .usage)
    #expect(result.stdout.isEmpty)
    #expect(
      result.stderr == """
        \(config):2:3: error: service.prot: unknown key; did you mean 'port'? (known keys: name, port, cpu, memory, count, scaling, healthCheckPath, environment, secrets)
        \(config):4:3: error: service.memory: cpu 256 with memory 4096 is not a Fargate task size (memory 512, 1024 or 2048 with cpu 256)
        \(config):5:11: error: network.vpcCidr: '10.0.0.1/16' has host bits set; did you mean '10.0.0.0/16'? (an IPv4 block such as 10.0.0.0/16)

        """)
    #expect(!FileManager.default.fileExists(atPath: output))
    for command in ["validate", "graph"] {
      #expect(InfragenCLI.run([command, "--config", config]).exitCode == .usage)
    }
  }

  @Test func anUnknownEnvironmentIsAnError() throws {
    let fixtures = try Fixtures()
    let config = try fixtures.write("infragen.yaml", Configuration.starter)
    let result = InfragenCLI.run(["render", "--config", config, "--env", "prod"])
    #expect(result.exitCode == .usage)
    #expect(result.stderr.contains("error: environments: no environment 'prod'"))
    #expect(result.stderr.contains("(available: staging, production)"))
  }

  @Test func envWithoutAConfigurationIsAUsageError() {
    let result = InfragenCLI.run(["validate", "--env", "staging", "--config", "/nonexistent/infragen.yaml"])
    #expect(result.exitCode == .usage)
    #expect(result.stderr == "/nonexistent/infragen.yaml: error: no such file\n")
  }

  @Test func aJSONConfigurationWorksToo() throws {
    let fixtures = try Fixtures()
    let config = try fixtures.write("infragen.json", #"{"service": {"port": 9000}, "slack": false}"#)
    let result = InfragenCLI.run(["render", "--config", config])
    #expect(result.exitCode == .success)
    #expect(result.stdout.contains("\"ContainerPort\": 9000"))
    #expect(!result.stdout.contains("AWS::Chatbot::SlackChannelConfiguration"))
  }

  @Test func validateAndGraphUseTheConfiguredStack() throws {
    let fixtures = try Fixtures()
    let config = try fixtures.write("infragen.yaml", "service: {port: 8443}\nnetwork: {availabilityZones: 3}\n")
    let validate = InfragenCLI.run(["validate", "--config", config])
    #expect(validate.exitCode == .success)
    #expect(validate.stdout == "0 errors, 0 warnings in 1 template (90 resources)\n")
    #expect(
      InfragenCLI.run(["graph", "--config", config]).stdout.contains(
        "LoadBalancer -- \"tcp 8443\" --> Service"))
  }
}

@Suite struct RenderCheckTests {
  @Test func anUpToDateFilePasses() throws {
    let fixtures = try Fixtures()
    let json = try fixtures.write("stack.json", InfragenCLI.run(["render"]).stdout)
    let yaml = try fixtures.write("stack.yaml", InfragenCLI.run(["render", "--format", "yaml"]).stdout)
    for file in [json, yaml] {
      let result = InfragenCLI.run(["render", "--check", file])
      #expect(result.exitCode == .success)
      #expect(result.stderr == "\(file) is up to date\n")
    }
  }

  @Test func aChangedFileFailsNamingTheResources() throws {
    let fixtures = try Fixtures()
    let config = try fixtures.write("infragen.yaml", "service: {count: {desired: 3}}\n")
    let file = try fixtures.write("stack.json", InfragenCLI.run(["render"]).stdout)
    let result = InfragenCLI.run(["render", "--check", file, "--config", config])
    #expect(result.exitCode == .findings)
    #expect(
      result.stdout == "~ Resources.Service.Properties.DesiredCount: 2 -> 3\n1 resource changed, 0 added, 0 removed\n")
    #expect(
      result.stderr
        == "\(file) differs from the render; to update it, run: infragen render --config \(config) --output \(file)\n")
  }

  @Test func theUpdateHintRepeatsTheOptionsAndRendersTheSameFile() throws {
    let fixtures = try Fixtures()
    let config = try fixtures.write("infragen.yaml", Configuration.starter)
    let file = try fixtures.write("stack.yaml", "Resources: {}\n")
    let result = InfragenCLI.run([
      "render", "--config", config, "--env", "staging", "--format", "yaml", "--check", file,
    ])
    #expect(result.exitCode == .findings)
    #expect(
      result.stderr.hasSuffix(
        "run: infragen render --config \(config) --env staging --format yaml --output \(file)\n"))
    #expect(
      InfragenCLI.run(["render", "--config", config, "--env", "staging", "--format", "yaml", "--output", file]).exitCode
        == .success)
    #expect(InfragenCLI.run(["render", "--config", config, "--env", "staging", "--check", file]).exitCode == .success)
  }

  @Test func theOutputExtensionChoosesYAMLAndYamlStyleNeedsYAML() throws {
    let fixtures = try Fixtures()
    let path = fixtures.directory.path + "/out.yaml"
    #expect(InfragenCLI.run(["render", "--output", path]).exitCode == .success)
    #expect(
      try String(decoding: Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        == InfragenCLI.run(["render", "--format", "yaml"]).stdout)
    let style = InfragenCLI.run(["render", "--yaml-style", "long"])
    #expect(style.exitCode == .usage)
    #expect(style.stderr.hasPrefix("Error: --yaml-style applies to YAML: add --format yaml\n"))
    #expect(RenderCommand.shellQuoted("a b's") == "'a b'\\''s'")
    #expect(RenderCommand.shellQuoted("Templates/stack.json") == "Templates/stack.json")
  }

  @Test func theSameTemplateWrittenDifferentlyStillFails() throws {
    let fixtures = try Fixtures()
    let compact = InfragenCLI.run(["render"]).stdout.replacing("\n  ", with: "\n ")
    let file = try fixtures.write("stack.json", compact)
    let result = InfragenCLI.run(["render", "--check", file])
    #expect(result.exitCode == .findings)
    #expect(result.stdout == "the same template, written differently (formatting or key order)\n")
  }

  @Test func anUnreadableFileIsExitTwo() throws {
    let fixtures = try Fixtures()
    let file = try fixtures.write("stack.json", "{\"Resources\": ")
    #expect(InfragenCLI.run(["render", "--check", file]).exitCode == .usage)
    #expect(InfragenCLI.run(["render", "--check", fixtures.directory.path + "/missing.json"]).exitCode == .usage)
    #expect(InfragenCLI.run(["render", "--check", file, "--output", "x.json"]).exitCode == .usage)
  }
}

@Suite struct YAMLInputTests {
  @Test func validateReadsYAMLAndPointsAtYAMLLines() throws {
    let fixtures = try Fixtures()
    var yaml = InfragenCLI.run(["render", "--format", "yaml"]).stdout
    yaml = yaml.replacing(
      "      GroupDescription: 'MySQL: port 3306 from the service only'\n",
      with:
        "      GroupDescription: 'MySQL: port 3306 from the service only'\n      SecurityGroupIngress:\n        - CidrIp: 0.0.0.0/0\n          FromPort: '3306'\n          IpProtocol: '6'\n          ToPort: 3306\n"
    )
    for name in ["stack.yaml", "stack.yml", "stack.template"] {
      let path = try fixtures.write(name, yaml)
      let result = InfragenCLI.run(["validate", path])
      #expect(result.exitCode == .findings)
      let line = yaml.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
        $0.hasSuffix("- CidrIp: 0.0.0.0/0")
      }.map { $0 + 1 }
      #expect(
        result.stdout.hasPrefix(
          "\(path):\(line ?? 0):11: error: [DatabaseIngressOnlyFromService] DatabaseSecurityGroup: ingress from '0.0.0.0/0' on tcp 3306"
        ), "\(result.stdout)")
    }
  }

  @Test func yamlBadInputIsOneLineAndExitTwo() throws {
    let fixtures = try Fixtures()
    for (name, text) in [
      ("anchors.yaml", "Resources:\n  A: &a\n    Type: AWS::SNS::Topic\n  B: *a\n"),
      ("tabs.yaml", "Resources:\n\tA:\n\t\tType: AWS::SNS::Topic\n"),
      ("two.yaml", "Resources: {}\n---\nResources: {}\n"),
      ("duplicate.yaml", "Resources:\n  A: {Type: AWS::SNS::Topic}\n  A: {Type: AWS::SNS::Topic}\n"),
    ] {
      let path = try fixtures.write(name, text)
      let result = InfragenCLI.run(["validate", path])
      #expect(result.exitCode == .usage, "\(name)")
      #expect(result.stderr.hasPrefix(path + ":"), "\(name): \(result.stderr)")
      #expect(result.stderr.filter { $0 == "\n" }.count == 1, "\(name)")
    }
  }
}
