// MARK: - Persistence: long-horizon drift and energy
//
// How far a free-running model wanders from the truth: the mean position error of the
// moving bodies at 50, 200 and 1,000 steps on in-distribution scenes (a lost body costs
// `Metrics.missingBodyPenalty`), and the energy drift of a closed elastic system, capped at 100 (balls
// in a box, no gravity, restitution 1, no friction, 4 substeps so that chains of
// collisions keep their energy): |E_T − E_0| / E_0 at the last step, E_0 the truth's.

/// Long-horizon drift and energy conservation.
public struct DriftTask: BenchmarkTask {
    public init() {}
    public var name: String { "drift" }
    public var summary: String {
        "free-running error at 50, 200 and 1,000 steps, and the relative energy drift of a closed elastic box"
    }

    /// The closed elastic system: two or three balls in a box without gravity.
    static func elasticScene(_ rng: inout RandomStream, index: Int) -> Scene {
        let count = 2 + rng.index(below: 2)
        let slots = [Vec2(-5, 3), Vec2(0, 7), Vec2(5, 3)]
        var bodies: [BodySpec] = []
        for i in 0..<count {
            let r = rng.uniform(0.7, 1.2)
            var b = BodySpec.ball(["a", "b", "c"][i], at: slots[i] + Vec2(rng.uniform(-1, 1), rng.uniform(-1, 1)), radius: r)
            let speed = rng.uniform(1, 4), angle = rng.uniform(0, 6.283185307179586)
            b.velocity = Vec2(speed * _cos(angle), speed * _sin(angle))
            b.restitution = 1
            b.friction = 0
            b.color = BenchmarkScenes.palette[i]
            bodies.append(b)
        }
        return Scene(name: "elastic\(index)", bodies: bodies,
                     bounds: Bounds(Vec2(-9, 0), Vec2(9, 10), restitution: 1, friction: 0),
                     gravity: .zero, substeps: 4)
    }

    /// Largest relative energy drift counted: a model whose energy explodes scores this, so
    /// one diverging scene cannot swamp the mean.
    public static let energyCap = 100.0

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        let horizons = settings.driftHorizons
        let longest = horizons.max() ?? 50
        var errors = Array(repeating: [Double](), count: horizons.count)
        let scenes = (0..<settings.samples).map { BenchmarkScenes.family(&rng, index: $0, speeds: [BenchmarkScenes.trainingSpeeds]) }
        for scene in scenes {
            let truth = try Simulator.rollout(scene, steps: longest)
            let predicted = try contender.rollout(scene, steps: longest)
            for (i, h) in horizons.enumerated() {
                errors[i].append(DriftTask.error(predicted, truth, at: h))
            }
        }
        var energy: [Double] = []
        let energySteps = settings.quick ? 100 : 300
        for i in 0..<settings.samples {
            let scene = DriftTask.elasticScene(&rng, index: i)
            let truth = try Simulator.rollout(scene, steps: 0)
            let predicted = try contender.rollout(scene, steps: energySteps)
            guard let first = truth.states.first, let last = predicted.states.last else { continue }
            let e0 = Metrics.energy(first, gravity: scene.gravity)
            let e = Metrics.energy(last, gravity: scene.gravity)
            energy.append(e0 > 0 && e.isFinite ? min(abs(e - e0) / e0, DriftTask.energyCap) : DriftTask.energyCap)
        }
        var out = horizons.enumerated().map { i, h in
            MetricSample(name: "\(name).\(h)", unit: "m", higherIsBetter: false, values: .mean(errors[i]))
        }
        out.append(MetricSample(name: "\(name).energy", unit: "rel", higherIsBetter: false, values: .mean(energy)))
        return out
    }

    /// Mean position error over the truth's moving bodies at step `h` (lost bodies at the penalty).
    static func error(_ predicted: Rollout, _ truth: Rollout, at h: Int) -> Double {
        guard let t = truth.state(at: h) else { return Metrics.missingBodyPenalty }
        let p = predicted.state(at: h)
        let moving = t.bodies.filter { !$0.isStatic }
        guard !moving.isEmpty else { return 0 }
        let total = moving.reduce(0.0) { sum, b in
            if let q = p?[b.name], q.position.x.isFinite, q.position.y.isFinite {
                return sum + min((q.position - b.position).length, Metrics.missingBodyPenalty * 10)
            }
            return sum + Metrics.missingBodyPenalty
        }
        return total / Double(moving.count)
    }
}
