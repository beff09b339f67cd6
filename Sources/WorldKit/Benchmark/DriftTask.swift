// MARK: - Persistence: long-horizon drift and energy
//
// How far a free-running model wanders from the truth on in-distribution scenes: the
// position error of the moving bodies at 50, 200 and 1,000 steps (a lost body charged
// what its frozen-at-last-sighting estimate costs, a kept one capped at `errorCap`), the
// share of body-steps the model keeps, and its energy error at step 200 against the
// truth's at the same step, |E_model − E_truth| / E_truth(0), with translational kinetic
// and potential energy from the declared masses. The energy scenes are the training
// family, so the figure is in distribution. A model that lost a body at step 200 has no
// energy to compare: the cell says "lost".

/// Long-horizon drift and energy.
public struct DriftTask: BenchmarkTask {
    public init() {}
    public var name: String { "drift" }
    public var summary: String {
        "free-running error at 50, 200 and 1,000 steps, bodies kept, and energy error at step 200 against the truth's"
    }

    /// Largest error (m) charged for a kept body: a diverged model's coordinates.
    public static let errorCap = 50.0
    /// The step at which energy is compared.
    public static let energyStep = 200

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        let horizons = settings.driftHorizons
        let longest = max(horizons.max() ?? 50, DriftTask.energyStep)
        var errors = Array(repeating: [Double](), count: horizons.count)
        var tracked: [Double] = [], energy: [Double] = []
        var lost = 0
        let scenes = (0..<settings.samples).map { BenchmarkScenes.family(&rng, index: $0, speeds: [BenchmarkScenes.trainingSpeeds]) }
        for scene in scenes {
            let truth = try Simulator.rollout(scene, steps: longest)
            let predicted = try contender.rollout(scene, steps: longest)
            for (i, h) in horizons.enumerated() {
                errors[i].append(contender.tracking(predicted, truth, steps: h...h, maxError: DriftTask.errorCap).meanChargedError)
            }
            tracked.append(contender.tracking(predicted, truth, steps: settings.scoreFrom...longest).tracked)
            guard let t0 = truth.states.first, let t = truth.state(at: DriftTask.energyStep),
                  let p = predicted.state(at: DriftTask.energyStep) else { continue }
            let e0 = DriftTask.energy(t0, scene: scene)
            guard let ep = DriftTask.energy(p, bodies: t, scene: scene), e0 > 0 else { lost += 1; continue }
            energy.append(abs(ep - DriftTask.energy(t, scene: scene)) / e0)
        }
        var out = horizons.enumerated().map { i, h in MetricSample.mean("\(name).\(h)", unit: "m", errors[i]) }
        out.append(.mean("\(name).tracked", unit: "share", higherIsBetter: true, tracked))
        out.append(lost > 0 ? .unavailable("\(name).energy", unit: "rel", higherIsBetter: false, reason: "lost \(lost)/\(scenes.count)")
                            : .mean("\(name).energy", unit: "rel", energy))
        return out
    }

    /// Translational kinetic plus potential energy of the moving bodies, declared masses.
    static func energy(_ s: WorldState, scene: Scene) -> Double {
        energy(s, bodies: s, scene: scene) ?? 0
    }

    /// The energy of `s` over the moving bodies of `bodies`; nil when `s` lacks one of them
    /// or has non-finite values.
    static func energy(_ s: WorldState, bodies: WorldState, scene: Scene) -> Double? {
        var e = 0.0
        for b in bodies.bodies where !b.isStatic {
            guard let q = s[b.name], q.position.x.isFinite, q.position.y.isFinite, q.velocity.x.isFinite,
                  q.velocity.y.isFinite else { return nil }
            let m = scene.body(named: b.name)?.resolvedMass ?? 1
            e += 0.5 * m * (q.velocity.x * q.velocity.x + q.velocity.y * q.velocity.y) - m * (scene.gravity.x * q.position.x + scene.gravity.y * q.position.y)
        }
        return e.isFinite ? e : nil
    }
}
