import InfragenCore

/// A template parameter: a value that differs per deployment and is given at deploy time.
///
/// See [Parameters](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html).
public struct Parameter: Referenceable, Hashable {
  /// A parameter's type: every type CloudFormation accepts, by name.
  ///
  /// See [parameter types](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html#parameters-section-structure-properties-type).
  public struct Kind: RawRepresentable, Hashable, Sendable {
    /// The type's name, such as `String` or `AWS::EC2::VPC::Id`.
    public var rawValue: String
    /// A type by name; ``problem`` says whether CloudFormation accepts it.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// `String`.
    public static let string = Kind(rawValue: "String")
    /// `Number`.
    public static let number = Kind(rawValue: "Number")
    /// `List<Number>`.
    public static let numberList = Kind(rawValue: "List<Number>")
    /// `CommaDelimitedList`.
    public static let commaDelimitedList = Kind(rawValue: "CommaDelimitedList")
    /// An AWS-specific type checked against the account, such as `AWS::EC2::VPC::Id`.
    public static func aws(_ name: String) -> Kind { Kind(rawValue: "AWS::\(name)") }
    /// A list of an AWS-specific type, such as `List<AWS::EC2::Subnet::Id>`.
    public static func awsList(_ name: String) -> Kind { Kind(rawValue: "List<AWS::\(name)>") }
    /// A value read from Systems Manager Parameter Store: `AWS::SSM::Parameter::Value<String>`.
    public static func ssm(_ inner: Kind = .string) -> Kind {
      Kind(rawValue: "AWS::SSM::Parameter::Value<\(inner.rawValue)>")
    }
    /// `AWS::EC2::VPC::Id`.
    public static let vpcID = aws("EC2::VPC::Id")
    /// `List<AWS::EC2::Subnet::Id>`.
    public static let subnetIDs = awsList("EC2::Subnet::Id")
    /// `List<AWS::EC2::SecurityGroup::Id>`.
    public static let securityGroupIDs = awsList("EC2::SecurityGroup::Id")

    /// The AWS-specific types CloudFormation names (`AWS::<name>`, also inside `List<>` and SSM).
    static let awsTypes: Set<String> = [
      "EC2::AvailabilityZone::Name", "EC2::Image::Id", "EC2::Instance::Id", "EC2::KeyPair::KeyName",
      "EC2::SecurityGroup::GroupName", "EC2::SecurityGroup::Id", "EC2::Subnet::Id", "EC2::Volume::Id",
      "EC2::VPC::Id", "Route53::HostedZone::Id", "SSM::Parameter::Name",
    ]

    /// Why CloudFormation refuses this type, or `nil`.
    public var problem: String? {
      var name = rawValue
      if name.hasPrefix("AWS::SSM::Parameter::Value<"), name.hasSuffix(">") {
        name = String(name.dropFirst("AWS::SSM::Parameter::Value<".count).dropLast())
      }
      if name.hasPrefix("List<"), name.hasSuffix(">") { name = String(name.dropFirst(5).dropLast()) }
      if ["String", "Number", "CommaDelimitedList"].contains(name) { return nil }
      if name.hasPrefix("AWS::"), Self.awsTypes.contains(String(name.dropFirst(5))) { return nil }
      return "'\(rawValue)' is not a CloudFormation parameter type"
    }
  }

  /// The parameter's name.
  public var logicalID: LogicalID
  /// Its type. Defaults to `String`.
  public var kind: Kind
  /// What it is for, shown in the console.
  public var description: String
  /// Its value when none is given.
  public var defaultValue: TemplateValue?
  /// `NoEcho`: the console and the API show its value as asterisks. Defaults to `false`.
  public var noEcho: Bool
  /// The only values allowed.
  public var allowedValues: [String]
  /// A regular expression the value must match.
  public var allowedPattern: String?
  /// Shown when the value does not match.
  public var constraintDescription: String?
  /// The shortest value allowed.
  public var minLength: Int?
  /// The longest value allowed.
  public var maxLength: Int?
  /// The smallest number allowed (for `Number`).
  public var minValue: Int?
  /// The largest number allowed (for `Number`).
  public var maxValue: Int?

  /// A parameter. Lowers to an entry of `Parameters` with `Type`, `Description` and the
  /// constraints given.
  public init(
    _ logicalID: LogicalID, kind: Kind = .string, description: String,
    defaultValue: TemplateValue? = nil, noEcho: Bool = false, allowedValues: [String] = [],
    allowedPattern: String? = nil, constraintDescription: String? = nil, minLength: Int? = nil,
    maxLength: Int? = nil, minValue: Int? = nil, maxValue: Int? = nil
  ) {
    self.logicalID = logicalID
    self.kind = kind
    self.description = description
    self.defaultValue = defaultValue
    self.noEcho = noEcho
    self.allowedValues = allowedValues
    self.allowedPattern = allowedPattern
    self.constraintDescription = constraintDescription
    self.minLength = minLength
    self.maxLength = maxLength
    self.minValue = minValue
    self.maxValue = maxValue
  }

  /// Why CloudFormation refuses the parameter, or `nil`: its type, or a default outside its
  /// allowed values.
  public var problem: String? {
    if let problem = kind.problem { return problem }
    if !allowedValues.isEmpty, let value = defaultValue?.stringValue, !allowedValues.contains(value) {
      return "its default '\(value)' is not one of its allowed values (\(allowedValues.joined(separator: ", ")))"
    }
    if let low = minValue, let high = maxValue, low > high {
      return "its MinValue \(low) is above its MaxValue \(high)"
    }
    if let low = minLength, let high = maxLength, low > high {
      return "its MinLength \(low) is above its MaxLength \(high)"
    }
    return nil
  }
}

/// A template output.
public struct Output: Hashable, Sendable {
  /// The output's name.
  public var logicalID: LogicalID
  /// What it is.
  public var description: String
  /// Its value.
  public var value: TemplateString
  /// The name it is exported under, for `Fn::ImportValue` in other stacks.
  public var exportName: TemplateString?

  /// An output.
  public init(
    _ logicalID: LogicalID, description: String, value: TemplateString,
    exportName: TemplateString? = nil
  ) {
    self.logicalID = logicalID
    self.description = description
    self.value = value
    self.exportName = exportName
  }
}

/// A template mapping: a two-level table looked up with `Fn::FindInMap`.
public struct Mapping: Referenceable, Hashable {
  /// The mapping's name.
  public var logicalID: LogicalID
  /// Top-level keys and their named values, in order.
  public var entries: Fields

  /// A mapping.
  public init(_ logicalID: LogicalID, entries: Fields) {
    self.logicalID = logicalID
    self.entries = entries
  }
}

/// A template condition, named and used by `Fn::If` and resources' `Condition`.
public struct Condition: Referenceable, Hashable {
  /// The condition's name.
  public var logicalID: LogicalID
  /// Its expression (`Fn::Equals`, `Fn::Or`, ...).
  public var expression: TemplateValue

  /// A condition.
  public init(_ logicalID: LogicalID, _ expression: TemplateValue) {
    self.logicalID = logicalID
    self.expression = expression
  }
}
