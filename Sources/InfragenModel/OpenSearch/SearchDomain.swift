import InfragenCore

/// An OpenSearch Service domain inside the VPC. Lowers to `AWS::OpenSearchService::Domain`.
///
/// Secure defaults: node-to-node and at-rest encryption, HTTPS only with TLS 1.2 or later, zone
/// awareness across the subnets' zones.
public struct SearchDomain: Resource, Hashable {
  /// `AWS::OpenSearchService::Domain`.
  public static let typeName = "AWS::OpenSearchService::Domain"
  /// The domain's logical ID.
  public var logicalID: LogicalID
  /// The engine version, such as `OpenSearch_2.13`.
  public var engineVersion: String
  /// The data node type, such as `m6g.large.search`.
  public var instanceType: String
  /// Data nodes; a multiple of the zone count.
  public var instanceCount: Int
  /// EBS volume size per node, in GiB.
  public var volumeSize: Int
  /// The subnets, one per zone.
  public var subnets: [Reference<Subnet>]
  /// The security groups.
  public var securityGroups: [Reference<SecurityGroup>]
  /// The log groups that receive the slow-search, slow-index, error and audit logs, with the
  /// resource policy that lets the service write to them; `nil` publishes no logs.
  public var logs: Logs?
  /// The IAM role that administers the domain through fine-grained access control; `nil` leaves
  /// fine-grained access control off (and audit logs need it).
  public var masterRole: Attribute<Role>?
  /// What happens to it when it is deleted or replaced. Defaults to ``RemovalPolicy/retain``.
  public var removalPolicy: RemovalPolicy = .retain
  /// Tags.
  public var tags: [Tag]

  /// Where the domain publishes its logs.
  public struct Logs: Hashable, Sendable {
    /// Slow searches.
    public var searchSlow: Attribute<LogGroup>
    /// Slow indexing.
    public var indexSlow: Attribute<LogGroup>
    /// Errors.
    public var application: Attribute<LogGroup>
    /// Audit events.
    public var audit: Attribute<LogGroup>
    /// The resource policy that lets the service write to them.
    public var policy: LogicalID

    /// Log groups for each kind of log.
    public init(
      searchSlow: LogGroup, indexSlow: LogGroup, application: LogGroup, audit: LogGroup,
      policy: SearchLogsResourcePolicy
    ) {
      self.searchSlow = searchSlow.arn
      self.indexSlow = indexSlow.arn
      self.application = application.arn
      self.audit = audit.arn
      self.policy = policy.logicalID
    }
  }

  /// A domain.
  public init(
    _ logicalID: LogicalID, engineVersion: String, instanceType: String, instanceCount: Int,
    volumeSize: Int, subnets: [Subnet], securityGroups: [SecurityGroup], logs: Logs? = nil,
    masterRole: Role? = nil, tags: [Tag] = []
  ) {
    self.logs = logs
    self.masterRole = masterRole?.arn
    self.logicalID = logicalID
    self.engineVersion = engineVersion
    self.instanceType = instanceType
    self.instanceCount = instanceCount
    self.volumeSize = volumeSize
    self.subnets = subnets.map(\.ref)
    self.securityGroups = securityGroups.map(\.ref)
    self.tags = tags
  }

  /// The domain's endpoint host name.
  public var domainEndpoint: Attribute<SearchDomain> { Attribute(logicalID, "DomainEndpoint") }
  /// The domain's ARN.
  public var arn: Attribute<SearchDomain> { Attribute(logicalID, "Arn") }
}
