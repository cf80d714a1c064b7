import InfragenCore
import InfragenValidation
import Testing

/// Paths and wiring found on public templates: instances launched where their address is not
/// known, Elastic IPs, private address blocks, classic load balancers, ECS container instances
/// and EKS nodes.
@Suite struct PublicAddressTests {
  static let openSSH = """
      BoxGroup:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: b
          VpcId: !Ref Vpc
          SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}]
    """

  @Test func anAutoScalingGroupWithoutSubnetsLaunchesInTheDefaultVPC() throws {
    let template = try MultiService.template(
      adding: Self.openSSH + """

          Launch:
            Type: AWS::AutoScaling::LaunchConfiguration
            Properties: {ImageId: ami-12345678, InstanceType: t3.micro, SecurityGroups: [!Ref BoxGroup]}
          Fleet:
            Type: AWS::AutoScaling::AutoScalingGroup
            Properties: {LaunchConfigurationName: !Ref Launch, MinSize: "1", MaxSize: "2", AvailabilityZones: !GetAZs ""}
        """)
    let errors = MultiService.errors(template)
    #expect(errors.map(\.rule) == [PublicIngressOnlyOnLoadBalancer.name])
    #expect(errors.first?.message.contains("its Auto Scaling group names no subnet") == true)
  }

  @Test func anAutoScalingGroupInPrivateSubnetsKeepsItsInstancesPrivate() throws {
    let template = try MultiService.template(
      adding: Self.openSSH + """

          Launch:
            Type: AWS::AutoScaling::LaunchConfiguration
            Properties: {ImageId: ami-12345678, InstanceType: t3.micro, SecurityGroups: [!Ref BoxGroup]}
          Fleet:
            Type: AWS::AutoScaling::AutoScalingGroup
            Properties: {LaunchConfigurationName: !Ref Launch, MinSize: "1", MaxSize: "2", VPCZoneIdentifier: [!Ref PrivateA]}
        """)
    let errors = MultiService.errors(template)
    #expect(errors.map(\.rule) == [FlowsAreAllowed.name])
    #expect(errors.first?.message.contains("'Launch' has no path from the internet") == true)
  }

  @Test func aSubnetFromAParameterMayGiveAPublicIP() throws {
    let template = try MultiService.template {
      $0.replacingOccurrences(
        of: "  Image: {Type: String}", with: "  Image: {Type: String}\n  Subnets: {Type: 'List<AWS::EC2::Subnet::Id>'}")
        + "\n" + Self.openSSH + """

            Box:
              Type: AWS::EC2::Instance
              Properties: {ImageId: ami-12345678, SubnetId: !Select [0, !Ref Subnets], SecurityGroupIds: [!Ref BoxGroup]}
          """
    }
    let errors = MultiService.errors(template)
    #expect(errors.map(\.rule) == [PublicIngressOnlyOnLoadBalancer.name])
    #expect(
      errors.first?.message.contains(
        "its subnet is an element of the parameter 'Subnets', which may map public IPs on launch") == true)
  }

  @Test func anInstanceThatRefusesAPublicIPIsPrivateInAnySubnet() throws {
    let template = try MultiService.template {
      $0.replacingOccurrences(
        of: "  Image: {Type: String}", with: "  Image: {Type: String}\n  Subnet: {Type: 'AWS::EC2::Subnet::Id'}")
        + "\n" + Self.openSSH + """

            Box:
              Type: AWS::EC2::Instance
              Properties:
                ImageId: ami-12345678
                NetworkInterfaces: [{DeviceIndex: "0", SubnetId: !Ref Subnet, AssociatePublicIpAddress: false, GroupSet: [!Ref BoxGroup]}]
          """
    }
    let errors = MultiService.errors(template)
    #expect(errors.map(\.rule) == [FlowsAreAllowed.name])
    #expect(errors.first?.message.contains("'Box' has no path from the internet") == true)
  }

  @Test func anElasticIPMakesAnInstancePublic() throws {
    let instance = """

        Box:
          Type: AWS::EC2::Instance
          Properties: {ImageId: ami-12345678, SubnetId: !Ref PublicA, SecurityGroupIds: [!Ref BoxGroup]}
      """
    let without = MultiService.errors(try MultiService.template(adding: Self.openSSH + instance))
    #expect(without.map(\.rule) == [FlowsAreAllowed.name])
    let with = MultiService.errors(
      try MultiService.template(
        adding: Self.openSSH + instance + """

            Address: {Type: AWS::EC2::EIP, Properties: {Domain: vpc, InstanceId: !Ref Box}}
          """))
    #expect(with.map(\.rule) == [PublicIngressOnlyOnLoadBalancer.name])
    #expect(with.first?.message.contains("the Elastic IP 'Address' is associated with it") == true)
  }
}

@Suite struct PrivateBlockTests {
  static func group(_ cidr: String, port: Int) -> String {
    """
      OpenGroup:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: o
          VpcId: !Ref Vpc
          SecurityGroupIngress: [{IpProtocol: tcp, FromPort: \(port), ToPort: \(port), CidrIp: \(cidr)}]
    """
  }

  @Test(arguments: [
    ("AWS::EC2::Instance", "{ImageId: ami-12345678, SubnetId: !Ref PrivateA, SecurityGroupIds: [!Ref OpenGroup]}"),
    (
      "AWS::EC2::VPCEndpoint",
      "{VpcEndpointType: Interface, VpcId: !Ref Vpc, ServiceName: com.amazonaws.us-east-1.logs, SubnetIds: [!Ref PrivateA], SecurityGroupIds: [!Ref OpenGroup]}"
    ),
  ])
  func aPrivateBlockMayReachAnInstanceOrEndpoint(_ type: String, _ properties: String) throws {
    let resource = "\n  Box: {Type: \(type), Properties: \(properties)}"
    #expect(
      MultiService.errors(try MultiService.template(adding: Self.group("10.0.0.0/16", port: 443) + resource)).isEmpty)
    let open = MultiService.errors(try MultiService.template(adding: Self.group("0.0.0.0/0", port: 443) + resource))
    #expect(open.map(\.rule) == [FlowsAreAllowed.name])
  }

  @Test func aPrivateBlockMayNotReachAServiceOrAStore() throws {
    let service = MultiService.errors(
      try MultiService.template {
        $0.replacingOccurrences(
          of: "WebGroup: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: web, VpcId: !Ref Vpc}}",
          with:
            "WebGroup: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: web, VpcId: !Ref Vpc, SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 3000, ToPort: 3000, CidrIp: 10.0.0.0/16}]}}"
        )
      })
    #expect(service.map(\.rule) == [ServiceIngressOnlyFromLoadBalancer.name])
    let store = MultiService.errors(
      try MultiService.template {
        $0.replacingOccurrences(
          of:
            "SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 6379, ToPort: 6379, SourceSecurityGroupId: !Ref ApiGroup}]",
          with: "SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 6379, ToPort: 6379, CidrIp: 10.0.0.0/16}]")
      })
    #expect(store.map(\.rule) == [CacheIngressOnlyFromService.name])
  }
}

@Suite struct HostingTests {
  /// A classic load balancer in front of an Auto Scaling group, sending to instance port 8080.
  static func classic(instancePort: Int, allowed: Int) -> String {
    """
      FleetGroup:
        Type: AWS::EC2::SecurityGroup
        Properties: {GroupDescription: f, VpcId: !Ref Vpc}
      FleetFromClassic:
        Type: AWS::EC2::SecurityGroupIngress
        Properties: {GroupId: !Ref FleetGroup, IpProtocol: tcp, FromPort: \(allowed), ToPort: \(allowed), SourceSecurityGroupId: !Ref ClassicGroup}
      ClassicGroup:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: c
          VpcId: !Ref Vpc
          SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}]
      Classic:
        Type: AWS::ElasticLoadBalancing::LoadBalancer
        Properties:
          Subnets: [!Ref PublicA]
          SecurityGroups: [!Ref ClassicGroup]
          Listeners: [{LoadBalancerPort: "80", InstancePort: "\(instancePort)", Protocol: HTTP}]
      Launch:
        Type: AWS::AutoScaling::LaunchConfiguration
        Properties: {ImageId: ami-12345678, InstanceType: t3.micro, SecurityGroups: [!Ref FleetGroup]}
      Fleet:
        Type: AWS::AutoScaling::AutoScalingGroup
        Properties: {LaunchConfigurationName: !Ref Launch, MinSize: "1", MaxSize: "2", VPCZoneIdentifier: [!Ref PrivateA], LoadBalancerNames: [!Ref Classic]}
    """
  }

  @Test func aClassicLoadBalancerForwardsOnItsInstancePort() throws {
    #expect(
      MultiService.errors(try MultiService.template(adding: Self.classic(instancePort: 8080, allowed: 8080))).isEmpty)
    let errors = MultiService.errors(try MultiService.template(adding: Self.classic(instancePort: 8080, allowed: 22)))
    #expect(errors.map(\.rule) == [FlowsAreAllowed.name])
    #expect(errors.first?.message.contains("'Classic' forwards to 'Launch' only on tcp 8080") == true)
  }

  /// Container instances of an ECS cluster behind the ALB, with one service of the cluster.
  static func containerInstances(service: String) -> String {
    """
      Hosts: {Type: AWS::ECS::Cluster}
      HostGroup:
        Type: AWS::EC2::SecurityGroup
        Properties: {GroupDescription: h, VpcId: !Ref Vpc}
      HostFromLb:
        Type: AWS::EC2::SecurityGroupIngress
        Properties: {GroupId: !Ref HostGroup, IpProtocol: tcp, FromPort: 32768, ToPort: 65535, SourceSecurityGroupId: !Ref LbGroup}
      HostLaunch:
        Type: AWS::EC2::LaunchTemplate
        Properties:
          LaunchTemplateData:
            ImageId: ami-12345678
            SecurityGroupIds: [!Ref HostGroup]
            UserData: {"Fn::Base64": !Sub "#!/bin/bash\\necho ECS_CLUSTER=${Hosts} >> /etc/ecs/ecs.config"}
      HostFleet:
        Type: AWS::AutoScaling::AutoScalingGroup
        Properties: {LaunchTemplate: {LaunchTemplateId: !Ref HostLaunch, Version: "1"}, MinSize: "1", MaxSize: "2", VPCZoneIdentifier: [!Ref PrivateA]}
    """ + service
  }

  static let bridgeService = """

      BridgeTargets:
        Type: AWS::ElasticLoadBalancingV2::TargetGroup
        Properties: {Port: 80, Protocol: HTTP, TargetType: instance, VpcId: !Ref Vpc}
      BridgeRule:
        Type: AWS::ElasticLoadBalancingV2::ListenerRule
        Properties:
          ListenerArn: !Ref Https
          Priority: 20
          Conditions: [{Field: path-pattern, PathPatternConfig: {Values: [/bridge/*]}}]
          Actions: [{Type: forward, TargetGroupArn: !Ref BridgeTargets}]
      BridgeTask:
        Type: AWS::ECS::TaskDefinition
        Properties:
          NetworkMode: bridge
          ContainerDefinitions: [{Name: app, Image: !Ref Image, Memory: 256, PortMappings: [{ContainerPort: 80, HostPort: 0}]}]
      Bridge:
        Type: AWS::ECS::Service
        Properties:
          Cluster: !Ref Hosts
          TaskDefinition: !Ref BridgeTask
          LoadBalancers: [{ContainerName: app, ContainerPort: 80, TargetGroupArn: !Ref BridgeTargets}]
    """

  @Test func aLoadBalancerReachesTheContainerInstancesOfItsBridgeServices() throws {
    #expect(
      MultiService.errors(try MultiService.template(adding: Self.containerInstances(service: Self.bridgeService)))
        .isEmpty)
  }

  @Test func aClusterWithNoServiceHereTakesTrafficForServicesOfOtherStacks() throws {
    #expect(MultiService.errors(try MultiService.template(adding: Self.containerInstances(service: ""))).isEmpty)
  }

  @Test func aClusterWhoseServicesHaveTheirOwnInterfacesTakesNothingOnItsInstances() throws {
    let awsvpc = """

        Own:
          Type: AWS::ECS::Service
          Properties:
            Cluster: !Ref Hosts
            TaskDefinition: !Ref WorkerTask
            NetworkConfiguration: {AwsvpcConfiguration: {SecurityGroups: [!Ref WorkerGroup], Subnets: [!Ref PrivateA]}}
      """
    let errors = MultiService.errors(try MultiService.template(adding: Self.containerInstances(service: awsvpc)))
    #expect(errors.map(\.rule) == [FlowsAreAllowed.name])
    #expect(errors.first?.message.contains("'Lb' does not forward to 'HostLaunch'") == true)
  }

  /// An EKS cluster whose group its nodes carry, with the group open to itself.
  static func kubernetes(nodeGroup: Bool) -> String {
    """
      ControlGroup:
        Type: AWS::EC2::SecurityGroup
        Properties: {GroupDescription: control, VpcId: !Ref Vpc}
      ControlFromItself:
        Type: AWS::EC2::SecurityGroupIngress
        Properties: {GroupId: !Ref ControlGroup, IpProtocol: "-1", SourceSecurityGroupId: !Ref ControlGroup}
      ClusterRole: {Type: AWS::IAM::Role, Properties: {AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: []}}}
      Control:
        Type: AWS::EKS::Cluster
        Properties:
          RoleArn: !GetAtt ClusterRole.Arn
          ResourcesVpcConfig: {SecurityGroupIds: [!Ref ControlGroup], SubnetIds: [!Ref PrivateA, !Ref PrivateB]}
      NodeLaunch:
        Type: AWS::EC2::LaunchTemplate
        Properties: {LaunchTemplateData: {ImageId: ami-12345678, SecurityGroupIds: [!Ref ControlGroup]}}
    """
      + (nodeGroup
        ? """

          Nodes:
            Type: AWS::EKS::Nodegroup
            Properties: {ClusterName: !Ref Control, NodeRole: !GetAtt ClusterRole.Arn, Subnets: [!Ref PrivateA], LaunchTemplate: {Id: !Ref NodeLaunch}}
        """ : "")
  }

  @Test func theNodesOfAnEKSClusterMayCarryItsGroupAndReachIt() throws {
    #expect(MultiService.errors(try MultiService.template(adding: Self.kubernetes(nodeGroup: true))).isEmpty)
    let strangers = MultiService.errors(try MultiService.template(adding: Self.kubernetes(nodeGroup: false)))
    #expect(strangers.map(\.rule).contains(WorkloadsCarryTheirOwnGroups.name))
    #expect(strangers.map(\.rule).contains(FlowsAreAllowed.name))
  }

  /// An EFS file system with a mount target whose group admits the worker on NFS.
  static func fileSystem(mounted: Bool) -> String {
    """
      Files: {Type: AWS::EFS::FileSystem, Properties: {Encrypted: true}}
      FilesGroup:
        Type: AWS::EC2::SecurityGroup
        Properties:
          GroupDescription: files
          VpcId: !Ref Vpc
          SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 2049, ToPort: 2049, SourceSecurityGroupId: !Ref WorkerGroup}]
      FilesTarget:
        Type: AWS::EFS::MountTarget
        Properties: {FileSystemId: !Ref Files, SubnetId: !Ref PrivateA, SecurityGroups: [!Ref FilesGroup]}
      FilesPoint: {Type: AWS::EFS::AccessPoint, Properties: {FileSystemId: !Ref Files}}
    """
      + (mounted
        ? """

          MountingTask:
            Type: AWS::ECS::TaskDefinition
            Properties:
              ContainerDefinitions: [{Name: worker, Image: !Ref Image, Secrets: [{Name: DB_PASSWORD, ValueFrom: !Sub "${DbSecret}:password::"}]}]
              Volumes: [{Name: data, EFSVolumeConfiguration: {FilesystemId: !Ref Files, AuthorizationConfig: {AccessPointId: !Ref FilesPoint}}}]
        """ : "")
  }

  @Test func aWorkloadThatMountsAFileSystemReachesItsMountTargets() throws {
    let mounted = try MultiService.template {
      $0.replacingOccurrences(of: "TaskDefinition: !Ref WorkerTask", with: "TaskDefinition: !Ref MountingTask")
        + "\n" + Self.fileSystem(mounted: true)
    }
    #expect(MultiService.errors(mounted).isEmpty)
    let errors = MultiService.errors(try MultiService.template(adding: Self.fileSystem(mounted: false)))
    #expect(errors.map(\.rule) == [FlowsAreAllowed.name])
    #expect(errors.first?.message.contains("'Worker' does not use 'FilesTarget'") == true)
  }

  @Test func aTargetGroupPortFromAParameterIsItsDefault() throws {
    func template(_ allowed: Int) throws -> Template {
      try MultiService.template {
        $0.replacingOccurrences(
          of: "  Image: {Type: String}", with: "  Image: {Type: String}\n  AppPort: {Type: Number, Default: 3000}"
        )
        .replacingOccurrences(
          of: "Properties: {Port: 3000, Protocol: HTTP, TargetType: ip, VpcId: !Ref Vpc}",
          with: "Properties: {Port: !Ref AppPort, Protocol: HTTP, TargetType: ip, VpcId: !Ref Vpc}"
        )
        .replacingOccurrences(
          of: "ContainerPort: 3000, TargetGroupArn", with: "ContainerPort: !Ref AppPort, TargetGroupArn"
        )
        .replacingOccurrences(
          of: "PortMappings: [{ContainerPort: 3000}]", with: "PortMappings: [{ContainerPort: !Ref AppPort}]"
        )
        .replacingOccurrences(
          of: "IpProtocol: tcp, FromPort: 3000, ToPort: 3000, SourceSecurityGroupId: !Ref LbGroup",
          with: "IpProtocol: tcp, FromPort: \(allowed), ToPort: \(allowed), SourceSecurityGroupId: !Ref LbGroup")
      }
    }
    #expect(MultiService.errors(try template(3000)).isEmpty)
    let errors = MultiService.errors(try template(22))
    #expect(errors.map(\.rule) == [ServiceIngressOnlyFromLoadBalancer.name])
    #expect(errors.first?.message.contains("'Lb' forwards to 'Web' only on tcp 3000") == true)
  }
}
