import InfragenCore

/// An S3 bucket for logs: encrypted, versioned, every kind of public access blocked, objects
/// owned by the bucket owner, old versions and objects expired. Lowers to `AWS::S3::Bucket`.
public struct Bucket: Resource, Hashable {
  /// `AWS::S3::Bucket`.
  public static let typeName = "AWS::S3::Bucket"
  /// The bucket's logical ID.
  public var logicalID: LogicalID
  /// Days before objects expire. Defaults to 365.
  public var expirationDays: Int
  /// What happens to it when it is deleted or replaced. Defaults to ``RemovalPolicy/retain``.
  public var removalPolicy: RemovalPolicy = .retain
  /// Checks of checkov waived on this bucket, each with its reason (`Metadata.checkov.skip`).
  public var checkovWaivers: [CheckovWaiver]

  /// A log bucket.
  public init(_ logicalID: LogicalID, expirationDays: Int = 365, checkovWaivers: [CheckovWaiver] = []) {
    self.logicalID = logicalID
    self.expirationDays = expirationDays
    self.checkovWaivers = checkovWaivers
  }

  /// The bucket's ARN.
  public var arn: Attribute<Bucket> { Attribute(logicalID, "Arn") }

  /// A policy for `roles` to list the bucket and read its objects, all of them or those under
  /// `prefix` (such as `reports/`). Lowers to an `AWS::IAM::Policy` on the roles.
  public func grantRead(_ logicalID: LogicalID, to roles: [Role], prefix: String = "") -> RolePolicy {
    var list = PolicyStatement(actions: ["s3:ListBucket"], resources: [TemplateString(arn)])
    if !prefix.isEmpty { list.conditions = ["StringLike": ["s3:prefix": .string("\(prefix)*")]] }
    let read = PolicyStatement(actions: ["s3:GetObject"], resources: ["\(arn)/\(prefix)*"])
    return RolePolicy(logicalID, policy: Policy("Read\(self.logicalID)", statements: [list, read]), roles: roles)
  }
}

/// The policy of a log bucket: TLS only, and Elastic Load Balancing may write access logs under a
/// prefix. Lowers to `AWS::S3::BucketPolicy`.
public struct LoadBalancerLogBucketPolicy: Resource, Hashable {
  /// `AWS::S3::BucketPolicy`.
  public static let typeName = "AWS::S3::BucketPolicy"
  /// The policy's logical ID.
  public var logicalID: LogicalID
  /// The bucket.
  public var bucket: Reference<Bucket>
  /// The bucket's ARN.
  public var bucketARN: Attribute<Bucket>
  /// The key prefix access logs go under.
  public var prefix: String
  /// The Elastic Load Balancing account of each region that predates the log-delivery service
  /// principal, and the condition that the stack's region is one of them.
  public var legacyAccounts: (mapping: Reference<Mapping>, condition: Reference<Condition>)

  /// A policy for `bucket`: the log-delivery service principal may write under `prefix`, and so
  /// may the regional Elastic Load Balancing account where `legacyRegion` holds.
  public init(
    _ logicalID: LogicalID, bucket: Bucket, prefix: String, elbAccounts: Mapping, legacyRegion: Condition
  ) {
    self.logicalID = logicalID
    self.bucket = bucket.ref
    self.bucketARN = bucket.arn
    self.prefix = prefix
    self.legacyAccounts = (elbAccounts.ref, legacyRegion.ref)
  }

  /// Whether two policies are the same.
  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.logicalID == rhs.logicalID && lhs.bucket == rhs.bucket && lhs.prefix == rhs.prefix
      && lhs.legacyAccounts.mapping == rhs.legacyAccounts.mapping
      && lhs.legacyAccounts.condition == rhs.legacyAccounts.condition
  }

  /// Hashes the policy.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(logicalID)
    hasher.combine(prefix)
  }
}
