// MARK: - rigid: size and shape constant

/// `rigid`: a body keeps its kind (ball or box), radius and size from one step to the next.
///
/// Magnitude: the summed change of radius and sides (m), or 1 for a change of kind.
/// Correction: the previous step's shape is restored.
public struct RigidPrior: Prior {
    public let tolerance: Double
    public var name: String { "rigid" }

    public init(tolerance: Double = PriorTolerances.size) {
        self.tolerance = tolerance
    }

    func change(_ b: BodyState, _ p: BodyState) -> Double? {
        if b.kind != p.kind { return 1 }
        let d = PermanencePrior.sizeChange(p, b)
        return d > tolerance ? d : nil
    }

    public func check(previous: WorldState?, state: WorldState, context: PriorContext) -> [Violation] {
        guard let previous else { return [] }
        return state.bodies.compactMap { b in
            guard let p = previous[b.name], let d = change(b, p) else { return nil }
            let what = b.kind != p.kind ? "turned from a \(p.kind.rawValue) into a \(b.kind.rawValue)" : "changed size by \(formatted(d)) m"
            return Violation(prior: name, step: state.step, bodies: [b.name], magnitude: d, message: "\(b.name) \(what)")
        }
    }

    public func correct(previous: WorldState?, state: WorldState, context: PriorContext) -> WorldState? {
        guard let previous else { return state }
        var out = state
        for i in out.bodies.indices {
            guard let p = previous[out.bodies[i].name], change(out.bodies[i], p) != nil else { continue }
            out.bodies[i].kind = p.kind
            out.bodies[i].radius = p.radius
            out.bodies[i].size = p.size
        }
        return out
    }
}
