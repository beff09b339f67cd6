import Testing
@testable import WorldKit

// Each defect the audit of the functional benchmark found (issue 15), with a test that
// fails if it comes back: lost bodies cost at least the frozen estimate, energy of lost
// bodies is "lost", reappearance must be on the true path, revisit is compared with the
// truth, cells a model cannot answer are n/a, momentum is really checked, enforced laws
// are marked, the counterfactual watches the factual world, but-for has one definition,
// every model is scored from the same step, and intervals cover scenes and copies.

private let quick = BenchmarkSettings(seed: 3, quick: true)

private func cells(_ model: any WorldModel, _ task: any BenchmarkTask, priors: [any Prior] = [],
                   settings: BenchmarkSettings = quick) throws -> [String: BenchmarkCell] {
    let contender = BenchmarkContender(name: model.kind, model: model, priors: priors)
    var out: [String: BenchmarkCell] = [:]
    for s in try task.run(contender, settings: settings) { out[s.name] = BenchmarkCell(contender: model.kind, s) }
    return out
}

/// A model that forgets every body at its first predicted step and has no factors.
private final class ForgetfulModel: WorldModel {
    struct State: ModelState { var step: Int }
    var kind: String { "forgetful" }
    var taxonomy: Taxonomy { Taxonomy(state: .explicit, memory: .none, dynamics: .autoregressive, summary: "forgets") }
    var hyperparameters: [String: Double] { [:] }
    var isTrained: Bool { true }
    var contextLength: Int { 1 }
    func start(scene: Scene, context: [Observation]) throws -> any ModelState { State(step: context.last?.step ?? 0) }
    func step(_ state: any ModelState) throws -> any ModelState { State(step: state.step + 1) }
    func decode(_ state: any ModelState) throws -> WorldState { WorldState(step: state.step, time: 0, bodies: []) }
}

/// The simulator's ball, shifted up by 2 m: it comes out of the screen, off the true path.
private final class OffPathModel: WorldModel {
    let physics = PhysicsModel()
    var kind: String { "offpath" }
    var taxonomy: Taxonomy { physics.taxonomy }
    var hyperparameters: [String: Double] { [:] }
    var isTrained: Bool { true }
    var contextLength: Int { 1 }
    func start(scene: Scene, context: [Observation]) throws -> any ModelState { try physics.start(scene: scene, context: context) }
    func step(_ state: any ModelState) throws -> any ModelState { try physics.step(state) }
    func decode(_ state: any ModelState) throws -> WorldState {
        var s = try physics.decode(state)
        for i in s.bodies.indices where !s.bodies[i].isStatic { s.bodies[i].position.y += 2 }
        return s
    }
}

// MARK: - Lost bodies

@Test func aLostBodyCostsWhatTheFrozenEstimateCosts() throws {
    var rng = RandomStream(seed: 4)
    let scene = PermanenceTask.scene(&rng, hiddenSteps: 45)
    let truth = try Simulator.rollout(scene, steps: 120)
    // Nothing predicted, and the body frozen at its last sighting before the scored steps.
    let empty = Rollout(scene: scene, seed: 0, states: truth.states.map { WorldState(step: $0.step, time: $0.time, bodies: []) },
                        events: [], noise: NoiseRecord())
    let last = truth.states[7]
    let frozen = Rollout(scene: scene, seed: 0, states: truth.states.map { s in
        var f = last
        f.step = s.step
        return f
    }, events: [], noise: NoiseRecord())
    let lost = TrackingScore.score(empty, truth, steps: 8...120, observedUntil: 7)
    let kept = TrackingScore.score(frozen, truth, steps: 8...120, observedUntil: 7)
    #expect(lost.tracked == 0 && kept.tracked == 1)
    #expect(lost.meanKeptError == nil)
    #expect(abs(lost.meanChargedError - kept.meanChargedError) < 1e-12)
    #expect(lost.meanChargedError > 1, "the ball rolls several metres: forgetting it is not cheap")
}

@Test func forgettingEveryBodyNeverScoresBetterThanStill() throws {
    let forget = try cells(ForgetfulModel(), PermanenceTask()), still = try cells(StillModel(), PermanenceTask())
    for v in ["short", "long"] {
        let f = try #require(forget["permanence.\(v).error"]?.mean), s = try #require(still["permanence.\(v).error"]?.mean)
        #expect(f >= s - 1e-9, "\(v): forgetting \(f) < still \(s)")
        #expect(forget["permanence.\(v).tracked"]?.mean == 0)
        #expect(forget["permanence.\(v).kept_error"]?.status == "lost")
    }
    let fd = try cells(ForgetfulModel(), DriftTask()), sd = try cells(StillModel(), DriftTask())
    #expect((fd["drift.200"]?.mean ?? 0) >= (sd["drift.200"]?.mean ?? .infinity) - 1e-9)
}

@Test func energyOfLostBodiesIsLostNotPerfect() throws {
    let f = try cells(ForgetfulModel(), DriftTask())
    #expect(f["drift.energy"]?.status?.hasPrefix("lost") == true)
    let p = try cells(PhysicsModel(), DriftTask())
    #expect((p["drift.energy"]?.mean ?? 1) < 1e-9, "the simulator matches its own energy exactly")
    let s = try cells(StillModel(), DriftTask())
    #expect((s["drift.energy"]?.mean ?? 0) > 0.05, "standing still is not energy-perfect in distribution")
}

// MARK: - Reappearance and revisit

@Test func reappearanceOffTheTruePathDoesNotCount() throws {
    let off = try cells(OffPathModel(), PermanenceTask()), physics = try cells(PhysicsModel(), PermanenceTask())
    #expect(physics["permanence.long.reappears"]?.mean == 1)
    #expect(off["permanence.long.reappears"]?.mean == 0)
    #expect(off["permanence.long.tracked"]?.mean == 1, "it keeps the ball, just in the wrong place")
}

@Test func revisitIsComparedWithTheTruthsView() throws {
    let forget = try cells(ForgetfulModel(), RevisitTask()), still = try cells(StillModel(), RevisitTask())
    let physics = try cells(PhysicsModel(), RevisitTask())
    #expect(forget["revisit.kept"]?.mean == 0)
    #expect((forget["revisit.mse"]?.mean ?? 0) > 10 * max(1, still["revisit.mse"]?.mean ?? 0),
            "dropping every body is far from the truth's view, not a perfect score")
    #expect((physics["revisit.mse"]?.mean ?? 1) < 1e-9)
    #expect((forget["revisit.vs_takes"]?.mean ?? 0) > 1)
}

// MARK: - n/a cells

@Test func cellsAModelCannotAnswerAreNotApplicable() throws {
    let still = try cells(StillModel(), InterventionTask())
    #expect(still["intervention.mass"]?.status == "n/a", "still does not see mass")
    let physics = try cells(PhysicsModel(), InterventionTask())
    #expect(physics["intervention.mass"]?.status == nil)
    let forget = try cells(ForgetfulModel(), InterventionTask())
    #expect(forget["intervention.push"]?.status == "n/a", "no velocity factors: it cannot be pushed")
    let cf = try cells(ForgetfulModel(), CounterfactualTask())
    #expect(cf["counterfactual.option"]?.status == "n/a")
    #expect(BenchmarkReport.cellText(try #require(still["intervention.mass"])) == "n/a")
}

@Test func pushUnderPriorsIsMeasuredOnTheConstrainedRun() throws {
    let bare = try cells(PhysicsModel(), InterventionTask())
    let constrained = try cells(PhysicsModel(), InterventionTask(), priors: BenchmarkContender.defaultPriors)
    let b = try #require(bare["intervention.push"]?.mean), c = try #require(constrained["intervention.push"]?.mean)
    #expect(b < 1e-6 && c.isFinite && c < 0.5)
    // The constrained run goes through the priors: a contender's run with a push differs from
    // the bare model's only by what the priors project, and it is its own computation.
    var rng = RandomStream(seed: 1)
    let scene = InterventionTask.scene(&rng, index: 0)
    let contender = BenchmarkContender(name: "p", model: PhysicsModel(), priors: [NoOverlapPrior()])
    let pushed = try contender.run(scene, steps: 40, edits: [13: BenchmarkContender.setVelocity("a", to: Vec2(0, 8))])
    let plain = try contender.rollout(scene, steps: 40)
    #expect((pushed.state(at: 20)?["a"]?.position.y ?? 0) > (plain.state(at: 20)?["a"]?.position.y ?? 0) + 0.3)
}

// MARK: - Laws

@Test func momentumIsCheckedInCollisionsThatTouchTheGround() throws {
    // Two balls on the ground meet; afterwards both move right: momentum appeared from nowhere.
    let scene = Scene(name: "m", bodies: [.ball("a", at: Vec2(0, 0.5), radius: 0.5), .ball("b", at: Vec2(1, 0.5), radius: 0.5)],
                      ground: Ground(height: 0))
    func state(_ step: Int, _ va: Vec2, _ vb: Vec2) -> WorldState {
        var s = try! Simulator.rollout(scene, steps: 0).states[0]
        s.step = step
        s.bodies[0].velocity = va
        s.bodies[1].velocity = vb
        return s
    }
    let broken = Rollout(scene: scene, seed: 0, states: [state(0, Vec2(2, 0), Vec2(-2, 0)), state(1, Vec2(2, 0), Vec2(2, 0))],
                         events: [], noise: NoiseRecord())
    let swapped = Rollout(scene: scene, seed: 0, states: [state(0, Vec2(2, 0), Vec2(-2, 0)), state(1, Vec2(-2, 0), Vec2(2, 0))],
                          events: [], noise: NoiseRecord())
    // The prior (since issue 19) and the benchmark's law both check it, subtracting what the
    // ground could supply; they must agree.
    #expect(try ConstrainedRollout.check(broken, priors: [MomentumPrior()]).count(of: "momentum") > 0,
            "the prior checks collisions touching static geometry")
    #expect(try ConstrainedRollout.check(swapped, priors: [MomentumPrior()]).count(of: "momentum") == 0)
    #expect(MomentumLaw.check(broken, fromStep: 1) == MomentumLaw.Count(checked: 1, violations: 1))
    #expect(MomentumLaw.check(swapped, fromStep: 1) == MomentumLaw.Count(checked: 1, violations: 0))
    let physics = try cells(PhysicsModel(), LawsTask(), settings: BenchmarkSettings(seed: 2, quick: false))
    #expect((physics["laws.collisions"]?.mean ?? 0) > 1, "the law is really checked")
    #expect((physics["laws.momentum"]?.mean ?? 1) < 0.1)
}

@Test func aLawThePriorsProjectIsMarkedEnforced() throws {
    let c = try cells(PhysicsModel(), LawsTask(), priors: BenchmarkContender.defaultPriors)
    #expect(c["laws.no_overlap"]?.note == "enforced")
    #expect(c["laws.gravity"]?.note == nil && c["laws.momentum"]?.note == nil)
    #expect(try cells(PhysicsModel(), LawsTask())["laws.no_overlap"]?.note == nil)
}

// MARK: - Counterfactual and but-for

@Test func counterfactualReportsBalancedAccuracyAndTheAlwaysNoBaseline() throws {
    let settings = BenchmarkSettings(seed: 5, quick: false)
    let physics = try cells(PhysicsModel(), CounterfactualTask(), settings: settings)
    #expect(physics["counterfactual.balanced"]?.mean == 1 && physics["counterfactual.recall_yes"]?.mean == 1)
    let no = try #require(physics["counterfactual.always_no.option"]?.mean)
    #expect(no > 0.5 && no < 1, "most options are no: \(no)")
    #expect(physics["counterfactual.always_no.balanced"]?.mean == 0.5)
    // Standing still never predicts a collision that has not started: it is the always-no answerer.
    let still = try cells(StillModel(), CounterfactualTask(), settings: settings)
    #expect(still["counterfactual.recall_yes"]?.mean == 0)
    #expect(abs((still["counterfactual.option"]?.mean ?? 0) - no) < 1e-12)
}

@Test func butForUsesOneDefinitionForTruthAndModel() throws {
    var rng = RandomStream(seed: 8)
    for i in 0..<6 {
        let scene = ButForTask.scene(&rng, index: i)
        let truth = try ButForTask.causes(in: scene) { try Simulator.rollout($0, steps: 240) }
        let model = try ButForTask.causes(in: scene) { try ModelRollout.run(PhysicsModel(), scene: $0, steps: 240) }
        #expect(truth == model)
        #expect(!truth.contains("d"), "the bystander is never a cause")
    }
}

// MARK: - Same steps, intervals

@Test func everyContenderIsScoredFromTheSameStep() throws {
    let a = try Benchmark.run(BenchmarkOptions(models: ["physics", "still"], tasks: ["laws"], quick: true, copies: 1), version: "t")
    #expect(a.scoreFrom == 1)
    let contenders = [[BenchmarkContender(name: "w", model: try WindowModel(k: 8, hidden: 4))]]
    #expect(contenders.flatMap { $0 }.map(\.firstPredictedStep).max() == 8)
    #expect(BenchmarkSettings(seed: 0, quick: true).scoreFrom == 8)
}

@Test func intervalsCoverTrainingCopiesAndStayNonNegative() throws {
    // Two copies that disagree: the interval must cover both copies' estimates' spread.
    let a = MetricSample.mean("x", unit: "m", [1.0, 1.1, 0.9, 1.0])
    let b = MetricSample.mean("x", unit: "m", [3.0, 3.1, 2.9, 3.0])
    let one = BenchmarkCell(contender: "m", [a]), two = BenchmarkCell(contender: "m", [a, b, a])
    let w1 = try #require(one.upper) - (one.lower ?? 0), w2 = try #require(two.upper) - (two.lower ?? 0)
    #expect(w2 > 5 * w1, "copies widen the interval: \(w1) vs \(w2)")
    #expect(two.copies == 3 && two.scenes == 4)
    // A mostly-zero non-negative quantity: the interval never dips below 0.
    let z = BenchmarkCell(contender: "m", [MetricSample.mean("z", unit: "m", [0, 0, 0, 0, 0, 0, 0, 5])])
    #expect((z.lower ?? -1) >= 0)
    // Options clustered in scenes: a rate's interval resamples scenes, not options.
    let clustered = BenchmarkCell(contender: "m", [MetricSample.rate("r", [(12, 12), (0, 12), (12, 12), (0, 12)])])
    let flat = BenchmarkCell(contender: "m", [MetricSample.rate("r", Array(repeating: (1, 1), count: 24) + Array(repeating: (0, 1), count: 24))])
    #expect((clustered.upper ?? 0) - (clustered.lower ?? 0) > (flat.upper ?? 0) - (flat.lower ?? 0))
    #expect(BenchmarkCell(contender: "m", [a, b]) == BenchmarkCell(contender: "m", [a, b]), "deterministic")
}

// MARK: - Violation of expectation

@Test func theSimulatorIsSurprisedByEveryImpossibleClipAndForgettingIsNot() throws {
    let contender = BenchmarkContender(name: "physics", model: PhysicsModel())
    var out: [String: BenchmarkCell] = [:]
    for s in try ExpectationTask().run(contender, settings: quick) { out[s.name] = BenchmarkCell(contender: "physics", s) }
    #expect(out["expectation.paired"]?.mean == 1 && out["expectation.auc"]?.mean == 1)
    for kind in ExpectationTask.kinds { #expect(out["expectation.\(kind)"]?.mean == 1, "\(kind)") }
    // A model that shows nothing is as surprised by a vanishing ball as by the possible clip's ball.
    let f = try cells(ForgetfulModel(), ExpectationTask())
    #expect((f["expectation.vanish"]?.mean ?? 1) < 0.5)
    #expect(ExpectationTask.auc(possible: [1, 2], impossible: [3, 0]) == 0.5)
}

@Test func aStatisticWithNothingToCountSaysNoneMeasuredNotNA() throws {
    // A per-collision rate over rollouts with no collision: the model could be measured,
    // the scenes gave it nothing to count. "n/a" would claim the model cannot.
    let none = BenchmarkCell(contender: "physics", [MetricSample.rate("laws.momentum", [(0, 0), (0, 0)])])
    #expect(none.status == "none measured")
    #expect(BenchmarkReport.cellText(none) == "none measured")
    let some = BenchmarkCell(contender: "physics", [MetricSample.rate("laws.momentum", [(0, 0), (1, 4)])])
    #expect(some.status == nil && some.mean == 0.25)
}
