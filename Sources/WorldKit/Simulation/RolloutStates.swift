/// What does not change about a body from step to step: stored once per span of a rollout.
struct BodyDescription: Hashable, Sendable {
    var name: String
    var kind: BodyKind
    var isStatic: Bool
    var radius: Double
    var size: Vec2
    var color: Color
    var mass: Double

    init(_ b: BodyState) {
        name = b.name
        kind = b.kind
        isStatic = b.isStatic
        radius = b.radius
        size = b.size
        color = b.color
        mass = b.mass
    }

    /// True when `b` has exactly this description (bit for bit on the numbers, so that
    /// materialising gives back the same doubles).
    func describes(_ b: BodyState) -> Bool {
        name == b.name && kind == b.kind && isStatic == b.isStatic
            && radius.bitPattern == b.radius.bitPattern
            && size.x.bitPattern == b.size.x.bitPattern && size.y.bitPattern == b.size.y.bitPattern
            && color == b.color && mass.bitPattern == b.mass.bitPattern
    }
}

/// The states of a rollout, stored compactly: per step only the dynamic fields (position,
/// angle, velocity and spin as doubles; visible and asleep as bits), and each body's static
/// description once per span of consecutive states whose bodies do not change. Reading a state
/// materialises a `WorldState` with exactly the values appended.
public struct RolloutStates: RandomAccessCollection, Hashable, Sendable, ExpressibleByArrayLiteral {
    /// A run of consecutive states with the same bodies (same order, same static description).
    struct Span: Hashable, Sendable {
        /// Index of the span's first state.
        var first: Int
        var bodies: [BodyDescription]
    }

    var spans: [Span] = []
    var steps: [Int] = []
    var times: [Double] = []
    /// Index into the per-body arrays where state i's bodies start; `starts.count == count + 1`.
    var starts: [Int] = [0]
    var x: [Double] = []
    var y: [Double] = []
    var angle: [Double] = []
    var vx: [Double] = []
    var vy: [Double] = []
    var spin: [Double] = []
    /// Two bits per body-state: visible at 2k, asleep at 2k + 1.
    var flags: [UInt64] = []

    public init() {}

    public init<S: Sequence>(_ states: S) where S.Element == WorldState {
        for s in states { append(s) }
    }

    public init(arrayLiteral elements: WorldState...) {
        self.init(elements)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { steps.count }

    /// Number of body-states stored (the sum over states of their bodies).
    public var bodyStateCount: Int { x.count }

    public mutating func reserveCapacity(_ n: Int) {
        steps.reserveCapacity(n)
        times.reserveCapacity(n)
        starts.reserveCapacity(n + 1)
    }

    /// Reserves room for `states` states of `bodies` bodies each (capped: a huge request must
    /// not turn into a huge allocation up front), so recording does not regrow the arrays.
    public mutating func reserveCapacity(states: Int, bodies: Int) {
        let n = Swift.min(Swift.max(0, states), 1 << 20)
        reserveCapacity(n)
        let b = Swift.max(0, bodies)
        let cells = Swift.min(n.multipliedReportingOverflow(by: b).overflow ? Int.max : n * b, 1 << 24)
        for k in [\RolloutStates.x, \.y, \.angle, \.vx, \.vy, \.spin] { self[keyPath: k].reserveCapacity(cells) }
        flags.reserveCapacity((2 * cells + 63) / 64)
    }

    public mutating func append(_ s: WorldState) {
        let index = steps.count
        if let last = spans.last, Self.matches(last.bodies, s.bodies) {
            // Same bodies as the previous state: only the dynamic fields are stored.
        } else {
            spans.append(Span(first: index, bodies: s.bodies.map(BodyDescription.init)))
        }
        steps.append(s.step)
        times.append(s.time)
        let base = x.count
        let n = s.bodies.count
        let needed = (2 * (base + n) + 63) / 64
        if flags.count < needed { flags.append(contentsOf: repeatElement(0, count: needed - flags.count)) }
        for (k, b) in s.bodies.enumerated() {
            x.append(b.position.x)
            y.append(b.position.y)
            angle.append(b.angle)
            vx.append(b.velocity.x)
            vy.append(b.velocity.y)
            spin.append(b.spin)
            let bit = 2 * (base + k)
            if b.visible { flags[bit >> 6] |= 1 << UInt64(bit & 63) }
            if b.asleep { flags[(bit + 1) >> 6] |= 1 << UInt64((bit + 1) & 63) }
        }
        starts.append(base + n)
    }

    public mutating func append<S: Sequence>(contentsOf states: S) where S.Element == WorldState {
        for s in states { append(s) }
    }

    /// Removes the last state.
    public mutating func removeLast() {
        precondition(!steps.isEmpty, "removeLast on empty RolloutStates")
        let i = steps.count - 1
        let base = starts[i]
        steps.removeLast()
        times.removeLast()
        starts.removeLast()
        let n = x.count - base
        x.removeLast(n); y.removeLast(n); angle.removeLast(n)
        vx.removeLast(n); vy.removeLast(n); spin.removeLast(n)
        // Clear the removed bodies' bits, then drop words no longer needed.
        for bit in (2 * base)..<(2 * (base + n)) { setFlag(bit, false) }
        flags.removeLast(flags.count - (2 * base + 63) / 64)
        if let last = spans.last, last.first == i { spans.removeLast() }
    }

    public mutating func removeAll() {
        self = RolloutStates()
    }

    private static func matches(_ described: [BodyDescription], _ bodies: [BodyState]) -> Bool {
        guard described.count == bodies.count else { return false }
        for i in bodies.indices where !described[i].describes(bodies[i]) { return false }
        return true
    }

    /// The span holding state i (binary search over the spans' first indices).
    private func spanIndex(of i: Int) -> Int {
        var lo = 0, hi = spans.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if spans[mid].first <= i { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    private func flag(_ bit: Int) -> Bool {
        flags[bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }

    /// Body k of state i, materialised.
    private func body(_ d: BodyDescription, at j: Int) -> BodyState {
        BodyState(name: d.name, kind: d.kind, position: Vec2(x[j], y[j]), angle: angle[j],
                  velocity: Vec2(vx[j], vy[j]), spin: spin[j], visible: flag(2 * j), asleep: flag(2 * j + 1),
                  isStatic: d.isStatic, radius: d.radius, size: d.size, color: d.color, mass: d.mass)
    }

    public subscript(i: Int) -> WorldState {
        get {
            precondition(i >= 0 && i < steps.count, "RolloutStates index out of range")
            let described = spans[spanIndex(of: i)].bodies
            let base = starts[i]
            var bodies: [BodyState] = []
            bodies.reserveCapacity(described.count)
            for (k, d) in described.enumerated() { bodies.append(body(d, at: base + k)) }
            return WorldState(step: steps[i], time: times[i], bodies: bodies)
        }
        set {
            precondition(i >= 0 && i < steps.count, "RolloutStates index out of range")
            let s = spanIndex(of: i)
            let base = starts[i]
            if Self.matches(spans[s].bodies, newValue.bodies) {
                // The same bodies: overwrite the dynamic fields in place.
                steps[i] = newValue.step
                times[i] = newValue.time
                for (k, b) in newValue.bodies.enumerated() {
                    let j = base + k
                    x[j] = b.position.x; y[j] = b.position.y; angle[j] = b.angle
                    vx[j] = b.velocity.x; vy[j] = b.velocity.y; spin[j] = b.spin
                    setFlag(2 * j, b.visible)
                    setFlag(2 * j + 1, b.asleep)
                }
            } else if i == steps.count - 1 {
                removeLast()
                append(newValue)
            } else {
                // Different bodies: rebuild, so that spans stay what appending would make.
                var all = Array(self)
                all[i] = newValue
                self = RolloutStates(all)
            }
        }
    }

    private mutating func setFlag(_ bit: Int, _ on: Bool) {
        let mask: UInt64 = 1 << UInt64(bit & 63)
        if on { flags[bit >> 6] |= mask } else { flags[bit >> 6] &= ~mask }
    }

    // MARK: - Reading without materialising

    /// Index of the body named `name` in state i, or nil.
    func bodyIndex(_ name: String, inState i: Int) -> (description: BodyDescription, slot: Int)? {
        let described = spans[spanIndex(of: i)].bodies
        guard let k = described.firstIndex(where: { $0.name == name }) else { return nil }
        return (described[k], starts[i] + k)
    }

    /// One body of state i, materialised alone; nil when the state has no body of that name.
    public func body(_ name: String, inState i: Int) -> BodyState? {
        guard i >= 0, i < steps.count, let (d, j) = bodyIndex(name, inState: i) else { return nil }
        return body(d, at: j)
    }

    /// Bytes held by the storage (capacity aside): what a recorded rollout costs.
    public var storedBytes: Int {
        let perState = MemoryLayout<Int>.stride * 2 + MemoryLayout<Double>.stride
        let perBody = 6 * MemoryLayout<Double>.stride
        let described = spans.reduce(0) { $0 + $1.bodies.count * (MemoryLayout<BodyDescription>.stride + 16) }
        return steps.count * perState + x.count * perBody + flags.count * 8 + described
    }
}

extension RolloutStates {
    /// The same states in the same order (so code comparing against arrays keeps working).
    public static func == (lhs: RolloutStates, rhs: [WorldState]) -> Bool {
        lhs.elementsEqual(rhs)
    }

    public static func == (lhs: [WorldState], rhs: RolloutStates) -> Bool {
        rhs.elementsEqual(lhs)
    }
}
