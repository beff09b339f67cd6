import WorldKit
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Causal benchmark
//
// Two throughputs, printed as `name<TAB>value<TAB>unit` lines for Scripts/bench.d/causal:
// 1. Counterfactual queries per second: one query is a twin rollout (split at a step,
//    remove a ball, and its divergence) plus a would-question (push a ball: would the two
//    collide?) on a 2-ball scene of 120 steps with exogenous noise.
// 2. Sampled scenes per second: 1,000 two-ball scenes drawn from the same family as
//    Scripts/bench.d/scenic_sample.py (rejection sampling on "start more than 2 apart"),
//    each simulated and recorded for 50 steps of 1/60 s.

enum CausalBench {
    struct Options {
        var queries = 2_000
        var scenes = 1_000
        var steps = 50
        var seed: UInt64 = 7
    }

    static func run(_ arguments: [String]) {
        guard let options = parse(arguments) else {
            print("usage: OrreryBench causal [--queries N] [--scenes N] [--steps N] [--seed S]")
            return
        }
        do {
            try counterfactualQueries(options)
            try sampledScenes(options)
        } catch {
            print("causal bench failed: \(error)")
        }
    }

    private static func parse(_ arguments: [String]) -> Options? {
        var options = Options()
        var i = 0
        while i < arguments.count {
            guard i + 1 < arguments.count, let value = Int(arguments[i + 1]), value > 0 else { return nil }
            switch arguments[i] {
            case "--queries": options.queries = value
            case "--scenes": options.scenes = value
            case "--steps": options.steps = value
            case "--seed": options.seed = UInt64(value)
            default: return nil
            }
            i += 2
        }
        return options
    }

    /// CPU seconds used by this process: unlike wall-clock time, not inflated by other
    /// processes competing for the cores (the benchmark machine is shared).
    static func cpuSeconds() -> Double {
        #if canImport(Glibc)
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
        #else
        return 0
        #endif
    }

    private static func seconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) + Double(atto) * 1e-18
    }

    // MARK: - Counterfactual queries

    static func counterfactualQueries(_ options: Options) throws {
        var a = BodySpec.ball("a", at: Vec2(1, 0.5), radius: 0.5)
        a.velocity = Vec2(4, 0)
        let b = BodySpec.ball("b", at: Vec2(6, 0.5), radius: 0.5)
        let scene = Scene(name: "two balls", bodies: [a, b], ground: Ground(height: 0),
                          noise: NoiseModel(velocitySigma: 0.01, restitutionSigma: 0.05))
        let factual = try Simulator.rollout(scene, steps: 120, seed: options.seed)
        let contact = EventPattern.contact("a", "b")
        var yes = 0, diverged = 0
        let clock = ContinuousClock()
        let start = clock.now, cpuStart = cpuSeconds()
        for q in 0..<options.queries {
            let split = 10 + q % 40
            let twin = try Counterfactual.twin(of: factual, at: split, interventions: [.remove("b")])
            if twin.divergence() != nil { diverged += 1 }
            // Half the questions push a on (yes, stops at the contact), half hold it back (no, runs to the end).
            let push = q % 2 == 0 ? Vec2(1, 0) : Vec2(-2, 0)
            if try Would.answer(factual, at: split, [.push("a", push)], happen: contact) { yes += 1 }
        }
        let elapsed = seconds(clock.now - start), cpu = cpuSeconds() - cpuStart
        print("causal.cf_queries\t\(format(Double(options.queries) / elapsed))\tqueries/s")
        print("causal.cf_queries_cpu\t\(format(Double(options.queries) / cpu))\tqueries/cpu-s")
        print("causal.cf_query_answers\t\(yes)/\(options.queries) yes, \(diverged) diverged\tcheck")
    }

    // MARK: - Sampled scenes

    /// The family's one requirement: the two balls start more than 2 apart.
    static let apart = Requirement<Scene>("distance(a, c) > 2") { scene in
        scene.bodies.count == 2 && (scene.bodies[0].position - scene.bodies[1].position).length > 2
    }

    /// One two-ball scene of the family, by rejection sampling; returns it and the tries it took.
    static func sampleScene(_ stream: inout RandomStream, index: Int) throws -> (Scene, Int) {
        try RejectionSampler.sample(&stream, requirements: [apart]) { s in
            var a = BodySpec.ball("a", at: Vec2(s.uniform(0, 6), s.uniform(0, 3)), radius: 0.5)
            a.velocity = Vec2(s.uniform(1, 4), s.uniform(-1, 1))
            var c = BodySpec.ball("c", at: Vec2(s.uniform(3, 9), s.uniform(0, 3)), radius: 0.5)
            c.velocity = Vec2(s.uniform(-2, 0), s.uniform(-1, 1))
            return Scene(name: "sample \(index)", bodies: [a, c], gravity: .zero)
        }
    }

    static func sampledScenes(_ options: Options) throws {
        let clock = ContinuousClock()
        var stream = RandomStream(seed: options.seed)
        var totalTries = 0
        var scenes: [Scene] = []
        scenes.reserveCapacity(options.scenes)
        let start = clock.now, cpuStart = cpuSeconds()
        for i in 0..<options.scenes {
            let (scene, tries) = try sampleScene(&stream, index: i)
            totalTries += tries
            scenes.append(scene)
        }
        let sampled = clock.now
        var checksum = 0.0, contacts = 0
        for scene in scenes {
            let r = try Simulator.rollout(scene, steps: options.steps, seed: options.seed)
            checksum += r.final.bodies.reduce(0) { $0 + $1.position.x }
            if r.happened(.contact("a", "c")) { contacts += 1 }
        }
        let end = clock.now, cpu = cpuSeconds() - cpuStart
        let sampling = seconds(sampled - start), total = seconds(end - start)
        let n = Double(options.scenes)
        print("causal.sample\t\(format(n / sampling))\tscenes/s")
        print("causal.sample_iterations\t\(format(Double(totalTries) / n))\ttries/scene")
        print("causal.simulate\t\(format(n / seconds(end - sampled)))\tscenes/s")
        print("causal.sample_and_simulate\t\(format(n / total))\tscenes/s")
        print("causal.sample_and_simulate_cpu\t\(format(n / cpu))\tscenes/cpu-s")
        print("causal.sample_check\t\(contacts) contacts, x-sum \(format(checksum))\tcheck")
    }

    private static func format(_ x: Double) -> String {
        let scaled = (x * 10).rounded() / 10
        return "\(scaled)"
    }
}
