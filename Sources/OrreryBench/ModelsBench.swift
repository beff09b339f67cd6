import WorldKit
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Learned models against trivial baselines (Scripts/bench models)
//
// For each scene family: simulate training rollouts, train window, memory, hybrid and
// objectnet with their defaults under three training seeds, and score every model on
// held-out scenes: the mean position error over the 120 steps after the context (a lost
// body costs `Metrics.missingBodyPenalty`). Beside them: nothing moves and constant
// velocity from the last context frame. With --export, the training and held-out
// rollouts are written for the independent numpy reference (Scripts/bench.d/models_mlp.py).
// Also: a resting box's drift over 300 steps and the mass response of a head-on push.
//
// Output lines: `name<TAB>value<TAB>unit`.

enum ModelsBench {
    /// Steps scored after the context.
    static let horizon = 120
    /// Frames of context before scoring starts (the longest context of the models: window's k).
    static let context = 8

    struct Family {
        var name: String
        var training: [Scene]
        /// Held-out variants (e.g. in and out of distribution), each a list of scenes.
        var tests: [(String, [Scene])]
    }

    static func run(_ arguments: [String]) {
        var seeds: [UInt64] = [1, 2, 3]
        var export: String? = nil
        var only: String? = nil
        var epochs: Int? = nil
        var unroll: Int? = nil, noise: Double? = nil
        var i = 0
        func next() -> String {
            i += 1
            return i < arguments.count ? arguments[i] : ""
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--seeds": seeds = (1...UInt64(max(1, Int(next()) ?? 3))).map { $0 }
            case "--export": export = next()
            case "--family": only = next()
            case "--epochs": epochs = Int(next())
            case "--unroll": unroll = Int(next())
            case "--noise": noise = Double(next())
            default: break
            }
            i += 1
        }
        do {
            try runAll(seeds: seeds, export: export, only: only, epochs: epochs, unroll: unroll, noise: noise)
        } catch {
            print("error\t\(error)\t-")
        }
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    // MARK: - Families

    /// The tour's ball-and-box family (`Stdlib/examples/tour.orr`): a ball rolls into a box.
    static func tour(_ rng: inout RandomStream, index: Int) -> Scene {
        let x = rng.uniform(0, 2), v = rng.uniform(2, 5), m = rng.uniform(0.5, 2)
        var a = BodySpec.ball("a", at: Vec2(x, 0.5), radius: 0.5)
        a.velocity = Vec2(v, 0)
        var b = BodySpec.box("b", at: Vec2(x + 5, 0.5), size: Vec2(1, 1))
        b.mass = m
        return Scene(name: "roll\(index)", bodies: [a, b], ground: Ground(height: 0))
    }

    /// Two or three boxes stacked at rest on the ground, sometimes with a ball resting beside.
    static func stack(_ rng: inout RandomStream, index: Int) -> Scene {
        var bodies: [BodySpec] = []
        var y = 0.0
        let x = rng.uniform(-2, 2)
        for i in 0..<(2 + rng.index(below: 2)) {
            let w = rng.uniform(0.6, 1.2), h = rng.uniform(0.4, 0.8)
            var b = BodySpec.box("s\(i)", at: Vec2(x + rng.uniform(-0.1, 0.1), y + h / 2), size: Vec2(w, h))
            b.mass = rng.uniform(0.5, 3)
            bodies.append(b)
            y += h
        }
        if rng.index(below: 2) == 0 {
            let r = rng.uniform(0.3, 0.6)
            bodies.append(BodySpec.ball("ball", at: Vec2(x + 3 + rng.uniform(0, 2), r), radius: r))
        }
        return Scene(name: "stack\(index)", bodies: bodies, ground: Ground(height: 0))
    }

    /// A ball pushes a box head-on; masses are log-uniform (ball 0.5–2, box 0.5–6), so the
    /// ratio of the two, which decides the impulse the box takes, spans 1:4 to 12:1.
    static func push(_ rng: inout RandomStream, index: Int) -> Scene {
        var a = BodySpec.ball("a", at: Vec2(rng.uniform(-1, 1), 0.5), radius: 0.5)
        a.velocity = Vec2(rng.uniform(3, 6), 0)
        a.mass = exp(rng.uniform(log(0.5), log(2)))
        var b = BodySpec.box("b", at: Vec2(rng.uniform(2.5, 4), 0.5), size: Vec2(1, 1))
        b.mass = exp(rng.uniform(log(0.5), log(6)))
        return Scene(name: "push\(index)", bodies: [a, b], ground: Ground(height: 0))
    }

    static func scenes(_ n: Int, seed: UInt64, _ make: (inout RandomStream, Int) -> Scene) -> [Scene] {
        var rng = RandomStream(seed: seed)
        return (0..<n).map { make(&rng, $0) }
    }

    static var families: [Family] {
        var id = RandomStream(seed: 11), ood = RandomStream(seed: 12)
        return [
            Family(name: "tour", training: scenes(31, seed: 1, tour), tests: [("held-out", scenes(12, seed: 101, tour))]),
            Family(name: "ball", training: BenchmarkScenes.training(48, seed: 2), tests: [
                ("in", (0..<12).map { BenchmarkScenes.family(&id, index: $0, speeds: [BenchmarkScenes.trainingSpeeds]) }),
                ("out", (0..<12).map { BenchmarkScenes.family(&ood, index: $0, speeds: [BenchmarkScenes.slowSpeeds, BenchmarkScenes.fastSpeeds]) }),
            ]),
            Family(name: "stack", training: scenes(32, seed: 3, stack), tests: [("held-out", scenes(12, seed: 103, stack))]),
            Family(name: "push", training: scenes(32, seed: 4, push), tests: [("held-out", scenes(12, seed: 104, push))]),
        ]
    }

    static func models() throws -> [any TrainableModel] {
        [try WindowModel(), try MemoryModel(), try HybridModel(), try ObjectNetModel()]
    }

    // MARK: - Scoring

    static func baseline(_ truth: Rollout, constantVelocity: Bool) -> Double {
        let from = context - 1
        let start = truth.states[from], previous = truth.states[from - 1]
        var states = Array(truth.states[0...from])
        for s in truth.states[(from + 1)...] {
            let n = Double(s.step - from)
            states.append(WorldState(step: s.step, time: s.time, bodies: start.bodies.map { b in
                var q = b
                if constantVelocity, let p = previous[b.name] { q.position = b.position + (b.position - p.position) * n }
                return q
            }))
        }
        let r = Rollout(scene: truth.scene, seed: truth.seed, states: states, events: [], noise: NoiseRecord())
        return Metrics.positionError(r, truth, fromStep: context).mean
    }

    static func score(_ model: any WorldModel, _ scenes: [Scene], truths: [Rollout]) throws -> Double {
        var sum = 0.0
        for (scene, truth) in zip(scenes, truths) {
            let r = try ModelRollout.run(model, scene: scene, steps: context + horizon - 1)
            sum += Metrics.positionError(r, truth, fromStep: context).mean
        }
        return sum / Double(max(1, scenes.count))
    }

    static func line(_ name: String, _ values: [Double], unit: String) {
        let mean = values.reduce(0, +) / Double(max(1, values.count))
        let sd = values.count > 1 ? (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)).squareRoot() : 0
        print("\(name)\t\(mean)\t\(unit) ±\(sd) over \(values.count)")
        fflush(stdout)
    }

    // MARK: - Run

    static func runAll(seeds: [UInt64], export: String?, only: String?, epochs: Int?, unroll: Int?, noise: Double?) throws {
        let steps = context + horizon - 1
        for family in families where only == nil || only == family.name {
            let data = try Dataset(scenes: family.training, steps: steps, seed: 7)
            var truths: [[Rollout]] = []
            for (variant, scenes) in family.tests {
                let t = try scenes.map { try Simulator.rollout($0, steps: steps) }
                truths.append(t)
                line("\(family.name).\(variant).nothing-moves", t.map { baseline($0, constantVelocity: false) }, unit: "m")
                line("\(family.name).\(variant).constant-velocity", t.map { baseline($0, constantVelocity: true) }, unit: "m")
            }
            if let folder = export {
                try exportRollouts(data.rollouts, to: "\(folder)/\(family.name).train.tsv")
                for (k, (variant, _)) in family.tests.enumerated() {
                    try exportRollouts(truths[k], to: "\(folder)/\(family.name).\(variant).tsv")
                }
            }
            for index in 0..<(try models().count) {
                var errors = Array(repeating: [Double](), count: family.tests.count)
                var oneStep: [Double] = [], rolled: [Double] = [], seconds: [Double] = []
                var kind = ""
                var extra: [String: [Double]] = [:]
                for seed in seeds {
                    let model = try models()[index]
                    kind = model.kind
                    let t0 = now()
                    var options = TrainingOptions(seed: seed)
                    if let e = epochs { options.epochs = e }
                    options.unroll = unroll
                    options.noise = noise
                    let report = try Trainer.train(model, on: data, options: options)
                    seconds.append(now() - t0)
                    oneStep.append(report.keptOneStepLoss ?? .nan)
                    rolled.append(report.keptRolloutError ?? .nan)
                    for (k, (_, scenes)) in family.tests.enumerated() {
                        errors[k].append(try score(model, scenes, truths: truths[k]))
                    }
                    if family.name == "stack" { extra["resting-box-drift-300", default: []].append(try restingDrift(model)) }
                    if family.name == "push" {
                        let (ratio, truthRatio) = try massResponse(model)
                        extra["mass-ratio", default: []].append(ratio)
                        extra["mass-ratio-truth", default: []].append(truthRatio)
                    }
                }
                for (k, (variant, _)) in family.tests.enumerated() { line("\(family.name).\(variant).\(kind)", errors[k], unit: "m") }
                line("\(family.name).\(kind).one-step-loss", oneStep, unit: "normalised")
                line("\(family.name).\(kind).training-rollout-error", rolled, unit: "m")
                line("\(family.name).\(kind).train-seconds", seconds, unit: "s")
                for (name, values) in extra.sorted(by: { $0.key < $1.key }) { line("\(family.name).\(kind).\(name)", values, unit: "") }
            }
        }
    }

    /// The largest height change (metres) of a box resting on the ground over 300 predicted steps.
    static func restingDrift(_ model: any WorldModel) throws -> Double {
        var b = BodySpec.box("b", at: Vec2(0, 0.4), size: Vec2(1, 0.8))
        b.mass = 1
        let scene = Scene(name: "resting", bodies: [b], ground: Ground(height: 0))
        let r = try ModelRollout.run(model, scene: scene, steps: 300)
        var worst = 0.0
        for s in r.states {
            guard let q = s["b"] else { return Metrics.missingBodyPenalty }
            worst = max(worst, abs(q.position.y - 0.4))
        }
        return worst
    }

    /// Displacement of a box pushed head-on when 5× as heavy, over that when 1×: (model, simulator).
    static func massResponse(_ model: any WorldModel) throws -> (Double, Double) {
        func scene(_ m: Double) -> Scene {
            var a = BodySpec.ball("a", at: Vec2(0, 0.5), radius: 0.5)
            a.velocity = Vec2(5, 0)
            a.mass = 1
            var b = BodySpec.box("b", at: Vec2(3, 0.5), size: Vec2(1, 1))
            b.mass = m
            return Scene(name: "push", bodies: [a, b], ground: Ground(height: 0))
        }
        func moved(_ r: Rollout) -> Double {
            guard let first = r.states.first?["b"], let last = r.final["b"] else { return 0 }
            return last.position.x - first.position.x
        }
        let steps = 120
        let light = try ModelRollout.run(model, scene: scene(1), steps: steps), heavy = try ModelRollout.run(model, scene: scene(5), steps: steps)
        let tl = try Simulator.rollout(scene(1), steps: steps), th = try Simulator.rollout(scene(5), steps: steps)
        let ratio = moved(light) != 0 ? moved(heavy) / moved(light) : .nan
        return (ratio, moved(th) / moved(tl))
    }

    /// One line per (rollout, step, body): rollout, step, name, kind, x, y, vx, vy, half-width,
    /// half-height, mass, static, ground height.
    static func exportRollouts(_ rollouts: [Rollout], to path: String) throws {
        var text = "rollout\tstep\tbody\tball\tx\ty\tvx\tvy\thw\thh\tmass\tstatic\tground\n"
        for (r, rollout) in rollouts.enumerated() {
            let ground = rollout.scene.ground?.height ?? -1000
            for s in rollout.states {
                for (i, b) in s.bodies.enumerated() {
                    let half = b.kind == .ball ? Vec2(b.radius, b.radius) : b.size * 0.5
                    text += "\(r)\t\(s.step)\t\(i)\t\(b.kind == .ball ? 1 : 0)\t\(b.position.x)\t\(b.position.y)\t\(b.velocity.x)\t\(b.velocity.y)\t\(half.x)\t\(half.y)\t\(b.mass)\t\(b.isStatic ? 1 : 0)\t\(ground)\n"
                }
            }
        }
        guard let f = fopen(path, "w") else { throw ModelError("cannot write \(path)") }
        defer { fclose(f) }
        fputs(text, f)
    }
}
