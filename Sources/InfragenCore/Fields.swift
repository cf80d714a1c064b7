/// An ordered list of key-value pairs: a JSON object or YAML mapping whose order is kept.
///
/// Output order is the order of insertion; nothing here sorts. Keys are unique: assigning to an
/// existing key replaces its value in place. Readers that must reject duplicates check
/// ``index(forKey:)`` before they append.
public struct Fields: Hashable, Sendable, ExpressibleByDictionaryLiteral, RandomAccessCollection {
  /// One key and its value.
  public struct Field: Hashable, Sendable {
    /// The key.
    public var key: String
    /// The value.
    public var value: TemplateValue

    /// Pairs a key with a value.
    public init(_ key: String, _ value: TemplateValue) {
      self.key = key
      self.value = value
    }
  }

  /// The pairs in order.
  public private(set) var pairs: [Field]

  /// An empty mapping.
  public init() { pairs = [] }

  /// A mapping of these pairs in this order. A repeated key keeps its first place and its last value.
  public init(_ pairs: [(String, TemplateValue)]) {
    self.pairs = []
    self.pairs.reserveCapacity(pairs.count)
    for (key, value) in pairs { self[key] = value }
  }

  /// A mapping of pairs whose keys the caller knows to be unique (a reader that rejected
  /// duplicates as it read them), kept as given.
  public init(uniqueKeys pairs: [Field]) { self.pairs = pairs }

  /// A mapping written as a literal; the literal's order is kept.
  public init(dictionaryLiteral elements: (String, TemplateValue)...) { self.init(elements) }

  /// The position of the first pair.
  public var startIndex: Int { pairs.startIndex }
  /// The position after the last pair.
  public var endIndex: Int { pairs.endIndex }
  /// The pair at a position.
  public subscript(position: Int) -> Field { pairs[position] }

  /// The keys in order.
  public var keys: [String] { pairs.map(\.key) }

  /// Where a key stands, or `nil`.
  public func index(forKey key: String) -> Int? { pairs.firstIndex { $0.key == key } }

  /// The value for a key. Setting replaces in place, appends a new key at the end, and `nil` removes.
  public subscript(key: String) -> TemplateValue? {
    get { index(forKey: key).map { pairs[$0].value } }
    set {
      switch (index(forKey: key), newValue) {
      case let (index?, value?): pairs[index].value = value
      case let (index?, nil): pairs.remove(at: index)
      case let (nil, value?): pairs.append(Field(key, value))
      case (nil, nil): break
      }
    }
  }

  /// Appends a pair without looking for an existing key; the caller knows the key is new.
  public mutating func appendUnchecked(_ key: String, _ value: TemplateValue) {
    pairs.append(Field(key, value))
  }

  /// Sets `key` only when `value` is not `nil`.
  public mutating func setIfPresent(_ key: String, _ value: TemplateValue?) {
    if let value { self[key] = value }
  }
}
