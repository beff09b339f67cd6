import WorldKit

#if canImport(Glibc)
import Glibc
#endif

/// Physics throughput on the scenes `Scripts/bench.d/physics_pymunk.py` builds for pymunk.
///
/// `OrreryBench physics [balls|boxes|mixed] [--steps S] [--sample K] [N ...]`
/// - `balls` (default): N balls of radius 0.5 on a grid 1.2 apart in a square box whose
///   side grows with √N (40 × 40 up to 1,000 balls), seeded velocities in [-5, 5]²,
///   restitution 0.9 and friction 0.2 everywhere; 2,000 steps by default.
/// - `boxes`: columns of 10 resting unit boxes on the ground, 2 apart (the large-stack
///   case of Box2D's benchmarks); 200 steps by default.
/// - `mixed`: columns of 5 boxes with 5 balls of radius 0.4 stacked on each, nudged
///   sideways so they fall between the columns; 200 steps by default.
/// Boxes and mixed use restitution 0.1 and friction 0.5 for every shape, the ground included.
///
/// Prints one line per size, `physics/SCENE/N<TAB>body-steps per second<TAB>body-steps/s`,
/// then `# key=value` fields: CPU seconds, ms per step, mean height at the end, and the
/// number of contacts every `--sample` steps (counted between timed stretches).
enum PhysicsBench {
    enum Layout: String { case balls, boxes, mixed }

    static let defaultSizes: [Layout: [Int]] = [.balls: [2, 10, 100, 1000], .boxes: [1000], .mixed: [1000]]
    static let defaultSteps: [Layout: Int] = [.balls: 2000, .boxes: 200, .mixed: 200]
    static let seed: UInt64 = 42

    // MARK: Materials (the pymunk script derives its per-shape coefficients from these)
    static let ballRestitution = 0.9, ballFriction = 0.2
    static let stackRestitution = 0.1, stackFriction = 0.5

    static func run(_ args: [String]) {
        if args.first == "memory" { return memory(Array(args.dropFirst())) }
        var layout = Layout.balls
        var steps: Int?
        var sample: Int?
        var sizes: [Int] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            if let l = Layout(rawValue: a) {
                layout = l
            } else if a == "--steps", i + 1 < args.count, let s = Int(args[i + 1]), s > 0 {
                steps = s; i += 1
            } else if a == "--sample", i + 1 < args.count, let s = Int(args[i + 1]), s > 0 {
                sample = s; i += 1
            } else if let n = Int(a), n > 0 {
                sizes.append(n)
            } else {
                print("usage: OrreryBench physics [balls|boxes|mixed] [--steps S] [--sample K] [N ...]")
                return
            }
            i += 1
        }
        let totalSteps = steps ?? defaultSteps[layout]!
        let every = sample ?? max(1, totalSteps / 4)
        for n in sizes.isEmpty ? defaultSizes[layout]! : sizes {
            do {
                var sim = try Simulator(scene: makeScene(layout, n))
                var seconds = 0.0
                var contacts: [String] = []
                var done = 0
                while done < totalSteps {
                    let chunk = min(every, totalSteps - done)
                    let start = now()
                    for _ in 0..<chunk { sim.step() }
                    seconds += now() - start
                    done += chunk
                    contacts.append("\(done):\(sim.contactCount)")
                }
                let rate = Double(n * totalSteps) / max(seconds, 1e-9)
                // The mean height doubles as a checksum: the work cannot be optimised away,
                // and it is what the pymunk run is compared on.
                let y = sim.state.bodies.reduce(0.0) { $0 + $1.position.y } / Double(n)
                print("physics/\(layout.rawValue)/\(n)\t\(Int(rate))\tbody-steps/s"
                      + "\t# seconds=\(rounded(seconds)) ms_per_step=\(rounded(1000 * seconds / Double(totalSteps)))"
                      + " steps=\(totalSteps) mean_y=\(rounded(y)) contacts=\(contacts.joined(separator: ","))"
                      + " digest=\(digest(sim.state))")
            } catch {
                print("physics/\(layout.rawValue)/\(n)\terror\t\(error)")
            }
        }
    }

    /// `OrreryBench physics memory [--steps S] [N]`: what a recorded rollout costs. Records
    /// N balls (the `balls` scene) for S steps (default 10,000 × 1,000) and prints the growth
    /// of the process's peak resident memory over the recording, per body-step, beside what the
    /// compact storage holds per body-step and the inline size of one `BodyState`.
    static func memory(_ args: [String]) {
        var steps = 1000, n = 10_000
        var i = 0
        while i < args.count {
            if args[i] == "--steps", i + 1 < args.count, let s = Int(args[i + 1]), s > 0 {
                steps = s; i += 1
            } else if let v = Int(args[i]), v > 0 {
                n = v
            } else {
                print("usage: OrreryBench physics memory [--steps S] [N]")
                return
            }
            i += 1
        }
        do {
            let scene = try makeBalls(n)
            let before = peakKiB()
            let r = try Simulator.rollout(scene, steps: steps)
            let peak = peakKiB()
            let bodySteps = Double(n) * Double(r.states.count)
            let perBodyStep = Double(peak - before) * 1024 / bodySteps
            let stored = Double(r.states.storedBytes) / Double(max(1, r.states.bodyStateCount))
            print("physics/memory/\(n)x\(steps)\t\(Int(perBodyStep.rounded()))\tbytes/body-step"
                  + "\t# peak_mb=\(peak / 1024) before_mb=\(before / 1024) states=\(r.states.count)"
                  + " stored_bytes_per_body_step=\((stored * 100).rounded() / 100)"
                  + " body_state_stride=\(MemoryLayout<BodyState>.stride)")
        } catch {
            print("physics/memory/\(n)x\(steps)\terror\t\(error)")
        }
    }

    /// Peak resident memory of the process so far, in KiB (Linux reports ru_maxrss in KiB).
    static func peakKiB() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Int(usage.ru_maxrss)
    }

    static func makeScene(_ layout: Layout, _ n: Int) throws -> Scene {
        switch layout {
        case .balls: return try makeBalls(n)
        case .boxes: return try makeStacks(n, boxesPerColumn: 10, ballsPerColumn: 0)
        case .mixed: return try makeStacks(n, boxesPerColumn: 5, ballsPerColumn: 5)
        }
    }

    /// Side of the square box for N balls: 40 up to 1,000 balls, then the same density.
    static func ballBoxSide(_ n: Int) -> Double {
        max(40, (40 * (Double(n) / 1000).squareRoot()).rounded(.up))
    }

    /// Balls on a grid from the bottom-left corner, 1.2 apart, with seeded velocities in [-5, 5]².
    static func makeBalls(_ n: Int) throws -> Scene {
        var rng = RandomStream(seed: seed)
        let side = ballBoxSide(n)
        let perRow = Int((side - 1) / 1.2)
        var bodies: [BodySpec] = []
        bodies.reserveCapacity(n)
        for i in 0..<n {
            var b = BodySpec.ball("b\(i)", at: Vec2(1 + Double(i % perRow) * 1.2, 1 + Double(i / perRow) * 1.2),
                                  radius: 0.5)
            b.velocity = Vec2(rng.uniform(-5, 5), rng.uniform(-5, 5))
            b.restitution = ballRestitution
            b.friction = ballFriction
            bodies.append(b)
        }
        let scene = Scene(
            name: "bench", bodies: bodies,
            bounds: Bounds(Vec2(0, 0), Vec2(side, side), restitution: ballRestitution, friction: ballFriction),
            gravity: Vec2(0, -9.8), dt: 1.0 / 60.0, substeps: 1, iterations: 10)
        return try scene.validated()
    }

    /// Columns 2 apart on the ground at 0: unit boxes resting on each other, then balls of
    /// radius 0.4 stacked 0.9 apart above them with a small sideways velocity that depends
    /// only on the index (so pymunk starts from exactly the same state). Columns are filled
    /// in order; the last one may be short.
    static func makeStacks(_ n: Int, boxesPerColumn: Int, ballsPerColumn: Int) throws -> Scene {
        let perColumn = boxesPerColumn + ballsPerColumn
        var bodies: [BodySpec] = []
        bodies.reserveCapacity(n)
        for i in 0..<n {
            let column = i / perColumn, level = i % perColumn
            let x = 1 + 2 * Double(column)
            var b: BodySpec
            if level < boxesPerColumn {
                b = .box("k\(i)", at: Vec2(x, 0.5 + Double(level)), size: Vec2(1, 1))
            } else {
                let y = Double(boxesPerColumn) + 0.45 + 0.9 * Double(level - boxesPerColumn)
                b = .ball("b\(i)", at: Vec2(x, y), radius: 0.4)
                b.velocity = Vec2(Double(i % 21 - 10) / 10, 0)
            }
            b.restitution = stackRestitution
            b.friction = stackFriction
            bodies.append(b)
        }
        let scene = Scene(
            name: "stacks", bodies: bodies,
            ground: Ground(height: 0, restitution: stackRestitution, friction: stackFriction),
            gravity: Vec2(0, -9.8), dt: 1.0 / 60.0, substeps: 1, iterations: 10)
        return try scene.validated()
    }

    /// FNV-1a over the bit patterns of every body's position, angle, velocity and spin at the
    /// end: two builds of the simulator give the same digest only if they agree to the last bit.
    static func digest(_ state: WorldState) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ x: Double) {
            var v = x.bitPattern
            for _ in 0..<8 {
                h = (h ^ (v & 0xff)) &* 0x100_0000_01b3
                v >>= 8
            }
        }
        for b in state.bodies {
            for x in [b.position.x, b.position.y, b.angle, b.velocity.x, b.velocity.y, b.spin] { mix(x) }
        }
        return String(h, radix: 16)
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
