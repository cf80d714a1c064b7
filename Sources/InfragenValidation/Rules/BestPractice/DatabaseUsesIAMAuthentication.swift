import InfragenCore

/// MySQL, MariaDB and PostgreSQL databases accept IAM authentication, so that applications can
/// connect with short-lived tokens instead of a long-lived password.
///
/// Lint: an `AWS::RDS::DBInstance` outside a cluster, or an `AWS::RDS::DBCluster`, whose `Engine`
/// is one that supports IAM database authentication (`mysql`, `mariadb`, `postgres`,
/// `aurora-mysql`, `aurora-postgresql`, `aurora`) and whose `EnableIAMDatabaseAuthentication` is
/// absent or false in any branch of an `Fn::If`, raises a warning. Other engines (Oracle, SQL
/// Server, Db2) and engines that are not literal are not checked.
public struct DatabaseUsesIAMAuthentication: ValidationRule {
  /// One line for `--list-rules`.
  public static let summary =
    "RDS MySQL, MariaDB and PostgreSQL databases enable IAM authentication (checkov CKV_AWS_161, CKV_AWS_162; cdk-nag AwsSolutions-RDS6)"
  /// Warnings.
  public static let defaultSeverity = Diagnostic.Severity.warning

  /// The engines that support IAM database authentication.
  static let engines: Set<String> = ["mysql", "mariadb", "postgres", "aurora", "aurora-mysql", "aurora-postgresql"]

  /// The rule.
  public init() {}

  /// Checks each instance and cluster with such an engine.
  public func check(_ context: ValidationContext) -> [Diagnostic] {
    // Aurora Serverless v1 (EngineMode serverless) cannot use IAM database authentication.
    var findings: [Diagnostic] = []
    for resource in context.template.resources {
      guard let kind = DatabaseKind(resource), kind != .clusterMember,
        resource[property: "EngineMode"]?.stringValue?.lowercased() != "serverless",
        Setting.values(resource, ["Engine"]).contains(where: {
          Setting.text($0).map { Self.engines.contains($0.lowercased()) } ?? false
        }),
        let lapse = Setting.mustBeTrue(resource, ["EnableIAMDatabaseAuthentication"])
      else { continue }
      findings.append(
        finding(
          .init(resource.logicalID, Setting.location(resource, ["EnableIAMDatabaseAuthentication"], lapse)),
          "\(kind.noun) '\(resource.logicalID)' \(lapse.phrase("EnableIAMDatabaseAuthentication")), so clients can only log in with passwords; set EnableIAMDatabaseAuthentication to true"
        ))
    }
    return findings
  }
}
