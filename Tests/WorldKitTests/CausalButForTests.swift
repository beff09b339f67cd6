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
    // Absent: a (b is named by the event, so removing it is not tested); the bystander d is not.
    let removal = try ButForCauses.causes(of: target, in: factual)
    #expect(bodyCauses(removal) == ["a"])
    #expect(removal.allSatisfy { $0.test == .removal })
    // The earlier a–b contact, prevented by removing a just before it.
    #expect(eventCauses(removal).map(\.step) == [ab.step])
    #expect(removal.last?.splitStep == ab.step - 1)
    // Held still: a, and b too (frozen, it never reaches c); still not d.
    let freezing = try ButForCauses.causes(of: target, in: factual, by: .freezing)
    #expect(bodyCauses(freezing) == ["a", "b"])
    #expect(freezing.allSatisfy { $0.test == .freezing })
    #expect(eventCauses(freezing).map(\.step) == [ab.step])
}

@Test func overdeterminationLeavesNoBallAButForCause() throws {
    let factual = try Simulator.rollout(S.overdetermined, steps: 180)
    #expect(factual.happened(S.leftHome))
    // Each ball alone still knocks c out: the hand-built scene really is overdetermined.
    #expect(try Would.answer(factual, at: 0, [.remove("a1")], happen: S.leftHome))
    #expect(try Would.answer(factual, at: 0, [.remove("a2")], happen: S.leftHome))
    #expect(try !Would.answer(factual, at: 0, [.remove("a1"), .remove("a2")], happen: S.leftHome))
    // Neither ball, no contact, not the bystander; held still, only c itself never leaves.
    let removal = try ButForCauses.causes(of: S.leftHome, in: factual)
    #expect(removal.isEmpty)
    let freezing = try ButForCauses.causes(of: S.leftHome, in: factual, by: .freezing)
    #expect(bodyCauses(freezing) == ["c"])
    #expect(eventCauses(freezing).isEmpty)
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
    #expect(try ButForCauses.causes(of: S.leftHome, in: factual).isEmpty)
    // a2 comes from below, so a1 held still is in nobody's way: only c, held still, stays home.
    let freezing = try ButForCauses.causes(of: S.leftHome, in: factual, by: .freezing)
    #expect(bodyCauses(freezing) == ["c"])
    #expect(eventCauses(freezing).isEmpty)
}

@Test func heldStillThePreemptingBallBlocksTheBackupSoOnlyFreezingNamesIt() throws {
    let factual = try Simulator.rollout(S.preemptedInLine, steps: 600)
    #expect(factual.happened(S.inGoal))
    #expect(!factual.happened(.contact("slow", "c")))
    // Pre-emption: without fast, slow does it; with fast held still, slow runs into it.
    #expect(try Would.answer(factual, at: 0, [.remove("fast")], happen: S.inGoal))
    #expect(try !Would.answer(factual, at: 0, [.freeze("fast")], happen: S.inGoal))
    // Absent is the but-for question: neither ball, nor the fast ball's contact with c.
    #expect(try ButForCauses.causes(of: S.inGoal, in: factual).isEmpty)
    // Held still is another question, and answers it: fast (an obstacle now), c, and the contact.
    let freezing = try ButForCauses.causes(of: S.inGoal, in: factual, by: .freezing)
    #expect(bodyCauses(freezing) == ["fast", "c"])
    #expect(eventCauses(freezing).map(\.kind) == [.contactBegin])
}

@Test func contactsTheSceneStartsWithAreNeitherCausesNorCaused() throws {
    let factual = try Simulator.rollout(S.restingChain, steps: 400)
    // Every ball touches the ground at step 0; step 0 observes nothing, so step 1 reports them.
    let grounded = factual.events.filter { $0.kind == .contactBegin && $0.step == 1 }
    #expect(Set(grounded.map(\.other)) == ["a", "b", "c"])
    let target = EventPattern.contact("b", "c")
    let ab = try #require(factual.first(.contact("a", "b")))
    for test in ButForCauses.Test.allCases {
        let causes = try ButForCauses.causes(of: target, in: factual, by: test)
        // Removing or freezing a at step 0 would hide "a touches the ground at step 1", not prevent it.
        #expect(eventCauses(causes).map(\.step) == [ab.step], "\(test)")
        // And that contact has no causes: it is as old as the scene.
        #expect(try ButForCauses.causes(of: .contact("a", "ground"), in: factual, by: test).isEmpty, "\(test)")
    }
    #expect(bodyCauses(try ButForCauses.causes(of: target, in: factual)) == ["a"])
}

@Test func causeSearchOptionsAndEdgeCases() throws {
    let factual = try Simulator.rollout(S.chain, steps: 120)
    let target = EventPattern.contact("b", "c")
    for test in ButForCauses.Test.allCases {
        let onlyD = try ButForCauses.causes(of: target, in: factual, bodies: ["d"], events: false, by: test)
        #expect(onlyD.isEmpty)
    }
    let noEvents = try ButForCauses.causes(of: target, in: factual, events: false)
    #expect(eventCauses(noEvents).isEmpty)
    #expect(bodyCauses(noEvents) == ["a"])
    // An event that never happens has no causes; an unknown candidate is an error.
    #expect(try ButForCauses.causes(of: .contact("a", "d"), in: factual).isEmpty)
    #expect(throws: CausalError.intervention(.unknownBody("zz"), step: 0)) {
        try ButForCauses.causes(of: target, in: factual, bodies: ["zz"])
    }
    // Splitting after the event: nothing can undo it.
    let bc = try #require(factual.first(target))
    #expect(try ButForCauses.causes(of: target, in: factual, splitStep: bc.step).isEmpty)
    #expect(try ButForCauses.causes(of: target, in: factual, splitStep: bc.step, by: .freezing).isEmpty)
}
