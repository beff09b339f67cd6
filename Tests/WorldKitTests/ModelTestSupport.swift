@testable import WorldKit

// Shared fixtures for the model tests: a small scene family, datasets and the
// trivial baselines every learned model must beat.

/// A family of ground scenes: ball `a` rolling or flying towards ball `c`, between two walls.
func familyScene(_ rng: inout RandomStream, index: Int) -> Scene {
    let ra = rng.uniform(0.4, 0.7), rc = rng.uniform(0.4, 0.7)
    var a = BodySpec.ball("a", at: Vec2(rng.uniform(-6, -2), ra + rng.uniform(0, 2.5)), radius: ra)
    a.velocity = Vec2(rng.uniform(1, 5), rng.uniform(-1, 3))
    var c = BodySpec.ball("c", at: Vec2(rng.uniform(1, 5), rc + rng.uniform(0, 1.5)), radius: rc)
    c.velocity = Vec2(rng.uniform(-2, 1), 0)
    let walls = [WallSpec(name: "left", from: Vec2(-9, 0), to: Vec2(-9, 8)), WallSpec(name: "right", from: Vec2(9, 0), to: Vec2(9, 8))]
    return Scene(name: "family\(index)", bodies: [a, c], walls: walls, ground: Ground(height: 0))
}

func familyScenes(_ n: Int, seed: UInt64) -> [Scene] {
    var rng = RandomStream(seed: seed)
    return (0..<n).map { familyScene(&rng, index: $0) }
}

/// Baseline rollouts from the truth's state at `from`: bodies stay put, or keep their last displacement.
func baselineError(truth: Rollout, from: Int, constantVelocity: Bool) -> Double {
    let start = truth.states[from], previous = truth.states[max(0, from - 1)]
    var states = Array(truth.states[0...from])
    for s in truth.states[(from + 1)...] {
        let n = Double(s.step - from)
        let bodies = start.bodies.map { b -> BodyState in
            var q = b
            if constantVelocity, let p = previous[b.name] { q.position = b.position + (b.position - p.position) * n }
            return q
        }
        states.append(WorldState(step: s.step, time: s.time, bodies: bodies))
    }
    let r = Rollout(scene: truth.scene, seed: truth.seed, states: states, events: [], noise: NoiseRecord())
    return Metrics.positionError(r, truth, fromStep: from + 1).mean
}

/// Mean rollout error of a model and of the two baselines over held-out scenes.
func heldOutComparison(_ model: any WorldModel, scenes: [Scene], steps: Int) throws -> (model: Double, still: Double, constantVelocity: Double) {
    var m = 0.0, still = 0.0, cv = 0.0
    let from = model.contextLength - 1
    for scene in scenes {
        let truth = try Simulator.rollout(scene, steps: steps)
        let r = try ModelRollout.run(model, scene: scene, steps: steps)
        m += Metrics.positionError(r, truth, fromStep: from + 1).mean
        still += baselineError(truth: truth, from: from, constantVelocity: false)
        cv += baselineError(truth: truth, from: from, constantVelocity: true)
    }
    let n = Double(scenes.count)
    return (m / n, still / n, cv / n)
}

/// Balls already rolling along the ground (the occlusion scene's motion; the flying family
/// alone leaves it out of distribution, where the dynamics drift with every change of inputs).
func rollingScenes(_ n: Int, seed: UInt64) -> [Scene] {
    var rng = RandomStream(seed: seed)
    return (0..<n).map { i in
        let r = rng.uniform(0.4, 0.6), v = rng.uniform(1.5, 4)
        var a = BodySpec.ball("a", at: Vec2(rng.uniform(-7, -3), r), radius: r)
        a.velocity = Vec2(v, 0)
        a.spin = -v / r
        return Scene(name: "rolling\(i)", bodies: [a], ground: Ground(height: 0))
    }
}

/// `n` scenes of which every third is a rolling ball (`rollingScenes`) and the rest the flying family.
func flyingAndRollingScenes(_ n: Int, seed: UInt64) -> [Scene] {
    let rolling = rollingScenes(n / 3, seed: seed), flying = familyScenes(n - n / 3, seed: seed)
    var out: [Scene] = []
    var r = 0, f = 0
    for i in 0..<n {
        if i % 3 == 2 && r < rolling.count {
            out.append(rolling[r])
            r += 1
        } else if f < flying.count {
            out.append(flying[f])
            f += 1
        }
    }
    return out
}
