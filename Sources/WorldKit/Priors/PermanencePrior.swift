// MARK: - permanence: bodies keep existing and keep their identity

/// `permanence`: a body that existed keeps existing (hidden or not), keeps its kind, colour
/// and size, and when it comes back into the model's world it is where its last motion
/// would have taken it.
///
/// Violations and magnitudes: a body missing from the state (1 per body per step); a
/// changed kind (1), size (m, summed over radius and sides) or colour (RGB distance); a
/// reappearance away from the extrapolated position (m). Correction: a missing body is
/// restored, hidden, at its extrapolated position; kind, size and colour are restored from
/// its last state; a reappearing body is moved to the extrapolated position.
///
/// Extrapolation follows the last motion: free flight under gravity, or sliding along a
/// support at constant horizontal speed; never below the ground.
public struct PermanencePrior: Prior {
    public let sizeTolerance: Double
    public let colorTolerance: Double
    public let reappearanceTolerance: Double
    public var name: String { "permanence" }

    public init(sizeTolerance: Double = PriorTolerances.size, colorTolerance: Double = PriorTolerances.color,
                reappearanceTolerance: Double = PriorTolerances.reappearance) {
        self.sizeTolerance = sizeTolerance
        self.colorTolerance = colorTolerance
        self.reappearanceTolerance = reappearanceTolerance
    }

    // MARK: - Extrapolation

    /// Where `last` would be `steps` steps later, following its last motion.
    public static func extrapolate(_ last: BodyState, steps: Int, context: PriorContext) -> BodyState {
        var b = last
        guard !last.isStatic, steps > 0, PriorGeometry.isFinite(last) else { return b }
        let scene = context.scene, dt = context.dt
        let t = Double(steps) * dt
        let supported = PriorGeometry.touchesStatic(last, in: WorldState(step: 0, time: 0, bodies: [last]),
                                                    scene: scene, gap: PriorTolerances.contactGap)
        if supported {
            // Resting or rolling on something: keep sliding along it.
            var v = last.velocity
            if v.y < 0 { v.y = 0 }
            b.position = last.position + v * t
            b.velocity = v
        } else {
            b.position = last.position + last.velocity * t + scene.gravity * (0.5 * t * t)
            b.velocity = last.velocity + scene.gravity * t
        }
        if let g = scene.ground {
            let depth = -b.placed.gap(toGround: g.height)
            if depth > 0 {
                b.position.y += depth
                if b.velocity.y < 0 { b.velocity.y = 0 }
            }
        }
        b.angle = last.angle + last.spin * t
        return b
    }

    // MARK: - Check

    public func check(previous: WorldState?, state: WorldState, context: PriorContext) -> [Violation] {
        var out: [Violation] = []
        let present = Set(state.bodies.map(\.name))
        for name in context.lastSeen.keys.sorted() where !present.contains(name) {
            guard let seen = context.lastSeen[name] else { continue }
            out.append(Violation(prior: self.name, step: state.step, bodies: [name], magnitude: 1,
                                 message: "\(name) vanished (last present at step \(seen.step))"))
        }
        for b in state.bodies {
            guard let last = context.lastSeen[b.name]?.body else { continue }
            if b.kind != last.kind {
                out.append(Violation(prior: name, step: state.step, bodies: [b.name], magnitude: 1,
                                     message: "\(b.name) changed from a \(last.kind.rawValue) to a \(b.kind.rawValue)"))
            }
            let ds = Self.sizeChange(last, b)
            if ds > sizeTolerance {
                out.append(Violation(prior: name, step: state.step, bodies: [b.name], magnitude: ds,
                                     message: "\(b.name) changed size by \(formatted(ds)) m"))
            }
            let dc = Self.colorDistance(last.color, b.color)
            if dc > colorTolerance {
                out.append(Violation(prior: name, step: state.step, bodies: [b.name], magnitude: dc,
                                     message: "\(b.name) changed colour by \(formatted(dc)) (RGB distance)"))
            }
            if let miss = reappearanceMiss(b, previous: previous, state: state, context: context) {
                out.append(Violation(prior: name, step: state.step, bodies: [b.name], magnitude: miss.distance,
                                     message: "\(b.name) reappeared \(formatted(miss.distance)) m from where its last motion leads"))
            }
        }
        return out
    }

    /// For a body absent from `previous` but known from earlier, how far it reappears from its extrapolation.
    func reappearanceMiss(_ b: BodyState, previous: WorldState?, state: WorldState,
                          context: PriorContext) -> (distance: Double, expected: BodyState)? {
        guard let previous, previous[b.name] == nil, let seen = context.lastSeen[b.name] else { return nil }
        let last = seen.body, gone = state.step - seen.step
        guard gone > 0 else { return nil }
        let expected = Self.extrapolate(last, steps: gone, context: context)
        let d = (b.position - expected.position).length
        let travelled = (expected.position - last.position).length
        guard d > reappearanceTolerance + PriorTolerances.reappearanceRelative * travelled else { return nil }
        return (d, expected)
    }

    static func sizeChange(_ a: BodyState, _ b: BodyState) -> Double {
        abs(a.radius - b.radius) + abs(a.size.x - b.size.x) + abs(a.size.y - b.size.y)
    }

    static func colorDistance(_ a: Color, _ b: Color) -> Double {
        let dr = Double(a.r) - Double(b.r), dg = Double(a.g) - Double(b.g), db = Double(a.b) - Double(b.b)
        return (dr * dr + dg * dg + db * db).squareRoot()
    }

    // MARK: - Correct

    public func correct(previous: WorldState?, state: WorldState, context: PriorContext) -> WorldState? {
        var out = state
        for i in out.bodies.indices {
            let b = out.bodies[i]
            guard let last = context.lastSeen[b.name]?.body else { continue }
            if let miss = reappearanceMiss(b, previous: previous, state: state, context: context) {
                out.bodies[i].position = miss.expected.position
                out.bodies[i].velocity = miss.expected.velocity
            }
            if b.kind != last.kind || Self.sizeChange(last, b) > sizeTolerance {
                out.bodies[i].kind = last.kind
                out.bodies[i].radius = last.radius
                out.bodies[i].size = last.size
            }
            if Self.colorDistance(last.color, b.color) > colorTolerance { out.bodies[i].color = last.color }
        }
        let present = Set(state.bodies.map(\.name))
        for name in context.lastSeen.keys.sorted() where !present.contains(name) {
            // A body last seen with non-finite coordinates has no place to be restored to.
            guard let seen = context.lastSeen[name], PriorGeometry.isFinite(seen.body) else { continue }
            var restored = Self.extrapolate(seen.body, steps: max(1, state.step - seen.step), context: context)
            restored.visible = false
            out.bodies.append(restored)
        }
        // Keep the scene's declaration order so restored bodies sit where they were.
        let order = Dictionary(context.scene.bodies.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        let indexed = out.bodies.enumerated().map { (key: order[$1.name] ?? (context.scene.bodies.count + $0), body: $1) }
        out.bodies = indexed.sorted { $0.key < $1.key }.map(\.body)
        return out
    }
}

