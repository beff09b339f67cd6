import Testing
@testable import WorldKit

// Interventions on scenes (static do), on running simulators (dynamic do), and scheduled ones.

private typealias S = CausalTestScenes

// MARK: - Static do

@Test func staticInterventionsEditTheDeclaration() throws {
    let scene = S.push
    let heavy = try scene.intervened([.set("b", .mass(10))])
    #expect(heavy.body(named: "b")?.mass == 10)
    #expect(scene.body(named: "b")?.mass == 1)

    let removed = try scene.intervened([.remove("b")])
    #expect(removed.bodies.map(\.name) == ["a"])

    let added = try scene.intervened([.add(S.ball("c", 10, 0.5))])
    #expect(added.bodies.map(\.name) == ["a", "b", "c"])

    // 2 N·s on a 1 kg box adds 2 m/s.
    let pushed = try scene.intervened([.push("b", Vec2(2, 0))])
    #expect(pushed.body(named: "b")?.velocity == Vec2(2, 0))

    let frozen = try scene.intervened([.push("b", Vec2(2, 0)), .freeze("b")])
    #expect(frozen.body(named: "b")?.isStatic == true)
    #expect(frozen.body(named: "b")?.velocity == .zero)
}

@Test func staticInterventionErrorsNameTheBody() throws {
    let scene = S.push
    #expect(throws: InterventionError.unknownBody("zz")) { try scene.intervened([.remove("zz")]) }
    #expect(throws: InterventionError.duplicateBody("a")) { try scene.intervened([.add(S.ball("a", 10, 0.5))]) }
    do {
        _ = try scene.intervened([.add(S.ball("c", 6.2, 0.5))])
        Issue.record("an overlapping body was accepted")
    } catch let InterventionError.invalid(problems) {
        #expect(problems.contains { $0.kind == .overlap && $0.subject == "b" || $0.other == "c" })
    }
    do {
        _ = try scene.intervened([.set("a", .size(Vec2(1, 1)))])
        Issue.record("a ball was given a size")
    } catch let InterventionError.invalid(problems) {
        #expect(problems.first?.message == "'a' is not a box; it has no size")
    }
}

@Test func doublingAMassSlowsTheStruckBody() throws {
    let truth = try Simulator.rollout(S.push, steps: 180)
    let heavy = try Simulator.rollout(try S.push.intervened([.set("b", .mass(2))]), steps: 180)
    let moved = try #require(truth.final["b"]).position.x - 6
    let movedHeavy = try #require(heavy.final["b"]).position.x - 6
    #expect(truth.happened(.contact("a", "b")))
    #expect(moved > 0.1)
    #expect(movedHeavy < moved)
}

// MARK: - Dynamic do

@Test func interventionsOnASimulatorAreAllOrNothing() throws {
    var sim = try Simulator(scene: S.push)
    sim.advance(steps: 10)
    let before = sim
    #expect(throws: InterventionError.unknownBody("zz")) { try sim.intervene([.push("a", Vec2(1, 0)), .remove("zz")]) }
    #expect(sim == before)
    try sim.intervene([.push("a", Vec2(1, 0)), .freeze("b")])
    #expect(sim.state["b"]?.isStatic == true)
    let vNow = try #require(sim.state["a"]).velocity.x, vBefore = try #require(before.state["a"]).velocity.x
    #expect(vNow > vBefore)
}

// MARK: - Scheduled interventions

@Test func anInterventionScheduledAtAStepActsExactlyThere() throws {
    let plain = try Simulator.rollout(S.push, steps: 60)
    let r = try Simulator.rollout(S.push, steps: 60, interventions: [.at(30, [.remove("b")])])
    #expect(Array(r.states[..<30]) == Array(plain.states[..<30]))
    #expect(r.states[29]["b"] != nil)
    #expect(r.states[30]["b"] == nil)
    #expect(r.states[60]["b"] == nil)
    #expect(r.scene == S.push)
}

@Test func anInterventionScheduledOnAnEventFiresWhenItFirstHappens() throws {
    let plain = try Simulator.rollout(S.push, steps: 120)
    let contact = try #require(plain.first(.contact("a", "b")))
    var runner = try CausalRunner(scene: S.push, schedule: [.when(.contact("a", "b"), [.freeze("b")])])
    let r = try runner.record(steps: 120)
    #expect(runner.firedAt == [contact.step])
    #expect(Array(r.states[..<contact.step]) == Array(plain.states[..<contact.step]))
    let frozenAt = try #require(r.state(at: contact.step)?["b"])
    #expect(frozenAt.isStatic)
    // A frozen body stays exactly where it was frozen.
    #expect(r.final["b"]?.position == frozenAt.position)
    #expect(try #require(plain.final["b"]).position.x > frozenAt.position.x)
}

@Test func scheduleErrorsSayWhen() throws {
    #expect(throws: CausalError.negativeScheduleStep(-1)) {
        try Simulator.rollout(S.push, steps: 10, interventions: [.at(-1, [.remove("b")])])
    }
    #expect(throws: CausalError.intervention(.unknownBody("zz"), step: 5)) {
        try Simulator.rollout(S.push, steps: 10, interventions: [.at(5, [.remove("zz")])])
    }
    let error = CausalError.intervention(.unknownBody("zz"), step: 5)
    #expect(error.description == "intervention at step 5: no body named 'zz'")
}

@Test func entriesDueTogetherFireInScheduleOrderAndEachFiresOnce() throws {
    let schedule: [ScheduledIntervention] = [
        .at(10, [.set("a", .velocity(Vec2(1, 0)))]),
        .at(10, [.set("a", .velocity(Vec2(2, 0)))]),
        // The ball touches the ground again and again; the push happens only the first time.
        .when(EventPattern(.contactBegin, "a", nil), [.push("b", Vec2(0, 1))]),
    ]
    var runner = try CausalRunner(scene: S.push, schedule: schedule)
    let r = try runner.record(steps: 60)
    #expect(r.state(at: 10)?["a"]?.velocity == Vec2(2, 0))
    let firstContact = try #require(r.first(EventPattern(.contactBegin, "a", nil)))
    #expect(runner.firedAt == [10, 10, firstContact.step])
    #expect(runner.schedule.map(\.description) == [
        "at step 10: set a.velocity = (1.0, 0.0)", "at step 10: set a.velocity = (2.0, 0.0)",
        "when contactBegin(a): push b by (0.0, 1.0)",
    ])
}

@Test func aLivePlanReadsTheWorldWhenItFiresAndATwinAtTheSameStepAgrees() throws {
    // "At step 30, move a one metre on": worked out from where a is at step 30.
    let nudge = LiveInterventions("nudge a") { world in
        guard let a = world.state["a"] else { return [] }
        return [.set("a", .position(a.position + Vec2(1, 0)))]
    }
    let plain = try Simulator.rollout(S.push, steps: 60)
    let scheduled = try Simulator.rollout(S.push, steps: 60, interventions: [ScheduledIntervention(.step(30), plan: .live(nudge))])
    let moved = try #require(scheduled.state(at: 30)?["a"]?.position)
    #expect(moved == (try #require(plain.state(at: 30)?["a"]?.position)) + Vec2(1, 0))
    let twin = try Counterfactual.twin(of: plain, split: .step(30), plan: .live(nudge))
    #expect(twin.interventions == [.set("a", .position(moved))])
    #expect(twin.counterfactual.states == scheduled.states)
    #expect(try Would.answer(plain, split: .step(30), plan: .live(nudge), happen: .contact("a", "b"))
            == scheduled.happened(.contact("a", "b")))
    // Plans compare by identity; a schedule describes a live plan by what it was given.
    #expect(InterventionPlan.live(nudge) == .live(nudge))
    #expect(InterventionPlan.live(nudge) != .live(LiveInterventions("nudge a") { _ in [] }))
    #expect(ScheduledIntervention(.step(30), plan: .live(nudge)).description == "at step 30: nudge a")
}
