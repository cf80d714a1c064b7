import InfragenCore
import InfragenModel

/// The stack's customer-managed KMS key, and the bucket that keeps the load balancer's access logs.
public struct Protection: StackComponent {
  let options: ReferenceStack.Options

  /// The key that encrypts the secrets, the log groups and the alarm topic.
  public var key: KMSKey {
    KMSKey(
      "EncryptionKey", description: "Encrypts \(options.serviceName)'s secrets, log groups and alarm topic",
      services: [.logs, .sns, .secretsManager, .cloudWatchAlarms])
  }

  /// The access-log bucket. S3 server access logging of the bucket itself is waived: it is the
  /// log destination, and logging it to itself would loop.
  public var accessLogBucket: Bucket {
    Bucket(
      "AccessLogBucket", expirationDays: 365,
      checkovWaivers: [
        CheckovWaiver(
          "CKV_AWS_18",
          reason:
            "This bucket is the destination of the load balancer's access logs; logging its own access to itself would loop"
        )
      ])
  }

  /// Where Elastic Load Balancing writes from regions that predate its log-delivery service principal.
  public var elbAccounts: Mapping {
    Mapping(
      "ElbAccountIds", entries: Fields(Self.legacyELBAccounts.map { ($0.region, ["AccountId": .string($0.account)]) }))
  }

  /// Whether the stack's region is one of them.
  public var legacyRegion: Condition {
    let equals = Self.legacyELBAccounts.map { TemplateValue.intrinsic(.equals(.ref(.region), .string($0.region))) }
    let groups = stride(from: 0, to: equals.count, by: 10).map {
      TemplateValue.intrinsic(.or(Array(equals[$0..<min($0 + 10, equals.count)])))
    }
    return Condition("IsLegacyElbRegion", .intrinsic(.or(groups)))
  }

  /// The bucket policy: TLS only, and the load balancer may write under `alb/`.
  public var accessLogPolicy: LoadBalancerLogBucketPolicy {
    LoadBalancerLogBucketPolicy(
      "AccessLogBucketPolicy", bucket: accessLogBucket, prefix: "alb", elbAccounts: elbAccounts,
      legacyRegion: legacyRegion)
  }

  /// The Elastic Load Balancing account of each region opened before August 2022, from the
  /// Elastic Load Balancing user guide; newer regions use the log-delivery service principal.
  static let legacyELBAccounts: [(region: String, account: String)] = [
    ("af-south-1", "098369216593"), ("ap-east-1", "754344448648"), ("ap-northeast-1", "582318560864"),
    ("ap-northeast-2", "600734575887"), ("ap-northeast-3", "383597477331"), ("ap-south-1", "718504428378"),
    ("ap-southeast-1", "114774131450"), ("ap-southeast-2", "783225319266"), ("ca-central-1", "985666609251"),
    ("cn-north-1", "638102146993"), ("cn-northwest-1", "037604701340"), ("eu-central-1", "054676820928"),
    ("eu-north-1", "897822967062"), ("eu-south-1", "635631232127"), ("eu-west-1", "156460612806"),
    ("eu-west-2", "652711504416"), ("eu-west-3", "009996457667"), ("me-south-1", "076674570225"),
    ("sa-east-1", "507241528517"), ("us-east-1", "127311923021"), ("us-east-2", "033677994240"),
    ("us-gov-east-1", "190560391635"), ("us-gov-west-1", "048591011584"), ("us-west-1", "027434742980"),
    ("us-west-2", "797873946194"),
  ]

  /// The key, the bucket, its policy, and the table and condition the policy uses.
  public var body: [StackElement] {
    elbAccounts
    legacyRegion
    key
    accessLogBucket
    accessLogPolicy
  }
}
