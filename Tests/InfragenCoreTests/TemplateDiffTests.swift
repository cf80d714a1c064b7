import InfragenCore
import Testing

@Suite struct TemplateDiffTests {
  /// A small stack: a VPC with tags, a database and a service.
  static let base = Template(
    parameters: ["Image": ["Type": "String", "Default": "web:1"]],
    resources: [
      Template.Resource("Database", type: "AWS::RDS::DBInstance", properties: ["Engine": "mysql", "MultiAZ": true]),
      Template.Resource("OldQueue", type: "AWS::SQS::Queue"),
      Template.Resource(
        "Service", type: "AWS::ECS::Service", properties: ["DesiredCount": 2, "Cluster": .ref("Cluster")]),
      Template.Resource(
        "Vpc", type: "AWS::EC2::VPC",
        properties: ["CidrBlock": "10.0.0.0/16", "Tags": [["Key": "app", "Value": "web"]]]),
    ],
    outputs: ["VpcId": ["Value": .ref("Vpc")]])

  /// One entry under `Resources`.
  static func resource(_ id: LogicalID, _ path: [PathComponent], _ change: TemplateDiff.Change) -> TemplateDiff.Entry {
    TemplateDiff.Entry(section: "Resources", logicalID: id, path: path, change: change)
  }

  @Test func identicalTemplatesHaveNoDifferences() {
    let diff = TemplateDiff(old: Self.base, new: Self.base)
    #expect(diff.isEmpty)
    #expect(diff.entries.isEmpty)
    #expect(diff.addedResources.isEmpty && diff.removedResources.isEmpty && diff.changedResources.isEmpty)
    #expect(diff.text() == "no differences\n")
  }

  @Test func sourcePositionsAreIgnored() {
    var read = Self.base
    read.source = SourceMap(file: "stack.json", positions: [[.key("Resources")]: SourcePosition(line: 3, column: 3)])
    #expect(TemplateDiff(old: Self.base, new: read).isEmpty)
  }

  @Test func anAddedResourceIsOneEntryWithItsWholeDocument() {
    var new = Self.base
    new.resources.append(Template.Resource("NewTopic", type: "AWS::SNS::Topic", properties: ["TopicName": "alarms"]))
    let diff = TemplateDiff(old: Self.base, new: new)
    #expect(
      diff.entries == [
        Self.resource("NewTopic", [], .added(["Type": "AWS::SNS::Topic", "Properties": ["TopicName": "alarms"]]))
      ])
    #expect(diff.addedResources == ["NewTopic"])
    #expect(diff.removedResources.isEmpty && diff.changedResources.isEmpty)
    #expect(diff.text() == "+ Resources.NewTopic (AWS::SNS::Topic)\n0 resources changed, 1 added, 0 removed\n")
  }

  @Test func aRemovedResourceIsOneEntry() {
    var new = Self.base
    new.resources.removeAll { $0.logicalID == "OldQueue" }
    let diff = TemplateDiff(old: Self.base, new: new)
    #expect(diff.entries == [Self.resource("OldQueue", [], .removed(["Type": "AWS::SQS::Queue"]))])
    #expect(diff.removedResources == ["OldQueue"])
    #expect(diff.text() == "- Resources.OldQueue (AWS::SQS::Queue)\n0 resources changed, 0 added, 1 removed\n")
  }

  @Test func aChangedPropertyIsReportedAtItsPath() {
    var new = Self.base
    new.resources[0].properties?["MultiAZ"] = false
    let diff = TemplateDiff(old: Self.base, new: new)
    #expect(
      diff.entries == [
        Self.resource("Database", [.key("Properties"), .key("MultiAZ")], .changed(old: true, new: false))
      ])
    #expect(diff.changedResources == ["Database"])
    #expect(
      diff.text() == "~ Resources.Database.Properties.MultiAZ: true -> false\n1 resource changed, 0 added, 0 removed\n")
  }

  @Test func nestedMappingsAndListIndexesMakeThePath() {
    let old = Template(resources: [
      Template.Resource(
        "Group", type: "AWS::EC2::SecurityGroup",
        properties: [
          "SecurityGroupIngress": [
            ["IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"],
            ["IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0"],
          ]
        ])
    ])
    var new = old
    new.resources[0].properties = [
      "SecurityGroupIngress": [
        ["IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/8"],
        ["IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIp": "0.0.0.0/0"],
        ["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8"],
      ]
    ]
    let diff = TemplateDiff(old: old, new: new)
    #expect(
      diff.entries == [
        Self.resource(
          "Group", [.key("Properties"), .key("SecurityGroupIngress"), .index(0), .key("CidrIp")],
          .changed(old: "0.0.0.0/0", new: "10.0.0.0/8")),
        Self.resource(
          "Group", [.key("Properties"), .key("SecurityGroupIngress"), .index(2)],
          .added(["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8"])),
      ])
    #expect(
      diff.text() == """
        ~ Resources.Group.Properties.SecurityGroupIngress[0].CidrIp: "0.0.0.0/0" -> "10.0.0.0/8"
        + Resources.Group.Properties.SecurityGroupIngress[2]: {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8"}
        1 resource changed, 0 added, 0 removed

        """)
  }

  @Test func aShorterListReportsTheRemovedElements() {
    let old = Template(resources: [Template.Resource("A", type: "T", dependsOn: ["B", "C", "D"])])
    var new = old
    new.resources[0].dependsOn = ["B"]
    #expect(
      TemplateDiff(old: old, new: new).entries == [
        Self.resource("A", [.key("DependsOn"), .index(1)], .removed("C")),
        Self.resource("A", [.key("DependsOn"), .index(2)], .removed("D")),
      ])
  }

  @Test func keyOrderIsNotADifference() {
    let old = Template(
      parameters: ["Image": ["Type": "String", "Default": "web:1"]],
      resources: [
        Template.Resource(
          "Vpc", type: "AWS::EC2::VPC",
          properties: ["CidrBlock": "10.0.0.0/16", "EnableDnsSupport": true, "Tags": [["Key": "a", "Value": "b"]]])
      ])
    let new = Template(
      parameters: ["Image": ["Default": "web:1", "Type": "String"]],
      resources: [
        Template.Resource(
          "Vpc", type: "AWS::EC2::VPC",
          properties: ["Tags": [["Value": "b", "Key": "a"]], "EnableDnsSupport": true, "CidrBlock": "10.0.0.0/16"])
      ])
    #expect(TemplateDiff(old: old, new: new).isEmpty)
  }

  @Test func resourceOrderIsNotADifference() {
    var new = Self.base
    new.resources.reverse()
    #expect(TemplateDiff(old: Self.base, new: new).isEmpty)
  }

  @Test func listOrderIsADifference() {
    let old = Template(resources: [Template.Resource("A", type: "T", properties: ["L": [1, 2]])])
    let new = Template(resources: [Template.Resource("A", type: "T", properties: ["L": [2, 1]])])
    #expect(
      TemplateDiff(old: old, new: new).entries == [
        Self.resource("A", [.key("Properties"), .key("L"), .index(0)], .changed(old: 1, new: 2)),
        Self.resource("A", [.key("Properties"), .key("L"), .index(1)], .changed(old: 2, new: 1)),
      ])
  }

  @Test func aResourceTypeChangeIsReportedAtType() {
    let old = Template(resources: [Template.Resource("Alerts", type: "AWS::SNS::Topic")])
    let new = Template(resources: [Template.Resource("Alerts", type: "AWS::SQS::Queue")])
    let diff = TemplateDiff(old: old, new: new)
    #expect(
      diff.entries == [
        Self.resource("Alerts", [.key("Type")], .changed(old: "AWS::SNS::Topic", new: "AWS::SQS::Queue"))
      ])
    #expect(diff.changedResources == ["Alerts"])
    #expect(
      diff.text().hasPrefix(
        "! Resources.Alerts: replacement: its Type changes from AWS::SNS::Topic to AWS::SQS::Queue (no UpdateReplacePolicy, so the old resource is deleted)\n~ Resources.Alerts.Type: \"AWS::SNS::Topic\" -> \"AWS::SQS::Queue\"\n"
      ))
  }

  @Test func aValueOfAnotherKindIsOneChange() {
    let old = Template(resources: [
      Template.Resource("A", type: "T", properties: ["Port": 443, "Tags": [["Key": "a"]]])
    ])
    let new = Template(resources: [
      Template.Resource("A", type: "T", properties: ["Port": "443", "Tags": ["Key": "a"]])
    ])
    let diff = TemplateDiff(old: old, new: new)
    #expect(
      diff.entries == [
        Self.resource("A", [.key("Properties"), .key("Port")], .changed(old: 443, new: "443")),
        Self.resource("A", [.key("Properties"), .key("Tags")], .changed(old: [["Key": "a"]], new: ["Key": "a"])),
      ])
    #expect(
      diff.text() == """
        ~ Resources.A.Properties.Port: 443 -> "443"
        ~ Resources.A.Properties.Tags: [{"Key": "a"}] -> {"Key": "a"}
        1 resource changed, 0 added, 0 removed

        """)
  }

  @Test func intrinsicsCompareStructurallyAndPrintInLongForm() {
    let old = Template(resources: [
      Template.Resource(
        "A", type: "T",
        properties: [
          "Same": .intrinsic(.sub("${X}-${Y}", ["X": "1", "Y": .ref("Y")])),
          "VpcId": .ref("Vpc"),
          "Zone": .intrinsic(.select(0, .intrinsic(.getAZs()))),
          "LongForm": ["Ref": "Vpc"],
        ])
    ])
    let new = Template(resources: [
      Template.Resource(
        "A", type: "T",
        properties: [
          "Same": .intrinsic(.sub("${X}-${Y}", ["Y": .ref("Y"), "X": "1"])),
          "VpcId": .getAtt("Vpc", "VpcId"),
          "Zone": .intrinsic(.select(1, .intrinsic(.getAZs()))),
          "LongForm": .ref("Vpc"),
        ])
    ])
    let diff = TemplateDiff(old: old, new: new)
    #expect(
      diff.entries == [
        Self.resource(
          "A", [.key("Properties"), .key("VpcId")], .changed(old: .ref("Vpc"), new: .getAtt("Vpc", "VpcId"))),
        Self.resource(
          "A", [.key("Properties"), .key("Zone")],
          .changed(
            old: .intrinsic(.select(0, .intrinsic(.getAZs()))), new: .intrinsic(.select(1, .intrinsic(.getAZs()))))),
      ])
    #expect(
      diff.text() == """
        ~ Resources.A.Properties.VpcId: {"Ref": "Vpc"} -> {"Fn::GetAtt": ["Vpc", "VpcId"]}
        ~ Resources.A.Properties.Zone: {"Fn::Select": [0, {"Fn::GetAZs": ""}]} -> {"Fn::Select": [1, {"Fn::GetAZs": ""}]}
        1 resource changed, 0 added, 0 removed

        """)
  }

  @Test func parametersOutputsAndScalarSectionsAreCompared() {
    var new = Self.base
    new.description = "The web stack"
    new.formatVersion = nil
    new.parameters = ["Image": ["Type": "String", "Default": "web:2"], "Env": ["Type": "String"]]
    new.outputs = [:]
    new.conditions = ["IsProd": .intrinsic(.equals(.ref("Env"), "prod"))]
    new.transform = "AWS::Serverless-2016-10-31"
    let diff = TemplateDiff(old: Self.base, new: new)
    #expect(
      diff.entries == [
        .init(section: "AWSTemplateFormatVersion", logicalID: nil, change: .removed("2010-09-09")),
        .init(section: "Description", logicalID: nil, change: .added("The web stack")),
        .init(
          section: "Parameters", logicalID: "Image", path: [.key("Default")],
          change: .changed(old: "web:1", new: "web:2")),
        .init(section: "Parameters", logicalID: "Env", change: .added(["Type": "String"])),
        .init(section: "Conditions", logicalID: "IsProd", change: .added(.intrinsic(.equals(.ref("Env"), "prod")))),
        .init(section: "Transform", logicalID: nil, change: .added("AWS::Serverless-2016-10-31")),
        .init(section: "Outputs", logicalID: "VpcId", change: .removed(["Value": .ref("Vpc")])),
      ])
    #expect(diff.addedResources.isEmpty && diff.removedResources.isEmpty && diff.changedResources.isEmpty)
    #expect(
      diff.text() == """
        - AWSTemplateFormatVersion: "2010-09-09"
        + Description: "The web stack"
        ~ Parameters.Image.Default: "web:1" -> "web:2"
        + Parameters.Env: {"Type": "String"}
        + Conditions.IsProd: {"Fn::Equals": [{"Ref": "Env"}, "prod"]}
        + Transform: "AWS::Serverless-2016-10-31"
        - Outputs.VpcId: {"Value": {"Ref": "Vpc"}}
        0 resources changed, 0 added, 0 removed; 7 changes in other sections

        """)
  }

  @Test func mappingsMetadataAndRulesAreCompared() {
    let old = Template(
      metadata: ["Owner": "web"], rules: ["R": ["Assertions": []]],
      mappings: ["Region": ["us-east-1": ["Ami": "ami-1"]]])
    let new = Template(
      metadata: ["Owner": "platform"], rules: [:],
      mappings: ["Region": ["us-east-1": ["Ami": "ami-2"], "eu-west-1": ["Ami": "ami-3"]]])
    #expect(
      TemplateDiff(old: old, new: new).entries == [
        .init(section: "Metadata", logicalID: "Owner", change: .changed(old: "web", new: "platform")),
        .init(section: "Rules", logicalID: "R", change: .removed(["Assertions": []])),
        .init(
          section: "Mappings", logicalID: "Region", path: [.key("us-east-1"), .key("Ami")],
          change: .changed(old: "ami-1", new: "ami-2")),
        .init(section: "Mappings", logicalID: "Region", path: [.key("eu-west-1")], change: .added(["Ami": "ami-3"])),
      ])
  }

  @Test func keysFollowTheNewOrderThenRemovedKeysInTheOldOrder() {
    let old = Template(resources: [Template.Resource("A", type: "T", properties: ["Gone1": 1, "Kept": 1, "Gone2": 2])])
    let new = Template(resources: [Template.Resource("A", type: "T", properties: ["New": 1, "Kept": 2])])
    #expect(
      TemplateDiff(old: old, new: new).entries.map(\.path) == [
        [.key("Properties"), .key("New")], [.key("Properties"), .key("Kept")],
        [.key("Properties"), .key("Gone1")], [.key("Properties"), .key("Gone2")],
      ])
  }

  @Test func theWholeTextIsDeterministic() {
    var new = Self.base
    new.resources = [
      Template.Resource(
        "Vpc", type: "AWS::EC2::VPC",
        properties: [
          "CidrBlock": "10.0.0.0/16", "Tags": [["Key": "app", "Value": "web"], ["Key": "team", "Value": "web"]],
        ]),
      Template.Resource(
        "Service", type: "AWS::ECS::Service", properties: ["Cluster": .ref("Cluster"), "DesiredCount": 4]),
      Template.Resource("NewTopic", type: "AWS::SNS::Topic"),
      Template.Resource("Database", type: "AWS::RDS::DBInstance", properties: ["MultiAZ": false, "Engine": "mysql"]),
    ]
    let expected = """
      + Resources.NewTopic (AWS::SNS::Topic)
      - Resources.OldQueue (AWS::SQS::Queue)
      ~ Resources.Database.Properties.MultiAZ: true -> false
      ~ Resources.Service.Properties.DesiredCount: 2 -> 4
      + Resources.Vpc.Properties.Tags[1]: {"Key": "team", "Value": "web"}
      3 resources changed, 1 added, 1 removed

      """
    let diff = TemplateDiff(old: Self.base, new: new)
    #expect(diff.text() == expected)
    #expect(diff.addedResources == ["NewTopic"])
    #expect(diff.removedResources == ["OldQueue"])
    #expect(diff.changedResources == ["Database", "Service", "Vpc"])
    var shuffled = new
    shuffled.resources.reverse()
    #expect(TemplateDiff(old: Self.base, new: shuffled) == diff)
  }

  @Test func resourcesSortByBytesNotByLocale() {
    let old = Template()
    let new = Template(resources: [
      Template.Resource("b", type: "T"), Template.Resource("B", type: "T"), Template.Resource("a", type: "T"),
      Template.Resource("A", type: "T"),
    ])
    #expect(TemplateDiff(old: old, new: new).addedResources == ["A", "B", "a", "b"])
    #expect(TemplateDiff(old: old, new: new).entries.compactMap(\.logicalID) == ["A", "B", "a", "b"])
  }

  @Test func longValuesArePrintedWhole() {
    let long = String(repeating: "x", count: 300)
    let old = Template(resources: [Template.Resource("A", type: "T", properties: ["Policy": .string(long)])])
    let new = Template(resources: [Template.Resource("A", type: "T", properties: ["Policy": "short"])])
    let line = TemplateDiff(old: old, new: new).text().split(separator: "\n").first.map(String.init) ?? ""
    #expect(line == "~ Resources.A.Properties.Policy: \"\(long)\" -> \"short\"")
  }

  @Test func stringsAreJSONQuoted() {
    let old = Template(description: "say \"hi\"\n\\ tab\t\u{01}")
    let new = Template(description: "é")
    #expect(TemplateDiff(old: old, new: new).text().hasPrefix(#"~ Description: "say \"hi\"\n\\ tab\t\u0001" -> "é""#))
  }

  @Test func scalarsRenderAsJSON() {
    let old = Template(resources: [
      Template.Resource("A", type: "T", properties: ["V": .number(1.5), "N": .null, "E": [], "O": [:]])
    ])
    let new = Template(resources: [Template.Resource("A", type: "T")])
    #expect(
      TemplateDiff(old: old, new: new).text() == """
        - Resources.A.Properties: {"V": 1.5, "N": null, "E": [], "O": {}}
        1 resource changed, 0 added, 0 removed

        """)
  }
}

/// What CloudFormation would replace or delete, marked as `cdk diff` marks it.
@Suite struct TemplateDiffHazardTests {
  static func database(
    _ id: LogicalID = "Database", subnets: String = "Subnets", storage: Int = 50, engine: String = "mysql",
    policy: TemplateValue? = "Snapshot"
  ) -> Template.Resource {
    Template.Resource(
      id, type: "AWS::RDS::DBInstance",
      properties: [
        "DBSubnetGroupName": .string(subnets), "AllocatedStorage": .integer(storage), "Engine": .string(engine),
      ],
      deletionPolicy: policy, updateReplacePolicy: policy)
  }

  @Test func aCreateOnlyPropertyMeansReplacement() {
    let diff = TemplateDiff(
      old: Template(resources: [Self.database()]), new: Template(resources: [Self.database(subnets: "Other")]))
    #expect(diff.hazards.map(\.kind) == [.replacement])
    #expect(
      diff.text() == """
        ! Resources.Database: replacement: DBSubnetGroupName changes, which CloudFormation cannot update in place (UpdateReplacePolicy Snapshot: a final snapshot is kept)
        ~ Resources.Database.Properties.DBSubnetGroupName: "Subnets" -> "Other"
        1 resource changed, 0 added, 0 removed; 1 replacement

        """)
  }

  @Test func anInPlaceChangeIsNotMarked() {
    let diff = TemplateDiff(
      old: Template(resources: [Self.database()]), new: Template(resources: [Self.database(storage: 100)]))
    #expect(diff.hazards.isEmpty)
    #expect(!diff.text().contains("!"))
  }

  @Test func aRenamedStoreIsADeletionWithItsPolicy() {
    let diff = TemplateDiff(
      old: Template(resources: [Self.database(policy: nil)]),
      new: Template(resources: [Self.database("MainDatabase", policy: nil)]))
    #expect(
      diff.text().hasPrefix(
        "! Resources.Database: deletion: it is removed from the template; 'MainDatabase' of the same type is added, and a new logical ID is a new resource (no DeletionPolicy, so it is deleted with its data)\n"
      ))
    #expect(diff.text().hasSuffix("0 resources changed, 1 added, 1 removed; 1 deletion of data\n"))
  }

  @Test func aChangedTypeIsAReplacement() {
    let diff = TemplateDiff(
      old: Template(resources: [Template.Resource("Queue", type: "AWS::SQS::Queue")]),
      new: Template(resources: [Template.Resource("Queue", type: "AWS::SNS::Topic")]))
    #expect(
      diff.text().hasPrefix(
        "! Resources.Queue: replacement: its Type changes from AWS::SQS::Queue to AWS::SNS::Topic (no UpdateReplacePolicy, so the old resource is deleted)\n"
      ))
  }

  @Test func aStatelessResourceRemovedIsNotMarked() {
    let diff = TemplateDiff(
      old: Template(resources: [Template.Resource("Topic", type: "AWS::SNS::Topic")]), new: Template())
    #expect(diff.hazards.isEmpty)
  }

  @Test func theTablesComeFromTheSchemas() {
    #expect(ReplacementProperties.always["AWS::RDS::DBInstance"]?.contains("DBSubnetGroupName") == true)
    #expect(ReplacementProperties.always["AWS::S3::Bucket"]?.contains("BucketName") == true)
    #expect(ReplacementProperties.always["AWS::RDS::DBInstance"]?.contains("AllocatedStorage") == false)
  }
}
