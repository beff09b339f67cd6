// MARK: - Records
//
// A record is a shape (its field names in the order the script gave them) plus the
// values in that order. Every record a literal builds shares the literal's shape, so a
// site that reads `b.vx` remembers the shape it last saw and where `vx` sits in it
// (`FieldSite`): a pointer comparison and an array read instead of hashing the name.

/// The field names of records, in order; shared by the records built the same way.
///
/// A shape is never changed while shared: adding a field to a record whose shape other
/// records (or a site's cache) also hold gives the record a new shape. A record that
/// holds the only reference appends to its shape in place, so building a large record
/// field by field stays linear.
public final class RecordShape {
    /// The names, in order.
    public private(set) var names: [String]
    /// Name → position, kept only for shapes of more than `RecordShape.scanLimit` names
    /// (below it a scan of the names is faster than hashing).
    private var index: [String: Int] = [:]
    static let scanLimit = 8

    /// A shape of distinct `names`.
    init(names: [String]) {
        self.names = names
        if names.count > RecordShape.scanLimit { rebuildIndex() }
    }

    /// The shape of no fields, shared by every empty record.
    static let empty = RecordShape(names: [])

    /// The position of `name`, or nil.
    @inline(__always)
    func slot(of name: String) -> Int? {
        if names.count > RecordShape.scanLimit { return index[name] }
        var i = 0
        let n = names.count
        while i < n {
            if names[i] == name { return i }
            i &+= 1
        }
        return nil
    }

    /// Adds a name at the end (only on a shape no one else holds).
    fileprivate func append(_ name: String) {
        names.append(name)
        if names.count > RecordShape.scanLimit {
            if names.count == RecordShape.scanLimit + 1 { rebuildIndex() } else { index[name] = names.count - 1 }
        }
    }

    private func rebuildIndex() {
        index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
    }
}

/// A record value: fields in the order they were written (a literal's order, then fields
/// added later at the end). Equality ignores the order; printing, `keys`, iteration and
/// tables follow it.
public struct Record {
    /// The names, shared.
    public private(set) var shape: RecordShape
    /// The values, one per name of `shape`, in its order.
    public internal(set) var values: [Value]

    /// A record of `values` for the names of `shape` (as many of each).
    init(shape: RecordShape, values: [Value]) {
        self.shape = shape
        self.values = values
    }

    /// The empty record.
    public init() {
        shape = RecordShape.empty
        values = []
    }

    /// A record of the fields in order; a repeated name keeps its first position and
    /// its last value.
    public init<S: Sequence>(_ fields: S) where S.Element == (String, Value) {
        self.init()
        for (name, value) in fields { self[name] = value }
    }

    /// A record of a Swift dictionary's fields, in the order of their names (a
    /// dictionary has no order of its own that could be reproduced).
    public init(sorting fields: [String: Value]) {
        let names = fields.keys.sorted()
        self.init(shape: RecordShape(names: names), values: names.map { fields[$0] ?? .null })
    }

    public var count: Int { values.count }
    public var isEmpty: Bool { values.isEmpty }
    /// The names, in order.
    public var keys: [String] { shape.names }

    /// The value of a field, or nil. Setting a new name adds it at the end; setting nil
    /// removes the field.
    public subscript(name: String) -> Value? {
        get {
            guard let i = shape.slot(of: name) else { return nil }
            return values[i]
        }
        set {
            if let i = shape.slot(of: name) {
                if let newValue { values[i] = newValue } else { remove(at: i) }
            } else if let newValue {
                append(name, newValue)
            }
        }
    }

    /// Adds a field that is not there yet, at the end.
    mutating func append(_ name: String, _ value: Value) {
        if isKnownUniquelyReferenced(&shape) {
            shape.append(name)
        } else {
            shape = RecordShape(names: shape.names + [name])
        }
        values.append(value)
    }

    private mutating func remove(at i: Int) {
        var names = shape.names
        names.remove(at: i)
        shape = RecordShape(names: names)
        values.remove(at: i)
    }

    /// Order-independent equality of the fields, by `equal` on the values.
    func sameFields(as other: Record, _ pairs: (Value, Value) -> Void) -> Bool {
        guard count == other.count else { return false }
        if shape === other.shape {
            for i in values.indices { pairs(values[i], other.values[i]) }
            return true
        }
        for (i, name) in shape.names.enumerated() {
            guard let w = other[name] else { return false }
            pairs(values[i], w)
        }
        return true
    }
}

extension Record: ExpressibleByDictionaryLiteral {
    /// `["b": .number(1), "a": …]` in Swift (what natives return): names sorted, as for
    /// any dictionary (`init(sorting:)`), so a native's record prints as it always did.
    /// A script's literal keeps its order.
    public init(dictionaryLiteral elements: (String, Value)...) {
        var fields: [String: Value] = [:]
        for (name, value) in elements { fields[name] = value }
        self.init(sorting: fields)
    }
}

extension Record: Sequence {
    /// The fields as (key, value) pairs, in order.
    public func makeIterator() -> AnyIterator<(key: String, value: Value)> {
        var i = 0
        let names = shape.names, values = self.values
        return AnyIterator<(key: String, value: Value)> {
            guard i < values.count else { return nil }
            defer { i += 1 }
            return (names[i], values[i])
        }
    }
}

// MARK: - Field sites

/// Where a script reads or updates a record's field by a fixed name (`b.vx`): the name,
/// and the shape last seen there with the position of the name in it. Every record a
/// literal builds has the literal's shape, so in a loop over them the cache hits.
/// The cache sits behind a pointer (class properties pay exclusivity checks) and holds
/// its shape strongly, so an address compared against is never a freed one reused.
final class FieldSite {
    let name: String
    private let cache: UnsafeMutablePointer<(shape: Unmanaged<RecordShape>?, slot: Int)>

    init(_ name: String) {
        self.name = name
        cache = .allocate(capacity: 1)
        cache.initialize(to: (nil, 0))
    }

    deinit {
        cache.pointee.shape?.release()
        cache.deinitialize(count: 1)
        cache.deallocate()
    }

    /// The position of the name in `shape`, or nil when the shape has no such field.
    @inline(__always)
    func slot(in shape: RecordShape) -> Int? {
        if let cached = cache.pointee.shape, cached.toOpaque() == Unmanaged.passUnretained(shape).toOpaque() {
            return cache.pointee.slot
        }
        return miss(shape)
    }

    @inline(never)
    private func miss(_ shape: RecordShape) -> Int? {
        guard let i = shape.slot(of: name) else { return nil }
        cache.pointee.shape?.release()
        cache.pointee = (Unmanaged.passRetained(shape), i)
        return i
    }

    /// The field's value in `record`, or nil.
    @inline(__always)
    func read(_ record: Record) -> Value? {
        guard let i = slot(in: record.shape) else { return nil }
        return record.values[i]
    }
}
