import InfragenCore

/// Which resource types take a `Tags` list of `{Key, Value}`, and how stack-wide tags join a
/// resource's own.
enum Tagging {
  /// The types of the DSL whose CloudFormation schema has a `Tags` list of `{Key, Value}`; a test
  /// checks this list against cfn-lint's copy of the schemas.
  static let taggableTypes: Set<String> = [
    "AWS::CertificateManager::Certificate", "AWS::Chatbot::SlackChannelConfiguration", "AWS::CloudWatch::Alarm",
    "AWS::EC2::EIP",
    "AWS::EC2::FlowLog", "AWS::EC2::InternetGateway", "AWS::EC2::NatGateway", "AWS::EC2::RouteTable",
    "AWS::EC2::SecurityGroup",
    "AWS::EC2::Subnet", "AWS::EC2::VPC", "AWS::ECS::Cluster", "AWS::ECS::Service", "AWS::ECS::TaskDefinition",
    "AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::SubnetGroup", "AWS::Events::Rule",
    "AWS::ElasticLoadBalancingV2::LoadBalancer", "AWS::ElasticLoadBalancingV2::TargetGroup", "AWS::IAM::Role",
    "AWS::KMS::Key", "AWS::Logs::LogGroup", "AWS::OpenSearchService::Domain", "AWS::RDS::DBCluster",
    "AWS::RDS::DBInstance",
    "AWS::RDS::DBSubnetGroup",
    "AWS::S3::Bucket", "AWS::SNS::Topic", "AWS::SQS::Queue", "AWS::SecretsManager::Secret",
    "AWS::ServiceDiscovery::PrivateDnsNamespace",
  ]

  /// `resource` with `tags` after its own tags; a key it already has keeps the resource's value.
  static func apply(_ tags: [Tag], to resource: inout Template.Resource) {
    guard !tags.isEmpty, taggableTypes.contains(resource.type) else { return }
    var properties = resource.properties ?? Fields()
    var list = properties["Tags"]?.listValue ?? []
    let present = Set(list.compactMap { $0["Key"]?.stringValue })
    for tag in tags where !present.contains(tag.key) {
      list.append(["Key": .string(tag.key), "Value": tag.value.value])
    }
    properties["Tags"] = .list(list)
    resource.properties = properties
  }
}
