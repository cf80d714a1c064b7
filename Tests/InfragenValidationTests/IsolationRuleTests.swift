import InfragenCore
import InfragenFormats
import Testing

@testable import InfragenValidation

@Suite struct CleanTemplateTests {
  @Test func theCleanChainHasNoFindings() throws {
    #expect(Validator(rules: Validator.isolationRules + Validator.waiverRules).validate(try Chain.template()) == [])
  }

  @Test func rolesComeFromWiringNotNames() throws {
    let topology = Topology(try Chain.template())
    #expect(topology.groups(of: .loadBalancer) == ["LbGroup"])
    #expect(topology.groups(of: .service) == ["AppGroup"])
    #expect(topology.groups(of: .database) == ["DbGroup"])
    #expect(topology.workloads(.database).first?.ports == [5432])
    #expect(topology.workloads(.service).first?.ports == [8080])
    #expect(topology.workloads(.loadBalancer).first?.ports == [443])
    #expect(topology.publicSubnets.keys.sorted() == ["EdgeA"])
  }
}

@Suite struct PublicIngressOnlyOnLoadBalancerTests {
  let rule = PublicIngressOnlyOnLoadBalancer.self

  @Test func keepsHTTPSFromTheInternetToTheLoadBalancer() throws {
    #expect(Chain.findings(try Chain.template(), rule) == [])
  }

  @Test func breaksOnAPortTheLoadBalancerDoesNotListenOn() throws {
    let template = try Chain.template {
      $0.addIngress("LbGroup", ["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"])
    }
    let findings = Chain.findings(template, rule)
    #expect(findings.map(\.location.description) == ["LbGroup.Properties.SecurityGroupIngress[1]"])
    #expect(
      findings.first?.message
        == "ingress from the internet ('0.0.0.0/0') on tcp 22 into 'LbGroup', the group of load balancer 'Lb'; the internet may reach 'Lb' only on its listener ports, tcp 443"
    )
  }

  @Test func breaksOnIPv6InternetIntoAnUnattachedGroup() throws {
    let template = try Chain.template {
      $0.add(
        "Bastion", "AWS::EC2::SecurityGroup",
        [
          "GroupDescription": "b",
          "SecurityGroupIngress": [["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIpv6": "::/0"]],
        ])
    }
    let findings = Chain.findings(template, rule)
    #expect(findings.map(\.location.logicalID) == ["Bastion"])
    #expect(findings.first?.message.contains("which no internet-facing load balancer carries") == true)
  }

  @Test func breaksOnEveryProtocolEvenOnTheLoadBalancer() throws {
    let template = try Chain.template {
      $0.addIngress("LbGroup", ["IpProtocol": "-1", "CidrIp": "0.0.0.0/0"])
    }
    #expect(Chain.findings(template, rule).first?.message.contains("all protocols and ports") == true)
  }

  @Test func breaksOnAStandaloneRuleIntoAnUnresolvableGroup() throws {
    func template(port: Int) throws -> Template {
      try Chain.template {
        $0.add(
          "Open", "AWS::EC2::SecurityGroupIngress",
          [
            "GroupId": "sg-0abc", "IpProtocol": "tcp", "FromPort": .integer(port), "ToPort": .integer(port),
            "CidrIp": "0.0.0.0/0",
          ])
      }
    }
    #expect(Chain.findings(try template(port: 22), rule).map(\.location.logicalID) == ["Open"])
    // HTTPS into a group of another stack is its load balancer's: a warning that the group is not known.
    #expect(Chain.findings(try template(port: 443), rule) == [])
    #expect(
      Chain.findings(try template(port: 443), SourcesAreResolvable.self).map(\.severity) == [.warning])
  }
}

@Suite struct ServiceIngressOnlyFromLoadBalancerTests {
  let rule = ServiceIngressOnlyFromLoadBalancer.self

  @Test func keepsTheTargetPortFromTheLoadBalancerWithAQuotedPort() throws {
    #expect(Chain.findings(try Chain.template(), rule) == [])
  }

  static let forwards = "'Lb' forwards to 'App' only on tcp 8080"
  static let cidr = "a CIDR block may reach service 'App' only when a flow from it is declared"

  static let violations: [(Fields, String, String)] = [
    (
      ["IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "CidrIp": "10.1.0.0/16"],
      "ingress from '10.1.0.0/16' on tcp 8080", cidr
    ),
    (
      ["IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8081, "SourceSecurityGroupId": .ref("LbGroup")],
      "ingress from 'Lb' (through its group 'LbGroup') on tcp 8080-8081", forwards
    ),
    (["IpProtocol": "-1", "SourceSecurityGroupId": .ref("LbGroup")], "on all protocols and ports", forwards),
    (
      ["IpProtocol": "udp", "FromPort": 8080, "ToPort": 8080, "SourceSecurityGroupId": .ref("LbGroup")], "on udp 8080",
      forwards
    ),
    (["IpProtocol": "47", "SourceSecurityGroupId": .ref("LbGroup")], "on every port of protocol 47", forwards),
    (
      ["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "SourceSecurityGroupId": .ref("DbGroup")],
      "ingress from 'Db' (through its group 'DbGroup') on tcp 22",
      "'Db' is a database, which the template does not wire to 'App'"
    ),
    (
      ["IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "CidrIp": "0.0.0.0/0"],
      "ingress from '0.0.0.0/0' on tcp 8080", "'App' has no path from the internet"
    ),
  ]

  @Test(arguments: violations.indices)
  func breaksOnAnyOtherSourcePortOrProtocol(_ index: Int) throws {
    let (ingress, expected, reason) = Self.violations[index]
    let template = try Chain.template { $0.addIngress("AppGroup", ingress) }
    let findings = Chain.findings(template, rule)
    #expect(findings.count == 1)
    #expect(findings.first?.location.description == "AppGroup.Properties.SecurityGroupIngress[0]")
    #expect(findings.first?.message.contains(expected) == true, "\(findings)")
    #expect(findings.first?.message.contains(reason) == true, "\(findings)")
  }

  @Test func withoutALoadBalancerEveryIngressIsStillJudged() throws {
    let template = try Chain.template {
      $0.resources.removeAll { $0.logicalID == "Lb" }
      $0.addIngress("AppGroup", ["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8"])
    }
    let findings = Chain.findings(template, rule)
    #expect(
      findings.map(\.location.description) == ["AppFromLb.Properties", "AppGroup.Properties.SecurityGroupIngress[0]"])
    #expect(findings.first?.message.contains("'LbGroup' is carried by no workload of the template") == true)
  }
}

@Suite struct DataStoreIngressTests {
  @Test func keepsEachStoresOwnPortFromTheService() throws {
    let template = try Chain.template()
    #expect(Chain.findings(template, DatabaseIngressOnlyFromService.self) == [])
    #expect(Chain.findings(template, CacheIngressOnlyFromService.self) == [])
    #expect(Chain.findings(template, SearchIngressOnlyFromService.self) == [])
  }

  @Test func databaseBreaksOnTheVPCsOwnCIDRInAStandaloneRule() throws {
    let template = try Chain.template {
      $0.add(
        "DbFromVpc", "AWS::EC2::SecurityGroupIngress",
        [
          "GroupId": .getAtt("DbGroup", "GroupId"), "IpProtocol": "tcp", "FromPort": "5432", "ToPort": "5432",
          "CidrIp": "10.1.0.0/16",
        ])
    }
    let findings = Chain.findings(template, DatabaseIngressOnlyFromService.self)
    #expect(
      findings.map(\.description) == [
        "error: [DatabaseIngressOnlyFromService] DbFromVpc.Properties: ingress from '10.1.0.0/16' on tcp 5432 into 'DbGroup', the group of database 'Db'; a CIDR block may reach database 'Db' only when a flow from it is declared; inside the VPC, allow the group of the workload that needs it"
      ])
  }

  @Test func databaseBreaksOnAnotherGroupAndOnAWiderRange() throws {
    let template = try Chain.template {
      $0.addIngress(
        "DbGroup", ["IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "SourceSecurityGroupId": .ref("LbGroup")])
      $0.addIngress(
        "DbGroup", ["IpProtocol": "tcp", "FromPort": 0, "ToPort": 65535, "SourceSecurityGroupId": .ref("AppGroup")])
    }
    #expect(
      Chain.findings(template, DatabaseIngressOnlyFromService.self).map(\.location.description) == [
        "DbGroup.Properties.SecurityGroupIngress[1]", "DbGroup.Properties.SecurityGroupIngress[2]",
      ])
  }

  @Test func cacheBreaksOnTheWrongPort() throws {
    let template = try Chain.template {
      $0.addIngress(
        "CacheGroup",
        ["IpProtocol": "tcp", "FromPort": 11211, "ToPort": 11211, "SourceSecurityGroupId": .ref("AppGroup")])
    }
    let findings = Chain.findings(template, CacheIngressOnlyFromService.self)
    #expect(findings.count == 1)
    #expect(findings.first?.message.contains("on tcp 11211 into 'CacheGroup', the group of cache 'Cache'") == true)
  }

  @Test func searchBreaksOnPlainHTTP() throws {
    let template = try Chain.template {
      $0.addIngress(
        "SearchGroup", ["IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "SourceSecurityGroupId": .ref("AppGroup")])
    }
    #expect(Chain.findings(template, SearchIngressOnlyFromService.self).count == 1)
  }

  @Test func bothBranchesOfAnIfAreChecked() throws {
    let template = try Chain.template {
      $0.conditions = ["Open": .intrinsic(.equals("a", "b"))]
      $0.set(
        "DbGroup", "SecurityGroupIngress",
        [
          .intrinsic(
            .if("Open", ["IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "CidrIp": "0.0.0.0/0"], .ref(.noValue)))
        ])
    }
    let findings = Chain.findings(template, DatabaseIngressOnlyFromService.self)
    #expect(findings.count == 1)
    #expect(findings.first?.message.hasPrefix("ingress from '0.0.0.0/0' on tcp 5432") == true)
    // The open rule in the first branch only; the second branch is clean.
    let flipped = try Chain.template {
      $0.conditions = ["Open": .intrinsic(.equals("a", "b"))]
      $0.set(
        "DbGroup", "SecurityGroupIngress",
        [
          .intrinsic(
            .if(
              "Open", .ref(.noValue), ["IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "CidrIp": "10.9.0.0/16"]))
        ])
    }
    #expect(
      Chain.findings(flipped, DatabaseIngressOnlyFromService.self).map { String($0.message.prefix(35)) } == [
        "ingress from '10.9.0.0/16' on tcp 5"
      ])
  }

  @Test func aStoreReachedFromACIDROrABastionIsReportedWithoutAService() throws {
    let template = try Chain.template {
      $0.resources.removeAll { $0.logicalID == "App" }
      $0.addIngress("DbGroup", ["IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "CidrIp": "10.0.0.0/8"])
    }
    let findings = Chain.findings(template, DatabaseIngressOnlyFromService.self)
    #expect(
      findings.map(\.location.description) == [
        "DbGroup.Properties.SecurityGroupIngress[0]", "DbGroup.Properties.SecurityGroupIngress[1]",
      ])
    #expect(findings.first?.message.contains("'AppGroup' is carried by no workload") == true)
  }
}

@Suite struct SourcesAreResolvableTests {
  let rule = SourcesAreResolvable.self

  @Test func keepsSourcesDeclaredInTheTemplate() throws {
    #expect(Chain.findings(try Chain.template(), rule) == [])
  }

  @Test(arguments: [
    (TemplateValue.ref("OtherGroup"), "ingress from the parameter 'OtherGroup'"),
    ("sg-0123456789abcdef0", "ingress from the literal group ID 'sg-0123456789abcdef0'"),
    (.intrinsic(.importValue("shared-app-sg")), "ingress from the imported value 'shared-app-sg'"),
    (.getAtt("Net", "DefaultSecurityGroup"), "ingress from the VPC's default security group"),
  ])
  func breaksOnSourcesThatCannotBeResolved(_ source: TemplateValue, _ expected: String) throws {
    let template = try Chain.template {
      $0.addIngress(
        "DbGroup", ["IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "SourceSecurityGroupId": source])
    }
    let findings = Chain.findings(template, rule)
    #expect(findings.count == 1)
    #expect(findings.first?.message.hasPrefix(expected) == true, "\(findings)")
    #expect(Chain.findings(template, DatabaseIngressOnlyFromService.self) == [])
  }

  @Test func breaksOnAPrefixList() throws {
    let template = try Chain.template {
      $0.addIngress(
        "AppGroup", ["IpProtocol": "tcp", "FromPort": 8080, "ToPort": 8080, "SourcePrefixListId": "pl-12345"])
    }
    #expect(Chain.findings(template, rule).first?.message.hasPrefix("ingress from prefix list 'pl-12345'") == true)
  }

  @Test func breaksOnAGroupCarriedFromAParameter() throws {
    let template = try Chain.template { $0.set("Db", "VPCSecurityGroups", [.ref("OtherGroup")]) }
    let findings = Chain.findings(template, rule)
    #expect(findings.map(\.location.description) == ["Db.Properties.VPCSecurityGroups[0]"])
    #expect(
      findings.first?.message
        == "database 'Db' carries the parameter 'OtherGroup', which cannot be resolved statically, so the flows into it cannot be checked; validate the stack that declares it alongside this one, or declare it as an external group with the flows it may have (Metadata.infragen.flows, from: OtherGroup)"
    )
  }
}

@Suite struct PlacementTests {
  @Test func keepsStoresAndTasksInPrivateSubnets() throws {
    let template = try Chain.template()
    #expect(Chain.findings(template, DataStoresArePrivate.self) == [])
    #expect(Chain.findings(template, TasksArePrivate.self) == [])
  }

  @Test(arguments: [TemplateValue.boolean(true), "true", "True"])
  func databaseBreaksWhenPubliclyAccessible(_ flag: TemplateValue) throws {
    let template = try Chain.template { $0.set("Db", "PubliclyAccessible", flag) }
    #expect(
      Chain.findings(template, DataStoresArePrivate.self).map(\.description) == [
        "error: [DataStoresArePrivate] Db.Properties.PubliclyAccessible: database 'Db' is publicly accessible; set PubliclyAccessible to false"
      ])
  }

  @Test func storeBreaksInASubnetThatRoutesToTheInternet() throws {
    let template = try Chain.template { $0.set("CacheSubnets", "SubnetIds", [.ref("InnerA"), .ref("EdgeA")]) }
    let findings = Chain.findings(template, DataStoresArePrivate.self)
    #expect(findings.map(\.location.description) == ["Cache.Properties.CacheSubnetGroupName"])
    #expect(
      findings.first?.message.contains(
        "public subnet 'EdgeA' (its route table 'PublicTable' routes to the internet gateway 'Igw')") == true)
  }

  @Test func storeBreaksInASubnetThatMapsPublicIPs() throws {
    let template = try Chain.template { $0.set("InnerB", "MapPublicIpOnLaunch", true) }
    let findings = Chain.findings(template, DataStoresArePrivate.self)
    #expect(findings.map(\.location.logicalID) == ["Cache", "Db"])
  }

  @Test func searchBreaksWithoutVPCOptions() throws {
    let template = try Chain.template { $0.set("Search", "VPCOptions", nil) }
    #expect(Chain.findings(template, DataStoresArePrivate.self).first?.message.contains("has no VPCOptions") == true)
  }

  @Test func taskBreaksWithAPublicIP() throws {
    let template = try Chain.template {
      $0.set(
        "App", "NetworkConfiguration",
        [
          "AwsvpcConfiguration": [
            "AssignPublicIp": "ENABLED", "SecurityGroups": [.ref("AppGroup")], "Subnets": [.ref("InnerA")],
          ]
        ])
    }
    #expect(
      Chain.findings(template, TasksArePrivate.self).map(\.location.description) == [
        "App.Properties.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp"
      ])
  }

  @Test func taskBreaksInAPublicSubnet() throws {
    let template = try Chain.template {
      $0.set(
        "App", "NetworkConfiguration",
        ["AwsvpcConfiguration": ["SecurityGroups": [.ref("AppGroup")], "Subnets": [.ref("EdgeA")]]])
    }
    #expect(Chain.findings(template, TasksArePrivate.self).first?.message.contains("public subnet 'EdgeA'") == true)
  }
}

@Suite struct ReferenceAndIDRuleTests {
  @Test func referencesKeepWhenDeclared() throws {
    let template = try Chain.template {
      $0.set("Db", "MasterUsername", .sub("${AWS::StackName}-${Image}-${!Literal}"))
    }
    #expect(Chain.findings(template, ReferencesResolve.self) == [])
  }

  @Test func referencesBreakOnUndeclaredNames() throws {
    let template = try Chain.template {
      $0.set("Db", "DBSubnetGroupName", .ref("Missing"))
      $0.set("Db", "MasterUsername", .sub("${Gone.Arn}"))
      $0.set("Db", "Port", .getAtt("Nowhere", "Port"))
    }
    #expect(
      Chain.findings(template, ReferencesResolve.self).map(\.message) == [
        "Ref names 'Missing', which is not a declared resource or parameter",
        "Fn::Sub names '${Gone.Arn}', which is not a declared resource, parameter or variable",
        "Fn::GetAtt names 'Nowhere.Port', but 'Nowhere' is not a declared resource",
      ])
  }

  @Test func logicalIDsBreakWhenInvalid() throws {
    let template = try Chain.template { $0.add("Bad-Name", "AWS::SNS::Topic", [:]) }
    #expect(Chain.findings(template, LogicalIDsAreValid.self).map(\.location.logicalID) == ["Bad-Name"])
    #expect(Chain.findings(try Chain.template(), LogicalIDsAreValid.self) == [])
  }
}

@Suite struct WaiverTests {
  @Test func aWaiverWithAReasonSuppressesButKeepsTheFinding() throws {
    let template = try Chain.template {
      $0.set("Db", "PubliclyAccessible", true)
      let index = $0.resources.firstIndex { $0.logicalID == "Db" } ?? 0
      $0.resources[index].metadata = [
        "infragen": ["suppress": [["rule": "DataStoresArePrivate", "reason": "temporary demo"]]]
      ]
    }
    let findings = Validator(rules: Validator.isolationRules).validate(template)
    #expect(findings.map(\.rule) == ["DataStoresArePrivate"])
    #expect(findings.first?.suppression == "temporary demo")
  }

  @Test func aWaiverWithoutAReasonIsAnErrorAndWaivesNothing() throws {
    let template = try Chain.template {
      $0.set("Db", "PubliclyAccessible", true)
      let index = $0.resources.firstIndex { $0.logicalID == "Db" } ?? 0
      $0.resources[index].metadata = ["infragen": ["suppress": [["rule": "DataStoresArePrivate", "reason": " "]]]]
    }
    let findings = Validator().validate(template)
    #expect(findings.map(\.rule).sorted() == ["DataStoresArePrivate", "WaiversHaveReasons"])
    #expect(findings.allSatisfy { $0.suppression == nil })
    #expect(
      findings.contains {
        $0.message == "waiver of 'DataStoresArePrivate' has no reason; a waiver must say why, in \"reason\""
      })
  }
}

@Suite struct PositionTests {
  @Test func findingsCarryTheLineAndColumnOfTheOffendingRule() throws {
    let text = Chain.json.replacing(
      #""SecurityGroupIngress": [{"IpProtocol": "6", "FromPort": 5432"#,
      with:
        #""SecurityGroupIngress": [{"IpProtocol": "6", "FromPort": 5432, "ToPort": 5432, "CidrIp": "0.0.0.0/0"}, {"IpProtocol": "6", "FromPort": 5432"#
    )
    let template = try JSONReader.readTemplate(Array(text.utf8), file: "chain.json")
    let finding = try #require(Chain.findings(template, DatabaseIngressOnlyFromService.self).first)
    let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
      $0.contains("\"CidrIp\": \"0.0.0.0/0\"}, {")
    }
    #expect(finding.position?.line == line.map { $0 + 1 })
  }
}

@Suite struct NetworkProtocolTests {
  @Test(arguments: [
    (TemplateValue.string("tcp"), NetworkProtocol.tcp), ("TCP", .tcp), ("6", .tcp), (.integer(6), .tcp),
    ("udp", .udp), ("17", .udp), ("icmp", .icmp), ("1", .icmp), ("icmpv6", .icmpv6), ("58", .icmpv6),
    ("-1", .all), (.integer(-1), .all), ("all", .all), ("47", .other(47)), (.ref("Param"), .all),
  ])
  func readsNamesAndNumbers(_ value: TemplateValue, _ expected: NetworkProtocol) {
    #expect(NetworkProtocol(value) == expected)
  }
}

/// Placement behind `Fn::If`, literal names and parameters: every branch counts, and what cannot
/// be resolved is never taken for private.
@Suite struct PlacementEdgeTests {
  static func either(_ a: TemplateValue, _ b: TemplateValue) -> TemplateValue { .intrinsic(.if("C", a, b)) }

  func placed(_ change: (inout Template) -> Void) throws -> [String] {
    let template = try Chain.template {
      $0.conditions = ["C": .intrinsic(.equals("a", "b"))]
      change(&$0)
    }
    return (Chain.findings(template, DataStoresArePrivate.self) + Chain.findings(template, TasksArePrivate.self))
      .map { "\($0.severity) \($0.location.logicalID?.rawValue ?? "")" }.sorted()
  }

  @Test func aRouteToTheInternetGatewayInOneBranchMakesTheSubnetPublic() throws {
    let findings = try placed {
      $0.add("InnerTable", "AWS::EC2::RouteTable", ["VpcId": .ref("Net")])
      $0.add(
        "InnerRoute", "AWS::EC2::Route",
        [
          "RouteTableId": .ref("InnerTable"), "DestinationCidrBlock": "0.0.0.0/0",
          "GatewayId": Self.either(.ref("Igw"), .ref(.noValue)),
        ])
      $0.add(
        "InnerAAssoc", "AWS::EC2::SubnetRouteTableAssociation",
        ["SubnetId": .ref("InnerA"), "RouteTableId": .ref("InnerTable")])
    }
    #expect(findings == ["error App", "error Cache", "error Db", "error Search"])
  }

  @Test func anAssociationWithThePublicTableInOneBranch() throws {
    let findings = try placed {
      $0.add(
        "InnerBAssoc", "AWS::EC2::SubnetRouteTableAssociation",
        [
          "SubnetId": .ref("InnerB"), "RouteTableId": Self.either(.ref("PublicTable"), .ref("Other")),
        ])
    }
    #expect(findings == ["error App", "error Cache", "error Db"])
  }

  @Test func mapPublicIpOnLaunchInOneBranch() throws {
    #expect(
      try placed { $0.set("InnerB", "MapPublicIpOnLaunch", Self.either("false", "true")) } == [
        "error App", "error Cache", "error Db",
      ])
  }

  @Test func vpcOptionsThatMayBeAbsent() throws {
    let findings = try placed {
      $0.set(
        "Search", "VPCOptions",
        Self.either(["SubnetIds": [.ref("InnerA")], "SecurityGroupIds": [.ref("SearchGroup")]], .ref(.noValue)))
    }
    #expect(findings == ["error Search"])
  }

  @Test func aSubnetGroupNamedByItsPhysicalName() throws {
    let findings = try placed {
      $0.set("DbSubnets", "DBSubnetGroupName", "mydbsubnets")
      $0.set("DbSubnets", "SubnetIds", [.ref("EdgeA")])
      $0.set("Db", "DBSubnetGroupName", "MyDbSubnets")
    }
    #expect(findings == ["error Db"])
  }

  @Test func aDatabaseWithoutASubnetGroupIsInTheDefaultVPC() throws {
    #expect(try placed { $0.set("Db", "DBSubnetGroupName", nil) } == ["error Db"])
    #expect(
      try placed {
        $0.set("Db", "DBSubnetGroupName", nil)
        $0.set("Db", "PubliclyAccessible", false)
      } == [])
  }

  @Test func subnetsFromAParameterAreAWarningNotSilence() throws {
    let findings = try placed {
      $0.parameters["SubnetList"] = ["Type": "List<AWS::EC2::Subnet::Id>"]
      $0.set(
        "App", "NetworkConfiguration",
        ["AwsvpcConfiguration": ["SecurityGroups": [.ref("AppGroup")], "Subnets": .ref("SubnetList")]])
      $0.set("DbSubnets", "SubnetIds", .ref("SubnetList"))
    }
    #expect(findings == ["warning App", "warning Db"])
  }
}

@Suite struct PortParameterTests {
  func findings(ruleFromPort: TemplateValue) throws -> [Diagnostic] {
    let template = try Chain.template {
      $0.parameters["DbPort"] = ["Type": "Number", "Default": 5432]
      $0.set("Db", "Port", .ref("DbPort"))
      $0.set(
        "DbGroup", "SecurityGroupIngress",
        [
          [
            "IpProtocol": "tcp", "FromPort": ruleFromPort, "ToPort": ruleFromPort,
            "SourceSecurityGroupId": .ref("AppGroup"),
          ]
        ])
    }
    return Chain.findings(template, DatabaseIngressOnlyFromService.self)
  }

  @Test func theSameParameterOnBothSidesKeepsTheRule() throws {
    #expect(try findings(ruleFromPort: .ref("DbPort")) == [])
  }

  @Test func aLiteralPortIsCheckedAgainstTheParametersDefault() throws {
    #expect(try findings(ruleFromPort: 5432) == [])
    let found = try findings(ruleFromPort: 5433)
    #expect(found.count == 1)
    #expect(found.first?.message.hasSuffix("'App' uses 'Db' only on tcp 5432") == true, "\(found)")
  }
}

/// Values the template itself fixes: mappings, parameter defaults.
@Suite struct StaticValueTests {
  @Test func findInMapIsExpandedToItsMappingsValues() throws {
    let template = try Chain.template {
      $0.mappings = [
        "Net": ["Db": ["Port": 5432, "Cidr": "0.0.0.0/0"], "Admin": ["Port": 22, "Cidr": "10.1.0.0/16"]]
      ]
      $0.set(
        "DbGroup", "SecurityGroupIngress",
        [
          [
            "IpProtocol": "tcp", "FromPort": .intrinsic(.findInMap("Net", "Db", "Port")),
            "ToPort": .intrinsic(.findInMap("Net", "Db", "Port")), "SourceSecurityGroupId": .ref("AppGroup"),
          ]
        ])
      $0.add(
        "Bastion", "AWS::EC2::SecurityGroup",
        [
          "GroupDescription": "b",
          "SecurityGroupIngress": [
            [
              "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
              "CidrIp": .intrinsic(.findInMap("Net", .ref("Env"), "Cidr")),
            ]
          ],
        ])
    }
    #expect(Chain.findings(template, DatabaseIngressOnlyFromService.self) == [])
    #expect(Chain.findings(template, SourcesAreResolvable.self) == [])
    #expect(Chain.findings(template, PublicIngressOnlyOnLoadBalancer.self).map(\.location.logicalID) == ["Bastion"])
  }

  @Test func aCIDRParameterIsCheckedByItsDefaultToo() throws {
    let template = try Chain.template {
      $0.parameters["SSHLocation"] = ["Type": "String", "Default": "0.0.0.0/0"]
      $0.add(
        "Admin", "AWS::EC2::SecurityGroup",
        [
          "GroupDescription": "a",
          "SecurityGroupIngress": [["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": .ref("SSHLocation")]],
        ])
    }
    #expect(Chain.findings(template, PublicIngressOnlyOnLoadBalancer.self).map(\.location.logicalID) == ["Admin"])
  }

  @Test func halfTheInternetIsTheInternet() {
    #expect(Peer.cidr("0.0.0.0/1").isInternet)
    #expect(Peer.cidr("128.0.0.0/1").isInternet)
    #expect(!Peer.cidr("10.0.0.0/8").isInternet)
    #expect(!Peer.cidr("203.0.113.0/24").isInternet)
  }

  @Test func withoutALoadBalancerWebPortsMayServeOneInAnotherStack() throws {
    let template = try Chain.template {
      $0.resources.removeAll { $0.logicalID == "Lb" }
      $0.addIngress("LbGroup", ["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"])
    }
    let findings = Chain.findings(template, PublicIngressOnlyOnLoadBalancer.self)
    #expect(findings.map(\.location.description) == ["LbGroup.Properties.SecurityGroupIngress[1]"])
  }

  @Test func searchSubnetsFromAParameterAreAWarning() throws {
    let template = try Chain.template {
      $0.parameters["SearchSubnets"] = ["Type": "List<AWS::EC2::Subnet::Id>"]
      $0.set("Search", "VPCOptions", ["SubnetIds": .ref("SearchSubnets"), "SecurityGroupIds": [.ref("SearchGroup")]])
    }
    #expect(
      Chain.findings(template, DataStoresArePrivate.self).map { "\($0.severity) \($0.location)" } == [
        "warning Search.Properties.VPCOptions.SubnetIds"
      ])
  }
}
