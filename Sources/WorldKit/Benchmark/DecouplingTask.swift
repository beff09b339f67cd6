// MARK: - Latent-factor decoupling
//
// The survey's frontier "latent factor decoupling": a model's state should have one
// factor per physical quantity of one body, so that editing a.x moves a and nothing
// else, and each factor should read what it names. Two balls move far apart (they
// cannot meet within the horizon, checked on the simulator's factual and edited worlds).
// After watching the world up to the scoring start, the model's own state is edited
// through its factors, a.x += 1 m or a.vy += 3 m/s (under its priors if it has any),
// and it rolls on `horizon` steps beside its unedited rollout. Scored:
// - `leak` (m): how far the edit moved the other ball, |b_edited − b_unedited| averaged
//   over the steps and both edits; the simulator's is 0 by construction of the scenes.
//   A ball that exists in only one of the two rollouts is charged `leakCharge`.
// - `specificity`: the share of the edit's effect that lands on the edited body,
//   Σ|Δa| / (Σ|Δa| + Σ|Δb|) over the steps (a ratio of sums over scenes).
// - `r2.x`, `r2.y`, `r2.vx`, `r2.vy`: how well each factor of the model's unedited
//   rollout reads the true quantity, R² = 1 − Σ residual² / Σ (truth − its mean over the
//   body's scored steps)², pooled over bodies and scenes; a body the model lost keeps its
//   last factor value (the frozen estimate). For a pixel model whose factors are probes
//   this is the probes' R² on the benchmark's own rollouts.
// A model without x, y, vx and vy factors per body gets `n/a`.

/// Edit specificity and factor R²: does editing a.x move only a, and does a.x read a's x?
public struct DecouplingTask: BenchmarkTask {
    public init() {}
    public var name: String { "decoupling" }
    public var summary: String {
        "latent-factor decoupling: editing a's factors must not move b (leak, specificity); R² of each factor against the true quantity"
    }

    /// Steps rolled after the edit.
    public static let horizon = 40
    /// The edits, as (factor, change).
    public static let edits: [(factor: String, change: Double)] = [("x", 1), ("vy", 3)]
    /// What a ball that appears or vanishes because of an edit costs per step (m): the x edit's size.
    public static let leakCharge = 1.0
    /// The factors scored by R².
    public static let factors = ["x", "y", "vx", "vy"]
    /// Closest the two balls may come (m, beyond their radii) in the factual or edited worlds.
    static let clearance = 1.0

    /// Two balls of the training family, a on the left, b on the right, far apart.
    static func scene(_ rng: inout RandomStream, index: Int) -> Scene {
        var bodies: [BodySpec] = []
        for (i, (name, x)) in [("a", -6.0), ("b", 6.0)].enumerated() {
            let r = rng.uniform(BenchmarkScenes.trainingRadii.lowerBound, BenchmarkScenes.trainingRadii.upperBound)
            var b = BodySpec.ball(name, at: Vec2(x + rng.uniform(-1, 1), r + rng.uniform(0, 2)), radius: r)
            let speed = rng.uniform(BenchmarkScenes.trainingSpeeds.lowerBound, BenchmarkScenes.trainingSpeeds.upperBound)
            let angle = rng.uniform(-0.6, 0.6)
            let sign: Double = rng.index(below: 2) == 0 ? 1 : -1
            b.velocity = Vec2(sign * speed * _cos(angle), speed * _sin(angle))
            b.color = BenchmarkScenes.palette[i]
            bodies.append(b)
        }
        return Scene(name: "apart\(index)", bodies: bodies, walls: BenchmarkScenes.walls, ground: Ground(height: 0))
    }

    /// The simulator's world to `split`, then on to `split + horizon` with `change` applied to a at `split` (nil: factual).
    static func truth(_ scene: Scene, split: Int, change: (factor: String, change: Double)?) throws -> [WorldState] {
        var sim = try Simulator(scene: scene)
        var states = [sim.state]
        for _ in 0..<split { sim.step(); states.append(sim.state) }
        if let change, let a = sim.state["a"] {
            let v = change.change
            switch change.factor {
            case "x": try sim.set("a", .position(a.position + Vec2(v, 0)))
            case "y": try sim.set("a", .position(a.position + Vec2(0, v)))
            case "vx": try sim.set("a", .velocity(a.velocity + Vec2(v, 0)))
            default: try sim.set("a", .velocity(a.velocity + Vec2(0, v)))
            }
            states[split] = sim.state
        }
        for _ in 0..<horizon { sim.step(); states.append(sim.state) }
        return states
    }

    /// True when a and b keep `clearance` apart at every step of each world.
    static func apart(_ worlds: [[WorldState]]) -> Bool {
        worlds.allSatisfy { states in
            states.allSatisfy { s in
                guard let a = s["a"], let b = s["b"] else { return false }
                return (a.position - b.position).length > a.radius + b.radius + clearance
            }
        }
    }

    /// An edit that adds `change` to a factor of `body` in the model's own state.
    static func shift(_ body: String, _ factor: String, by change: Double) -> BenchmarkContender.StateEdit {
        { model, state in
            guard let f = model.factors(state).first(where: { $0.body == body && $0.name == factor }) else {
                throw ModelError("\(model.kind) has no factor \(body).\(factor) to edit")
            }
            return try model.edit(state, body: body, factor: factor, to: f.value + change)
        }
    }

    /// The scenes both decoupling tasks use: `samples` scenes whose balls stay apart in the
    /// factual and every edited world (drawn from up to 4 × samples candidates).
    static func scenes(_ settings: BenchmarkSettings, task: String) throws -> [(scene: Scene, factual: [WorldState], edited: [[WorldState]])] {
        var rng = settings.stream(for: task)
        var out: [(Scene, [WorldState], [[WorldState]])] = []
        for i in 0..<(4 * settings.samples) where out.count < settings.samples {
            let scene = DecouplingTask.scene(&rng, index: i)
            let factual = try truth(scene, split: settings.scoreFrom, change: nil)
            let edited = try edits.map { try truth(scene, split: settings.scoreFrom, change: $0) }
            guard apart([factual] + edited) else { continue }
            out.append((scene, factual, edited))
        }
        return out
    }

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        let split = settings.scoreFrom, end = split + DecouplingTask.horizon
        var leak: [Double] = [], specificity: [[Double]] = []
        var r2 = Array(repeating: [[Double]](), count: DecouplingTask.factors.count)
        var editable = true
        for (scene, factual, _) in try DecouplingTask.scenes(settings, task: name) {
            guard editable, contender.canEdit(DecouplingTask.factors, of: "a", in: scene),
                  contender.canEdit(DecouplingTask.factors, of: "b", in: scene) else { editable = false; break }
            // The unedited rollout, with each step's factors recorded on the way.
            final class Record { var factors: [Int: [LatentFactor]] = [:] }
            let record = Record()
            var watch: [Int: BenchmarkContender.StateEdit] = [:]
            for t in split...end {
                watch[t] = { model, state in
                    record.factors[t] = model.factors(state)
                    return state
                }
            }
            let plain = try contender.run(scene, steps: end, edits: watch)
            var moved = 0.0, leaked = 0.0, steps = 0.0
            for e in DecouplingTask.edits {
                let edited = try contender.run(scene, steps: end, edits: [split: DecouplingTask.shift("a", e.factor, by: e.change)])
                for t in split...end {
                    let p = plain.state(at: t), q = edited.state(at: t)
                    if let a0 = p?["a"], let a1 = q?["a"] { moved += (a1.position - a0.position).length }
                    switch (p?["b"], q?["b"]) {
                    case let (b0?, b1?): leaked += (b1.position - b0.position).length
                    case (nil, nil): break
                    default: leaked += DecouplingTask.leakCharge
                    }
                    steps += 1
                }
            }
            leak.append(leaked / max(1, steps))
            specificity.append([moved, moved + leaked])
            // R² of each factor against the truth over the scored steps, per body about its own mean.
            for (k, factor) in DecouplingTask.factors.enumerated() {
                var residual = 0.0, total = 0.0
                for body in ["a", "b"] {
                    var truthValues: [Double] = [], modelValues: [Double] = []
                    var last: Double? = nil
                    for t in split...end {
                        guard t < factual.count, let b = factual[t][body] else { continue }
                        let y = DecouplingTask.value(factor, of: b)
                        if let f = record.factors[t]?.first(where: { $0.body == body && $0.name == factor }), f.value.isFinite {
                            last = f.value
                        }
                        truthValues.append(y)
                        modelValues.append(last ?? DecouplingTask.value(factor, of: factual[max(0, split - 1)][body] ?? b))
                    }
                    guard !truthValues.isEmpty else { continue }
                    let mean = truthValues.reduce(0, +) / Double(truthValues.count)
                    for (y, f) in zip(truthValues, modelValues) {
                        residual += (f - y) * (f - y)
                        total += (y - mean) * (y - mean)
                    }
                }
                r2[k].append([residual, total])
            }
        }
        guard editable, !leak.isEmpty else {
            return [.unavailable("\(name).leak", unit: "m", higherIsBetter: false, reason: "n/a"),
                    .unavailable("\(name).specificity", unit: "share", higherIsBetter: true, reason: "n/a")]
                + DecouplingTask.factors.map { .unavailable("\(name).r2.\($0)", unit: "R²", higherIsBetter: true, reason: "n/a") }
        }
        return [.mean("\(name).leak", unit: "m", leak),
                MetricSample(name: "\(name).specificity", unit: "share", higherIsBetter: true, values: .units(specificity, .mean))]
            + DecouplingTask.factors.enumerated().map { k, f in
                MetricSample(name: "\(name).r2.\(f)", unit: "R²", higherIsBetter: true, values: .units(r2[k], .explained))
            }
    }

    /// A body's x, y, vx or vy.
    static func value(_ factor: String, of b: BodyState) -> Double {
        switch factor {
        case "x": return b.position.x
        case "y": return b.position.y
        case "vx": return b.velocity.x
        default: return b.velocity.y
        }
    }
}
