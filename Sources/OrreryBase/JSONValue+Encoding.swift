// MARK: - Encodable values as JSON

extension JSONValue {
    /// `value` through its `Encodable` conformance: fields in the order it encodes them
    /// (declaration order for a synthesized conformance), nil optionals left out, doubles
    /// as `compactNumber`s. Values that are `Codable` for reading back (manifests, test
    /// results) are written this way rather than through Foundation's JSONEncoder.
    public init(encoding value: some Encodable) throws {
        let node = EncodingNode()
        try node.store(value, codingPath: [])
        self = node.json
    }
}

// MARK: - The encoder

/// One value under construction; containers keep their children as nodes so a nested
/// container can still be filled after it is handed out.
private final class EncodingNode {
    /// A primitive or null.
    var value: JSONValue?
    /// Set when the node is an object.
    var fields: [(key: String, node: EncodingNode)]?
    /// Set when the node is an array.
    var items: [EncodingNode]?

    var json: JSONValue {
        if let items { return .array(items.map(\.json)) }
        if let fields { return .object(fields.map { ($0.key, $0.node.json) }) }
        return value ?? .object([])
    }

    /// A primitive as a JSON value; other values encode themselves into this node.
    func store<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
        if let primitive = Self.primitive(value) {
            self.value = primitive
        } else {
            try value.encode(to: NodeEncoder(node: self, codingPath: codingPath))
        }
    }

    static func primitive(_ value: Any) -> JSONValue? {
        switch value {
        case let v as Bool: return .bool(v)
        case let v as String: return .string(v)
        case let v as Double: return .compactNumber(v)
        case let v as Float: return .compactNumber(Double(v))
        case let v as Int: return .integer(v)
        case let v as Int8: return .integer(Int(v))
        case let v as Int16: return .integer(Int(v))
        case let v as Int32: return .integer(Int(v))
        case let v as Int64: return .integer(Int(v))
        case let v as UInt: return unsigned(UInt64(v))
        case let v as UInt8: return .integer(Int(v))
        case let v as UInt16: return .integer(Int(v))
        case let v as UInt32: return .integer(Int(v))
        case let v as UInt64: return unsigned(v)
        default: return nil
        }
    }

    static func unsigned(_ v: UInt64) -> JSONValue {
        v <= UInt64(Int.max) ? .integer(Int(v)) : .unsigned(v)
    }

    func becomeObject() {
        if fields == nil { fields = []; items = nil; value = nil }
    }

    func becomeArray() {
        if items == nil { items = []; fields = nil; value = nil }
    }

    /// The child stored under `key`: fields keep the order first encoded; encoding a key
    /// again replaces its value.
    func child(forKey key: String) -> EncodingNode {
        becomeObject()
        let node = EncodingNode()
        if let i = fields?.firstIndex(where: { $0.key == key }) {
            fields?[i].node = node
        } else {
            fields?.append((key, node))
        }
        return node
    }

    func appendChild() -> EncodingNode {
        becomeArray()
        let node = EncodingNode()
        items?.append(node)
        return node
    }
}

private struct IndexKey: CodingKey {
    var stringValue: String { String(intValue ?? 0) }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        node.child(forKey: key.stringValue).value = .null
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.child(forKey: key.stringValue).store(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.child(forKey: "super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.items?.count ?? 0 }

    mutating func encodeNil() throws {
        node.appendChild().value = .null
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let key = IndexKey(count)
        try node.appendChild().store(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let key = IndexKey(count)
        return NodeEncoder(node: node.appendChild(), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let key = IndexKey(count)
        return NodeEncoder(node: node.appendChild(), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let key = IndexKey(count)
        return NodeEncoder(node: node.appendChild(), codingPath: codingPath + [key])
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.value = .null }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try node.store(value, codingPath: codingPath)
    }
}
