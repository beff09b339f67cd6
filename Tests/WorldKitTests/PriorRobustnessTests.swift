import Testing
@testable import WorldKit

// No input traps a prior: seeded random states with non-finite coordinates, zero and
// negative masses, zero sizes, coincident bodies, bodies appearing and vanishing. Every
// built-in prior checks and corrects them; a finite input gives a finite correction, and
// magnitudes are never negative or NaN.

private func randomBody(_ rng: inout RandomStream, name: String) -> BodyState {
    func value(_ lo: Double, _ hi: Double) -> Double {
        switch rng.index(below: 20) {
        case 0: return .nan
        case 1: return .infinity
        case 2: return 0
        default: return rng.uniform(lo, hi)
        }
    }
    let r = abs(value(0, 1))
    let isBall = rng.index(below: 2) == 0
    return BodyState(name: name, kind: isBall ? .ball : .box, position: Vec2(value(-3, 3), value(-1, 4)),
                     angle: value(-3, 3), velocity: Vec2(value(-9, 9), value(-9, 9)), spin: value(-5, 5), visible: true,
                     asleep: false, isStatic: rng.index(below: 6) == 0, radius: isBall ? r : 0,
                     size: isBall ? Vec2(2 * r, 2 * r) : Vec2(abs(value(0, 2)), abs(value(0, 2))),
                     color: Color(r: UInt8(rng.index(below: 256)), g: 0, b: UInt8(rng.index(below: 256))), mass: value(-1, 3))
}

private func randomState(_ rng: inout RandomStream, step: Int) -> WorldState {
    let names = ["a", "b", "c", "d", "e"].filter { _ in rng.index(below: 4) != 0 }
    return WorldState(step: step, time: Double(step) * PhysicsDefaults.dt, bodies: names.map { randomBody(&rng, name: $0) })
}

private func finite(_ s: WorldState) -> Bool { s.bodies.allSatisfy(PriorGeometry.isFinite) }

@Test func priorsNeverTrapOnStrangeStates() throws {
    var rng = RandomStream(seed: 77)
    let scene = Scene(name: "fuzz", walls: [WallSpec(name: "w", from: Vec2(2, 0), to: Vec2(2, 3))], ground: Ground(height: 0),
                      bounds: Bounds(Vec2(-4, -1), Vec2(4, 5)))
    for round in 0..<400 {
        var ctx = PriorContext(scene: scene)
        let previous = randomState(&rng, step: round), older = randomState(&rng, step: round - 1)
        ctx.remember(older)
        ctx.remember(previous)
        let state = randomState(&rng, step: round + 1)
        for prior in BuiltinPriors.all {
            let vs = try prior.check(previous: previous, state: state, context: ctx)
            #expect(vs.allSatisfy { $0.magnitude > 0 },
                    "\(prior.name): \(vs.map(\.magnitude))")
            let c = try #require(try prior.correct(previous: previous, state: state, context: ctx))
            if finite(state) && finite(previous) && finite(older) && state.bodies.allSatisfy({ $0.mass > 0 && $0.size.x > 0 && $0.size.y > 0 }) {
                #expect(finite(c), "\(prior.name) made a finite state non-finite")
            }
        }
        _ = try ConstrainedRollout.projectState(state, previous: previous, priors: BuiltinPriors.all, context: ctx)
    }
}

@Test func emptyAndShortRolloutsUnderPriors() throws {
    let empty = Scene(name: "empty", ground: Ground(height: 0))
    for mode in PriorMode.allCases {
        let r = try ConstrainedRollout.run(PhysicsModel(), scene: empty, steps: 5, priors: BuiltinPriors.all, mode: mode)
        #expect(r.report.isEmpty && r.rollout.states.count == 6)
    }
    let zero = try ConstrainedRollout.run(DriftModel(editable: true), scene: collisionScene(speed: 1), steps: 0,
                                          priors: BuiltinPriors.all, mode: .project)
    #expect(zero.rollout.states.count == 1)
    #expect(throws: ModelError.self) {
        try ConstrainedRollout.run(PhysicsModel(), scene: empty, steps: -1, priors: [], mode: .check)
    }
    let none = try ConstrainedRollout.reject(PhysicsModel(), samples: [], steps: 10, priors: BuiltinPriors.all)
    #expect(none.total == 0 && none.acceptanceRate == 1)
    #expect(ViolationReport(priors: ["x"], lastStep: -1).countSeries(of: "x").isEmpty)
}
