import WorldKit

#if canImport(Glibc)
import Glibc
#endif

/// Physics throughput: N balls of radius 0.5 in a 40×40 box, the scene
/// `Scripts/bench.d/physics_pymunk.py` builds for pymunk. Prints
/// `physics/N<TAB>body-steps per second<TAB>body-steps/s`.
enum PhysicsBench {
    static let sizes = [2, 10, 100, 1000]
    static let steps = 2000
    static let boxSize = 40.0
    static let radius = 0.5
    static let seed: UInt64 = 42

    static func run(_ args: [String]) {
        let sizes = args.compactMap { Int($0) }.filter { $0 > 0 }
        for n in sizes.isEmpty ? Self.sizes : sizes {
            do {
                let scene = try makeScene(balls: n)
                var sim = try Simulator(scene: scene)
                let start = now()
                for _ in 0..<steps { sim.step() }
                let seconds = now() - start
                let rate = Double(n * steps) / max(seconds, 1e-9)
                // Print a checksum so the work cannot be optimised away and runs can be compared.
                let y = sim.state.bodies.reduce(0.0) { $0 + $1.position.y } / Double(n)
                print("physics/\(n)\t\(Int(rate))\tbody-steps/s\t# mean y \(rounded(y)), \(sim.contactCount) contacts, \(rounded(seconds)) s")
            } catch {
                print("physics/\(n)\terror\t\(error)")
            }
        }
    }

    /// Balls on a grid from the bottom-left corner, 1.2 apart, with seeded velocities in [-5, 5]².
    static func makeScene(balls n: Int) throws -> Scene {
        var rng = RandomStream(seed: seed)
        let perRow = Int((boxSize - 1) / 1.2)
        var bodies: [BodySpec] = []
        for i in 0..<n {
            var b = BodySpec.ball("b\(i)", at: Vec2(1 + Double(i % perRow) * 1.2, 1 + Double(i / perRow) * 1.2),
                                  radius: radius)
            b.velocity = Vec2(rng.uniform(-5, 5), rng.uniform(-5, 5))
            b.restitution = 0.9
            b.friction = 0.2
            bodies.append(b)
        }
        let scene = Scene(
            name: "bench", bodies: bodies,
            bounds: Bounds(Vec2(0, 0), Vec2(boxSize, boxSize), restitution: 0.9, friction: 0.2),
            gravity: Vec2(0, -9.8), dt: 1.0 / 60.0, substeps: 1, iterations: 10)
        return try scene.validated()
    }

    /// Process CPU seconds: the machine is shared, so wall time mostly measures the neighbours.
    /// The pymunk script uses `time.process_time()` for the same reason.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

private func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
