import Testing
@testable import WorldKit

// Planning and falsification search (Sources/WorldKit/Search): the unit-cube methods,
// the draws, STL robustness, imagination of actions, the planner and the falsifier.

@Suite struct SearchTests {
    // MARK: Building blocks

    @Test func haltonIsTheRadicalInverse() {
        #expect(Halton.value(index: 1, base: 2) == 0.5)
        #expect(Halton.value(index: 2, base: 2) == 0.25)
        #expect(Halton.value(index: 3, base: 2) == 0.75)
        #expect(abs(Halton.value(index: 5, base: 3) - (2.0 / 3 + 1.0 / 9)) < 1e-15)
    }

    @Test func inverseNormalInvertsTheCDF() {
        #expect(abs(InverseNormal.quantile(0.5)) < 1e-9)
        #expect(abs(InverseNormal.quantile(0.975) - 1.959963985) < 1e-6)
        #expect(abs(InverseNormal.quantile(0.001) + 3.090232306) < 1e-6)
        #expect(InverseNormal.quantile(0).isFinite && InverseNormal.quantile(1).isFinite)
    }

    @Test func drawsTakeThePointThenTheFallbackStream() {
        let d = UnitDraws(point: [0.25, 0.5, 0.999], seed: 1, candidate: 0)
        #expect(d.uniform(0, 4) == 1)
        #expect(d.normal(3, 2) == 3)
        #expect(d.index(below: 4) == 3)
        let extra = d.unit(), again = UnitDraws(point: [0.25, 0.5, 0.999], seed: 1, candidate: 0)
        for _ in 0..<3 { _ = again.unit() }
        #expect(extra == again.unit())
        #expect(d.count == 4)
    }

    @Test func robustnessAgreesWithTheBooleanSemantics() {
        let p = [0.5, 0.2, -0.1, 0.3], q = [-1.0, -0.5, 0.4, 0.9]
        #expect(Robustness.always(p) == -0.1)
        #expect(Robustness.eventually(p) == 0.5)
        // k = 2: min(q2 = 0.4, p0..p1 = 0.2) = 0.2; k = 3: min(0.9, -0.1) = -0.1.
        #expect(Robustness.until(p, q) == 0.2)
        #expect(Robustness.until([1, -1, 1], [-1, -1, 2]) == -1)
        #expect(Robustness.always([]) == .infinity && Robustness.eventually([]) == -.infinity)
        // Signs match LTLf on random traces.
        var g = RandomStream(seed: 4)
        for _ in 0..<200 {
            let n = 1 + g.index(below: 6)
            let a = (0..<n).map { _ in g.uniform(-1, 1) }, b = (0..<n).map { _ in g.uniform(-1, 1) }
            var holds = false
            for k in 0..<n where b[k] > 0 && a[..<k].allSatisfy({ $0 > 0 }) { holds = true; break }
            #expect((Robustness.until(a, b) > 0) == holds)
            #expect((Robustness.always(a) > 0) == a.allSatisfy { $0 > 0 })
        }
    }

    // MARK: The methods

    /// A narrow well at (0.7, 0.2, 0.4): cost is the distance to it.
    static func well(_ x: [Double]) -> Double {
        let c = [0.7, 0.2, 0.4]
        return zip(x, c).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
    }

    @Test(arguments: SearchMethod.allCases)
    func everyMethodIsDeterministicAndStaysInTheCube(_ method: SearchMethod) throws {
        let s = try UnitCubeSearch(dimension: 3, budget: 120, method: method, seed: 9)
        let a = try s.run(evaluate: { Self.well($0) }), b = try s.run(evaluate: { Self.well($0) })
        #expect(a == b)
        #expect(a.count == 120)
        #expect(a.allSatisfy { $0.point.allSatisfy { $0 >= 0 && $0 < 1 } })
        let other = try UnitCubeSearch(dimension: 3, budget: 120, method: method, seed: 10).run(evaluate: { Self.well($0) })
        #expect(other.map(\.point) != a.map(\.point))
    }

    @Test func guidedMethodsBeatRandomOnASmoothCost() throws {
        func best(_ m: SearchMethod, _ seed: UInt64) throws -> Double {
            try UnitCubeSearch(dimension: 3, budget: 300, method: m, seed: seed).run(evaluate: { Self.well($0) })
                .map(\.cost).min() ?? 1
        }
        for m in [SearchMethod.cem, .mppi, .annealing] {
            var wins = 0
            for seed in 0..<10 where try best(m, UInt64(seed)) < best(.random, UInt64(seed)) { wins += 1 }
            #expect(wins >= 8, "\(m) beat random on \(wins) of 10 seeds")
        }
    }

    @Test func rejectedCandidatesCostNothingAndZeroBudgetIsAnError() throws {
        var calls = 0
        let out = try UnitCubeSearch(dimension: 1, budget: 20, method: .cem, seed: 1).run(evaluate: { x in
            calls += 1
            return x[0] < 0.5 ? nil : x[0]
        })
        #expect(out.count == 20)
        #expect(calls > 20)
        #expect(out.allSatisfy { $0.point[0] >= 0.5 })
        #expect(throws: SearchError.self) { try UnitCubeSearch(dimension: 1, budget: 0, method: .random, seed: 1) }
        #expect(throws: SearchError.self) {
            try UnitCubeSearch(dimension: 1, budget: 5, method: .random, seed: 1).run(evaluate: { _ in nil })
        }
    }

    // MARK: Falsification

    @Test func falsifierReportsErrorsAndGoesOn() throws {
        struct Boom: Error {}
        let r = try Falsifier.run(dimension: 1, budget: 50, method: .random, seed: 2, draw: { p, _ in p[0] },
                                  property: { x in
            if x < 0.1 { throw Boom() }
            return x < 0.3 ? -1 : 1
        })
        #expect(r.evaluations == 50)
        #expect(!r.errors.isEmpty)
        #expect(r.counterexamples.allSatisfy { $0.sample >= 0.1 && $0.sample < 0.3 && $0.value == -1 })
        #expect(r.counterexampleCount == r.counterexamples.count)
        let first = try #require(r.firstCounterexampleAt)
        #expect(r.counterexamples[0].index + 1 == first)
    }

    @Test func cemFindsAThinFailureSetFasterThanRandom() throws {
        // Failure: |x0 + x1 - 1| < 0.002 (probability about 0.004).
        func first(_ m: SearchMethod, _ seed: UInt64) throws -> Int {
            try Falsifier.run(dimension: 2, budget: 5_000, method: m, seed: seed, stopAtFirst: true,
                              draw: { p, _ in p }, property: { abs($0[0] + $0[1] - 1) - 0.002 })
                .firstCounterexampleAt ?? 5_000
        }
        let cem = try (0..<9).map { try first(.cem, UInt64($0)) }.sorted()[4]
        let random = try (0..<9).map { try first(.random, UInt64($0)) }.sorted()[4]
        #expect(cem * 2 < random, "median first counterexample: CEM \(cem), random \(random)")
    }

    // MARK: Planning

    static let field = Scene(name: "field", bodies: [BodySpec.ball("a", at: Vec2(0, 0), radius: 0.3)],
                             regions: [Region(name: "goal", center: Vec2(3, 1), size: Vec2(0.6, 0.6))],
                             gravity: .zero)

    static func reach(_ method: SearchMethod, seed: UInt64 = 1) -> PlanningProblem {
        PlanningProblem(scene: field, goal: .event(EventPattern(.regionEnter, "a", "goal")), actions: { d in
            [TimedIntervention(step: 0, .push("a", Vec2(d.uniform(-3, 3), d.uniform(-3, 3))))]
        }, dimension: 2, horizon: 90, budget: 200, method: method, seed: seed)
    }

    @Test func physicsPlansReachTheGoalInRealityWithNoRegret() throws {
        for m in [SearchMethod.random, .cem, .mppi] {
            let problem = Self.reach(m)
            let plan = try Planner.plan(PhysicsModel(), problem)
            #expect(plan.imaginedSuccess == true)
            #expect(plan.evaluations <= 200)
            let outcome = try Planner.execute(plan, problem)
            #expect(outcome.realSuccess == true)
            #expect(outcome.regret == 0)
            let again = try Planner.plan(PhysicsModel(), problem)
            #expect(again.actions == plan.actions)
        }
    }

    @Test func shapedGoalDistanceMeasuresTheMiss() throws {
        let r = try Simulator.rollout(Self.field, steps: 10, interventions: [])
        // a stays at the origin; the goal's nearest corner is at (2.7, 0.7).
        let d = GoalDistance.closest(EventPattern(.regionEnter, "a", "goal"), in: r)
        #expect(abs(d - (2.7 * 2.7 + 0.7 * 0.7).squareRoot()) < 1e-9)
    }

    @Test func imaginationSchedulesByStepAndChecksTheHorizon() throws {
        let actions = [TimedIntervention(step: 5, .push("a", Vec2(1, 0))), TimedIntervention(step: 0, .push("a", Vec2(0, 1))),
                       TimedIntervention(step: 5, .push("a", Vec2(0, -1)))]
        let schedule = Imagination.schedule(actions)
        #expect(schedule == [.at(0, [.push("a", Vec2(0, 1))]), .at(5, [.push("a", Vec2(1, 0)), .push("a", Vec2(0, -1))])])
        #expect(throws: SearchError.self) {
            try Imagination.rollout(PhysicsModel(), scene: Self.field, actions: actions, steps: 3, seed: 0)
        }
    }
}
