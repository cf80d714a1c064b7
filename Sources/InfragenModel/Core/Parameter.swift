import InfragenCore

/// A template parameter: a value that differs per deployment and is given at deploy time.
///
/// See [Parameters](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html).
public struct Parameter: Referenceable, Hashable {
  /// A parameter's type.
  public enum Kind: String, Hashable, Sendable {
    /// `String`.
    case string = "String"
    /// `Number`.
    case number = "Number"
    /// `CommaDelimitedList`.
    case commaDelimitedList = "CommaDelimitedList"
  }

  /// The parameter's name.
  public var logicalID: LogicalID
  /// Its type. Defaults to `String`.
  public var kind: Kind
  /// What it is for, shown in the console.
  public var description: String
  /// Its value when none is given.
  public var defaultValue: TemplateValue?
  /// A regular expression the value must match.
  public var allowedPattern: String?
  /// Shown when the value does not match.
  public var constraintDescription: String?
  /// The shortest value allowed.
  public var minLength: Int?

  /// A parameter.
  public init(
    _ logicalID: LogicalID, kind: Kind = .string, description: String,
    defaultValue: TemplateValue? = nil, allowedPattern: String? = nil,
    constraintDescription: String? = nil, minLength: Int? = nil
  ) {
    self.logicalID = logicalID
    self.kind = kind
    self.description = description
    self.defaultValue = defaultValue
    self.allowedPattern = allowedPattern
    self.constraintDescription = constraintDescription
    self.minLength = minLength
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
