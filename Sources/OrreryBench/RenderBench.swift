import WorldKit

// MARK: - RenderBench

/// Frames per second of the renderer on a typical scene (about 20 balls, 5 rotated boxes,
/// 4 walls, 1 occluder) at 64×64 and 256×256: rasterising alone, PNG encoding alone,
/// rasterising and encoding each frame (what writing a frame to a file costs), then a
/// whole animated PNG. Timed in process CPU seconds (the machine is shared). Prints
/// `name<TAB>value<TAB>unit` lines.
enum RenderBench {
    /// Each measurement runs at least this long (seconds), `--quick` shortens it.
    static let defaultDuration = 1.0

    /// Options: `--quick` measures for 0.2 s instead of 1 s; `--iterations N` runs each
    /// measurement exactly N times instead (for instruction counts under `perf stat`).
    static func run(_ args: [String]) {
        let duration = args.contains("--quick") ? 0.2 : defaultDuration
        if let flag = args.firstIndex(of: "--iterations"), flag + 1 < args.count, let n = Int(args[flag + 1]), n > 0 {
            fixedIterations = n
        }
        for side in [64, 256] {
            guard let camera = try? Camera(center: Vec2(5, 5), size: Vec2(10, 10),
                                           pixelsPerUnit: Double(side) / 10) else {
                print("render/\(side)x\(side)\terror\tinvalid camera")
                continue
            }
            let rasterizer = Rasterizer(camera: camera, background: RGB(245, 245, 240))
            let label = "\(side)x\(side)"

            // Rasterising: a slightly different frame every time, as in a rollout.
            var frame = 0
            var checksum = 0
            let renderRate = rate(duration: duration) {
                let image = rasterizer.render(scene(frame: frame))
                checksum &+= Int(image.pixels[image.pixels.count / 2])
                frame &+= 1
            }
            print("render/\(label)\t\(format(renderRate))\tframes/s")

            // PNG encoding alone, over a fixed set of pre-rendered frames.
            let frames = (0..<30).map { rasterizer.render(scene(frame: $0)) }
            var index = 0
            var bytes = 0
            let encoder = PNGEncoder()
            let pngRate = rate(duration: duration) {
                let png = (try? encoder.encode(frames[index % frames.count])) ?? []
                bytes &+= png.count
                index &+= 1
            }
            print("png/\(label)\t\(format(pngRate))\tframes/s")
            let oneFile = (try? encoder.encode(frames[0]).count) ?? 0
            print("png-size/\(label)\t\(oneFile)\tbytes")

            // Rasterising and encoding every frame: a PNG per frame, as `--out` writes them.
            var pngFrame = 0
            let bothRate = rate(duration: duration) {
                let png = (try? encoder.encode(rasterizer.render(scene(frame: pngFrame)))) ?? []
                bytes &+= png.count
                pngFrame &+= 1
            }
            print("render+png/\(label)\t\(format(bothRate))\tframes/s")

            // A 30-frame animation, frames cropped to their changed regions.
            let animation = APNGEncoder()
            var apngBytes = 0
            let apngRate = rate(duration: duration) {
                apngBytes = (try? animation.encode(frames).count) ?? 0
            }
            print("apng/\(label)\t\(format(apngRate * Double(frames.count)))\tframes/s")
            print("apng-size/\(label)\t\(apngBytes)\tbytes/30 frames")
            // Keeps the optimiser from discarding the work above.
            if checksum == -1 || bytes == -1 { print("unreachable") }
        }
    }

    // MARK: Scene

    /// The benchmark scene at a given frame: positions drift with the frame number so every
    /// frame differs; the layout comes from a fixed seed.
    static func scene(frame: Int) -> [DrawCommand] {
        var random = RandomStream(seed: 2026)
        let t = Double(frame) * 0.02
        var commands: [DrawCommand] = [
            .segment(from: Vec2(0.2, 0.2), to: Vec2(9.8, 0.2), width: 0.2, color: .darkGray),
            .segment(from: Vec2(0.2, 0.2), to: Vec2(0.2, 9.8), width: 0.2, color: .darkGray),
            .segment(from: Vec2(9.8, 0.2), to: Vec2(9.8, 9.8), width: 0.2, color: .darkGray),
            .segment(from: Vec2(2, 6), to: Vec2(6, 4.5), width: 0.15, color: .darkGray),
        ]
        let colors: [RGB] = [.red, .blue, .green, .yellow, .orange, .purple]
        for i in 0..<20 {
            let base = Vec2(random.uniform(1, 9), random.uniform(1, 9))
            let velocity = Vec2(random.uniform(-1, 1), random.uniform(-1, 1))
            let center = Vec2(wrap(base.x + velocity.x * t), wrap(base.y + velocity.y * t))
            commands.append(.circle(center: center, radius: random.uniform(0.2, 0.5),
                                    color: colors[i % colors.count], orientation: t * velocity.x * 3))
        }
        for i in 0..<5 {
            let center = Vec2(random.uniform(1.5, 8.5), random.uniform(1.5, 8.5))
            let size = Vec2(random.uniform(0.5, 1.2), random.uniform(0.5, 1.2))
            commands.append(.box(center: center, size: size, angle: random.uniform(0, 3) + t,
                                 color: colors[(i + 2) % colors.count]))
        }
        commands.append(.rectangle(min: Vec2(4, 1), max: Vec2(5.5, 5), color: .gray))
        return commands
    }

    private static func wrap(_ v: Double) -> Double {
        let span = 8.0
        let r = (v - 1).truncatingRemainder(dividingBy: span)
        return 1 + (r < 0 ? r + span : r)
    }

    // MARK: Timing

    /// Set by `--iterations`; nil means time-based measurement.
    nonisolated(unsafe) private static var fixedIterations: Int?

    /// Calls `body` repeatedly for at least `duration` seconds; returns calls per second.
    /// Time is process CPU time, as in the physics bench: not inflated by the neighbours.
    private static func rate(duration: Double, _ body: () -> Void) -> Double {
        body()  // warm-up
        var calls = 0
        let start = PhysicsBench.now()
        var elapsed = 0.0
        if let n = fixedIterations {
            for _ in 0..<n { body() }
            elapsed = PhysicsBench.now() - start
            return elapsed > 0 ? Double(n) / elapsed : 0
        }
        repeat {
            for _ in 0..<4 { body() }
            calls += 4
            elapsed = PhysicsBench.now() - start
        } while elapsed < duration
        return Double(calls) / elapsed
    }

    /// One decimal place, without Foundation.
    private static func format(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let tenths = Int((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}
