import Testing
@testable import WorldKit

// Issue 15's remaining parts: one momentum check for the prior and the benchmark, the
// combinatorial split (trained on half the attribute combinations), the planning tier
// (plan with each model, made in the simulator), and the constant-velocity baseline.

private let quick = BenchmarkSettings(seed: 3, quick: true)

private func cells(_ contender: BenchmarkContender, _ task: any BenchmarkTask,
                   settings: BenchmarkSettings = quick) throws -> [String: BenchmarkCell] {
    var out: [String: BenchmarkCell] = [:]
    for s in try task.run(contender, settings: settings) { out[s.name] = BenchmarkCell(contender: contender.name, s) }
    return out
}

private func bare(_ model: any WorldModel) -> BenchmarkContender { BenchmarkContender(name: model.kind, model: model) }

// MARK: - One momentum check

@Test func momentumLawCountsTheMomentumPriorsOwnCheck() throws {
    // Balls on the ground meeting head-on, and the benchmark's family (balls that end up
    // pressed against each other and a wall); a copy whose ball a moves 3× too fast breaks
    // momentum in the head-on collisions, where no static contact can explain it. The law and
    // the prior must count the same everywhere.
    var rng = RandomStream(seed: 11)
    var checked = 0, broken = 0
    for i in 0..<8 {
        var a = BodySpec.ball("a", at: Vec2(-3, 0.5), radius: 0.5), b = BodySpec.ball("b", at: Vec2(3, 0.8), radius: 0.8)
        a.velocity = Vec2(rng.uniform(1, 4), 0)
        b.velocity = Vec2(-rng.uniform(1, 4), 0)
        let scene = i < 4 ? Scene(name: "head-on", bodies: [a, b], ground: Ground(height: 0))
                          : BenchmarkScenes.family(&rng, index: i, speeds: [BenchmarkScenes.trainingSpeeds])
        let truth = try Simulator.rollout(scene, steps: 240)
        var states = truth.states
        for s in states.indices { if let k = states[s].bodies.firstIndex(where: { $0.name == "a" }) { states[s].bodies[k].velocity = states[s].bodies[k].velocity * 3 } }
        let fast = Rollout(scene: scene, seed: 0, states: states, events: [], noise: truth.noise)
        for r in [truth, fast] {
            let law = MomentumLaw.check(r, fromStep: 1)
            let prior = try ConstrainedRollout.check(r, priors: [MomentumPrior()], fromStep: 1).count(of: "momentum")
            #expect(law.violations == prior)
            checked += law.checked
        }
        if i < 4 { broken += MomentumLaw.check(fast, fromStep: 1).violations }
    }
    #expect(checked > 10 && broken >= 3, "collisions checked \(checked), broken \(broken)")
}

// MARK: - Combinatorial split

@Test func splitTrainsOnHalfTheCombinationsAndEveryPairOfLevelsIsSeen() throws {
    let seen = SplitTask.Combination.seen, unseen = SplitTask.Combination.unseen
    #expect(seen.count == 4 && unseen.count == 4 && Set(seen).isDisjoint(with: unseen))
    // Every pair of levels of any two attributes occurs among the seen combinations: only triples are new.
    let pairs: [(SplitTask.Combination) -> (Int, Int)] = [{ ($0.size, $0.speed) }, { ($0.size, $0.mass) }, { ($0.speed, $0.mass) }]
    for pair in pairs {
        #expect(Set(seen.map { pair($0).0 * 2 + pair($0).1 }) == [0, 1, 2, 3])
    }
    // Training scenes carry seen combinations only, recognisable from each ball's radius, speed and density.
    func combination(_ b: BodySpec) -> SplitTask.Combination {
        SplitTask.Combination(size: b.shape.area > 3.14 * 1.0 ? 1 : 0, speed: b.velocity.length > 2.5 ? 1 : 0,
                              mass: (b.density ?? 1) > 1 ? 1 : 0)
    }
    let scenes = try #require(SplitTask().trainingScenes(40, seed: 2))
    #expect(scenes.count == 40)
    for s in scenes { for b in s.bodies { #expect(combination(b).isSeen) } }
    var rng = RandomStream(seed: 5)
    for i in 0..<20 {
        for b in SplitTask.scene(&rng, index: i, combinations: unseen).bodies { #expect(!combination(b).isSeen) }
    }
}

@Test func splitPutsTheSimulatorAtZeroAndTheBaselinesAboveIt() throws {
    let physics = try cells(bare(PhysicsModel()), SplitTask())
    #expect(physics["split.seen"]?.mean == 0 && physics["split.unseen"]?.mean == 0)
    #expect(physics["split.unseen.tracked"]?.mean == 1)
    for model in [StillModel() as any WorldModel, ConstantVelocityModel()] {
        let c = try cells(bare(model), SplitTask())
        #expect((c["split.seen"]?.mean ?? 0) > 0.3 && (c["split.unseen"]?.mean ?? 0) > 0.3, "\(model.kind)")
    }
}

@Test func aLearnedModelWithoutItsSplitTrainingIsAnError() throws {
    let window = try WindowModel(k: 8, hidden: 8)
    #expect(throws: ModelError.self) { try SplitTask().run(bare(window), settings: quick) }
}

@Test func splitIsRunOnModelsTrainedOnTheSeenCombinations() throws {
    let options = BenchmarkOptions(models: ["still", "window"], tasks: ["split"], seed: 2, quick: true, copies: 2)
    let contenders = try Benchmark.makeContenders(options)
    let window = try #require(contenders.last)
    #expect(window.count == 2)
    for copy in window {
        let own = try #require(copy.variants["split"])
        #expect(own !== copy.model && own.isTrained)
        #expect(try copy.trainedFor(SplitTask()).model === own)
    }
    let report = try Benchmark.run(options, version: "test")
    let w = try #require(report.cell("split.seen", "window")), s = try #require(report.cell("split.seen", "still"))
    #expect(w.copies == 2 && w.scenes == quick.samples)
    // Trained on the seen combinations, the window predicts their motion better than standing still.
    #expect(w.mean < s.mean, "window \(w.mean) vs still \(s.mean)")
    #expect(report.cell("split.unseen", "window")?.mean.isFinite == true)
}

// MARK: - Planning

@Test func planningWithTheSimulatorHasNoRegretAndStandingStillPlansAtRandom() throws {
    let settings = BenchmarkSettings(seed: 4, quick: false)
    let physics = try cells(bare(PhysicsModel()), PlanningTask(), settings: settings)
    #expect(physics["planning.regret"]?.mean == 0)
    #expect(physics["planning.overconfident"]?.mean == 0)
    let p = try #require(physics["planning.success"]?.mean)
    let still = try cells(bare(StillModel()), PlanningTask(), settings: settings)
    let s = try #require(still["planning.success"]?.mean)
    #expect(p >= 0.75 && p > s + 0.25, "physics \(p) vs still \(s)")
    #expect((still["planning.regret"]?.mean ?? 0) > 0.3)
    // Imagining nothing, every candidate costs the same: still keeps the first candidate.
    var rng = settings.stream(for: "planning")
    let problem = try PlanningTask.problem(&rng, index: 0, quick: false)
    let plan = try Planner.plan(StillModel(), problem)
    #expect(Set(plan.costs).count == 1 && plan.evaluations == problem.budget)
}

@Test func planningUnderPriorsImaginesThroughThePriors() throws {
    // The simulator never interpenetrates, so under priors it plans exactly as without them.
    let plain = try cells(bare(PhysicsModel()), PlanningTask())
    let constrained = try cells(BenchmarkContender(name: "physics+priors", model: PhysicsModel(),
                                                   priors: BenchmarkContender.defaultPriors), PlanningTask())
    #expect(plain["planning.success"]?.mean == constrained["planning.success"]?.mean)
    #expect(abs(constrained["planning.regret"]?.mean ?? 1) < 0.05)
}
