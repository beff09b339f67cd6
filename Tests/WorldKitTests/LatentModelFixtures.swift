import WorldKit

/// Scene families and simulated data shared by the model tests (latent, object slots,
/// edits, external): small, seeded, fast.
enum ModelFixtures {
    /// A walled box 10×6 with a camera that frames it exactly.
    static func box(bodies: [BodySpec], occluders: [Occluder] = [], gravity: Vec2 = Vec2(0, -9.8)) -> Scene {
        Scene(name: "box", bodies: bodies, bounds: Bounds(Vec2(-5, 0), Vec2(5, 6)), occluders: occluders,
              gravity: gravity, camera: CameraSpec(center: Vec2(0, 3), size: Vec2(10, 6), pixelsPerUnit: 32))
    }

    /// One bouncing ball with a random start (position, velocity), seeded.
    static func oneBall(_ rng: inout RandomStream) -> Scene {
        var a = BodySpec.ball("a", at: Vec2(rng.uniform(-3.5, 3.5), rng.uniform(1, 5)), radius: 0.6)
        a.velocity = Vec2(rng.uniform(-4, 4), rng.uniform(-2, 2))
        a.restitution = 0.8
        a.color = Color(r: 200, g: 40, b: 40)
        return box(bodies: [a])
    }

    /// Two balls that may collide, seeded; `a` is red, `b` blue.
    static func twoBalls(_ rng: inout RandomStream) -> Scene {
        var a = BodySpec.ball("a", at: Vec2(rng.uniform(-4, -1), rng.uniform(1, 5)), radius: 0.5)
        a.velocity = Vec2(rng.uniform(1, 5), rng.uniform(-2, 2))
        a.restitution = 0.8
        a.color = Color(r: 200, g: 40, b: 40)
        var b = BodySpec.ball("b", at: Vec2(rng.uniform(1, 4), rng.uniform(1, 5)), radius: 0.5)
        b.velocity = Vec2(rng.uniform(-5, -1), rng.uniform(-2, 2))
        b.restitution = 0.8
        b.color = Color(r: 40, g: 40, b: 200)
        return box(bodies: [a, b])
    }

    /// `n` rollouts of `steps` steps of a family, seeded.
    static func rollouts(_ family: (inout RandomStream) -> Scene, n: Int, steps: Int, seed: UInt64) throws -> [Rollout] {
        var rng = RandomStream(seed: seed)
        return try (0..<n).map { i in try Simulator.rollout(family(&rng), steps: steps, seed: UInt64(i)) }
    }
}
