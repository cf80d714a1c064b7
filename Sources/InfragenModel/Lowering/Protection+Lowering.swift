import InfragenCore

extension KMSKey {
  /// Lowers to `AWS::KMS::Key` with rotation and a key policy for the account and its services.
  public func lowered() -> Template.Resource {
    let account = TemplateValue.sub("arn:${AWS::Partition}:iam::${AWS::AccountId}:root")
    var statements: [TemplateValue] = [
      [
        "Action": "kms:*", "Effect": "Allow", "Principal": ["AWS": account], "Resource": "*",
        "Sid": "AccountAdministration",
      ]
    ]
    let use: TemplateValue = [
      "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*",
    ]
    for service in services {
      switch service {
      case .logs:
        statements.append([
          "Action": use, "Effect": "Allow",
          "Principal": ["Service": .sub("logs.${AWS::Region}.amazonaws.com")], "Resource": "*",
          "Condition": [
            "ArnLike": [
              "kms:EncryptionContext:aws:logs:arn": .sub(
                "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*")
            ]
          ],
          "Sid": "CloudWatchLogs",
        ])
      case .sns:
        statements.append([
          "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Effect": "Allow",
          "Principal": ["Service": "sns.amazonaws.com"], "Resource": "*",
          "Condition": ["StringEquals": ["aws:SourceAccount": .ref(.accountID)]], "Sid": "SNSTopics",
        ])
      case .secretsManager:
        statements.append([
          "Action": use, "Effect": "Allow", "Principal": ["AWS": account], "Resource": "*",
          "Condition": [
            "StringEquals": [
              "kms:CallerAccount": .ref(.accountID),
              "kms:ViaService": .sub("secretsmanager.${AWS::Region}.amazonaws.com"),
            ]
          ],
          "Sid": "SecretsManagerSecrets",
        ])
      case .cloudWatchAlarms:
        statements.append([
          "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Effect": "Allow",
          "Principal": ["Service": "cloudwatch.amazonaws.com"], "Resource": "*",
          "Condition": ["StringEquals": ["aws:SourceAccount": .ref(.accountID)]],
          "Sid": "CloudWatchAlarmsToEncryptedTopics",
        ])
      }
    }
    return Template.Resource(
      logicalID, type: Self.typeName,
      properties: [
        "Description": .string(description), "EnableKeyRotation": true,
        "KeyPolicy": ["Statement": .list(statements), "Version": "2012-10-17"],
        "PendingWindowInDays": .integer(pendingWindowInDays),
      ],
      deletionPolicy: "Retain", updateReplacePolicy: "Retain")
  }
}

extension Bucket {
  /// Lowers to `AWS::S3::Bucket`: SSE-S3 (the only encryption load balancer logs accept),
  /// versioned, public access blocked, owner-enforced, expiring.
  public func lowered() -> Template.Resource {
    Template.Resource(
      logicalID, type: Self.typeName, metadata: waiverMetadata(checkov: checkovWaivers),
      properties: [
        "BucketEncryption": [
          "ServerSideEncryptionConfiguration": [["ServerSideEncryptionByDefault": ["SSEAlgorithm": "AES256"]]]
        ],
        "LifecycleConfiguration": [
          "Rules": [
            [
              "ExpirationInDays": .integer(expirationDays), "Id": "ExpireLogs",
              "NoncurrentVersionExpiration": ["NoncurrentDays": 30], "Status": "Enabled",
            ]
          ]
        ],
        "OwnershipControls": ["Rules": [["ObjectOwnership": "BucketOwnerEnforced"]]],
        "PublicAccessBlockConfiguration": [
          "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
        ],
        "VersioningConfiguration": ["Status": "Enabled"],
      ],
      deletionPolicy: .string(removalPolicy.rawValue), updateReplacePolicy: .string(removalPolicy.rawValue))
  }
}

extension LoadBalancerLogBucketPolicy {
  /// Lowers to `AWS::S3::BucketPolicy`: TLS only; log delivery may put objects under the prefix.
  public func lowered() -> Template.Resource {
    let objects = TemplateString("\(bucketARN)/\(prefix)/AWSLogs/\(PseudoParameter.accountID)/*").value
    let legacyAccount = TemplateValue.intrinsic(
      .join(
        "",
        [
          "arn:", .ref(.partition), ":iam::",
          .intrinsic(.findInMap(legacyAccounts.mapping.logicalID.rawValue, .ref(.region), "AccountId")), ":root",
        ]))
    let statements: [TemplateValue] = [
      [
        "Action": "s3:*", "Condition": ["Bool": ["aws:SecureTransport": "false"]], "Effect": "Deny",
        "Principal": "*", "Resource": [bucketARN.value, .sub("${\(bucketARN.logicalID).Arn}/*")], "Sid": "TLSOnly",
      ],
      [
        "Action": "s3:PutObject", "Effect": "Allow",
        "Principal": ["Service": "logdelivery.elasticloadbalancing.amazonaws.com"], "Resource": objects,
        "Sid": "LoadBalancerLogDelivery",
      ],
      .intrinsic(
        .if(
          legacyAccounts.condition.logicalID.rawValue,
          [
            "Action": "s3:PutObject", "Effect": "Allow", "Principal": ["AWS": legacyAccount], "Resource": objects,
            "Sid": "LoadBalancerAccountOfThisRegion",
          ], .ref(.noValue))),
    ]
    return Template.Resource(
      logicalID, type: Self.typeName,
      properties: [
        "Bucket": bucket.value, "PolicyDocument": ["Statement": .list(statements), "Version": "2012-10-17"],
      ])
  }
}

extension SearchLogsResourcePolicy {
  /// Lowers to `AWS::Logs::ResourcePolicy` letting `es.amazonaws.com` write to the log groups.
  public func lowered() -> Template.Resource {
    let resources = logGroups.map { "\"${\($0.logicalID).Arn}\"" }.joined(separator: ",")
    let document =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"es.amazonaws.com\"},"
      + "\"Action\":[\"logs:CreateLogStream\",\"logs:PutLogEvents\"],\"Resource\":[\(resources)],"
      + "\"Condition\":{\"StringEquals\":{\"aws:SourceAccount\":\"${AWS::AccountId}\"}}}]}"
    return Template.Resource(
      logicalID, type: Self.typeName, properties: ["PolicyDocument": .sub(document), "PolicyName": name.value])
  }
}

extension FlowLog {
  /// Lowers to `AWS::EC2::FlowLog` of all traffic to CloudWatch Logs.
  public func lowered() -> Template.Resource {
    Template.Resource(
      logicalID, type: Self.typeName,
      properties: [
        "DeliverLogsPermissionArn": role.value, "LogDestinationType": "cloud-watch-logs",
        "LogGroupName": logGroup.value,
        "ResourceId": vpc.value, "ResourceType": "VPC", "TrafficType": "ALL",
      ])
  }
}

extension RolePolicy {
  /// Lowers to `AWS::IAM::Policy`.
  public func lowered() -> Template.Resource {
    Template.Resource(
      logicalID, type: Self.typeName,
      properties: [
        "PolicyDocument": ["Statement": .list(policy.statements.map(\.lowered)), "Version": "2012-10-17"],
        "PolicyName": .string(policy.name), "Roles": .list(roles.map(\.value)),
      ])
  }
}
