import Testing
@testable import WorldKit

// The three modes on a toy model that drives ball a through ball b (it ignores contacts):
// check records without changing anything, project removes the overlap and feeds the
// repair back, reject discards the samples that collide.

private let overlapPriors: [any Prior] = [NoOverlapPrior(), AboveGroundPrior()]

@Test func checkModeRecordsViolationsWithoutChangingTheRollout() throws {
    let model = DriftModel(editable: true), scene = collisionScene(speed: 6)
    let plain = try ModelRollout.run(model, scene: scene, steps: 60)
    let r = try ConstrainedRollout.run(model, scene: scene, steps: 60, priors: overlapPriors, mode: .check)
    #expect(r.rollout.states == plain.states)
    #expect(r.correctedSteps.isEmpty && r.residual == r.report)
    // a passes straight through b: overlap from the step they meet until a has crossed.
    let depths = r.report.violations(of: "no_overlap").map(\.magnitude)
    #expect(depths.count > 5 && (depths.max() ?? 0) > 0.9)
    #expect(r.report.count(of: "above_ground") == 0)
    #expect(r.report.violations.allSatisfy { $0.bodies == ["a", "b"] })
}

@Test func projectModeRemovesTheOverlapAndFeedsItBack() throws {
    let model = DriftModel(editable: true), scene = collisionScene(speed: 6)
    let plain = try ModelRollout.run(model, scene: scene, steps: 60)
    let r = try ConstrainedRollout.run(model, scene: scene, steps: 60, priors: overlapPriors, mode: .project)
    #expect(!r.report.isEmpty && r.residual.isEmpty)
    #expect(r.rollout.states.count == 61 && r.rollout.states != plain.states)
    // Every output state keeps the prior: the largest remaining overlap is within tolerance.
    let check = try ConstrainedRollout.run(model, scene: scene, steps: 60, priors: overlapPriors, mode: .check)
    for s in r.rollout.states {
        let depth = Penetration.between(PlacedShape(try #require(s["a"])), PlacedShape(try #require(s["b"]))).depth
        #expect(depth <= PriorTolerances.overlapDepth + 1e-9)
    }
    // The model took the repair in (a drift model exposes x, y, vx, vy): after the first
    // contact the pair moves on together, and a keeps its momentum with b.
    #expect(r.fedBack && r.correctedSteps.count >= 1)
    #expect(r.correctedSteps.count < check.report.count(of: "no_overlap"))
    let last = try #require(r.rollout.states.last)
    #expect(abs((last.momentum.x) - 6 * (try #require(scene.body(named: "a"))).resolvedMass) < 1e-6)
}

@Test func projectModeWithoutFactorsCorrectsTheOutputOnly() throws {
    let model = DriftModel(editable: false), scene = collisionScene(speed: 6)
    let r = try ConstrainedRollout.run(model, scene: scene, steps: 60, priors: overlapPriors, mode: .project)
    #expect(r.residual.isEmpty)
    // The model keeps believing its own state, so every step from the first contact on needs a repair,
    // and its decode stays away from the output.
    #expect(!r.fedBack && (r.assimilationGaps.max() ?? 0) > 0.1)
    let fed = try ConstrainedRollout.run(DriftModel(editable: true), scene: scene, steps: 60, priors: overlapPriors, mode: .project)
    #expect(r.correctedSteps.count > fed.correctedSteps.count)
}

@Test func rejectModeDiscardsTheCollidingSamples() throws {
    let samples = [6.0, -1.0, 4.0, 0.5, -3.0].map { RolloutSample(scene: collisionScene(speed: $0)) }
    // Speeds 6 and 4 reach b within a second; 0.5 does not (1 m gap closes after 2 s); −1 and −3 go away.
    let r = try ConstrainedRollout.reject(DriftModel(editable: true), samples: samples, steps: 60, priors: overlapPriors)
    #expect(r.total == 5 && r.rejected == 2 && r.rejectedSamples == [0, 2])
    #expect(r.accepted.count == 3 && r.accepted.allSatisfy { $0.report.isEmpty && $0.mode == .reject })
    #expect(abs(r.acceptanceRate - 0.6) < 1e-12)
    // A budget of violations keeps more.
    let lenient = try ConstrainedRollout.reject(DriftModel(editable: true), samples: samples, steps: 60, priors: overlapPriors,
                                                allowedViolations: 1_000)
    #expect(lenient.rejected == 0)
    #expect(throws: PriorError.self) {
        try ConstrainedRollout.reject(DriftModel(editable: true), samples: samples, steps: 60, priors: overlapPriors, allowedViolations: -1)
    }
}

@Test func theSimulatorKeepsThePhysicalPriors() throws {
    // The ground truth itself obeys the geometric and conservation priors it is built on.
    let priors: [any Prior] = [NoOverlapPrior(), AboveGroundPrior(), PermanencePrior(), RigidPrior(), GravityPrior(), EnergyPrior()]
    for scene in familyScenes(6, seed: 5) {
        let r = try ConstrainedRollout.run(PhysicsModel(), scene: scene, steps: 120, priors: priors, mode: .check)
        #expect(r.report.isEmpty, "\(scene.name): \(r.report.table)")
    }
}

@Test func projectingThePhysicsModelFeedsBackThroughInterventions() throws {
    // A prior the simulator does break (a 3 m ceiling as a user prior) is repaired in its state.
    let ceiling = ClosurePrior(name: "below_3", check: { _, s, _ in
        s.bodies.filter { $0.top > 3 }.map { Violation(prior: "below_3", step: s.step, bodies: [$0.name], magnitude: $0.top - 3, message: "too high") }
    }, correct: { _, s, _ in
        var out = s
        for i in out.bodies.indices where out.bodies[i].top > 3 {
            out.bodies[i].position.y -= out.bodies[i].top - 3
            out.bodies[i].velocity.y = min(0, out.bodies[i].velocity.y)
        }
        return out
    })
    var a = BodySpec.ball("a", at: Vec2(0, 1), radius: 0.5)
    a.velocity = Vec2(0, 8)
    let scene = Scene(name: "up", bodies: [a], ground: Ground(height: 0))
    let r = try ConstrainedRollout.run(PhysicsModel(), scene: scene, steps: 90, priors: [ceiling], mode: .project)
    #expect(!r.report.isEmpty && r.residual.isEmpty && r.fedBack)
    #expect(r.rollout.states.allSatisfy { ($0["a"]?.top ?? 0) <= 3 + 1e-9 })
}

@Test func userPriorErrorsStopTheRollout() throws {
    struct Boom: Error {}
    let failing = ClosurePrior(name: "boom", check: { _, s, _ in
        if s.step == 10 { throw Boom() }
        return []
    })
    #expect(throws: Boom.self) {
        try ConstrainedRollout.run(DriftModel(editable: true), scene: collisionScene(speed: 1), steps: 30, priors: [failing])
    }
    // A prior without a correction is checked but never applied in project mode.
    let checkOnly = ClosurePrior(name: "never", check: { _, s, _ in
        [Violation(prior: "never", step: s.step, bodies: [], magnitude: 1, message: "always")]
    })
    #expect(!checkOnly.canCorrect)
    let r = try ConstrainedRollout.run(DriftModel(editable: true), scene: collisionScene(speed: 1), steps: 10,
                                       priors: [checkOnly], mode: .project)
    #expect(r.report.count == 10 && r.residual.count == 10 && r.correctedSteps.isEmpty)
}

@Test func constrainedRolloutsAreDeterministic() throws {
    let a = try ConstrainedRollout.run(DriftModel(editable: true), scene: collisionScene(speed: 6), steps: 60,
                                       priors: BuiltinPriors.all, mode: .project)
    let b = try ConstrainedRollout.run(DriftModel(editable: true), scene: collisionScene(speed: 6), steps: 60,
                                       priors: BuiltinPriors.all, mode: .project)
    #expect(a.rollout.states == b.rollout.states && a.report == b.report)
}

// MARK: - Reports

@Test func violationReportSummarisesPerPriorPerStep() {
    var r = ViolationReport(priors: ["no_overlap", "energy"], lastStep: 4)
    r.append(contentsOf: [
        Violation(prior: "no_overlap", step: 2, bodies: ["a", "b"], magnitude: 0.25, message: ""),
        Violation(prior: "no_overlap", step: 2, bodies: ["a", "c"], magnitude: 0.5, message: ""),
        Violation(prior: "no_overlap", step: 4, bodies: ["a", "b"], magnitude: 0.125, message: ""),
        Violation(prior: "user", step: 1, bodies: [], magnitude: 2, message: ""),
    ])
    #expect(r.cells == [
        .init(prior: "no_overlap", step: 2, count: 2, magnitude: 0.75), .init(prior: "no_overlap", step: 4, count: 1, magnitude: 0.125),
        .init(prior: "user", step: 1, count: 1, magnitude: 2),
    ])
    #expect(r.countSeries(of: "no_overlap") == [0, 0, 2, 0, 1])
    #expect(r.magnitudeSeries(of: "no_overlap") == [0, 0, 0.75, 0, 0.125])
    #expect(r.countSeries(of: "energy") == [0, 0, 0, 0, 0])
    #expect(r.count(of: "no_overlap") == 3 && r.magnitude(of: "user") == 2 && r.totalMagnitude == 2.875)
    #expect(r.table == """
        prior       violations  steps  total magnitude  max magnitude  first step
        no_overlap           3      2            0.875            0.5           2
        energy               0      0              0.0            0.0           -
        user                 1      1              2.0            2.0           1
        """)
}

// MARK: - Permanence in a rollout

@Test func permanenceRestoresABodyTheModelLost() throws {
    // Without gravity or contacts the truth is straight-line motion, so the restored body must
    // sit exactly on the truth's path while the model has forgotten it.
    var a = BodySpec.ball("a", at: Vec2(-1, 5), radius: 0.3)
    a.velocity = Vec2(2, 0)
    let scene = Scene(name: "lost", bodies: [a, BodySpec.ball("b", at: Vec2(-5, 5), radius: 0.3)], gravity: .zero)
    let truth = try Simulator.rollout(scene, steps: 60)
    let model = DriftModel(editable: true, forgetBeyond: 0)
    let checked = try ConstrainedRollout.run(model, scene: scene, steps: 60, priors: [PermanencePrior()], mode: .check)
    // a crosses x = 0 after half a second (step 30) and is missing from every later state.
    let missing = checked.report.violations(of: "permanence")
    #expect(missing.count == 30 && missing.first?.step == 31 && missing.allSatisfy { $0.bodies == ["a"] })
    let projected = try ConstrainedRollout.run(model, scene: scene, steps: 60, priors: [PermanencePrior()], mode: .project)
    #expect(projected.residual.isEmpty)
    for (s, t) in zip(projected.rollout.states, truth.states) {
        let restored = try #require(s["a"]), real = try #require(t["a"])
        #expect((restored.position - real.position).length < 1e-9)
    }
    // The model cannot take a body back through its factors: the restoration is in the output only.
    #expect(projected.assimilationGaps.allSatisfy { $0 == .infinity } && !projected.fedBack)
    #expect(Metrics.positionError(projected.rollout, truth).mean < Metrics.positionError(checked.rollout, truth).mean)
}

@Test func outputOnlyFeedbackLeavesTheModelAlone() throws {
    let scene = collisionScene(speed: 6)
    let full = try ConstrainedRollout.run(DriftModel(editable: true), scene: scene, steps: 60, priors: overlapPriors, mode: .project)
    let outputOnly = try ConstrainedRollout.run(DriftModel(editable: true), scene: scene, steps: 60, priors: overlapPriors,
                                                mode: .project, feedback: .outputOnly)
    #expect(outputOnly.residual.isEmpty && !outputOnly.fedBack)
    #expect(outputOnly.correctedSteps.count > full.correctedSteps.count)
    // Positions-only feedback keeps the drift model's velocity, so a keeps pushing into b.
    let positions = try ConstrainedRollout.run(DriftModel(editable: true), scene: scene, steps: 60, priors: overlapPriors,
                                               mode: .project, feedback: .positions)
    #expect(positions.fedBack && positions.correctedSteps.count > full.correctedSteps.count)
}

@Test func theSimulatorConservesMomentumInAFreeCollisionAndStaysInBounds() throws {
    var a = BodySpec.ball("a", at: Vec2(-3, 5), radius: 0.5)
    a.velocity = Vec2(4, 0.5)
    var c = BodySpec.ball("c", at: Vec2(1, 5), radius: 0.7)
    c.velocity = Vec2(-1, 0)
    let scene = Scene(name: "space", bodies: [a, c], bounds: Bounds(Vec2(-8, 0), Vec2(8, 10)), gravity: .zero)
    let priors: [any Prior] = [MomentumPrior(), InsideBoundsPrior(), NoOverlapPrior(), EnergyPrior(), GravityPrior()]
    let r = try ConstrainedRollout.run(PhysicsModel(), scene: scene, steps: 240, priors: priors, mode: .check)
    #expect(r.report.isEmpty, "\(r.report.table)")
    // They did collide (momentum was checked on a real collision).
    #expect(r.rollout.events.contains { $0.kind == .contactBegin && Set([$0.body, $0.other ?? ""]) == ["a", "c"] })
}

@Test func violationsPlotOneSeriesPerPrior() throws {
    let r = try ConstrainedRollout.run(DriftModel(editable: true), scene: collisionScene(speed: 6), steps: 60,
                                       priors: overlapPriors, mode: .check)
    let plot = r.report.plot(.count)
    #expect(plot.series.map(\.name) == ["no_overlap", "above_ground"])
    #expect(plot.series[0].points.count == 61 && plot.series[0].points.map(\.y) == r.report.countSeries(of: "no_overlap"))
    #expect(plot.svg().contains("no_overlap"))
}
