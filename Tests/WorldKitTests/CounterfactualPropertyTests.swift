import Testing
@testable import WorldKit

// Seeded random twins: invariants that must hold for any scene, split and intervention,
// and bad interventions that must be refused with an error, never a trap.

private func randomScene(_ s: inout RandomStream, index: Int) -> Scene {
    var bodies: [BodySpec] = []
    for k in 0..<(2 + s.index(below: 3)) {
        // Columns 2.5 m apart: no two bodies can overlap at the start.
        var b = BodySpec.ball("b\(k)", at: Vec2(Double(k) * 2.5, s.uniform(0.6, 3)), radius: s.uniform(0.2, 0.5))
        b.velocity = Vec2(s.uniform(-3, 3), s.uniform(-2, 2))
        b.restitution = s.uniform(0, 1)
        bodies.append(b)
    }
    return Scene(name: "random \(index)", bodies: bodies, ground: Ground(height: 0),
                 bounds: Bounds(Vec2(-3, 0), Vec2(12, 8)),
                 noise: NoiseModel(velocitySigma: s.uniform(0, 0.1), restitutionSigma: s.uniform(0, 0.1)))
}

private func randomIntervention(_ s: inout RandomStream, names: [String]) -> Intervention {
    let name = names[s.index(below: names.count)]
    switch s.index(below: 5) {
    case 0: return .remove(name)
    case 1: return .freeze(name)
    case 2: return .push(name, Vec2(s.uniform(-2, 2), s.uniform(-2, 2)))
    case 3: return .set(name, .mass(s.uniform(0.5, 5)))
    default: return .set(name, .velocity(Vec2(s.uniform(-4, 4), s.uniform(-4, 4))))
    }
}

@Test func randomTwinsKeepTheirInvariants() throws {
    var s = RandomStream(seed: 2026)
    for i in 0..<24 {
        let scene = randomScene(&s, index: i)
        let factual = try Simulator.rollout(scene, steps: 80, seed: UInt64(i))
        let split = s.index(below: 81)
        let names = scene.bodies.map(\.name)
        let interventions = [randomIntervention(&s, names: names)]
        let twin = try Counterfactual.twin(of: factual, at: split, interventions: interventions)
        #expect(Array(twin.counterfactual.states[..<split]) == Array(factual.states[..<split]), "case \(i)")
        #expect(twin.counterfactual.events.filter { $0.step <= split } == factual.events.filter { $0.step <= split })
        if let d = twin.divergence() { #expect(d.step >= split, "case \(i)") }
        let pattern = EventPattern.contact(names[0], names[1])
        let answer = try Would.answer(factual, at: split, interventions, happen: pattern)
        #expect(answer == twin.wouldHappen(pattern), "case \(i): \(interventions)")
        // Same inputs, same twin, bit for bit.
        #expect(try Counterfactual.twin(of: factual, at: split, interventions: interventions) == twin)
    }
}

@Test func badInterventionsAreRefusedNotTrapped() throws {
    let factual = try Simulator.rollout(CausalTestScenes.push, steps: 40)
    let bad: [Intervention] = [
        .set("a", .radius(-1)), .set("a", .mass(.nan)), .set("b", .size(Vec2(0, 1))),
        .set("a", .position(Vec2(.infinity, 0))), .push("a", Vec2(.nan, 0)), .push("zz", Vec2(1, 0)),
        .add(BodySpec.ball("a", at: Vec2(0, 5), radius: 0.5)), .add(BodySpec.ball("n", at: Vec2(.nan, 5), radius: 0.5)),
        .add(BodySpec.ball("z", at: Vec2(9, 5), radius: 0)), .freeze("ground"), .remove(""),
    ]
    for intervention in bad {
        #expect(throws: CausalError.self, "\(intervention)") {
            try Counterfactual.twin(of: factual, at: 20, interventions: [intervention])
        }
        #expect(throws: (any Error).self, "\(intervention)") {
            try CausalTestScenes.push.intervened([intervention])
        }
    }
}
