import Foundation
import InfragenCore
import InfragenFormats
import Testing

@testable import InfragenValidation

/// Flows, not roles: on a stack with several services, each service may reach only what it uses,
/// east-west calls are judged by what the caller names, and workloads of one tier keep out of
/// another's groups.
@Suite struct MultiServiceFlowTests {
  @Test func theCleanStackHasNoErrors() throws {
    let template = try MultiService.template()
    #expect(MultiService.errors(template).map(\.description) == [])
    let topology = Topology(template)
    #expect(topology.workloads.map(\.resource) == ["Lb", "Db", "Cache", "Web", "Api", "Worker"])
    #expect(topology.uses.uses["Api"]?.keys.sorted() == ["Cache", "Db"])
    #expect(topology.uses.uses["Worker"]?["Db"] == "uses the secret 'DbSecret' of 'Db'")
    #expect(topology.uses.uses["Web"]?["Api"] == "calls it by its service name 'api'")
    #expect(topology.wiring.targets(of: "Lb").map(\.target) == ["Web", "Api"])
  }

  @Test func aServiceReachingAStoreItDoesNotUseIsAnError() throws {
    for (group, port, rule) in [
      ("DbGroup", 5432, DatabaseIngressOnlyFromService.name), ("CacheGroup", 6379, CacheIngressOnlyFromService.name),
    ] {
      let template = try MultiService.template(
        adding: """
            WebToStore:
              Type: AWS::EC2::SecurityGroupIngress
              Properties: {GroupId: !Ref \(group), IpProtocol: tcp, FromPort: \(port), ToPort: \(port), SourceSecurityGroupId: !Ref WebGroup}
          """)
      let errors = MultiService.errors(template)
      #expect(errors.map(\.rule) == [rule])
      #expect(errors.first?.location.logicalID == "WebToStore")
      #expect(
        errors.first?.message.contains(
          "'Web' does not use '\(group == "DbGroup" ? "Db" : "Cache")': nothing in its task definition 'WebTask' references"
        )
          == true, "\(errors)")
    }
  }

  @Test func anEastWestCallIsAllowedByWhatTheCallerNamesOrByADeclaration() throws {
    // Without the Service Connect name in web's environment, web -> api is an error.
    let unnamed = try MultiService.template { $0.replacingOccurrences(of: "http://api:8080", with: "http://elsewhere") }
    let errors = MultiService.errors(unnamed)
    #expect(errors.map(\.rule) == [ServiceIngressOnlyFromLoadBalancer.name])
    #expect(errors.first?.location.logicalID == "ApiFromWeb")
    #expect(errors.first?.message.contains("'Web' does not use 'Api'") == true)
    // Declared in the template's metadata, it is allowed without a waiver.
    let declared = try MultiService.template {
      $0.replacingOccurrences(of: "http://api:8080", with: "http://elsewhere")
        .replacingOccurrences(
          of: "Parameters:\n",
          with: "Metadata:\n  infragen:\n    flows:\n      - {from: Web, to: Api, ports: [8080]}\nParameters:\n")
    }
    #expect(MultiService.errors(declared) == [])
    // The same declaration given as a policy (--policy FILE) is merged.
    let policy = FlowPolicy(flows: [.init(from: "Web", to: "Api", ports: [8080...8080], location: .init(nil))])
    #expect(MultiService.errors(unnamed, policy: policy) == [])
  }

  @Test(arguments: [
    (
      "Bastion", "AWS::EC2::Instance",
      "{ImageId: ami-12345678, SubnetId: !Ref PrivateA, SecurityGroupIds: [!Ref ApiGroup]}", "instance"
    ),
    (
      "Handler", "AWS::Lambda::Function",
      "{Runtime: python3.12, Handler: a.b, Role: arn:aws:iam::123456789012:role/r, Code: {ZipFile: x}, VpcConfig: {SecurityGroupIds: [!Ref ApiGroup], SubnetIds: [!Ref PrivateA]}}",
      "function"
    ),
    (
      "Internal", "AWS::ElasticLoadBalancingV2::LoadBalancer",
      "{Scheme: internal, Subnets: [!Ref PrivateA], SecurityGroups: [!Ref ApiGroup]}", "load balancer"
    ),
  ])
  func aWorkloadCarryingAServicesGroupIsAnError(_ id: String, _ type: String, _ properties: String, _ role: String)
    throws
  {
    let template = try MultiService.template(adding: "  \(id):\n    Type: \(type)\n    Properties: \(properties)\n")
    let errors = MultiService.errors(template).filter { $0.rule == WorkloadsCarryTheirOwnGroups.name }
    #expect(errors.map(\.location.logicalID) == [LogicalID(id)], "\(MultiService.errors(template))")
    #expect(
      errors.first?.message.hasPrefix("\(role) '\(id)' carries 'ApiGroup', the group of service 'Api'") == true,
      "\(errors)")
  }

  @Test func aDeclaredFlowThatCannotHappenIsAnError() throws {
    let template = try MultiService.template {
      $0.replacingOccurrences(
        of: "Parameters:\n",
        with:
          "Metadata:\n  infragen:\n    flows:\n      - {from: Web, to: Cache}\n      - {from: Api, to: Cache}\nParameters:\n"
      )
    }
    let errors = MultiService.errors(template)
    #expect(errors.map(\.rule) == [FlowIsDeclaredButBlocked.name])
    #expect(errors.first?.location.path == [.key("Metadata"), .key("infragen"), .key("flows"), .index(0)])
    #expect(errors.first?.position?.line == 5)
    #expect(
      errors.first?.message
        == "the declared flow from 'Web' to 'Cache' on tcp 6379 cannot happen: no ingress rule into the groups of 'Cache' ('CacheGroup') admits 'Web' there"
    )
  }

  @Test func exactModeAllowsOnlyDeclaredFlows() throws {
    let exact = { (flows: String) in
      try MultiService.template {
        $0.replacingOccurrences(
          of: "Parameters:\n", with: "Metadata:\n  infragen:\n    mode: exact\n    flows:\n\(flows)Parameters:\n")
      }
    }
    let none = try exact("      - {from: internet, to: Lb, ports: [443]}\n")
    let errors = MultiService.errors(none)
    #expect(errors.count == 6, "\(errors)")
    #expect(errors.allSatisfy { $0.message.contains("only declared flows are allowed (mode: exact)") })
    let all = try exact(
      """
            - {from: internet, to: Lb, ports: [443]}
            - {from: Lb, to: Web, ports: [3000]}
            - {from: Lb, to: Api, ports: [8080]}
            - {from: Web, to: Api}
            - {from: Api, to: Db}
            - {from: Worker, to: Db}
            - {from: Api, to: Cache}

      """)
    #expect(MultiService.errors(all) == [])
  }

  @Test func aMalformedDeclarationIsAnErrorWhereItIsWritten() throws {
    let template = try MultiService.template {
      $0.replacingOccurrences(
        of: "Parameters:\n",
        with:
          "Metadata:\n  infragen:\n    flows:\n      - {from: Web, to: Nowhere}\n      - {from: Web, ports: [http]}\nParameters:\n"
      )
    }
    let errors = Validator(rules: [DeclaredFlowsAreWellFormed.self]).validate(template)
    #expect(
      errors.map(\.message) == [
        "the flow's 'to' names 'Nowhere', which is no workload of the template, nor a group one carries",
        "ports must be numbers from 0 to 65535 or ranges such as '8000-8080'",
      ])
  }
}

/// Paths, not just groups: the internet reaches only what has a path from it; egress and network
/// ACLs remove flows; load balancers forward through listeners and rules.
@Suite struct PathTests {
  @Test func aPublicInstanceReachableFromTheInternetIsAnError() throws {
    let template = try MultiService.template(
      adding: """
          BastionGroup:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: b
              VpcId: !Ref Vpc
              SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}]
          Bastion:
            Type: AWS::EC2::Instance
            Properties:
              ImageId: ami-12345678
              NetworkInterfaces: [{DeviceIndex: "0", SubnetId: !Ref PublicA, AssociatePublicIpAddress: true, GroupSet: [!Ref BastionGroup]}]
        """)
    let errors = MultiService.errors(template)
    #expect(errors.map(\.rule) == [PublicIngressOnlyOnLoadBalancer.name])
    #expect(
      errors.first?.message.hasPrefix("ingress from the internet ('0.0.0.0/0') on tcp 22 into 'BastionGroup'") == true)
    #expect(
      errors.first?.message.contains("NetworkInterfaces[0].AssociatePublicIpAddress gives it a public IP") == true)
  }

  @Test func aPrivateInstanceOpenToEveryAddressIsACIDRFinding() throws {
    let template = try MultiService.template(
      adding: """
          BoxGroup:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: b
              VpcId: !Ref Vpc
              SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}]
          Box:
            Type: AWS::EC2::Instance
            Properties: {ImageId: ami-12345678, SubnetId: !Ref PrivateA, SecurityGroupIds: [!Ref BoxGroup]}
        """)
    let errors = MultiService.errors(template)
    #expect(errors.map(\.rule) == [FlowsAreAllowed.name])
    #expect(errors.first?.message.contains("'Box' has no path from the internet") == true)
  }

  @Test func anInternalLoadBalancersOpenBlockIsNotTheInternet() throws {
    let template = try MultiService.template(
      adding: """
          InnerGroup:
            Type: AWS::EC2::SecurityGroup
            Properties:
              GroupDescription: inner
              VpcId: !Ref Vpc
              SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}]
          Inner:
            Type: AWS::ElasticLoadBalancingV2::LoadBalancer
            Properties: {Scheme: internal, Subnets: [!Ref PrivateA], SecurityGroups: [!Ref InnerGroup]}
          InnerHttp:
            Type: AWS::ElasticLoadBalancingV2::Listener
            Properties: {LoadBalancerArn: !Ref Inner, Port: 80, Protocol: HTTP, DefaultActions: [{Type: forward, TargetGroupArn: !Ref ApiTargets}]}
        """)
    #expect(MultiService.errors(template) == [])
    let flows = Topology(template).flows.flows.filter { $0.target == "Inner" }
    #expect(flows.map(\.source) == [.cidr("0.0.0.0/0")])
  }

  @Test func aUDPListenerAllowsUDP() throws {
    let template = try MultiService.template {
      $0.replacingOccurrences(
        of: "SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}]",
        with:
          "SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}, {IpProtocol: udp, FromPort: 53, ToPort: 53, CidrIp: 0.0.0.0/0}]"
      )
    }
    #expect(MultiService.errors(template).map(\.rule) == [PublicIngressOnlyOnLoadBalancer.name])
    let withListener = try MultiService.template {
      $0.replacingOccurrences(
        of: "SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}]",
        with:
          "SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}, {IpProtocol: udp, FromPort: 53, ToPort: 53, CidrIp: 0.0.0.0/0}]"
      )
        + "\n  Dns:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Properties: {LoadBalancerArn: !Ref Lb, Port: 53, Protocol: UDP, DefaultActions: [{Type: forward, TargetGroupArn: !Ref ApiTargets}]}\n"
    }
    #expect(MultiService.errors(withListener) == [])
  }

  @Test func closedEgressBlocksADeclaredFlow() throws {
    let declared =
      "Metadata:\n  infragen:\n    flows:\n      - {from: Web, to: Api, ports: [8080]}\nParameters:\n"
    let open = try MultiService.template { $0.replacingOccurrences(of: "Parameters:\n", with: declared) }
    #expect(MultiService.errors(open) == [])
    let closed = try MultiService.template {
      $0.replacingOccurrences(of: "Parameters:\n", with: declared)
        .replacingOccurrences(
          of: "WebGroup: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: web, VpcId: !Ref Vpc}}",
          with:
            "WebGroup: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: web, VpcId: !Ref Vpc, SecurityGroupEgress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}]}}"
        )
    }
    // 443 to any address lets web out to api's... no: api listens on 8080, so the flow is blocked.
    let errors = MultiService.errors(closed)
    #expect(errors.map(\.rule) == [FlowIsDeclaredButBlocked.name])
    #expect(errors.first?.message.contains("the egress of 'Web' does not let it out") == true, "\(errors)")
    #expect(Topology(closed).flows.flows.contains { $0.source == .workload("Web") } == false)
  }

  @Test func aNetworkACLThatDeniesAFlowRemovesIt() throws {
    let declared = "Metadata:\n  infragen:\n    flows:\n      - {from: Api, to: Db}\nParameters:\n"
    let acl = """
        Acl: {Type: AWS::EC2::NetworkAcl, Properties: {VpcId: !Ref Vpc}}
        AclA: {Type: AWS::EC2::SubnetNetworkAclAssociation, Properties: {SubnetId: !Ref PrivateA, NetworkAclId: !Ref Acl}}
        AclB: {Type: AWS::EC2::SubnetNetworkAclAssociation, Properties: {SubnetId: !Ref PrivateB, NetworkAclId: !Ref Acl}}
        DenyPostgres:
          Type: AWS::EC2::NetworkAclEntry
          Properties: {NetworkAclId: !Ref Acl, RuleNumber: 100, Protocol: 6, RuleAction: deny, CidrBlock: 10.0.0.0/16, PortRange: {From: 5432, To: 5432}}
        AllowRest:
          Type: AWS::EC2::NetworkAclEntry
          Properties: {NetworkAclId: !Ref Acl, RuleNumber: 200, Protocol: -1, RuleAction: allow, CidrBlock: 0.0.0.0/0}
      """
    let template = try MultiService.template {
      $0.replacingOccurrences(of: "Parameters:\n", with: declared) + "\n" + acl
    }
    let topology = Topology(template)
    #expect(!topology.flows.flows.contains { $0.target == "Db" })
    #expect(
      topology.flows.blocked.first { $0.flow.target == "Db" }?.reason.contains("'DenyPostgres' (rule 100") == true)
    let errors = MultiService.errors(template)
    #expect(errors.map(\.rule) == [FlowIsDeclaredButBlocked.name])
    // An allow before the deny keeps the flow.
    let allowed = try MultiService.template {
      $0 + "\n" + acl.replacingOccurrences(of: "RuleNumber: 200", with: "RuleNumber: 50")
    }
    #expect(Topology(allowed).flows.flows.contains { $0.target == "Db" })
  }
}

/// Rules are read branch by branch, as CloudFormation will see them.
@Suite struct BranchTests {
  @Test func theWorldOpenBranchBesideAGroupBranchIsReported() throws {
    let template = try MultiService.template {
      $0.replacingOccurrences(of: "Resources:\n", with: "Conditions:\n  Shared: !Equals [a, b]\nResources:\n")
        .replacingOccurrences(
          of: "- {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref WorkerGroup}",
          with:
            "- {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !If [Shared, !Ref WorkerGroup, !Ref AWS::NoValue], CidrIp: !If [Shared, !Ref AWS::NoValue, 0.0.0.0/0]}"
        )
    }
    let errors = MultiService.errors(template)
    #expect(errors.map(\.rule) == [DatabaseIngressOnlyFromService.name], "\(errors)")
    #expect(errors.first?.message.hasPrefix("ingress from '0.0.0.0/0' on tcp 5432") == true)
  }

  @Test func fromPortAndToPortChosenByOneConditionAreOneRange() throws {
    let template = try MultiService.template {
      $0.replacingOccurrences(of: "Resources:\n", with: "Conditions:\n  Pg: !Equals [a, b]\nResources:\n")
        .replacingOccurrences(
          of: "- {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref ApiGroup}",
          with:
            "- {IpProtocol: tcp, FromPort: !If [Pg, 5432, 3306], ToPort: !If [Pg, 5432, 3306], SourceSecurityGroupId: !Ref ApiGroup}"
        )
    }
    let ranges = Topology(template).rules.filter { $0.location.logicalID == "DbGroup" }.map(\.portDescription)
    #expect(ranges == ["tcp 5432", "tcp 3306", "tcp 5432"])
    // The 3306 branch is off the database's port: one error, never a tcp 3306-5432 range.
    let errors = MultiService.errors(template)
    #expect(errors.map(\.message).allSatisfy { !$0.contains("3306-5432") })
    #expect(errors.count == 1)
  }

  @Test func portsFromOneMappingEntryAreOneRange() throws {
    let template = try MultiService.template {
      $0.replacingOccurrences(
        of: "Resources:\n",
        with:
          "Mappings:\n  Ports:\n    pg: {From: 5432, To: 5432}\n    my: {From: 3306, To: 3306}\nResources:\n"
      )
      .replacingOccurrences(
        of: "Certificate: {Type: String}", with: "Certificate: {Type: String}\n  Engine: {Type: String}"
      )
      .replacingOccurrences(
        of: "- {IpProtocol: tcp, FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: !Ref ApiGroup}",
        with:
          "- {IpProtocol: tcp, FromPort: !FindInMap [Ports, !Ref Engine, From], ToPort: !FindInMap [Ports, !Ref Engine, To], SourceSecurityGroupId: !Ref ApiGroup}"
      )
    }
    let ranges = Topology(template).rules.filter { $0.location.logicalID == "DbGroup" }.map(\.portDescription)
    #expect(ranges == ["tcp 5432", "tcp 3306", "tcp 5432"])
  }
}

/// Templates given together are one network: imports resolve to the others' exports.
@Suite struct CrossStackTests {
  static let environment = """
    Resources:
      Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
      PrivateA: {Type: AWS::EC2::Subnet, Properties: {VpcId: !Ref Vpc, CidrBlock: 10.0.8.0/24}}
      LbGroup:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: lb
          VpcId: !Ref Vpc
          SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}]
      Lb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Subnets: [!Ref PrivateA], SecurityGroups: [!Ref LbGroup]}}
      Targets: {Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: {Port: 8080, Protocol: HTTP, TargetType: ip, VpcId: !Ref Vpc}}
      Https:
        Type: AWS::ElasticLoadBalancingV2::Listener
        Properties: {LoadBalancerArn: !Ref Lb, Port: 443, Protocol: HTTPS, DefaultActions: [{Type: forward, TargetGroupArn: !Ref Targets}]}
    Outputs:
      LbGroup: {Value: !GetAtt LbGroup.GroupId, Export: {Name: !Sub "${AWS::StackName}-LbGroup"}}
      Targets: {Value: !Ref Targets, Export: {Name: !Sub "${AWS::StackName}-Targets"}}
      PrivateA: {Value: !Ref PrivateA, Export: {Name: !Sub "${AWS::StackName}-PrivateA"}}
    """

  static func service(port: Int = 8080) -> String {
    """
    Parameters:
      EnvStack: {Type: String, Default: env}
    Resources:
      AppGroup:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: app
          SecurityGroupIngress:
            - {IpProtocol: tcp, FromPort: \(port), ToPort: \(port), SourceSecurityGroupId: !ImportValue {"Fn::Sub": "${EnvStack}-LbGroup"}}
      App:
        Type: AWS::ECS::Service
        Properties:
          LoadBalancers: [{ContainerName: app, ContainerPort: 8080, TargetGroupArn: !ImportValue {"Fn::Sub": "${EnvStack}-Targets"}}]
          NetworkConfiguration:
            AwsvpcConfiguration:
              SecurityGroups: [!Ref AppGroup]
              Subnets: [!ImportValue {"Fn::Sub": "${EnvStack}-PrivateA"}]
    """
  }

  static func read(_ text: String, _ file: String) throws -> Template {
    try YAMLReader.readTemplate(Array(text.utf8), file: file)
  }

  @Test func anImportedGroupIsUnknownAloneAndKnownTogether() throws {
    let service = try Self.read(Self.service(), "api.yaml")
    let alone = Validator().validate(service)
    #expect(alone.filter { $0.rule == SourcesAreResolvable.name }.map(\.severity) == [.warning])
    #expect(alone.filter { $0.severity == .error } == [])
    let environment = try Self.read(Self.environment, "env.yaml")
    let together = Validator().validate(stacks: [environment, service])
    #expect(together.count == 2)
    #expect(together[1].filter { $0.rule == SourcesAreResolvable.name } == [], "\(together[1])")
    #expect(together.flatMap { $0 }.filter { $0.severity == .error } == [], "\(together)")
  }

  @Test func anImportNoTemplateGivenExportsSaysSo() throws {
    let environment = try Self.read(Self.environment, "env.yaml")
    let misspelt = try Self.read(Self.service().replacingOccurrences(of: "-LbGroup", with: "-LbGrop"), "api.yaml")
    let alone = Validator().validate(misspelt).filter { $0.rule == SourcesAreResolvable.name }
    #expect(alone.first?.message.contains("validate the stack that declares it alongside this one") == true)
    let together = Validator().validate(stacks: [environment, misspelt])[1].filter {
      $0.rule == SourcesAreResolvable.name
    }
    #expect(together.map(\.severity) == [.warning])
    #expect(
      together.first?.message.hasSuffix(
        "none of the templates given exports it: check the export's name, or declare it as an external group with the flows it may have (Metadata.infragen.flows, from: ${EnvStack}-LbGrop)"
      ) == true, "\(together)")
  }

  /// Both stacks name the scope parameter alike (as per-service stacks do): the other stack's
  /// import is read with its own parameters, so a rule it holds on this stack's group counts here.
  @Test func anImportOfAnotherStackIsReadWithThatStacksParameters() throws {
    let store = """
      Parameters:
        Scope: {Type: String, Default: shop}
      Resources:
        Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}
        DbGroup: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: db, VpcId: !Ref Vpc}}
        Db: {Type: AWS::RDS::DBInstance, Properties: {Engine: mysql, PubliclyAccessible: false, VPCSecurityGroups: [!Ref DbGroup]}}
      Outputs:
        DbGroup: {Value: !Ref DbGroup, Export: {Name: !Sub "${Scope}-DbGroup"}}
        Vpc: {Value: !Ref Vpc, Export: {Name: !Sub "${Scope}-Vpc"}}
      """
    let app = """
      Parameters:
        Scope: {Type: String, Default: shop}
      Resources:
        AppGroup: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: app, VpcId: !ImportValue {"Fn::Sub": "${Scope}-Vpc"}}}
        DbFromApp:
          Type: AWS::EC2::SecurityGroupIngress
          Properties: {GroupId: !ImportValue {"Fn::Sub": "${Scope}-DbGroup"}, IpProtocol: tcp, FromPort: 3306, ToPort: 3306, SourceSecurityGroupId: !Ref AppGroup}
        App:
          Type: AWS::ECS::Service
          Properties: {NetworkConfiguration: {AwsvpcConfiguration: {SecurityGroups: [!Ref AppGroup]}}}
      """
    let declared = "Metadata: {infragen: {flows: [{from: App, to: Db, ports: [3306]}], mode: exact}}\n"
    let together = Validator(.isolation).validate(
      stacks: [try Self.read(declared + store, "store.yaml"), try Self.read(declared + app, "app.yaml")])
    #expect(together.flatMap { $0 }.filter { $0.severity == .error } == [], "\(together)")
    let blocked = Validator(.isolation).validate(
      stacks: [
        try Self.read(declared + store, "store.yaml"),
        try Self.read(
          declared + app.replacingOccurrences(of: "3306, ToPort: 3306", with: "3307, ToPort: 3307"), "app.yaml"),
      ])
    #expect(blocked[0].map(\.rule).contains(FlowIsDeclaredButBlocked.name), "\(blocked[0])")
  }

  @Test func aFlowAcrossStacksIsJudgedAndReportedOnItsOwnTemplate() throws {
    let environment = try Self.read(Self.environment, "env.yaml")
    let service = try Self.read(Self.service(port: 22), "api.yaml")
    let together = Validator().validate(stacks: [environment, service])
    #expect(together[0].filter { $0.severity == .error } == [])
    let errors = together[1].filter { $0.severity == .error }
    #expect(errors.map(\.rule) == [ServiceIngressOnlyFromLoadBalancer.name])
    #expect(errors.first?.location.logicalID == "AppGroup")
    #expect(errors.first?.message.contains("'Lb' forwards to 'App' only on tcp 8080") == true, "\(errors)")
    #expect(errors.first?.position?.line == 9)
  }

  @Test func anExportedGroupNoWorkloadHereCarriesIsAnotherStacksAndAWarning() throws {
    let environment = """
      Resources:
        EnvGroup: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: env}}
        FsGroup:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: fs
            SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 2049, ToPort: 2049, SourceSecurityGroupId: !Ref EnvGroup}]
        Fs: {Type: AWS::EFS::MountTarget, Properties: {FileSystemId: fs-1, SubnetId: subnet-1, SecurityGroups: [!Ref FsGroup]}}
      Outputs:
        EnvGroup: {Value: !Ref EnvGroup, Export: {Name: env-EnvGroup}}
      """
    let alone = Validator().validate(try Self.read(environment, "env.yaml"))
    #expect(alone.filter { $0.severity == .error } == [], "\(alone)")
    #expect(alone.filter { $0.rule == SourcesAreResolvable.name }.map(\.severity) == [.warning])
    // Unexported, the same group is the template's own and carried by nothing: an error.
    let unexported = Validator().validate(
      try Self.read(String(environment.prefix { $0 != "O" }), "env.yaml"))
    #expect(unexported.filter { $0.severity == .error }.map(\.rule) == [FlowsAreAllowed.name])
  }

  @Test func aDeclaredExternalGroupNeedsNoWaiver() throws {
    let text = """
      Metadata:
        infragen:
          flows: [{from: LbGroupParam, to: App, ports: [8080]}]
      Parameters:
        LbGroupParam: {Type: AWS::EC2::SecurityGroup::Id}
      Resources:
        AppGroup:
          Type: AWS::EC2::SecurityGroup
          Properties:
            GroupDescription: app
            SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: !Ref LbGroupParam}]
        App:
          Type: AWS::ECS::Service
          Properties: {NetworkConfiguration: {AwsvpcConfiguration: {SecurityGroups: [!Ref AppGroup]}}}
      """
    let findings = Validator().validate(try Self.read(text, "app.yaml"))
    #expect(findings.filter { $0.rule == SourcesAreResolvable.name } == [])
    #expect(findings.filter { $0.severity == .error } == [], "\(findings)")
    let exact = Validator().validate(
      try Self.read(
        text.replacingOccurrences(of: "flows: [{from: LbGroupParam", with: "mode: exact\n    flows: [{from: Other"),
        "app.yaml"))
    #expect(exact.filter { $0.rule == SourcesAreResolvable.name }.map(\.severity) == [.error])
  }
}

/// A task EventBridge starts on a schedule is a workload: its rule carries the task's groups, and
/// it uses what its task definition names, like a service.
@Suite struct ScheduledTaskFlowTests {
  static func rule(groups: String, task: String = "ReportTask") -> String {
    """
      ReportGroup: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: report, VpcId: !Ref Vpc}}
      ReportTask:
        Type: AWS::ECS::TaskDefinition
        Properties:
          ContainerDefinitions:
            - Name: report
              Image: !Ref Image
              Secrets: [{Name: DB_PASSWORD, ValueFrom: !Sub "${DbSecret}:password::"}]
      PlainTask:
        Type: AWS::ECS::TaskDefinition
        Properties: {ContainerDefinitions: [{Name: plain, Image: !Ref Image}]}
      Nightly:
        Type: AWS::Events::Rule
        Properties:
          ScheduleExpression: cron(0 3 * * ? *)
          Targets:
            - Id: Task
              Arn: arn:aws:ecs:us-east-1:111111111111:cluster/c
              EcsParameters:
                TaskDefinitionArn: !Ref \(task)
                NetworkConfiguration:
                  AwsVpcConfiguration: {SecurityGroups: [\(groups)], Subnets: [!Ref PrivateA]}
      DbFromReport:
        Type: AWS::EC2::SecurityGroupIngress
        Properties: {GroupId: !Ref DbGroup, SourceSecurityGroupId: !Ref ReportGroup, IpProtocol: tcp, FromPort: 5432, ToPort: 5432}
      OtherRule:
        Type: AWS::Events::Rule
        Properties: {ScheduleExpression: rate(1 hour), Targets: [{Id: Fn, Arn: arn:aws:lambda:us-east-1:111111111111:function:f}]}
    """
  }

  @Test func aScheduledTaskReachingWhatItUsesIsClean() throws {
    let template = try MultiService.template(adding: Self.rule(groups: "!Ref ReportGroup"))
    #expect(MultiService.errors(template).map(\.description) == [])
    let topology = Topology(template)
    #expect(topology.workloads.map(\.resource).contains("Nightly"))
    #expect(!topology.workloads.map(\.resource).contains("OtherRule"), "a rule with no ECS task is no workload")
    #expect(topology.uses.uses["Nightly"]?["Db"] == "uses the secret 'DbSecret' of 'Db'")
  }

  @Test func aScheduledTaskReachingAStoreItDoesNotUseIsAnError() throws {
    let template = try MultiService.template(adding: Self.rule(groups: "!Ref ReportGroup", task: "PlainTask"))
    let errors = MultiService.errors(template)
    #expect(errors.map(\.rule) == [DatabaseIngressOnlyFromService.name])
    #expect(errors.first?.location.logicalID == "DbFromReport")
    #expect(errors.first?.message.contains("'Nightly'") == true, "\(errors)")
  }
}
