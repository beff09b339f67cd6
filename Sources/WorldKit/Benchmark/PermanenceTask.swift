// MARK: - Persistence: object permanence behind an occluder
//
// A ball rolls along the ground behind a screen and comes out the other side. The
// screen is either narrow (the ball is hidden for fewer steps than a window model's
// k = 8) or wide (hidden for 40 steps or more). The simulator says when the ball comes
// out and where it is then; a model is scored on whether its ball comes out at all
// (a window model forgets a ball unseen for k frames), where (position error at the
// true reappearance step; a lost ball costs `Metrics.missingBodyPenalty`) and when
// (steps between its reappearance and the true one).

/// Object permanence with occlusions shorter and longer than a window model's memory.
public struct PermanenceTask: BenchmarkTask {
    public init() {}
    public var name: String { "permanence" }
    public var summary: String {
        "a ball rolls behind a screen, hidden for fewer or more steps than a window model's k: does it come out, where and when"
    }

    /// Steps after the true reappearance within which the model's ball must show.
    static let slack = 15

    /// The screened scene: `hiddenSteps` is the intended occlusion length at the ball's speed.
    static func scene(_ rng: inout RandomStream, hiddenSteps: Double) -> Scene {
        let r = rng.uniform(0.6, 1.0), v = rng.uniform(2, 3.5)
        var a = BodySpec.ball("a", at: Vec2(-8, r), radius: r)
        a.velocity = Vec2(v, 0)
        a.spin = -v / r  // already rolling: no sliding, so the speed stays close to v
        a.color = BenchmarkScenes.palette[0]
        let left = -4.0 + rng.uniform(-0.5, 0.5)
        let width = 2 * r + hiddenSteps * v * PhysicsDefaults.dt
        var scene = Scene(name: "screened", bodies: [a], walls: BenchmarkScenes.walls, ground: Ground(height: 0))
        scene.occluders = [Occluder(name: "screen", center: Vec2(left + width / 2, 2.5), size: Vec2(width, 5))]
        return scene
    }

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        var out: [MetricSample] = []
        for (variant, hidden) in [("short", 4.0), ("long", 45.0)] {
            var comesOut = 0, trials = 0
            var errors: [Double] = [], timing: [Double] = []
            for _ in 0..<settings.samples {
                let scene = PermanenceTask.scene(&rng, hiddenSteps: hidden)
                let probe = try Simulator.rollout(scene, steps: 400)
                // The truth's occlusion: the first hidden step, and the first visible step after it.
                guard let hide = probe.states.firstIndex(where: { s in s["a"].map { !$0.visible } ?? false }),
                      let back = probe.states[hide...].firstIndex(where: { s in s["a"]?.visible ?? false }) else { continue }
                let steps = back + PermanenceTask.slack
                guard steps < probe.states.count else { continue }
                let truth = Rollout(scene: scene, seed: 0, states: Array(probe.states.prefix(steps + 1)), events: [], noise: NoiseRecord())
                let predicted = try contender.rollout(scene, steps: steps)
                trials += 1
                // Out on the far side: shown, and past the screen's centre (a ball that never moved
                // or was forgotten does not count).
                let middle = scene.occluders.first?.rect.center.x ?? 0
                func out(_ t: Int) -> Bool {
                    guard let s = predicted.state(at: t), let b = s["a"], b.position.x > middle else { return false }
                    return BenchmarkContender.isVisible(b, in: scene, time: Double(t) * scene.dt)
                }
                let reappeared = ((hide + 1)...steps).first(where: out)
                if let t = reappeared, t >= back - PermanenceTask.slack { comesOut += 1 }
                if let b = predicted.state(at: back)?["a"], let t = truth.states[back]["a"], b.position.x.isFinite, b.position.y.isFinite {
                    errors.append((b.position - t.position).length)
                } else {
                    errors.append(Metrics.missingBodyPenalty)
                }
                timing.append(reappeared.map { Double(abs($0 - back)) } ?? Double(steps - hide))
            }
            let prefix = "\(name).\(variant)"
            out.append(MetricSample(name: prefix + ".reappears", unit: "rate", higherIsBetter: true,
                                    values: .rate(successes: comesOut, trials: trials)))
            out.append(MetricSample(name: prefix + ".error", unit: "m", higherIsBetter: false, values: .mean(errors)))
            out.append(MetricSample(name: prefix + ".timing", unit: "steps", higherIsBetter: false, values: .mean(timing)))
        }
        return out
    }
}
