import InfragenCore
import InfragenFormats
import Testing

@testable import InfragenValidation

/// The best-practice rule pack: each rule broken and kept, in every form a template can take.
@Suite enum BestPracticeRuleTests {}

extension BestPracticeRuleTests {
  @Suite struct BestPracticePackTests {
    @Test func everyRuleIsAWarningWithPeerIDsInItsSummary() {
      let names = Validator.bestPracticeRules.map { $0.name }
      #expect(Set(names).count == names.count)
      #expect(names.count == 20)
      for rule in Validator.bestPracticeRules {
        let name = rule.name
        let isWarning = rule.defaultSeverity == .warning
        let summary = rule.summary
        #expect(isWarning, "\(name)")
        #expect(summary.hasSuffix(")") && !summary.contains("\n"), "\(name)")
      }
    }

    /// The reference stack passes the rules it is meant to pass already; encryption of topics and
    /// logs, and the optional rules, come with the stack's KMS work.
    @Test func theReferenceStackKeepsTheCoreRules() throws {
      let stack = try BestPracticeFixture.referenceStack()
      let rules: [any ValidationRule.Type] = [
        DatabaseStorageIsEncrypted.self, DatabaseIsProtected.self, CacheIsEncrypted.self, SearchDomainIsEncrypted.self,
        ListenersUseHTTPS.self, LoadBalancerDropsInvalidHeaders.self, SecretsComeFromValueFrom.self,
        IAMDoesNotGrantSecretsOrKMSOnEverything.self, LogGroupsHaveRetention.self, AlarmsHaveActions.self,
      ]
      for rule in rules {
        let lines = BestPracticeFixture.lines(stack, rule)
        #expect(lines == [], "\(rule.name)")
      }
    }
  }

  @Suite struct DatabaseStorageIsEncryptedTests {
    let rule = DatabaseStorageIsEncrypted.self

    @Test(arguments: [TemplateValue.boolean(true), "true", "True", .ref("Param")])
    func keepsEncryptedOrUnknownStorage(_ flag: TemplateValue) {
      let template = BestPracticeFixture.template(
        "Db", "AWS::RDS::DBInstance", ["Engine": "postgres", "StorageEncrypted": flag])
      #expect(BestPracticeFixture.findings(template, rule) == [])
    }

    @Test func breaksWhenStorageEncryptedIsMissing() {
      let template = BestPracticeFixture.template("Db", "AWS::RDS::DBInstance", ["Engine": "postgres"])
      let findings = BestPracticeFixture.findings(template, rule)
      #expect(findings.map(\.rule) == ["DatabaseStorageIsEncrypted"])
      #expect(findings.map(\.severity) == [.warning])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Db.Properties: database 'Db' has no StorageEncrypted, so its storage, backups and snapshots are not encrypted; set StorageEncrypted to true"
        ])
    }

    @Test func breaksOnTheSecondBranchOfAnIf() {
      let template = BestPracticeFixture.template(
        "Db", "AWS::RDS::DBCluster", ["StorageEncrypted": BestPracticeFixture.either(true, "false")])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Db.Properties.StorageEncrypted: database cluster 'Db' sets StorageEncrypted to 'false' in one branch of an Fn::If, so its storage, backups and snapshots are not encrypted; set StorageEncrypted to true"
        ])
    }

    @Test func breaksWhenABranchDropsTheProperty() {
      let template = BestPracticeFixture.template(
        "Db", "AWS::RDS::DBInstance",
        ["StorageEncrypted": BestPracticeFixture.either(true, BestPracticeFixture.noValue)])
      #expect(
        BestPracticeFixture.findings(template, rule).map(\.location.description) == ["Db.Properties.StorageEncrypted"])
      #expect(
        BestPracticeFixture.findings(template, rule).first?.message.hasPrefix(
          "database 'Db' has no StorageEncrypted in one branch of an Fn::If") == true)
    }

    @Test func leavesClusterMembersToTheirClusterAndSnapshotsToTheirSource() {
      let template = BestPracticeFixture.template([
        ("Member", "AWS::RDS::DBInstance", ["Engine": "aurora-postgresql", "DBClusterIdentifier": .ref("Cluster")]),
        ("Cluster", "AWS::RDS::DBCluster", ["Engine": "aurora-postgresql", "StorageEncrypted": true]),
        ("Restored", "AWS::RDS::DBInstance", ["DBSnapshotIdentifier": "snap-1"]),
        ("Replica", "AWS::RDS::DBInstance", ["SourceDBInstanceIdentifier": .ref("Param"), "StorageEncrypted": false]),
      ])
      #expect(
        BestPracticeFixture.findings(template, rule).map(\.location.description) == [
          "Replica.Properties.StorageEncrypted"
        ])
    }
  }

  @Suite struct DatabaseIsProtectedTests {
    let rule = DatabaseIsProtected.self

    @Test func keepsAProtectedInstanceWithStringSettings() {
      let template = BestPracticeFixture.template(
        "Db", "AWS::RDS::DBInstance", ["DeletionProtection": "true", "MultiAZ": "True", "BackupRetentionPeriod": "7"])
      #expect(BestPracticeFixture.findings(template, rule) == [])
    }

    @Test func keepsTheDefaultRetentionAndAClusterWithoutMultiAZ() {
      let template = BestPracticeFixture.template([
        ("Cluster", "AWS::RDS::DBCluster", ["DeletionProtection": true]),
        ("Member", "AWS::RDS::DBInstance", ["DBClusterIdentifier": .ref("Cluster")]),
        (
          "Db", "AWS::RDS::DBInstance",
          ["DeletionProtection": true, "MultiAZ": .ref("Param"), "BackupRetentionPeriod": .ref("Param")]
        ),
      ])
      #expect(BestPracticeFixture.findings(template, rule) == [])
    }

    @Test func breaksOncePerMissingSetting() {
      let template = BestPracticeFixture.template("Db", "AWS::RDS::DBInstance", ["BackupRetentionPeriod": "0"])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Db.Properties: database 'Db' has no DeletionProtection, so a stack update or deletion can destroy it; set DeletionProtection to true",
          "Db.Properties.BackupRetentionPeriod: database 'Db' sets BackupRetentionPeriod to '0', which turns off automated backups and point-in-time recovery; keep BackupRetentionPeriod at 1 day or more",
        ])
    }

    @Test func breaksOnTheSecondBranchOfAnIf() {
      let template = BestPracticeFixture.template(
        "Cluster", "AWS::RDS::DBCluster",
        ["DeletionProtection": true, "BackupRetentionPeriod": BestPracticeFixture.either(7, 0)])
      let findings = BestPracticeFixture.findings(template, rule)
      #expect(findings.map(\.location.description) == ["Cluster.Properties.BackupRetentionPeriod"])
      #expect(
        findings.first?.message.contains(
          "database cluster 'Cluster' sets BackupRetentionPeriod to 0 in one branch of an Fn::If") == true)
    }
  }

  @Suite struct DatabaseIsMultiAZTests {
    let rule = DatabaseIsMultiAZ.self

    @Test func keepsAMultiAZInstanceAClusterAndItsMembers() {
      let template = BestPracticeFixture.template([
        ("Db", "AWS::RDS::DBInstance", ["MultiAZ": "True"]),
        ("Cluster", "AWS::RDS::DBCluster", [:]),
        ("Member", "AWS::RDS::DBInstance", ["DBClusterIdentifier": .ref("Cluster")]),
        ("Param", "AWS::RDS::DBInstance", ["MultiAZ": .ref("Param")]),
      ])
      #expect(BestPracticeFixture.findings(template, rule) == [])
    }

    @Test func breaksWithoutAStandby() {
      let template = BestPracticeFixture.template("Db", "AWS::RDS::DBInstance", ["DeletionProtection": true])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Db.Properties: database 'Db' has no MultiAZ, so it runs in one availability zone without a standby; set MultiAZ to true"
        ])
    }

    @Test func breaksOnTheSecondBranchOfAnIf() {
      let template = BestPracticeFixture.template(
        "Db", "AWS::RDS::DBInstance", ["MultiAZ": BestPracticeFixture.either(true, false)])
      #expect(BestPracticeFixture.findings(template, rule).map(\.location.description) == ["Db.Properties.MultiAZ"])
    }
  }

  @Suite struct CacheIsEncryptedTests {
    let rule = CacheIsEncrypted.self

    @Test func keepsAnEncryptedGroup() {
      let template = BestPracticeFixture.template(
        "Cache", "AWS::ElastiCache::ReplicationGroup",
        ["AtRestEncryptionEnabled": "true", "TransitEncryptionEnabled": .ref("Param")])
      #expect(BestPracticeFixture.findings(template, rule) == [])
      #expect(
        BestPracticeFixture.findings(
          BestPracticeFixture.template("Serverless", "AWS::ElastiCache::ServerlessCache", [:]), rule) == [])
    }

    @Test func breaksOnEachMissingEncryption() {
      let template = BestPracticeFixture.template(
        "Cache", "AWS::ElastiCache::ReplicationGroup", ["ReplicationGroupDescription": "c"])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Cache.Properties: replication group 'Cache' has no AtRestEncryptionEnabled, so its data, backups and snapshots on disk are not encrypted; set AtRestEncryptionEnabled to true",
          "Cache.Properties: replication group 'Cache' has no TransitEncryptionEnabled, so clients and replicas talk to it in plaintext; set TransitEncryptionEnabled to true",
        ])
    }

    @Test func breaksOnTheSecondBranchOfAnIf() {
      let template = BestPracticeFixture.template(
        "Cache", "AWS::ElastiCache::ReplicationGroup",
        ["AtRestEncryptionEnabled": true, "TransitEncryptionEnabled": BestPracticeFixture.either(true, false)])
      #expect(
        BestPracticeFixture.findings(template, rule).map(\.location.description) == [
          "Cache.Properties.TransitEncryptionEnabled"
        ])
    }
  }

  @Suite struct SearchDomainIsEncryptedTests {
    let rule = SearchDomainIsEncrypted.self

    static let encrypted: Fields = [
      "EncryptionAtRestOptions": ["Enabled": true],
      "NodeToNodeEncryptionOptions": ["Enabled": "true"],
      "DomainEndpointOptions": ["EnforceHTTPS": true, "TLSSecurityPolicy": "Policy-Min-TLS-1-2-PFS-2023-10"],
    ]

    @Test func keepsAnEncryptedDomainOfEitherType() {
      #expect(
        BestPracticeFixture.findings(
          BestPracticeFixture.template("Search", "AWS::OpenSearchService::Domain", Self.encrypted), rule) == [])
      #expect(
        BestPracticeFixture.findings(
          BestPracticeFixture.template("Search", "AWS::Elasticsearch::Domain", Self.encrypted), rule) == [])
    }

    @Test func breaksOnABareDomain() {
      let template = BestPracticeFixture.template(
        "Search", "AWS::Elasticsearch::Domain", ["EngineVersion": "OpenSearch_2.13"])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Search.Properties: search domain 'Search' has no DomainEndpointOptions.EnforceHTTPS, so its endpoint also answers plain HTTP; set DomainEndpointOptions.EnforceHTTPS to true",
          "Search.Properties: search domain 'Search' has no DomainEndpointOptions.TLSSecurityPolicy, so it accepts TLS older than 1.2 (the default, Policy-Min-TLS-1-0-2019-07); use Policy-Min-TLS-1-2-2019-07 or Policy-Min-TLS-1-2-PFS-2023-10",
          "Search.Properties: search domain 'Search' has no EncryptionAtRestOptions.Enabled, so its indices, logs and snapshots are not encrypted at rest; set EncryptionAtRestOptions.Enabled to true",
          "Search.Properties: search domain 'Search' has no NodeToNodeEncryptionOptions.Enabled, so traffic between its nodes is plaintext; set NodeToNodeEncryptionOptions.Enabled to true",
        ])
    }

    @Test func breaksOnAnOldPolicyInTheSecondBranch() {
      var properties = Self.encrypted
      properties["DomainEndpointOptions"] = [
        "EnforceHTTPS": true,
        "TLSSecurityPolicy": BestPracticeFixture.either("Policy-Min-TLS-1-2-2019-07", "Policy-Min-TLS-1-0-2019-07"),
      ]
      let template = BestPracticeFixture.template("Search", "AWS::OpenSearchService::Domain", properties)
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Search.Properties.DomainEndpointOptions.TLSSecurityPolicy: search domain 'Search' sets DomainEndpointOptions.TLSSecurityPolicy to 'Policy-Min-TLS-1-0-2019-07' in one branch of an Fn::If, so it accepts TLS older than 1.2; use Policy-Min-TLS-1-2-2019-07 or Policy-Min-TLS-1-2-PFS-2023-10"
        ])
    }

    @Test func breaksWhenAWholeOptionBlockIsConditional() {
      var properties = Self.encrypted
      properties["EncryptionAtRestOptions"] = BestPracticeFixture.either(["Enabled": true], BestPracticeFixture.noValue)
      let findings = BestPracticeFixture.findings(
        BestPracticeFixture.template("Search", "AWS::OpenSearchService::Domain", properties), rule)
      #expect(findings.map(\.location.description) == ["Search.Properties.EncryptionAtRestOptions"])
    }
  }

  @Suite struct ListenersUseHTTPSTests {
    let rule = ListenersUseHTTPS.self

    static let redirect: TemplateValue = [
      ["Type": "redirect", "RedirectConfig": ["Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"]]
    ]
    static let forward: TemplateValue = [["Type": "forward", "TargetGroupArn": .ref("Targets")]]

    @Test(arguments: [
      "ELBSecurityPolicy-TLS13-1-2-2021-06", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
      "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
      "ELBSecurityPolicy-FS-1-2-Res-2020-10", "ELBSecurityPolicy-TLS13-1-3-2021-06",
    ])
    func keepsHTTPSWithAModernPolicy(_ policy: String) {
      let template = BestPracticeFixture.template(
        "Https", "AWS::ElasticLoadBalancingV2::Listener",
        ["Protocol": "HTTPS", "Port": 443, "SslPolicy": .string(policy), "DefaultActions": Self.forward])
      #expect(BestPracticeFixture.findings(template, rule) == [])
    }

    @Test func keepsARedirectAPolicyParameterAndPassThrough() {
      let template = BestPracticeFixture.template([
        (
          "Http", "AWS::ElasticLoadBalancingV2::Listener",
          ["Protocol": "HTTP", "Port": 80, "DefaultActions": Self.redirect]
        ),
        (
          "Tls", "AWS::ElasticLoadBalancingV2::Listener",
          ["Protocol": "TLS", "SslPolicy": .ref("Param"), "DefaultActions": Self.forward]
        ),
        (
          "Tcp", "AWS::ElasticLoadBalancingV2::Listener",
          ["Protocol": "TCP", "Port": 5432, "DefaultActions": Self.forward]
        ),
      ])
      #expect(BestPracticeFixture.findings(template, rule) == [])
    }

    @Test func breaksOnHTTPSWithoutAPolicy() {
      let template = BestPracticeFixture.template(
        "Https", "AWS::ElasticLoadBalancingV2::Listener", ["Protocol": "HTTPS", "DefaultActions": Self.forward])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Https.Properties: listener 'Https' has no SslPolicy, so it gets ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1; use a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-2021-06"
        ])
    }

    @Test(arguments: [
      "ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS13-1-0-2021-06", "ELBSecurityPolicy-TLS-1-1-2017-01",
    ])
    func breaksOnAnOldPolicy(_ policy: String) {
      let template = BestPracticeFixture.template(
        "Tls", "AWS::ElasticLoadBalancingV2::Listener",
        ["Protocol": "TLS", "SslPolicy": .string(policy), "DefaultActions": Self.forward])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Tls.Properties.SslPolicy: listener 'Tls' sets SslPolicy to '\(policy)', which accepts TLS older than 1.2; use a TLS 1.2+ policy such as ELBSecurityPolicy-TLS13-1-2-2021-06"
        ])
    }

    @Test func breaksOnPlainHTTPThatForwards() {
      let template = BestPracticeFixture.template(
        "Http", "AWS::ElasticLoadBalancingV2::Listener",
        ["Protocol": "HTTP", "Port": 80, "DefaultActions": Self.forward])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Http.Properties.DefaultActions[0]: listener 'Http' serves plain HTTP and its default action 'forward' does not redirect to HTTPS; use HTTPS, or make every default action a redirect with RedirectConfig.Protocol HTTPS"
        ])
    }

    @Test func breaksOnARedirectToHTTPInTheSecondBranch() {
      let actions: TemplateValue = [
        [
          "Type": "redirect",
          "RedirectConfig": ["Protocol": BestPracticeFixture.either("HTTPS", "#{protocol}"), "Port": "443"],
        ]
      ]
      let template = BestPracticeFixture.template(
        "Http", "AWS::ElasticLoadBalancingV2::Listener", ["Protocol": "HTTP", "DefaultActions": actions])
      #expect(
        BestPracticeFixture.findings(template, rule).map(\.location.description) == [
          "Http.Properties.DefaultActions[0]"
        ])
    }

    @Test func breaksOnAProtocolThatIsHTTPInTheSecondBranch() {
      let template = BestPracticeFixture.template(
        "Web", "AWS::ElasticLoadBalancingV2::Listener",
        [
          "Protocol": BestPracticeFixture.either("HTTPS", "HTTP"), "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
          "DefaultActions": Self.forward,
        ])
      #expect(
        BestPracticeFixture.findings(template, rule).map(\.location.description) == ["Web.Properties.DefaultActions[0]"]
      )
    }
  }

  @Suite struct LoadBalancerDropsInvalidHeadersTests {
    let rule = LoadBalancerDropsInvalidHeaders.self

    static func attributes(_ value: TemplateValue) -> TemplateValue {
      [
        ["Key": "idle_timeout.timeout_seconds", "Value": "60"],
        ["Key": "routing.http.drop_invalid_header_fields.enabled", "Value": value],
      ]
    }

    @Test func keepsAnApplicationLoadBalancerThatDropsAndOtherTypes() {
      let template = BestPracticeFixture.template([
        ("Alb", "AWS::ElasticLoadBalancingV2::LoadBalancer", ["LoadBalancerAttributes": Self.attributes("true")]),
        ("Nlb", "AWS::ElasticLoadBalancingV2::LoadBalancer", ["Type": "network"]),
        (
          "Dynamic", "AWS::ElasticLoadBalancingV2::LoadBalancer",
          ["Type": "application", "LoadBalancerAttributes": Self.attributes(.ref("Param"))]
        ),
      ])
      #expect(BestPracticeFixture.findings(template, rule) == [])
    }

    @Test func breaksWithoutTheAttribute() {
      let template = BestPracticeFixture.template(
        "Alb", "AWS::ElasticLoadBalancingV2::LoadBalancer", ["Scheme": "internet-facing"])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Alb.Properties: load balancer 'Alb' does not set routing.http.drop_invalid_header_fields.enabled, so malformed headers reach its targets (request smuggling); add the attribute routing.http.drop_invalid_header_fields.enabled with Value \"true\""
        ])
    }

    @Test func breaksOnFalseInTheSecondBranch() {
      let template = BestPracticeFixture.template(
        "Alb", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        ["Type": "application", "LoadBalancerAttributes": Self.attributes(BestPracticeFixture.either("true", "false"))])
      let findings = BestPracticeFixture.findings(template, rule)
      #expect(findings.map(\.location.description) == ["Alb.Properties.LoadBalancerAttributes[1].Value"])
      #expect(
        findings.first?.message.hasPrefix(
          "load balancer 'Alb' sets routing.http.drop_invalid_header_fields.enabled to 'false' in one branch of an Fn::If"
        ) == true)
    }
  }

  @Suite struct SecretsComeFromValueFromTests {
    let rule = SecretsComeFromValueFrom.self

    static func taskDefinition(_ environment: [TemplateValue]) -> Template {
      BestPracticeFixture.template(
        "Task", "AWS::ECS::TaskDefinition",
        ["ContainerDefinitions": [["Name": "app", "Image": .ref("Param"), "Environment": .list(environment)]]])
    }

    @Test func keepsSettingsReferencesAndPointersToSecrets() {
      let template = Self.taskDefinition([
        ["Name": "NODE_ENV", "Value": "production"],
        ["Name": "DB_HOST", "Value": .getAtt("Db", "Endpoint.Address")],
        ["Name": "DB_PASSWORD", "Value": .ref("Param")],
        ["Name": "API_TOKEN", "Value": .sub("${Param}")],
        ["Name": "JWT_SECRET_ARN", "Value": "arn:aws:secretsmanager:us-east-1:123456789012:secret:jwt"],
        ["Name": "ENABLE_TOKEN_AUTH", "Value": "true"],
        ["Name": "PASSWORD_MIN_LENGTH", "Value": "12"],
        ["Name": "SETTINGS", "Value": "{{resolve:ssm:/app/settings}}"],
      ])
      #expect(BestPracticeFixture.findings(template, rule) == [])
    }

    @Test func breaksOnALiteralSecretByName() {
      let template = Self.taskDefinition([
        ["Name": "NODE_ENV", "Value": "production"], ["Name": "db-password", "Value": "hunter2"],
      ])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Task.Properties.ContainerDefinitions[0].Environment[1]: environment variable 'db-password' of container 'app' holds a literal secret; pass it in Secrets with ValueFrom (a Secrets Manager secret or an SSM SecureString parameter)"
        ])
    }

    @Test func breaksOnValuesThatLookLikeSecretsWhateverTheName() {
      let template = Self.taskDefinition([
        ["Name": "AWS_ACCESS_KEY_ID", "Value": "AKIAIOSFODNN7EXAMPLE"],
        ["Name": "TLS_CERT", "Value": "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----"],
        [
          "Name": "DB_URL",
          "Value": .sub("postgres://app:{{resolve:secretsmanager:${Param}:SecretString:password}}@db"),
        ],
      ])
      #expect(
        BestPracticeFixture.findings(template, rule).map(\.message) == [
          "environment variable 'AWS_ACCESS_KEY_ID' of container 'app' holds what looks like an AWS access key ID; pass it in Secrets with ValueFrom (a Secrets Manager secret or an SSM SecureString parameter)",
          "environment variable 'TLS_CERT' of container 'app' holds a private key; pass it in Secrets with ValueFrom (a Secrets Manager secret or an SSM SecureString parameter)",
          "environment variable 'DB_URL' of container 'app' holds a dynamic reference to a secret, which CloudFormation resolves into the task definition in plaintext; pass it in Secrets with ValueFrom (a Secrets Manager secret or an SSM SecureString parameter)",
        ])
    }

    @Test func breaksOnTheSecondBranchOfAnIf() {
      let template = Self.taskDefinition([
        ["Name": "ApiKey", "Value": BestPracticeFixture.either(.ref("Param"), "sk_live_123")]
      ])
      #expect(
        BestPracticeFixture.findings(template, rule).map(\.location.description) == [
          "Task.Properties.ContainerDefinitions[0].Environment[0]"
        ])
    }

    @Test func readsNames() {
      #expect(SecretsComeFromValueFrom.looksSecret(name: "GITHUB_TOKEN"))
      #expect(SecretsComeFromValueFrom.looksSecret(name: "privateKey"))
      #expect(SecretsComeFromValueFrom.looksSecret(name: "aws.credentials"))
      #expect(!SecretsComeFromValueFrom.looksSecret(name: "TOKEN_ENDPOINT"))
      #expect(!SecretsComeFromValueFrom.looksSecret(name: "SECRET_NAME"))
      #expect(!SecretsComeFromValueFrom.looksSecret(name: "KEY_ID"))
      // The words anywhere in the name, `-` and `.` read as `_`, in any case.
      #expect(SecretsComeFromValueFrom.looksSecret(name: "db-password"))
      #expect(SecretsComeFromValueFrom.looksSecret(name: "stripe.api-key"))
      #expect(SecretsComeFromValueFrom.looksSecret(name: "Passwd"))
      #expect(!SecretsComeFromValueFrom.looksSecret(name: "PASS"))
      #expect(!SecretsComeFromValueFrom.looksSecret(name: "API_KEYS_ARN"))
      #expect(!SecretsComeFromValueFrom.looksSecret(name: "NODE_ENV"))
      // A name that is not ASCII is uppercased as Unicode does: `ſ` (long s) is `S`.
      #expect(SecretsComeFromValueFrom.looksSecret(name: "paſſword"))
      #expect(SecretsComeFromValueFrom.looksSecret(name: "clé_secret"))
      #expect(!SecretsComeFromValueFrom.looksSecret(name: "clé"))
      #expect(!SecretsComeFromValueFrom.containsAccessKeyID("AKIAIOSFODNN7EXAMPLEX"))
    }
  }

  @Suite struct NoSecretLiteralsTests {
    let rule = NoSecretLiterals.self

    @Test func keepsReferencesGeneratedSecretsAndNamesOfSecrets() {
      let template = BestPracticeFixture.template([
        (
          "Db", "AWS::RDS::DBInstance",
          [
            "MasterUserPassword": .sub("{{resolve:secretsmanager:${Secret}:SecretString:password}}"),
            "MasterUsername": "app", "ManageMasterUserPassword": "false",
          ]
        ),
        (
          "Cache", "AWS::ElastiCache::ReplicationGroup",
          ["AuthToken": .ref("Param"), "AuthTokenUpdateStrategy": "ROTATE"]
        ),
        (
          "Secret", "AWS::SecretsManager::Secret",
          [
            "KmsKeyId": "alias/app",
            "GenerateSecretString": [
              "SecretStringTemplate": "{\"username\":\"app\"}", "GenerateStringKey": "password", "PasswordLength": 32,
            ],
          ]
        ),
        (
          "Attach", "AWS::SecretsManager::SecretTargetAttachment",
          ["SecretId": "app/db", "TargetType": "AWS::RDS::DBInstance"]
        ),
        (
          "Api", "AWS::ApiGateway::Authorizer",
          ["Type": "TOKEN", "IdentitySource": "method.request.header.Authorization", "TokenKeyName": "x"]
        ),
        ("Role", "AWS::IAM::Role", ["Policies": [["PolicyName": "ReadSecret", "PolicyDocument": ["Statement": []]]]]),
      ])
      #expect(BestPracticeFixture.findings(template, rule) == [])
    }

    @Test func breaksOnALiteralPassword() {
      let template = BestPracticeFixture.template(
        "Db", "AWS::RDS::DBInstance", ["MasterUsername": "app", "MasterUserPassword": "hunter2"])
      let findings = BestPracticeFixture.findings(template, rule)
      #expect(findings.map(\.rule) == ["NoSecretLiterals"])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Db.Properties.MasterUserPassword: 'MasterUserPassword' of 'Db' is a literal secret, readable by anyone who can read the template or the stack; use a {{resolve:secretsmanager:…}} dynamic reference, or a Ref to a NoEcho parameter without a Default"
        ])
    }

    @Test func breaksAnywhereInTheProperties() {
      let template = BestPracticeFixture.template([
        ("Fn", "AWS::Lambda::Function", ["Environment": ["Variables": ["DB_PASSWORD": "hunter2", "DB_HOST": "db"]]]),
        ("Secret", "AWS::SecretsManager::Secret", ["SecretString": .sub("{\"password\":\"hunter2\"}")]),
        (
          "Hook", "AWS::CodePipeline::Webhook",
          ["AuthenticationConfiguration": ["SecretToken": BestPracticeFixture.either(.ref("Param"), "abc")]]
        ),
      ])
      #expect(
        BestPracticeFixture.findings(template, rule).map(\.location.description) == [
          "Fn.Properties.Environment.Variables.DB_PASSWORD", "Hook.Properties.AuthenticationConfiguration.SecretToken",
          "Secret.Properties.SecretString",
        ])
    }

    /// The byte-level test of a key's ending agrees with the definition: lowercased, without
    /// `_` and `-`, in ASCII and beyond it.
    @Test(arguments: [
      ("MasterUserPassword", true), ("DB_PASSWORD", true), ("client-secret", true), ("AuthToken", true),
      ("SecretAccessKey", true), ("x-api-key", true), ("PRE_SHARED_KEY", true), ("Passphrase", true),
      ("SecretArn", false), ("PasswordLength", false), ("GenerateSecretString", false), ("ClientToken", false),
      ("TokenKeyName", false), ("KmsKeyId", false), ("", false), ("_-_", false), ("ÜberToken", true),
      ("Geheimnis", false), ("Clé_SECRET", true), ("SecretÜ", false), ("Password_", true), ("TOKEN--", true),
      ("SECRETSTRING", true), ("MyPasswd", true), ("Key", false), ("Token_Id", false), ("Passw0rD", false),
    ])
    func namesSecretByItsEnding(_ key: String, _ names: Bool) {
      #expect(NoSecretLiterals.namesSecret(key) == names, "\(key)")
    }

    @Test func breaksOnAPasswordParameterWithAVisibleDefault() {
      let template = BestPracticeFixture.template(
        [],
        parameters: [
          "DbPassword": ["Type": "String", "Default": "changeme"],
          "AdminPassword": ["Type": "String", "Default": "changeme", "NoEcho": "true"],
          "ApiToken": ["Type": "String", "NoEcho": false],
          "SecretParameterName": ["Type": "String", "Default": "/app/secret"],
        ])
      let findings = BestPracticeFixture.findings(template, rule)
      #expect(findings.map(\.location.description) == ["DbPassword.Default"])
      #expect(findings.map(\.location.section) == ["Parameters"])
      #expect(
        findings.first?.message
          == "parameter 'DbPassword' has a Default and no NoEcho, so its value stands in the template and shows in every console; remove the Default and set NoEcho to true, or use a {{resolve:secretsmanager:…}} dynamic reference"
      )
    }
  }

  @Suite struct IAMDoesNotGrantSecretsOrKMSOnEverythingTests {
    let rule = IAMDoesNotGrantSecretsOrKMSOnEverything.self

    static func role(_ statement: TemplateValue) -> Template {
      BestPracticeFixture.template(
        "TaskRole", "AWS::IAM::Role",
        ["Policies": [["PolicyName": "Read", "PolicyDocument": ["Version": "2012-10-17", "Statement": statement]]]])
    }

    @Test func keepsScopedResourcesDeniesAndStarOnlyActions() {
      let statements: TemplateValue = [
        [
          "Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"],
          "Resource": [.ref("Secret"), "arn:aws:secretsmanager:*:*:secret:app/*"],
        ],
        [
          "Effect": "Allow", "Action": ["secretsmanager:ListSecrets", "kms:ListAliases", "kms:Describe*"],
          "Resource": "*",
        ],
        ["Effect": "Deny", "Action": "kms:*", "Resource": "*"],
        ["Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"],
        ["Effect": "Allow", "Action": "kms:Decrypt", "Resource": .getAtt("Key", "Arn")],
      ]
      #expect(BestPracticeFixture.findings(Self.role(statements), rule) == [])
    }

    @Test func breaksOnAnInlineRolePolicy() {
      let template = Self.role([
        ["Effect": "Allow", "Action": ["logs:PutLogEvents", "kms:Decrypt"], "Resource": ["*"]]
      ])
      let findings = BestPracticeFixture.findings(template, rule)
      #expect(findings.map(\.rule) == ["IAMDoesNotGrantSecretsOrKMSOnEverything"])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "TaskRole.Properties.Policies[0].PolicyDocument.Statement[0]: a statement of policy 'Read' of role 'TaskRole' allows 'kms:Decrypt' on every resource ('*'); name the secrets and keys it needs in Resource"
        ])
    }

    @Test func breaksOnAStandalonePolicyWithOneStatementObject() throws {
      let template = try BestPracticeFixture.json(
        """
        {"Resources": {"Reader": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "r", "Roles": ["x"],
          "PolicyDocument": {"Statement": {"Effect": "Allow", "Action": "secretsmanager:Get*", "Resource": "*"}}}}}}
        """)
      let findings = BestPracticeFixture.findings(template, rule)
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Reader.Properties.PolicyDocument.Statement: a statement of policy 'Reader' allows 'secretsmanager:Get*' on every resource ('*'); name the secrets and keys it needs in Resource"
        ])
      #expect(findings.first?.position?.line == 2)
    }

    @Test func breaksOnAManagedPolicyWithEverything() {
      let template = BestPracticeFixture.template(
        "Admin", "AWS::IAM::ManagedPolicy",
        ["PolicyDocument": ["Statement": [["Effect": "Allow", "Action": "*", "Resource": ["arn:aws:s3:::b", "*"]]]]])
      #expect(
        BestPracticeFixture.findings(template, rule).map(\.location.description) == [
          "Admin.Properties.PolicyDocument.Statement[0]"
        ])
    }

    @Test func breaksOnTheSecondBranchOfAnIf() {
      let template = Self.role([
        ["Effect": "Allow", "Action": "kms:*", "Resource": BestPracticeFixture.either(.getAtt("Key", "Arn"), "*")]
      ])
      #expect(
        BestPracticeFixture.findings(template, rule).first?.message.contains("allows 'kms:*' on every resource") == true
      )
    }

    @Test func breaksOnNotActionThatLeavesSecretsIn() {
      let template = BestPracticeFixture.template(
        "Broad", "AWS::IAM::Policy",
        ["PolicyDocument": ["Statement": [["Effect": "Allow", "NotAction": ["iam:*", "kms:*"], "Resource": "*"]]]])
      #expect(
        BestPracticeFixture.findings(template, rule).first?.message.contains(
          "allows every action outside its NotAction, 'secretsmanager:GetSecretValue' among them, on every resource")
          == true)
    }

    @Test func matchesIAMWildcards() {
      let glob = IAMDoesNotGrantSecretsOrKMSOnEverything.glob
      #expect(glob("kms:*", "kms:decrypt"))
      #expect(glob("kms:de?rypt", "kms:decrypt"))
      #expect(glob("*:*secret*", "secretsmanager:getsecretvalue"))
      #expect(!glob("kms:list*", "kms:decrypt"))
      #expect(!glob("s3:*", "kms:decrypt"))
    }
  }

  @Suite struct LogGroupRuleTests {
    @Test func keepsRetentionAndAKey() {
      let template = BestPracticeFixture.template(
        "Logs", "AWS::Logs::LogGroup", ["RetentionInDays": "30", "KmsKeyId": .getAtt("Key", "Arn")])
      #expect(BestPracticeFixture.findings(template, LogGroupsHaveRetention.self) == [])
      #expect(BestPracticeFixture.findings(template, LogGroupsAreEncrypted.self) == [])
    }

    @Test func breaksWithoutRetention() {
      let template = BestPracticeFixture.template("Logs", "AWS::Logs::LogGroup", [:])
      #expect(
        BestPracticeFixture.lines(template, LogGroupsHaveRetention.self) == [
          "Logs.Properties: log group 'Logs' has no RetentionInDays, so its logs are kept, and billed, forever; set RetentionInDays"
        ])
      #expect(
        BestPracticeFixture.lines(template, LogGroupsAreEncrypted.self) == [
          "Logs.Properties: log group 'Logs' has no KmsKeyId, so its logs are encrypted only with a key the account does not control; set KmsKeyId to a customer managed KMS key"
        ])
    }

    @Test func breaksWhenTheSecondBranchDropsRetention() {
      let template = BestPracticeFixture.template(
        "Logs", "AWS::Logs::LogGroup", ["RetentionInDays": BestPracticeFixture.either(30, BestPracticeFixture.noValue)])
      #expect(
        BestPracticeFixture.findings(template, LogGroupsHaveRetention.self).map(\.message) == [
          "log group 'Logs' has no RetentionInDays in one branch of an Fn::If, so its logs are kept, and billed, forever; set RetentionInDays"
        ])
      #expect(
        BestPracticeFixture.findings(template, LogGroupsHaveRetention.self).map(\.location.description) == [
          "Logs.Properties.RetentionInDays"
        ])
    }
  }

  @Suite struct AlarmsHaveActionsTests {
    let rule = AlarmsHaveActions.self

    @Test func keepsAlarmsWithActionsAndInputsOfACompositeAlarm() {
      let template = BestPracticeFixture.template([
        ("Cpu", "AWS::CloudWatch::Alarm", ["AlarmActions": [.ref("Topic")], "ActionsEnabled": "true"]),
        ("Listed", "AWS::CloudWatch::Alarm", ["AlarmActions": .ref("Param")]),
        ("Memory", "AWS::CloudWatch::Alarm", ["MetricName": "MemoryUtilization"]),
        ("Disk", "AWS::CloudWatch::Alarm", ["AlarmName": "app-disk"]),
        (
          "Both", "AWS::CloudWatch::CompositeAlarm",
          [
            "AlarmRule": .sub("ALARM(${Memory}) OR ALARM(app-disk)"), "AlarmActions": [.ref("Topic")],
          ]
        ),
      ])
      #expect(BestPracticeFixture.findings(template, rule) == [])
    }

    @Test func breaksWithoutActions() {
      let template = BestPracticeFixture.template("Cpu", "AWS::CloudWatch::Alarm", ["MetricName": "CPUUtilization"])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Cpu.Properties: alarm 'Cpu' has no AlarmActions, so nobody hears when it fires; add an SNS topic or another action to AlarmActions"
        ])
    }

    @Test func breaksOnDisabledActionsAndAnEmptyListInTheSecondBranch() {
      let template = BestPracticeFixture.template(
        "Cpu", "AWS::CloudWatch::Alarm",
        ["ActionsEnabled": "False", "AlarmActions": BestPracticeFixture.either([.ref("Topic")], [])])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Cpu.Properties.ActionsEnabled: alarm 'Cpu' sets ActionsEnabled to 'False', so its actions never run; remove ActionsEnabled or set it to true",
          "Cpu.Properties.AlarmActions: alarm 'Cpu' has an empty AlarmActions in one branch of an Fn::If, so nobody hears when it fires; add an SNS topic or another action to AlarmActions",
        ])
    }
  }

  @Suite struct TopicsAreEncryptedTests {
    @Test func keepsAKeyedTopic() {
      let template = BestPracticeFixture.template("Topic", "AWS::SNS::Topic", ["KmsMasterKeyId": .ref("Param")])
      #expect(BestPracticeFixture.findings(template, TopicsAreEncrypted.self) == [])
    }

    @Test func breaksWithoutAKey() {
      let template = BestPracticeFixture.template("Topic", "AWS::SNS::Topic", ["DisplayName": "alarms"])
      #expect(
        BestPracticeFixture.lines(template, TopicsAreEncrypted.self) == [
          "Topic.Properties: topic 'Topic' has no KmsMasterKeyId, so its messages are stored unencrypted; set KmsMasterKeyId to a customer managed KMS key (CloudWatch alarms cannot publish to a topic under alias/aws/sns)"
        ])
    }
  }

  @Suite struct SecretsUseCustomerManagedKeysTests {
    let rule = SecretsUseCustomerManagedKeys.self

    @Test func keepsACustomerManagedKey() {
      let template = BestPracticeFixture.template("Secret", "AWS::SecretsManager::Secret", ["KmsKeyId": .ref("Param")])
      #expect(BestPracticeFixture.findings(template, rule) == [])
    }

    @Test func breaksWithoutAKeyOrWithTheAWSManagedKey() {
      let template = BestPracticeFixture.template([
        ("Plain", "AWS::SecretsManager::Secret", [:]),
        (
          "Managed", "AWS::SecretsManager::Secret",
          ["KmsKeyId": BestPracticeFixture.either(.ref("Param"), "alias/aws/secretsmanager")]
        ),
      ])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Managed.Properties.KmsKeyId: secret 'Managed' sets KmsKeyId to 'alias/aws/secretsmanager' in one branch of an Fn::If, so it is encrypted with the AWS managed key aws/secretsmanager; set KmsKeyId to a customer managed KMS key",
          "Plain.Properties: secret 'Plain' has no KmsKeyId, so it is encrypted with the AWS managed key aws/secretsmanager; set KmsKeyId to a customer managed KMS key",
        ])
    }
  }

  @Suite struct LoadBalancerHasAccessLogsTests {
    let rule = LoadBalancerHasAccessLogs.self

    @Test func keepsLoggingLoadBalancersAndGateways() {
      let template = BestPracticeFixture.template([
        (
          "Alb", "AWS::ElasticLoadBalancingV2::LoadBalancer",
          [
            "LoadBalancerAttributes": [
              ["Key": "access_logs.s3.enabled", "Value": "true"],
              ["Key": "access_logs.s3.bucket", "Value": .ref("Param")],
            ]
          ]
        ),
        ("Gwlb", "AWS::ElasticLoadBalancingV2::LoadBalancer", ["Type": "gateway"]),
      ])
      #expect(BestPracticeFixture.findings(template, rule) == [])
    }

    @Test func breaksWithoutAccessLogs() {
      let template = BestPracticeFixture.template(
        "Nlb", "AWS::ElasticLoadBalancingV2::LoadBalancer",
        ["Type": "network", "LoadBalancerAttributes": [["Key": "access_logs.s3.enabled", "Value": false]]])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Nlb.Properties.LoadBalancerAttributes[0].Value: load balancer 'Nlb' sets access_logs.s3.enabled to false, so no record of its requests is kept; set access_logs.s3.enabled to \"true\" with access_logs.s3.bucket"
        ])
    }
  }

  @Suite struct DatabaseHasEnhancedMonitoringTests {
    let rule = DatabaseHasEnhancedMonitoring.self

    @Test func keepsAMonitoredInstance() {
      let template = BestPracticeFixture.template(
        "Db", "AWS::RDS::DBInstance",
        ["MonitoringInterval": "60", "MonitoringRoleArn": .getAtt("MonitoringRole", "Arn")])
      #expect(BestPracticeFixture.findings(template, rule) == [])
    }

    @Test func breaksWithoutAnIntervalOrWithoutARole() {
      let template = BestPracticeFixture.template([
        ("Off", "AWS::RDS::DBInstance", ["MonitoringInterval": 0]),
        ("Missing", "AWS::RDS::DBInstance", [:]),
        ("Roleless", "AWS::RDS::DBInstance", ["MonitoringInterval": BestPracticeFixture.either(60, 30)]),
      ])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Missing.Properties: database 'Missing' has no MonitoringInterval, so it has no enhanced monitoring; set MonitoringInterval to 1, 5, 10, 15, 30 or 60 seconds, with a MonitoringRoleArn",
          "Off.Properties.MonitoringInterval: database 'Off' sets MonitoringInterval to 0, so it has no enhanced monitoring; set MonitoringInterval to 1, 5, 10, 15, 30 or 60 seconds, with a MonitoringRoleArn",
          "Roleless.Properties: database 'Roleless' has no MonitoringRoleArn, so RDS cannot publish its enhanced monitoring; set MonitoringRoleArn to a role with AmazonRDSEnhancedMonitoringRole",
        ])
    }
  }

  @Suite struct DatabaseUsesIAMAuthenticationTests {
    let rule = DatabaseUsesIAMAuthentication.self

    @Test func keepsIAMAuthenticationAndEnginesWithoutIt() {
      let template = BestPracticeFixture.template([
        ("Db", "AWS::RDS::DBInstance", ["Engine": "postgres", "EnableIAMDatabaseAuthentication": "true"]),
        ("Oracle", "AWS::RDS::DBInstance", ["Engine": "oracle-ee"]),
        ("Member", "AWS::RDS::DBInstance", ["Engine": "aurora-mysql", "DBClusterIdentifier": .ref("Cluster")]),
        ("Cluster", "AWS::RDS::DBCluster", ["Engine": "aurora-mysql", "EnableIAMDatabaseAuthentication": true]),
        ("Unknown", "AWS::RDS::DBInstance", ["Engine": .ref("Param")]),
        ("ServerlessV1", "AWS::RDS::DBCluster", ["Engine": "aurora-postgresql", "EngineMode": "serverless"]),
      ])
      #expect(BestPracticeFixture.findings(template, rule) == [])
    }

    @Test func breaksWithoutIAMAuthentication() {
      let template = BestPracticeFixture.template("Cluster", "AWS::RDS::DBCluster", ["Engine": "aurora-postgresql"])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Cluster.Properties: database cluster 'Cluster' has no EnableIAMDatabaseAuthentication, so clients can only log in with passwords; set EnableIAMDatabaseAuthentication to true"
        ])
    }
  }

  @Suite struct SearchDomainPublishesLogsTests {
    let rule = SearchDomainPublishesLogs.self

    @Test func keepsAuditAndSlowLogs() {
      let template = BestPracticeFixture.template(
        "Search", "AWS::OpenSearchService::Domain",
        [
          "LogPublishingOptions": [
            "AUDIT_LOGS": ["Enabled": true, "CloudWatchLogsLogGroupArn": .getAtt("Audit", "Arn")],
            "SEARCH_SLOW_LOGS": ["Enabled": "true", "CloudWatchLogsLogGroupArn": .getAtt("Slow", "Arn")],
          ]
        ])
      #expect(BestPracticeFixture.findings(template, rule) == [])
    }

    @Test func breaksWithoutLogs() {
      let template = BestPracticeFixture.template("Search", "AWS::OpenSearchService::Domain", [:])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Search.Properties: search domain 'Search' has no LogPublishingOptions.AUDIT_LOGS.Enabled, so no record is kept of who read or changed what; publish AUDIT_LOGS to CloudWatch Logs (it needs fine-grained access control)",
          "Search.Properties: search domain 'Search' publishes none of INDEX_SLOW_LOGS, SEARCH_SLOW_LOGS and ES_APPLICATION_LOGS, so slow queries and errors go unseen; enable one of them in LogPublishingOptions",
        ])
    }

    @Test func breaksWhenOnlyAuditIsOn() {
      let template = BestPracticeFixture.template(
        "Search", "AWS::Elasticsearch::Domain",
        ["LogPublishingOptions": ["AUDIT_LOGS": ["Enabled": true], "INDEX_SLOW_LOGS": ["Enabled": false]]])
      #expect(
        BestPracticeFixture.findings(template, rule).map(\.location.description) == [
          "Search.Properties.LogPublishingOptions"
        ])
    }
  }

  @Suite struct VPCHasFlowLogsTests {
    let rule = VPCHasFlowLogs.self

    @Test func keepsAVPCWithAFlowLog() {
      let template = BestPracticeFixture.template([
        ("Vpc", "AWS::EC2::VPC", ["CidrBlock": "10.0.0.0/16"]),
        ("Flow", "AWS::EC2::FlowLog", ["ResourceId": .ref("Vpc"), "ResourceType": "VPC", "TrafficType": "ALL"]),
      ])
      #expect(BestPracticeFixture.findings(template, rule) == [])
    }

    @Test func breaksWithoutOne() {
      let template = BestPracticeFixture.template([
        ("Vpc", "AWS::EC2::VPC", ["CidrBlock": "10.0.0.0/16"]),
        ("SubnetFlow", "AWS::EC2::FlowLog", ["ResourceId": .ref("Subnet"), "ResourceType": "Subnet"]),
      ])
      #expect(
        BestPracticeFixture.lines(template, rule) == [
          "Vpc.Properties: VPC 'Vpc' has no flow log, so its traffic is not recorded; add an AWS::EC2::FlowLog with ResourceType VPC and ResourceId Ref 'Vpc'"
        ])
    }
  }

  /// A template of thousands of resources is checked whole (its speed is measured by `make bench`).
  @Suite struct BestPracticeScaleTests {
    @Test func aLargeTemplateIsCheckedWhole() {
      var resources: [(LogicalID, String, Fields)] = []
      for index in 0..<1000 {
        resources.append(("Logs\(index)", "AWS::Logs::LogGroup", [:]))
        resources.append(("Vpc\(index)", "AWS::EC2::VPC", [:]))
        resources.append(("Alarm\(index)", "AWS::CloudWatch::Alarm", [:]))
      }
      let template = BestPracticeFixture.template(resources)
      #expect(Validator(rules: Validator.bestPracticeRules).validate(template).count == 4000)
    }
  }
}
