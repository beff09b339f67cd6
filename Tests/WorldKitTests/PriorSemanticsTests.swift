import Testing
@testable import WorldKit

// Issue 19's prior semantics: momentum with static contacts, reject budgets, default
// feedback per model, and the differentiable priors' penalties (gradients checked
// against central differences of the penalty itself).

private let groundScene = priorScene(ground: 0)
private let dt = PhysicsDefaults.dt

// MARK: - momentum with static contacts

@Test func momentumFiresInACollisionOnTheGround() {
    // Two touching balls resting on the ground: a was moving at 2 m/s, afterwards neither moves.
    let before = world(0, [ball("a", 0, 0.5, v: Vec2(2, 0)), ball("b", 1.0, 0.5)])
    let after = world(1, [ball("a", 0.01, 0.5), ball("b", 1.01, 0.5)])
    let found = MomentumPrior().check(previous: before, state: after, context: context(groundScene))
    #expect(found.count == 1)
    // The ground can take at most μ·λ of the horizontal loss, λ the upward impulse it gives (≈ M·g·dt).
    #expect((found.first?.magnitude ?? 0) > 1.8)
    #expect(found.first?.bodies == ["a", "b"])
}

@Test func momentumLetsTheGroundPushUp() {
    // The same pair bouncing up off the ground: the ground's impulse is along its normal.
    let before = world(0, [ball("a", 0, 0.5, v: Vec2(1, -2)), ball("b", 1.0, 0.5, v: Vec2(1, -2))])
    let after = world(1, [ball("a", 0.02, 0.51, v: Vec2(1, 1.5)), ball("b", 1.02, 0.51, v: Vec2(1, 1.5))])
    #expect(MomentumPrior().check(previous: before, state: after, context: context(groundScene)).isEmpty)
}

@Test func momentumAllowsGroundFrictionUpToItsBound() {
    let unexplained = MomentumPrior.unexplained(Vec2(-0.1, 1), by: [.init(normal: Vec2(0, 1), friction: 0.3)])
    #expect(unexplained.length < 1e-12)
    let beyond = MomentumPrior.unexplained(Vec2(-0.5, 1), by: [.init(normal: Vec2(0, 1), friction: 0.3)])
    #expect(abs(beyond.x + 0.2) < 1e-12 && abs(beyond.y) < 1e-12)
    // The ground cannot pull down.
    let down = MomentumPrior.unexplained(Vec2(0, -1), by: [.init(normal: Vec2(0, 1), friction: 0.3)])
    #expect(abs(down.y + 1) < 1e-12)
}

@Test func theSimulatorKeepsMomentumInCollisionsOnTheGround() throws {
    var a = BodySpec.ball("a", at: Vec2(-2, 0.5), radius: 0.5)
    a.velocity = Vec2(4, 0)
    let b = BodySpec.ball("b", at: Vec2(1, 0.5), radius: 0.5)
    var c = BodySpec.ball("c", at: Vec2(2.5, 3), radius: 0.4)
    c.velocity = Vec2(-1, 0)
    let scene = Scene(name: "ground collisions", bodies: [a, b, c], ground: Ground(height: 0))
    let truth = try Simulator.rollout(scene, steps: 180, seed: 0)
    let report = try ConstrainedRollout.check(truth, priors: [MomentumPrior()])
    #expect(report.count == 0, "\(report.violations.prefix(3).map(\.message))")
    // Where a meets b on the ground, a prediction that stops both breaks momentum, and the prior
    // sees it (before, any contact with the ground exempted the pair).
    let meeting = try #require(truth.states.indices.dropFirst().first { t in
        guard let a = truth.states[t]["a"], let b = truth.states[t]["b"] else { return false }
        return (a.position - b.position).length < 1.0 + PriorTolerances.contactGap
    })
    var stopped = truth.states[meeting]
    for i in stopped.bodies.indices where stopped.bodies[i].name != "c" { stopped.bodies[i].velocity = .zero }
    let found = MomentumPrior().check(previous: truth.states[meeting - 1], state: stopped, context: context(scene))
    #expect(found.count == 1 && found.first?.bodies.contains("a") == true)
}

// MARK: - reject budgets

@Test func rejectKeepsRolloutsWithinABudget() throws {
    let samples = [1.0, 3.0, 6.0].map { RolloutSample(scene: collisionScene(speed: $0)) }
    let strict = try ConstrainedRollout.reject(DriftModel(editable: true), samples: samples, steps: 60,
                                               priors: [NoOverlapPrior()], budget: .none)
    let counts = strict.reports.map(\.count), magnitudes = strict.reports.map(\.totalMagnitude)
    #expect(counts.contains { $0 > 0 })
    let byCount = try ConstrainedRollout.reject(DriftModel(editable: true), samples: samples, steps: 60,
                                                priors: [NoOverlapPrior()], budget: ViolationBudget(count: counts.max()))
    #expect(byCount.rejected == 0)
    let middle = magnitudes.sorted()[1]
    let byMagnitude = try ConstrainedRollout.reject(DriftModel(editable: true), samples: samples, steps: 60,
                                                    priors: [NoOverlapPrior()], budget: ViolationBudget(count: nil, magnitude: middle))
    #expect(byMagnitude.accepted.count == magnitudes.filter { $0 <= middle }.count)
    #expect(byMagnitude.rejected == magnitudes.filter { $0 > middle }.count)
    #expect(throws: PriorError.self) {
        try ConstrainedRollout.reject(DriftModel(editable: true), samples: samples, steps: 5, priors: [],
                                      budget: ViolationBudget(count: nil, magnitude: -1))
    }
}

// MARK: - feedback defaults

@Test func defaultFeedbackFollowsTheModelFamily() {
    #expect(FeedbackPolicy.defaultPolicy(forKind: "window") == .full)
    #expect(FeedbackPolicy.defaultPolicy(forKind: "objectnet") == .full)
    #expect(FeedbackPolicy.defaultPolicy(forKind: "hybrid") == .positions)
    #expect(FeedbackPolicy.defaultPolicy(for: DriftModel(editable: true)) == .full)
    #expect(FeedbackPolicy(languageName: "output") == .outputOnly)
    #expect(FeedbackPolicy.allCases.allSatisfy { FeedbackPolicy(languageName: $0.languageName) == $0 })
}

@Test func projectModeRecordsTheFeedbackItUsed() throws {
    let r = try ConstrainedRollout.run(DriftModel(editable: true), scene: collisionScene(speed: 3), steps: 30,
                                       priors: [NoOverlapPrior()], mode: .project)
    #expect(r.feedback == .full)
    let p = try ConstrainedRollout.run(DriftModel(editable: true), scene: collisionScene(speed: 3), steps: 30,
                                       priors: [NoOverlapPrior()], mode: .project, feedback: .positions)
    #expect(p.feedback == .positions)
}

// MARK: - differentiable priors

/// Central differences of the penalty's value in every body's x, y, vx, vy.
private func numericGradient(_ prior: any DifferentiablePrior, previous: WorldState?, state: WorldState,
                             context: PriorContext, h: Double = 1e-6) throws -> (position: [Vec2], velocity: [Vec2]) {
    var position: [Vec2] = [], velocity: [Vec2] = []
    func value(_ s: WorldState) throws -> Double { try prior.penalty(previous: previous, state: s, context: context).value }
    for i in state.bodies.indices {
        var g = [0.0, 0.0, 0.0, 0.0]
        for k in 0..<4 {
            var up = state, down = state
            switch k {
            case 0: up.bodies[i].position.x += h; down.bodies[i].position.x -= h
            case 1: up.bodies[i].position.y += h; down.bodies[i].position.y -= h
            case 2: up.bodies[i].velocity.x += h; down.bodies[i].velocity.x -= h
            default: up.bodies[i].velocity.y += h; down.bodies[i].velocity.y -= h
            }
            g[k] = (try value(up) - value(down)) / (2 * h)
        }
        position.append(Vec2(g[0], g[1]))
        velocity.append(Vec2(g[2], g[3]))
    }
    return (position, velocity)
}

private func expectGradientMatches(_ prior: any DifferentiablePrior, previous: WorldState?, state: WorldState,
                                   scene: Scene) throws {
    let ctx = context(scene)
    let p = try prior.penalty(previous: previous, state: state, context: ctx)
    #expect(p.value > 0, "\(prior.name): the fixture should violate")
    let n = try numericGradient(prior, previous: previous, state: state, context: ctx)
    for i in state.bodies.indices {
        #expect((p.positionGradient[i] - n.position[i]).length < 1e-4, "\(prior.name) d/dposition of \(state.bodies[i].name)")
        #expect((p.velocityGradient[i] - n.velocity[i]).length < 1e-4, "\(prior.name) d/dvelocity of \(state.bodies[i].name)")
    }
}

@Test func penaltyGradientsMatchDifferences() throws {
    let overlapping = world(1, [ball("a", 0, 1, r: 0.5), ball("b", 0.7, 1.2, r: 0.4, mass: 2), box("c", 3, 1, angle: 0.3)])
    try expectGradientMatches(NoOverlapPrior(), previous: nil, state: overlapping, scene: priorScene())
    let boxes = world(1, [box("c", 0, 0, angle: 0.2), ball("d", 0.8, 0.3, r: 0.5)])
    try expectGradientMatches(NoOverlapPrior(), previous: nil, state: boxes, scene: priorScene())
    let sunk = world(1, [ball("a", 0, 0.3), box("c", 2, 0.2, angle: 0.4)])
    try expectGradientMatches(AboveGroundPrior(), previous: nil, state: sunk, scene: priorScene(ground: 0))
    let outside = world(1, [ball("a", 9.8, 2), ball("b", 3, -0.3)])
    try expectGradientMatches(InsideBoundsPrior(), previous: nil, state: outside,
                              scene: priorScene(bounds: Bounds(Vec2(0, 0), Vec2(10, 10))))
    let before = world(0, [ball("a", 0, 5, v: Vec2(1, 0)), ball("b", 4, 5, v: Vec2(0, 1))])
    let after = world(1, [ball("a", 0.02, 5, v: Vec2(1.5, 0.3)), ball("b", 4, 5.02, v: Vec2(-0.2, 1.4))])
    try expectGradientMatches(GravityPrior(), previous: before, state: after, scene: priorScene())
    try expectGradientMatches(EnergyPrior(), previous: before, state: after, scene: priorScene())
    let pairBefore = world(0, [ball("a", 0, 3, v: Vec2(2, 0)), ball("b", 1.0, 3)])
    let pairAfter = world(1, [ball("a", 0.03, 3, v: Vec2(1.5, 0.2)), ball("b", 1.03, 3, v: Vec2(1.1, -0.3), mass: 2)])
    try expectGradientMatches(MomentumPrior(), previous: pairBefore, state: pairAfter, scene: priorScene())
    let onGround = world(1, [ball("a", 0.01, 0.5, v: Vec2(0.2, 0.1)), ball("b", 1.01, 0.5, v: Vec2(0.1, 0))])
    try expectGradientMatches(MomentumPrior(), previous: world(0, [ball("a", 0, 0.5, v: Vec2(2, 0)), ball("b", 1.0, 0.5)]),
                              state: onGround, scene: groundScene)
}

@Test func penaltiesAreZeroWhereThePriorHolds() throws {
    let truth = try Simulator.rollout(collisionScene(speed: 3), steps: 60, seed: 0)
    let priors: [any DifferentiablePrior] = [NoOverlapPrior(), AboveGroundPrior(), InsideBoundsPrior(), GravityPrior(),
                                             EnergyPrior(), MomentumPrior()]
    let ctx = context(truth.scene)
    for p in priors {
        for (t, s) in truth.states.enumerated() {
            let v = try p.penalty(previous: t > 0 ? truth.states[t - 1] : nil, state: s, context: ctx).value
            #expect(v == 0, "\(p.name) at step \(t)")
        }
    }
}

@Test func trainingRefusesPriorsWithoutAGradient() throws {
    let ok = try TrainingPriors.make(from: [NoOverlapPrior(), GravityPrior()], weight: 0.5)
    #expect(ok.priors.map(\.name) == ["no_overlap", "gravity"])
    for (prior, word) in [(RigidPrior() as any Prior, "rigid"), (PermanencePrior(), "permanence"),
                          (ClosurePrior(name: "mine", check: { _, _, _ in [] }), "mine")] {
        do {
            _ = try TrainingPriors.make(from: [NoOverlapPrior(), prior], weight: 1)
            Issue.record("\(word) should be refused")
        } catch let e as PriorError {
            #expect(e.message.contains("'\(word)'") && e.message.contains("cannot be used in training"))
        }
    }
    #expect(throws: PriorError.self) { try TrainingPriors.make(from: [NoOverlapPrior()], weight: -1) }
}
