import Foundation
import WorldKit
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Frames across the external-model bridge (Scripts/bench bridge)
//
// What protocol version 2 costs per step for 64×64 frames, raw against PNG:
// - on the host alone: writing one frame as protocol JSON, and reading one back
//   (JSON parse, base64, and for PNG the zlib inflate and unfiltering);
// - end to end with Scripts/external/frame_echo.py (numpy): one rollout step (a `step`
//   request and a `decode` whose reply carries a frame) against the same exchange with
//   bodies only, in wall-clock time, both processes included (medians: the machine may be shared);
// - `start` with an 8-frame context, raw against PNG.
// Lines: name<TAB>value<TAB>unit.

enum BridgeBench {
    static func run(_ arguments: [String]) {
        switch arguments.first {
        case "reference": return BridgeReferenceBench.run(Array(arguments.dropFirst()))
        case "throughput": return BridgeThroughputBench.run(Array(arguments.dropFirst()))
        default: break
        }
        let quick = arguments.contains("--quick")
        let size = FrameSize.standard
        do {
            let scene = benchScene()
            let state = try Simulator.rollout(scene, steps: 30).states[30]
            let image = try FrameRendering.render(scene: scene, state: state, size: size)
            let repeats = quick ? 200 : 2_000
            for encoding in FrameEncoding.allCases {
                var text = ""
                let write = try time(repeats) { text = try ExternalProtocol.frameText(image, encoding: encoding) }
                let read = try time(repeats) { _ = try ExternalProtocol.frame(text: text, expected: size) }
                emit("host-write/\(encoding.rawValue)", write * 1e3, "ms")
                emit("host-read/\(encoding.rawValue)", read * 1e3, "ms")
                emit("bytes/\(encoding.rawValue)", Double(text.utf8.count), "bytes")
            }
            // Per step end to end: every configuration runs `steps` steps in each of `rounds`
            // rounds, interleaved, so a change in the machine's load falls on all of them.
            let steps = quick ? 60 : 1_000, rounds = quick ? 1 : 5
            let configurations: [(String, String)] = [
                ("bodies", "--takes bodies --gives bodies"),
                ("raw", "--takes frames --gives frames --encoding raw"),
                ("png", "--takes frames --gives frames --encoding png"),
            ]
            var medians: [String: [Double]] = [:], cpu: [String: [Double]] = [:]
            for round in 0..<rounds {
                for (name, flags) in configurations {
                    let model = try ExternalModel(command: "python3 Scripts/external/frame_echo.py \(flags)", timeout: 20,
                                                  permission: .grantedByUser())
                    defer { model.shutdown() }
                    // Warm up (the process's first replies pay for imports and caches), then time.
                    _ = try ModelRollout.run(model, scene: scene, steps: 20)
                    var run = try ModelRun(model, scene: scene, steps: steps)
                    // The median step: on a shared machine, a mean measures the neighbours.
                    var times: [Double] = []
                    let cpu0 = cpuSeconds() + (model.processID.flatMap(childCPUSeconds) ?? .nan)
                    while run.step < steps {
                        let started = now()
                        try run.advance()
                        times.append(now() - started)
                    }
                    // CPU time of both processes per step: what the exchange costs, whatever the load.
                    let cpu1 = cpuSeconds() + (model.processID.flatMap(childCPUSeconds) ?? .nan)
                    medians[name, default: []].append(median(times))
                    cpu[name, default: []].append((cpu1 - cpu0) / Double(steps))
                    emit("round\(round)/step/\(name)", median(times) * 1e3, "ms")
                    if round == 0 {
                        let starts = quick ? 5 : 30
                        let context = try Simulator.rollout(scene, steps: 7).states.map(Observation.init)
                        let startTime = try time(starts) { _ = try model.start(scene: scene, context: context) }
                        emit("start8/\(name)", startTime * 1e3, "ms")
                    }
                }
            }
            for (name, _) in configurations {
                emit("step/\(name)", median(medians[name] ?? []) * 1e3, "ms")
                emit("cpu/\(name)", median(cpu[name] ?? []) * 1e3, "ms")
            }
            emit("rounds", Double(rounds), "count")
            emit("steps", Double(steps), "count")
        } catch {
            FileHandle.standardError.write(Data("bridge bench: \(error)\n".utf8))
            exit(1)
        }
    }

    /// Two balls bouncing in a box: what the frames show does not change their cost much.
    static func benchScene() -> Scene {
        var a = BodySpec.ball("a", at: Vec2(-2, 3), radius: 0.8)
        a.velocity = Vec2(3, 1)
        var b = BodySpec.ball("b", at: Vec2(2, 1), radius: 0.6)
        b.velocity = Vec2(-2, 2)
        return Scene(name: "box", bodies: [a, b], bounds: Bounds(Vec2(-5, 0), Vec2(5, 6)),
                     camera: CameraSpec(center: Vec2(0, 3), size: Vec2(10, 6), pixelsPerUnit: 32))
    }

    /// Seconds per call of `body`: the median of `repeats` timed calls.
    static func time(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<repeats {
            let started = now()
            try body()
            times.append(now() - started)
        }
        return median(times)
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        guard !s.isEmpty else { return .nan }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// CPU seconds (user + system) of this process.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
    }

    /// CPU seconds of a running child, from /proc/PID/stat (utime and stime, in clock ticks).
    static func childCPUSeconds(_ pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command's closing parenthesis start at field 3 (state).
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func emit(_ name: String, _ value: Double, _ unit: String) {
        print("\(name)\t\(String(format: "%.4f", value))\t\(unit)")
    }
}
