import InfragenCore

/// One element of a stack: a resource, a parameter or an output.
public enum StackElement: Sendable {
  /// A resource.
  case resource(any Resource)
  /// A parameter.
  case parameter(Parameter)
  /// An output.
  case output(Output)
  /// A mapping.
  case mapping(Mapping)
  /// A condition.
  case condition(Condition)
  /// A flow the stack declares, for `Metadata.infragen.flows`.
  case flow(DeclaredFlow)
  /// A mistake a component found in how it was put together (a use it cannot reach, a setting
  /// its environment lacks): lowering reports it as an error, so the stack cannot be emitted.
  case problem(String)
}

/// A part of a stack built from other parts, composed through its `body`.
public protocol StackComponent {
  /// The component's resources, parameters and outputs.
  @StackBuilder var body: [StackElement] { get }
}

/// A whole stack: the DSL's root, which lowers to a ``Template``.
public struct Stack: StackComponent, Sendable {
  /// The template's `Description`.
  public var description: String?
  /// Everything in the stack, in the order it was declared.
  public var elements: [StackElement]
  /// Tags for every resource whose type takes tags, after the resource's own.
  public var tags: [Tag]
  /// Whether only the flows the stack declares are allowed (`Metadata.infragen.mode: exact`):
  /// `infragen validate` then proves that nothing but the declared connections can happen.
  public var exactFlows: Bool
  /// Logical IDs lowered under another name, in the order given: see ``overridingLogicalIDs(_:)``.
  public var logicalIDOverrides: [LogicalIDOverride] = []
  /// Changes to resources' lowered entries, by logical ID: see ``overriding(_:_:)``.
  public var resourceOverrides: [(id: LogicalID, change: @Sendable (inout Template.Resource) -> Void)] = []

  /// A stack of the given parts.
  public init(
    description: String? = nil, tags: [Tag] = [], exactFlows: Bool = false,
    @StackBuilder _ content: () -> [StackElement]
  ) {
    self.description = description
    self.tags = tags
    self.exactFlows = exactFlows
    self.elements = content()
  }

  /// The elements.
  public var body: [StackElement] { elements }

  /// The stack with each resource or parameter named `from` lowered as `to`, and every `Ref`,
  /// `Fn::GetAtt`, `Fn::Sub`, `DependsOn` and recorded flow that names it renamed with it, like
  /// CDK's `overrideLogicalId`: for keeping the logical IDs of a deployed stack (and so its
  /// resources) when its code moves into components that name things their own way.
  ///
  /// Lowering fails when an override names nothing in the stack, or when two resources end up
  /// with one ID.
  public func overridingLogicalIDs(_ overrides: KeyValuePairs<LogicalID, LogicalID>) -> Stack {
    var stack = self
    stack.logicalIDOverrides += overrides.map { LogicalIDOverride(from: $0.key, to: $0.value) }
    return stack
  }
}

extension Stack {
  /// The stack with `change` applied to the lowered entry of the resource `id` (its ID in the
  /// template, after ``overridingLogicalIDs(_:)``), after tags and before its keys are sorted:
  /// CDK's `addPropertyOverride` for the resources a component makes, which the code cannot
  /// reach. `stack.overriding("WebService") { $0.properties?["EnableExecuteCommand"] = true }`.
  ///
  /// Lowering fails when no resource has the ID.
  public func overriding(_ id: LogicalID, _ change: @escaping @Sendable (inout Template.Resource) -> Void) -> Stack {
    var stack = self
    stack.resourceOverrides.append((id, change))
    return stack
  }
}

/// A resource or parameter of a stack lowered under another logical ID.
public struct LogicalIDOverride: Hashable, Sendable {
  /// The ID the stack's code gives it.
  public var from: LogicalID
  /// The ID it has in the template.
  public var to: LogicalID

  /// `from` lowered as `to`.
  public init(from: LogicalID, to: LogicalID) {
    self.from = from
    self.to = to
  }
}

/// Composes resources, parameters, outputs and components into a list of stack elements.
@resultBuilder
public enum StackBuilder {
  /// A resource.
  public static func buildExpression(_ resource: any Resource) -> [StackElement] {
    [.resource(resource)]
  }
  /// Several resources of one type.
  public static func buildExpression(_ resources: [any Resource]) -> [StackElement] {
    resources.map(StackElement.resource)
  }
  /// A parameter.
  public static func buildExpression(_ parameter: Parameter) -> [StackElement] {
    [.parameter(parameter)]
  }
  /// An output.
  public static func buildExpression(_ output: Output) -> [StackElement] { [.output(output)] }
  /// A mapping.
  public static func buildExpression(_ mapping: Mapping) -> [StackElement] { [.mapping(mapping)] }
  /// A condition.
  public static func buildExpression(_ condition: Condition) -> [StackElement] { [.condition(condition)] }
  /// A declared flow.
  public static func buildExpression(_ flow: DeclaredFlow) -> [StackElement] { [.flow(flow)] }
  /// One element, such as a ``StackElement/problem(_:)``.
  public static func buildExpression(_ element: StackElement) -> [StackElement] { [element] }
  /// A component's body.
  public static func buildExpression(_ component: some StackComponent) -> [StackElement] {
    component.body
  }
  /// Elements already built.
  public static func buildExpression(_ elements: [StackElement]) -> [StackElement] { elements }
  /// The statements of a block, in order.
  public static func buildBlock(_ parts: [StackElement]...) -> [StackElement] {
    parts.flatMap { $0 }
  }
  /// An `if` without `else`.
  public static func buildOptional(_ part: [StackElement]?) -> [StackElement] { part ?? [] }
  /// The first branch of an `if`/`else`.
  public static func buildEither(first part: [StackElement]) -> [StackElement] { part }
  /// The second branch of an `if`/`else`.
  public static func buildEither(second part: [StackElement]) -> [StackElement] { part }
  /// A `for` loop.
  public static func buildArray(_ parts: [[StackElement]]) -> [StackElement] {
    parts.flatMap { $0 }
  }
}
