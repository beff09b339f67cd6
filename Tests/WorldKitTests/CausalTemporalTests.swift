import Testing
@testable import WorldKit

// Finite-trace temporal requirements over a rollout, with the deciding step.

private typealias S = CausalTestScenes

@Test func temporalOperatorsUseFiniteTraceSemantics() throws {
    let r = try Simulator.rollout(S.push, steps: 120)
    let hit = try #require(r.first(.contact("a", "b"))).step
    let aboveGround: (WorldState) -> Bool = { s in s.bodies.allSatisfy { $0.bottom > -0.05 } }
    #expect(Temporal.always(r, aboveGround) == TemporalVerdict(holds: true, step: nil))
    // b moves only once it is hit: "b rests until a touches it" holds, decided at the contact's step.
    let bStill: (WorldState) -> Bool = { s in (s["b"]?.position.x ?? 0) < 6.001 }
    let until = Temporal.until(r, bStill) { $0.step >= hit }
    #expect(until == TemporalVerdict(holds: true, step: hit))
    // "always b still" fails at the step of the hit.
    let moved = Temporal.always(r, bStill)
    #expect(!moved.holds)
    #expect(moved.step == hit)
    // ...and "b rests until a is past x = 6" fails where b first moves, before a gets there.
    #expect(Temporal.until(r, bStill) { ($0["a"]?.position.x ?? 0) > 6 } == TemporalVerdict(holds: false, step: hit))
    let hides = Temporal.eventually(r) { $0["a"]?.visible == false }
    #expect(hides.holds)
    let flies = Temporal.eventually(r) { ($0["a"]?.position.y ?? 0) > 5 }
    #expect(flies == TemporalVerdict(holds: false, step: nil))
    // Strong until: q never comes, so it fails even though p always holds.
    #expect(!Temporal.until(r, aboveGround) { _ in false }.holds)
    // Empty trace: always holds vacuously, eventually and until do not.
    let empty = Rollout(scene: S.push, seed: 0, states: [], events: [], noise: NoiseRecord())
    #expect(Temporal.always(empty) { _ in false }.holds)
    #expect(!Temporal.eventually(empty) { _ in true }.holds)
    #expect(!Temporal.until(empty, { _ in true }, { _ in true }).holds)
}
