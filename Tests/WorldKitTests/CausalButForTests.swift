import Testing
@testable import WorldKit

// But-for causes on hand-built scenes whose causal structure is known.

private typealias S = CausalTestScenes

private func bodyCauses(_ causes: [Cause]) -> [String] {
    causes.compactMap { if case .body(let name) = $0.candidate { return name } else { return nil } }
}

private func eventCauses(_ causes: [Cause]) -> [PhysicsEvent] {
    causes.compactMap { if case .event(let e) = $0.candidate { return e } else { return nil } }
}

@Test func inAChainBothEarlierLinksAreCausesAndTheBystanderIsNot() throws {
    let factual = try Simulator.rollout(S.chain, steps: 120)
    let target = EventPattern.contact("b", "c")
    let ab = try #require(factual.first(.contact("a", "b")))
    #expect(factual.happened(target))
    let causes = try ButForCauses.causes(of: target, in: factual)
    #expect(bodyCauses(causes) == ["a", "b"])
    // a: removed or frozen, b never moves. b: named by the event, so only frozen.
    #expect(causes.first?.tests == [.removal, .freezing])
    #expect(causes.dropFirst().first?.tests == [.freezing])
    // The earlier a–b contact, prevented by freezing a just before it.
    #expect(eventCauses(causes).map(\.step) == [ab.step])
    #expect(causes.last?.splitStep == ab.step - 1)
}

@Test func overdeterminationLeavesNoBallAButForCause() throws {
    let factual = try Simulator.rollout(S.overdetermined, steps: 180)
    #expect(factual.happened(S.leftHome))
    // Each ball alone still knocks c out: the hand-built scene really is overdetermined.
    #expect(try Would.answer(factual, at: 0, [.remove("a1")], happen: S.leftHome))
    #expect(try Would.answer(factual, at: 0, [.remove("a2")], happen: S.leftHome))
    #expect(try !Would.answer(factual, at: 0, [.remove("a1"), .remove("a2")], happen: S.leftHome))
    let causes = try ButForCauses.causes(of: S.leftHome, in: factual)
    // Only c itself, frozen in place, never leaves; neither ball, no contact, not the bystander.
    #expect(bodyCauses(causes) == ["c"])
    #expect(eventCauses(causes).isEmpty)
}

@Test func preemptionHidesTheActualCauseFromButFor() throws {
    let factual = try Simulator.rollout(S.preempted, steps: 180)
    let hit = try #require(factual.first(.contact("a1", "c")))
    let left = try #require(factual.first(S.leftHome))
    #expect(hit.step < left.step)
    // a2 never touches c in the factual world: it was pre-empted...
    #expect(!factual.happened(.contact("a2", "c")))
    // ...but it would have knocked c out without a1.
    let twin = try Counterfactual.twin(of: factual, at: 0, interventions: [.remove("a1")])
    let a2HitsC = twin.wouldHappen(.contact("a2", "c")), cLeaves = twin.wouldHappen(S.leftHome)
    #expect(a2HitsC && cLeaves)
    let causes = try ButForCauses.causes(of: S.leftHome, in: factual)
    #expect(bodyCauses(causes) == ["c"])
    #expect(eventCauses(causes).isEmpty)
}

@Test func causeSearchOptionsAndEdgeCases() throws {
    let factual = try Simulator.rollout(S.chain, steps: 120)
    let target = EventPattern.contact("b", "c")
    let onlyD = try ButForCauses.causes(of: target, in: factual, bodies: ["d"], events: false)
    #expect(onlyD.isEmpty)
    let noEvents = try ButForCauses.causes(of: target, in: factual, events: false)
    #expect(eventCauses(noEvents).isEmpty)
    #expect(bodyCauses(noEvents) == ["a", "b"])
    // An event that never happens has no causes; an unknown candidate is an error.
    #expect(try ButForCauses.causes(of: .contact("a", "d"), in: factual).isEmpty)
    #expect(throws: CausalError.intervention(.unknownBody("zz"), step: 0)) {
        try ButForCauses.causes(of: target, in: factual, bodies: ["zz"])
    }
    // Splitting after the event: nothing can undo it.
    let bc = try #require(factual.first(target))
    #expect(try ButForCauses.causes(of: target, in: factual, splitStep: bc.step).isEmpty)
}
