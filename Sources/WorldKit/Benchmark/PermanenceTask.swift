// MARK: - Persistence: object permanence behind an occluder
//
// A ball rolls along the ground behind a screen and comes out the other side. The
// screen is either narrow (the ball is hidden for fewer steps than a window model's
// k = 8) or wide (hidden for 45 steps). The simulator says when the ball comes out and
// where it is then. A model is scored on
// - whether its ball comes out: visible on the far side within `slack` steps of the
//   truth's reappearance *and* within `pathTolerance` of the true ball at that step;
// - tracking: the share of scored steps on which it still has the ball;
// - the error at the true reappearance step on the scenes where it kept the ball, and
//   the error with a lost ball charged what the frozen-at-last-sighting estimate costs;
// - when (steps between its reappearance and the true one).

/// Object permanence with occlusions shorter and longer than a window model's memory.
public struct PermanenceTask: BenchmarkTask {
    public init() {}
    public var name: String { "permanence" }
    public var summary: String {
        "a ball rolls behind a screen, hidden for fewer or more steps than a window model's k: is it kept, does it come out on its path, where and when"
    }

    /// Steps either side of the true reappearance within which the model's ball must show.
    static let slack = 15
    /// Distance (m) from the true ball within which a reappearance counts.
    public static let pathTolerance = 1.0

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
            var reappears: [(Int, Int)] = [], tracked: [Double] = [], kept: [Double] = [], charged: [Double] = []
            var timing: [Double] = []
            for _ in 0..<settings.samples {
                let scene = PermanenceTask.scene(&rng, hiddenSteps: hidden)
                let probe = try Simulator.rollout(scene, steps: 400)
                // The truth's occlusion: the first hidden step, and the first visible step after it.
                guard let hide = probe.states.firstIndex(where: { s in s["a"].map { !$0.visible } ?? false }),
                      let back = probe.states[hide...].firstIndex(where: { s in s["a"]?.visible ?? false }) else { continue }
                let steps = back + PermanenceTask.slack
                guard steps < probe.states.count, hide > settings.scoreFrom else { continue }
                let truth = Rollout(scene: scene, seed: 0, states: Array(probe.states.prefix(steps + 1)), events: [], noise: NoiseRecord())
                let predicted = try contender.rollout(scene, steps: steps)
                // Out on the far side, seen by the camera, and on the true ball's path.
                let middle = scene.occluders.first?.rect.center.x ?? 0
                func out(_ t: Int) -> Bool {
                    guard let s = predicted.state(at: t), let b = s["a"], b.position.x > middle,
                          let truthBall = truth.states[t]["a"] else { return false }
                    return BenchmarkContender.isVisible(b, in: scene, time: Double(t) * scene.dt)
                        && (b.position - truthBall.position).length <= PermanenceTask.pathTolerance
                }
                let reappeared = ((hide + 1)...steps).first(where: out)
                let onTime = reappeared.map { $0 >= back - PermanenceTask.slack } ?? false
                reappears.append((onTime ? 1 : 0, 1))
                tracked.append(contender.tracking(predicted, truth, steps: settings.scoreFrom...steps).tracked)
                let atBack = contender.tracking(predicted, truth, steps: back...back)
                if let e = atBack.meanKeptError { kept.append(e) }
                charged.append(atBack.meanChargedError)
                timing.append(reappeared.map { Double(abs($0 - back)) } ?? Double(steps - hide))
            }
            let prefix = "\(name).\(variant)"
            out.append(.rate(prefix + ".reappears", reappears))
            out.append(.mean(prefix + ".tracked", unit: "share", higherIsBetter: true, tracked))
            out.append(kept.isEmpty ? .unavailable(prefix + ".kept_error", unit: "m", higherIsBetter: false, reason: "lost")
                                    : .mean(prefix + ".kept_error", unit: "m", kept))
            out.append(.mean(prefix + ".error", unit: "m", charged))
            out.append(.mean(prefix + ".timing", unit: "steps", timing))
        }
        return out
    }
}
