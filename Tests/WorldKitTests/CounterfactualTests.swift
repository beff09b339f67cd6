import Testing
@testable import WorldKit

// Twin-world counterfactuals: shared noise, the split, divergence, would-questions.

private typealias S = CausalTestScenes

// MARK: - Noise sharing

@Test func theTwinMatchesTheFactualBitForBitBeforeTheSplit() throws {
    let factual = try Simulator.rollout(S.noisy, steps: 120, seed: 42)
    let twin = try Counterfactual.twin(of: factual, at: 40, interventions: [.push("b", Vec2(0, 3))])
    #expect(twin.counterfactual.states.count == factual.states.count)
    #expect(Array(twin.counterfactual.states[..<40]) == Array(factual.states[..<40]))
    #expect(twin.counterfactual.states[40] != factual.states[40])
    // The noise is really there: without it the balls would move in straight lines.
    let clean = try Simulator.rollout({ var s = S.noisy; s.noise = nil; return s }(), steps: 120, seed: 42)
    #expect(clean.final["a"]?.position != factual.final["a"]?.position)
}

@Test func afterTheSplitUnaffectedBodiesReceiveTheSameNoise() throws {
    let factual = try Simulator.rollout(S.noisy, steps: 120, seed: 42)
    let twin = try Counterfactual.twin(of: factual, at: 40, interventions: [.push("b", Vec2(0, 3))])
    // a and c never touch b, and their noise is shared, so their whole paths are identical.
    #expect(twin.counterfactual.series("a", .x) == factual.series("a", .x))
    #expect(twin.counterfactual.series("c", .y) == factual.series("c", .y))
    #expect(twin.counterfactual.noise.draws["a"] == factual.noise.draws["a"])
    #expect(twin.counterfactual.noise.draws["b"] == factual.noise.draws["b"])
    // With fresh noise (another seed) the same intervention gives other paths: the sharing matters.
    let other = try Simulator.rollout(S.noisy, steps: 120, seed: 43)
    #expect(other.series("a", .x) != factual.series("a", .x))
}

@Test func aTwinOfAScheduledRolloutNeedsItsSchedule() throws {
    let schedule: [ScheduledIntervention] = [.at(20, [.push("a", Vec2(2, 0))])]
    var runner = try CausalRunner(scene: S.noisy, seed: 3, schedule: schedule)
    let factual = try runner.record(steps: 60)
    #expect(throws: CausalError.notReproducible(step: 30)) {
        try Counterfactual.twin(of: factual, at: 30, interventions: [.remove("c")])
    }
    let twin = try Counterfactual.twin(of: factual, at: 30, interventions: [.remove("c")], factualSchedule: schedule)
    #expect(Array(twin.counterfactual.states[..<30]) == Array(factual.states[..<30]))
    #expect(twin.counterfactual.series("a", .x) == factual.series("a", .x))
}

// MARK: - Known answers

@Test func removingTheBlockerLetsTheBallReachTheGoal() throws {
    let factual = try Simulator.rollout(S.blocked, steps: 180)
    let goal = EventPattern(.regionEnter, "a", "goal")
    #expect(!factual.happened(goal))
    let twin = try Counterfactual.twin(of: factual, at: 10, interventions: [.remove("blocker")])
    let reaches = twin.wouldHappen(goal)
    #expect(reaches)
    #expect(try Would.answer(factual, at: 10, [.remove("blocker")], happen: goal))
    let changes = twin.eventChanges()
    #expect(changes.prevented.contains { EventPattern.contact("a", "blocker").matches($0) })
    #expect(changes.caused.contains { goal.matches($0) })
    #expect(!changes.caused.contains { $0.kind == .contactBegin && $0.involves("blocker") })
    // Too late: after the bounce the ball rolls away from the goal.
    let bounce = try #require(factual.first(.contact("a", "blocker")))
    #expect(try !Would.answer(factual, at: bounce.step + 5, [.remove("blocker")], happen: goal))
}

@Test func aBallBehindAnOccluderStillExistsAndComesOut() throws {
    let factual = try Simulator.rollout(S.push, steps: 120)
    let hidden = EventPattern(.occlusionBegin, "a", "screen")
    let start = try #require(factual.first(hidden))
    // Split while a is hidden; push it on. In the twin it is still there, and comes out.
    let twin = try Counterfactual.twin(of: factual, when: hidden, interventions: [.push("a", Vec2(1, 0))])
    #expect(twin.splitStep == start.step)
    let atSplit = try #require(twin.counterfactual.state(at: start.step)?["a"])
    #expect(!atSplit.visible)
    let out = try #require(twin.counterfactual.events(matching: EventPattern(.occlusionEnd, "a", "screen"))
        .first { $0.step > start.step })
    let factualOut = try #require(factual.events(matching: EventPattern(.occlusionEnd, "a", "screen")).first)
    // Pushed forward, it comes out earlier than it did.
    #expect(out.step <= factualOut.step)
    #expect(twin.counterfactual.state(at: out.step)?["a"]?.visible == true)
}

// MARK: - Divergence

@Test func anEffectiveInterventionDivergesAtTheSplit() throws {
    let factual = try Simulator.rollout(S.push, steps: 120)
    let pushed = try Counterfactual.twin(of: factual, at: 30, interventions: [.push("a", Vec2(0, 2))])
    let d = try #require(pushed.divergence())
    #expect(d.step == 30)
    #expect(d.bodies == ["a"])
    // A 2 N·s push on a ball of π/4 kg changes its velocity by 2.546 m/s: times dt, 0.0424 m.
    #expect(abs(d.magnitude - 2 / (Double.pi * 0.25) / 60) < 1e-9)

    let removed = try Counterfactual.twin(of: factual, at: 30, interventions: [.remove("b")])
    #expect(removed.divergence()?.step == 30)
    #expect(removed.divergence()?.bodies == ["b"])
}

@Test func anIneffectiveInterventionNeverDiverges() throws {
    let factual = try Simulator.rollout(S.push, steps: 120)
    let recoloured = try Counterfactual.twin(of: factual, at: 30, interventions: [.set("b", .color(Color(r: 1, g: 2, b: 3)))])
    #expect(recoloured.divergence() == nil)
    #expect(recoloured.counterfactual.events == factual.events)
    let changes = recoloured.eventChanges()
    #expect(changes.prevented.isEmpty && changes.caused.isEmpty)
}

@Test func severalInterventionsCompose() throws {
    let factual = try Simulator.rollout(S.push, steps: 120)
    // c takes b's place: it would overlap b, so the removal must come first.
    let twin = try Counterfactual.twin(of: factual, at: 20, interventions: [.remove("b"), .add(S.ball("c", 6.5, 0.5))])
    let state = try #require(twin.counterfactual.state(at: 20))
    #expect(state.bodies.map(\.name) == ["a", "c"])
    let hitsC = twin.wouldHappen(.contact("a", "c"))
    #expect(hitsC)
    #expect(!factual.happened(.contact("a", "c")))
}

// MARK: - Errors

@Test func counterfactualErrorsSayWhatWasWrong() throws {
    let factual = try Simulator.rollout(S.push, steps: 50)
    #expect(throws: CausalError.splitOutOfRange(step: 51, first: 0, last: 50)) {
        try Counterfactual.twin(of: factual, at: 51, interventions: [])
    }
    let never = EventPattern(.regionEnter, "a", "nowhere")
    #expect(throws: CausalError.eventNeverHappened(never, lastStep: 50)) {
        try Counterfactual.twin(of: factual, when: never, interventions: [])
    }
    #expect(CausalError.eventNeverHappened(never, lastStep: 50).description
        == "regionEnter(a, nowhere) never happens in the factual rollout (steps 0...50)")
    #expect(throws: CausalError.intervention(.unknownBody("zz"), step: 10)) {
        try Would.answer(factual, at: 10, [.freeze("zz")], happen: .contact("a", "b"))
    }
    var sim = try Simulator(scene: S.push)
    sim.advance(steps: 5)
    let late = sim.record(steps: 10)
    #expect(throws: CausalError.notFromStart(firstStep: 5)) {
        try Counterfactual.twin(of: late, at: 7, interventions: [])
    }
}

// MARK: - Consistency

@Test func wouldAgreesWithTheRecordedTwinAtEverySplit() throws {
    let factual = try Simulator.rollout(S.noisy, steps: 90, seed: 9)
    let chain = try Simulator.rollout(S.chain, steps: 90)
    for split in stride(from: 0, through: 90, by: 9) {
        for (rollout, interventions, pattern) in [
            (factual, [Intervention.push("a", Vec2(20, 0))], EventPattern.contact("a", "b")),
            (chain, [Intervention.remove("a")], EventPattern.contact("b", "c")),
            (chain, [Intervention.freeze("c")], EventPattern.contact("b", "c")),
        ] {
            let twin = try Counterfactual.twin(of: rollout, at: split, interventions: interventions)
            let answer = try Would.answer(rollout, at: split, interventions, happen: pattern)
            #expect(answer == twin.wouldHappen(pattern), "split \(split), \(interventions)")
        }
    }
}

@Test func staticAndDynamicDoAgreeAtStepZero() throws {
    for intervention in [Intervention.remove("b"), .push("a", Vec2(1, 1)), .freeze("b"), .set("b", .mass(3)),
                         .add(S.ball("c", 9, 0.5))] {
        let declared = try Simulator.rollout(try S.push.intervened([intervention]), steps: 90)
        let scheduled = try Simulator.rollout(S.push, steps: 90, interventions: [.at(0, [intervention])])
        #expect(declared.states == scheduled.states, "\(intervention)")
        #expect(declared.events == scheduled.events, "\(intervention)")
    }
}

@Test func anEventThatOnlyMovesInTimeIsNotAChange() throws {
    let factual = try Simulator.rollout(S.push, steps: 150)
    let twin = try Counterfactual.twin(of: factual, at: 30, interventions: [.push("a", Vec2(1, 0))])
    let hit = EventPattern.contact("a", "b")
    let before = try #require(factual.first(hit)), after = try #require(twin.counterfactual.first(hit))
    #expect(after.step < before.step)
    let changes = twin.eventChanges()
    #expect(!changes.prevented.contains(before) && !changes.caused.contains(after))
}
