// MARK: - Records
//
// A record is a shape (its field names in the order the script gave them) plus the
// values in that order, in one buffer. Every record a literal builds shares the
// literal's shape, so a site that reads `b.vx` remembers the shape it last saw and
// where `vx` sits in it (`FieldSite`): a pointer comparison and a load instead of
// hashing the name. A record is one reference, like the dictionary it replaced, so
// copying one out of a list costs one retain.

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

/// A record's buffer: its shape and how many values it holds (the header), then the values.
final class RecordStorage: ManagedBuffer<RecordStorage.Header, Value> {
    struct Header {
        var shape: RecordShape
        var count: Int
    }

    /// A buffer for `shape` with room for `capacity` values, none initialised.
    static func make(_ shape: RecordShape, capacity: Int) -> RecordStorage {
        let buffer = RecordStorage.create(minimumCapacity: capacity) { _ in Header(shape: shape, count: 0) }
        return unsafeDowncast(buffer, to: RecordStorage.self)
    }

    deinit {
        _ = withUnsafeMutablePointers { header, values in values.deinitialize(count: header.pointee.count) }
    }
}

/// A record value: fields in the order they were written (a literal's order, then fields
/// added later at the end). Equality ignores the order; printing, `keys`, iteration and
/// tables follow it. Copy on write, like the language's lists.
public struct Record {
    var storage: RecordStorage

    /// A record of `values` for the names of `shape` (as many of each).
    init(shape: RecordShape, values: [Value]) {
        storage = RecordStorage.make(shape, capacity: values.count)
        storage.withUnsafeMutablePointers { header, elements in
            values.withUnsafeBufferPointer { source in
                if let base = source.baseAddress { elements.initialize(from: base, count: source.count) }
            }
            header.pointee.count = values.count
        }
    }

    /// A record of `shape` whose values `evals` compute in order, straight into its buffer
    /// (a record literal). If one fails, the values computed so far are released with the buffer.
    init(shape: RecordShape, evaluating evals: [EvalBox], in a: Activation) throws {
        storage = RecordStorage.make(shape, capacity: evals.count)
        try storage.withUnsafeMutablePointers { header, elements in
            var k = 0
            for e in evals {
                (elements + k).initialize(to: try e.run(a))
                k &+= 1
                header.pointee.count = k
            }
        }
    }

    /// The empty record.
    public init() {
        self.init(shape: RecordShape.empty, values: [])
    }

    /// A record of the fields in order; a repeated name keeps its first position and
    /// its last value.
    public init<S: Sequence>(_ fields: S) where S.Element == (String, Value) {
        var names: [String] = []
        var values: [Value] = []
        var seen: [String: Int] = [:]
        for (name, value) in fields {
            if let i = seen[name] {
                values[i] = value
            } else {
                seen[name] = names.count
                names.append(name)
                values.append(value)
            }
        }
        self.init(shape: RecordShape(names: names), values: values)
    }

    /// A record of a Swift dictionary's fields, in the order of their names (a
    /// dictionary has no order of its own that could be reproduced).
    public init(sorting fields: [String: Value]) {
        let names = fields.keys.sorted()
        self.init(shape: RecordShape(names: names), values: names.map { fields[$0] ?? .null })
    }

    /// The shared names.
    @inline(__always)
    public var shape: RecordShape { storage.header.shape }
    public var count: Int { storage.header.count }
    public var isEmpty: Bool { count == 0 }
    /// The names, in order.
    public var keys: [String] { shape.names }
    /// The values, in order.
    public var values: [Value] {
        storage.withUnsafeMutablePointers { header, elements in
            Array(UnsafeBufferPointer(start: elements, count: header.pointee.count))
        }
    }

    /// The position of `site`'s name in this record, through the site's cache.
    @inline(__always)
    func slot(for site: FieldSite) -> Int? {
        storage.withUnsafeMutablePointerToHeader { site.slot(in: $0.pointee.shape) }
    }

    /// The value at a position of the shape (`0 ..< count`).
    @inline(__always)
    func value(at slot: Int) -> Value {
        storage.withUnsafeMutablePointerToElements { $0[slot] }
    }

    /// The value of a field, or nil. Setting a new name adds it at the end; setting nil
    /// removes the field.
    public subscript(name: String) -> Value? {
        get {
            guard let i = shape.slot(of: name) else { return nil }
            return value(at: i)
        }
        set {
            if let i = shape.slot(of: name) {
                if let newValue { modify(at: i) { $0 = newValue } } else { remove(at: i) }
            } else if let newValue {
                append(name, newValue)
            }
        }
    }

    /// Makes the buffer this record's own (copying it when shared), with room for `extra` more values.
    @inline(__always)
    private mutating func makeUnique(extra: Int = 0) {
        if extra == 0 && isKnownUniquelyReferenced(&storage) { return }
        grow(extra: extra)
    }

    @inline(never)
    private mutating func grow(extra: Int) {
        let unique = isKnownUniquelyReferenced(&storage)
        let n = count
        if unique && storage.capacity >= n + extra { return }
        let copy = RecordStorage.make(shape, capacity: Swift.max(n + extra, extra > 0 ? 2 * n : n))
        copy.withUnsafeMutablePointers { header, elements in
            storage.withUnsafeMutablePointers { oldHeader, old in
                if unique {
                    elements.moveInitialize(from: old, count: n)
                    oldHeader.pointee.count = 0
                } else {
                    elements.initialize(from: old, count: n)
                }
            }
            header.pointee.count = n
        }
        storage = copy
    }

    /// Runs `body` on the value at `slot` in place (the buffer made unique first).
    @inline(__always)
    mutating func modify(at slot: Int, _ body: (inout Value) throws -> Void) rethrows {
        makeUnique()
        try storage.withUnsafeMutablePointerToElements { try body(&$0[slot]) }
    }

    /// Runs `body` on the value of `site`'s field in place when this record holds its
    /// buffer alone and the site's cache knows its shape; false (nothing run) otherwise.
    /// Calls nothing the optimiser cannot see (see `FieldSite.cachedSlot`).
    @inline(__always)
    mutating func quickUpdate(_ site: FieldSite, _ body: (UnsafeMutablePointer<Value>) -> Bool) -> Bool {
        guard isKnownUniquelyReferenced(&storage) else { return false }
        return storage.withUnsafeMutablePointers { header, elements in
            guard let i = site.cachedSlot(in: header.pointee.shape) else { return false }
            return body(elements + i)
        }
    }

    /// Adds a field that is not there yet, at the end.
    mutating func append(_ name: String, _ value: Value) {
        makeUnique(extra: 1)
        let newShape: RecordShape
        var held = storage.header.shape
        storage.header.shape = RecordShape.placeholder
        if isKnownUniquelyReferenced(&held) {
            held.append(name)
            newShape = held
        } else {
            newShape = RecordShape(names: held.names + [name])
        }
        storage.withUnsafeMutablePointers { header, elements in
            (elements + header.pointee.count).initialize(to: value)
            header.pointee.count += 1
            header.pointee.shape = newShape
        }
    }

    private mutating func remove(at i: Int) {
        var names = keys
        var values = self.values
        names.remove(at: i)
        values.remove(at: i)
        self = Record(shape: RecordShape(names: names), values: values)
    }

    /// Order-independent equality of the fields: `pairs` receives the values to compare.
    func sameFields(as other: Record, _ pairs: (Value, Value) -> Void) -> Bool {
        guard count == other.count else { return false }
        if shape === other.shape {
            for i in 0..<count { pairs(value(at: i), other.value(at: i)) }
            return true
        }
        for (i, name) in shape.names.enumerated() {
            guard let w = other[name] else { return false }
            pairs(value(at: i), w)
        }
        return true
    }
}

extension RecordShape {
    /// The shape of no fields, shared by every empty record.
    static let empty = RecordShape(names: [])
    /// Held by a buffer's header for the instant its real shape is checked for uniqueness.
    static let placeholder = RecordShape(names: [])
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
        let names = keys, values = self.values
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
        if let i = cachedSlot(in: shape) { return i }
        return miss(shape)
    }

    /// The position cached for `shape`, or nil when the cache holds another shape. It
    /// calls nothing: code that reads a record in place stays free of calls the optimiser
    /// cannot see through, which would make it retain the record (and its list) around them.
    @inline(__always)
    func cachedSlot(in shape: RecordShape) -> Int? {
        if let cached = cache.pointee.shape, cached.toOpaque() == Unmanaged.passUnretained(shape).toOpaque() {
            return cache.pointee.slot
        }
        return nil
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
        if let v = readCached(record) { return v }
        return readMissed(record)
    }

    /// The field's value when the cache knows `record`'s shape, else nil (see `cachedSlot`).
    @inline(__always)
    func readCached(_ record: Record) -> Value? {
        record.storage.withUnsafeMutablePointers { header, elements in
            guard let i = cachedSlot(in: header.pointee.shape) else { return nil }
            // A number is rebuilt rather than copied: no call of the enum's outlined copy.
            if case .number(let d) = elements[i] { return .number(d) }
            return elements[i]
        }
    }

    /// The field's value after a cache miss (the cache learns the shape), or nil.
    @inline(never)
    func readMissed(_ record: Record) -> Value? {
        record.storage.withUnsafeMutablePointers { header, elements in
            guard let i = slot(in: header.pointee.shape) else { return nil }
            return elements[i]
        }
    }
}
