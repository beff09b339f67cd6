// MARK: - Twin rollouts and divergence

/// The first step at which two worlds differ, and by how much.
public struct Divergence: Hashable, Sendable, CustomStringConvertible {
    /// The first step whose states differ.
    public var step: Int
    /// The largest gap, in metres, of a body present in both worlds at that step:
    /// `|Δposition| + reach·|Δangle| + dt·(|Δvelocity| + reach·|Δspin|)`, where `reach`
    /// is the body's bounding radius. It reads as how far apart the two copies of the
    /// body are now, plus how much further apart one step of their motion takes them.
    /// Zero when the only difference is that a body exists in one world and not the other.
    public var magnitude: Double
    /// The bodies that differ at that step (by more than the tolerance, or by existing in
    /// only one world), sorted by name.
    public var bodies: [String]

    public init(step: Int, magnitude: Double, bodies: [String]) {
        self.step = step
        self.magnitude = magnitude
        self.bodies = bodies
    }

    public var description: String {
        "diverges at step \(step) by \(magnitude) m (\(bodies.joined(separator: ", ")))"
    }
}

/// A factual rollout and its counterfactual twin, which shares it up to `splitStep`.
public struct TwinRollout: Hashable, Sendable {
    /// The world as it happened.
    public var factual: Rollout
    /// The world as it would have been: the same states and events before `splitStep`,
    /// the intervened world from `splitStep` on (its state at `splitStep` is the intervened one).
    public var counterfactual: Rollout
    /// The step at which the interventions were made.
    public var splitStep: Int
    /// The interventions made at `splitStep`, in order.
    public var interventions: [Intervention]

    public init(factual: Rollout, counterfactual: Rollout, splitStep: Int, interventions: [Intervention]) {
        self.factual = factual
        self.counterfactual = counterfactual
        self.splitStep = splitStep
        self.interventions = interventions
    }

    /// True when a matching event happens in the counterfactual world (at any step, the shared
    /// prefix included).
    public func wouldHappen(_ pattern: EventPattern) -> Bool {
        counterfactual.happened(pattern)
    }

    /// Events after the split step that happen in only one of the worlds: `prevented` (factual only)
    /// and `caused` (counterfactual only), each in time order.
    ///
    /// Events are matched by kind and participants (contacts in either order), the n-th occurrence
    /// in one world with the n-th in the other, so an event that merely happens at another step is
    /// not a change. Events up to the split step are shared by construction.
    public func eventChanges() -> (prevented: [PhysicsEvent], caused: [PhysicsEvent]) {
        let after = { (e: PhysicsEvent) in e.step > splitStep }
        let factualEvents = factual.events.filter(after), counterfactualEvents = counterfactual.events.filter(after)
        // Dictionaries only count; results follow the event lists' own order.
        func keys(_ events: [PhysicsEvent]) -> [EventKey] {
            var seen: [EventKey: Int] = [:]
            return events.map { e in
                var key = EventKey(e)
                key.occurrence = seen[key, default: 0]
                seen[EventKey(e), default: 0] += 1
                return key
            }
        }
        let f = keys(factualEvents), c = keys(counterfactualEvents)
        let inF = Set(f), inC = Set(c)
        let prevented = zip(factualEvents, f).filter { !inC.contains($0.1) }.map(\.0)
        let caused = zip(counterfactualEvents, c).filter { !inF.contains($0.1) }.map(\.0)
        return (prevented, caused)
    }

    /// An event's identity for matching across worlds: kind, participants, occurrence number.
    private struct EventKey: Hashable {
        var kind: PhysicsEvent.Kind
        var first: String
        var second: String?
        var occurrence = 0

        init(_ e: PhysicsEvent) {
            kind = e.kind
            if (e.kind == .contactBegin || e.kind == .contactEnd), let other = e.other, other < e.body {
                first = other
                second = e.body
            } else {
                first = e.body
                second = e.other
            }
        }
    }

    /// The first step at which the worlds' bodies differ in existence or motion by more than
    /// `tolerance` (see `Divergence.magnitude`); nil when they never do within both horizons.
    ///
    /// Only kinematics and existence count: an intervention that changes a colour, or the mass
    /// of a body that never collides, leaves the worlds physically identical.
    public func divergence(tolerance: Double = 0) -> Divergence? {
        let first = max(factual.firstStep, counterfactual.firstStep)
        let last = min(Counterfactual.lastStep(of: factual), Counterfactual.lastStep(of: counterfactual))
        guard first <= last else { return nil }
        let dt = factual.scene.dt
        for step in first...last {
            guard let f = factual.state(at: step), let c = counterfactual.state(at: step) else { continue }
            if let d = Self.compare(f, c, step: step, dt: dt, tolerance: tolerance) { return d }
        }
        return nil
    }

    private static func compare(_ f: WorldState, _ c: WorldState, step: Int, dt: Double,
                                tolerance: Double) -> Divergence? {
        var differing: [String] = []
        var magnitude = 0.0
        for a in f.bodies {
            guard let b = c[a.name] else { differing.append(a.name); continue }
            let gap = Self.gap(a, b, dt: dt)
            // `!(gap <= tolerance)` also counts a NaN gap as a difference.
            if !(gap <= tolerance) {
                differing.append(a.name)
                magnitude = max(magnitude, gap)
            }
        }
        for b in c.bodies where f[b.name] == nil { differing.append(b.name) }
        guard !differing.isEmpty else { return nil }
        return Divergence(step: step, magnitude: magnitude, bodies: differing.sorted())
    }

    /// The kinematic gap between two copies of a body (see `Divergence.magnitude`).
    static func gap(_ a: BodyState, _ b: BodyState, dt: Double) -> Double {
        let reach = max(a.radius, 0.5 * a.size.length)
        let dp = (a.position - b.position).length
        let dv = (a.velocity - b.velocity).length
        return dp + reach * abs(a.angle - b.angle) + dt * (dv + reach * abs(a.spin - b.spin))
    }
}
