import Foundation
import WorldKit

// MARK: - The PyTorch reference video model in the video benchmark's comparison
//
// `OrreryBench bridge reference [--seeds N] [--scenes N] [--steps N] [--test N]
//                               [--train-steps N] [--out DIR] [--native FILE] [-- TRAIN OPTIONS]`
//
// The same data and scoring as `Scripts/bench video`: the benchmark's ball family, 40
// training scenes × 60 steps (sampling seed 100), 12 held-out scenes (seed 900), 64×64
// RGB, an 8-frame context and 30 predicted frames. The training dataset is written with
// `export` (DatasetExport) to DIR/export; for each training seed the PyTorch model
// (Scripts/external/video_model.py) trains on that export in its own process, then is
// served over protocol version 2 and rolled out by this host from each held-out scene's
// first 8 frames. PSNR (8-bit scale) is that of the mean pixel MSE over the held-out
// scenes at each horizon, as the video bench computes it, with frames rendered by the
// host. Repeating the last context frame and continuing the last change of the context
// (F_7 + h·(F_7 − F_6), clamped: the pixels' "constant velocity") are printed beside it.
// When FILE (default .build/bench/video.json) holds the native model's figures in the
// format below, its row joins the table. Everything measured is written to DIR/reference.json.
//
// The native figures file: {"psnr": {"NAME": {"mean": [h1…h30], "sd": [h1…h30]}, …},
// "seeds": N, …}; every NAME becomes a column.

enum BridgeReferenceBench {
    struct Options {
        var seeds = 3
        var scenes = 40
        var steps = 60
        var test = 12
        var size = 64
        var context = 8
        var horizon = 30
        var trainSteps = 600
        var out = ".build/bench-bridge"
        var native = ".build/bench/video.json"
        var trainArguments: [String] = []
    }

    static func run(_ arguments: [String]) {
        var o = Options()
        var i = 0
        func value() -> String? { i += 1; return i < arguments.count ? arguments[i] : nil }
        func usage() -> Never {
            print("usage: OrreryBench bridge reference [--seeds N] [--scenes N] [--steps N] [--test N] [--train-steps N] [--out DIR] [--native FILE] [-- video_model.py train options]")
            exit(64)
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--seeds": o.seeds = max(1, value().flatMap { Int($0) } ?? o.seeds)
            case "--scenes": o.scenes = max(2, value().flatMap { Int($0) } ?? o.scenes)
            case "--steps": o.steps = max(12, value().flatMap { Int($0) } ?? o.steps)
            case "--test": o.test = max(1, value().flatMap { Int($0) } ?? o.test)
            case "--train-steps": o.trainSteps = max(1, value().flatMap { Int($0) } ?? o.trainSteps)
            case "--out": guard let v = value() else { usage() }; o.out = v
            case "--native": guard let v = value() else { usage() }; o.native = v
            case "--":
                o.trainArguments = Array(arguments[(i + 1)...])
                i = arguments.count
                continue
            default: usage()
            }
            i += 1
        }
        do {
            try measure(o)
        } catch {
            FileHandle.standardError.write(Data("bench bridge reference: \(error)\n".utf8))
            exit(70)
        }
    }

    static func measure(_ o: Options) throws {
        let size = FrameSize(width: o.size, height: o.size)
        let folder = URL(fileURLWithPath: o.out)
        let export = folder.appendingPathComponent("export")
        try FileManager.default.createDirectory(at: export, withIntermediateDirectories: true)
        let data = try Dataset(scenes: BenchmarkScenes.training(o.scenes, seed: 100), steps: o.steps, seed: 100)
        try DatasetExport.write(data, size: size) { name, bytes in
            try Data(bytes).write(to: export.appendingPathComponent(name))
        }
        let testScenes = BenchmarkScenes.training(o.test, seed: 900)
        let truths = try testScenes.map { try Simulator.rollout($0, steps: o.context + o.horizon - 1, seed: 0) }
        let truthFrames = try zip(testScenes, truths).map { scene, truth in
            try truth.states.map { try FrameRendering.render(scene: scene, state: $0, size: size).pixels }
        }

        // The baselines, from the truth's own frames.
        var repeatMSE = [Double](repeating: 0, count: o.horizon), changeMSE = repeatMSE
        for frames in truthFrames {
            let last = frames[o.context - 1], before = frames[o.context - 2]
            for h in 0..<o.horizon {
                let actual = frames[o.context + h]
                repeatMSE[h] += try Metrics.pixelMSE(last, actual) / Double(o.test)
                let continued = zip(last, before).map { l, b -> UInt8 in
                    let v = Double(l) + Double(h + 1) * (Double(l) - Double(b))
                    return UInt8(min(255, max(0, v.rounded())))
                }
                changeMSE[h] += try Metrics.pixelMSE(continued, actual) / Double(o.test)
            }
        }

        // Train every seed at once, each its own process on one thread (deterministic per seed;
        // on a shared machine the seeds then wait on the machine together, not in turn).
        var trainings: [(process: Process, output: Pipe)] = []
        for seed in 0..<o.seeds {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "Scripts/external/video-model")
            p.arguments = ["train", export.path, "--out", checkpoint(folder, seed), "--seed", "\(seed)",
                           "--steps", "\(o.trainSteps)", "--context", "\(o.context)"] + o.trainArguments
            let pipe = Pipe()
            p.standardOutput = pipe
            try p.run()
            trainings.append((p, pipe))
        }
        var cpuSeconds: [Double] = []
        for (seed, t) in trainings.enumerated() {
            let output = t.output.fileHandleForReading.readDataToEndOfFile()
            t.process.waitUntilExit()
            guard t.process.terminationStatus == 0 else {
                throw ModelError("training the PyTorch model (seed \(seed)) exited with status \(t.process.terminationStatus)")
            }
            let line = String(decoding: output, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
            let info = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            cpuSeconds.append((info?["cpu_seconds"] as? NSNumber)?.doubleValue ?? .nan)
        }

        var referencePSNR: [[Double]] = []
        for seed in 0..<o.seeds {
            let path = checkpoint(folder, seed)
            let model = try ExternalModel(command: "Scripts/external/video-model serve --model '\(path)'", timeout: 600,
                                          permission: .grantedByUser())
            defer { model.shutdown() }
            guard model.decodedFrameSize == size else {
                throw ModelError("the PyTorch model gives \(model.decodedFrameSize.map { "\($0)" } ?? "no") frames, expected \(size)")
            }
            var total = [Double](repeating: 0, count: o.horizon)
            for ((scene, truth), frames) in zip(zip(testScenes, truths), truthFrames) {
                var state = try model.start(scene: scene, context: truth.states.prefix(o.context).map(Observation.init))
                for h in 0..<o.horizon {
                    state = try model.step(state)
                    guard let frame = try model.decodeWithFrame(state).frame else { throw ModelError("no frame decoded") }
                    total[h] += try Metrics.pixelMSE(frame.pixels, frames[o.context + h]) / Double(o.test)
                }
            }
            referencePSNR.append(total.map { Metrics.psnr(mse: $0) })
            FileHandle.standardError.write(Data("seed \(seed): trained in \(f(cpuSeconds[seed], 1)) s CPU; h1 \(f(referencePSNR.last?[0] ?? .nan)) dB\n".utf8))
        }
        let repeatPSNR = repeatMSE.map { Metrics.psnr(mse: $0) }
        let changePSNR = changeMSE.map { Metrics.psnr(mse: $0) }
        let native = nativeColumns(path: o.native, horizon: o.horizon)

        print("# PyTorch reference (Scripts/external/video_model.py) on the video benchmark's data: ball family, \(o.size)×\(o.size) RGB, \(o.scenes) training scenes × \(o.steps) steps (exported to \(export.path)), \(o.test) held-out scenes, \(o.context)-frame context, \(o.horizon) predicted steps, \(o.seeds) training seeds of \(o.trainSteps) optimiser steps (mean ± sd)")
        if !o.trainArguments.isEmpty { print("# training options: \(o.trainArguments.joined(separator: " "))") }
        print("# training CPU time per seed (process_time of its training loop): \(pm(cpuSeconds, 1)) s")
        if native.isEmpty { print("# native video model: no figures at \(o.native) (run Scripts/bench video to add its row)") }
        print("")
        let names = ["PyTorch ConvGRU"] + native.map(\.name) + ["repeat last frame", "continue last change"]
        print("| horizon | " + names.joined(separator: " | ") + " |")
        print("|" + String(repeating: "---|", count: names.count + 1))
        for h in 0..<o.horizon where h < 5 || (h + 1) % 5 == 0 {
            let cells = [pm(referencePSNR.map { $0[h] })] + native.map { "\(f($0.mean[h])) ± \(f($0.sd[h]))" }
                + [f(repeatPSNR[h]), f(changePSNR[h])]
            print("| \(h + 1) | " + cells.joined(separator: " | ") + " |")
        }
        let mean = (0..<o.horizon).map { h in meanSD(referencePSNR.map { $0[h] }).mean }
        let above = (0..<o.horizon).filter { mean[$0] > repeatPSNR[$0] }.count
        let everySeed = (0..<o.horizon).filter { h in referencePSNR.allSatisfy { $0[h] > repeatPSNR[h] } }.count
        print("")
        print("PyTorch above repeat-last-frame at \(above) of \(o.horizon) horizons (mean over seeds); every seed above at \(everySeed) of \(o.horizon)")
        for column in native {
            let wins = (0..<o.horizon).filter { mean[$0] > column.mean[$0] }.count
            print("PyTorch above \(column.name) at \(wins) of \(o.horizon) horizons")
        }

        let json = JSONValue.object([
            ("horizons", .array((1...o.horizon).map { .integer($0) })),
            ("seeds", .integer(o.seeds)),
            ("train_steps", .integer(o.trainSteps)),
            ("train_arguments", .array(o.trainArguments.map(JSONValue.string))),
            ("train_cpu_seconds", .array(cpuSeconds.map(JSONValue.compactNumber))),
            ("psnr", .object([
                ("pytorch", .object([("per_seed", .array(referencePSNR.map { .array($0.map(JSONValue.compactNumber)) })),
                                     ("mean", .array(mean.map(JSONValue.compactNumber))),
                                     ("sd", .array((0..<o.horizon).map { h in .compactNumber(meanSD(referencePSNR.map { $0[h] }).sd) }))])),
                ("repeat_last", .array(repeatPSNR.map(JSONValue.compactNumber))),
                ("continue_last_change", .array(changePSNR.map(JSONValue.compactNumber))),
            ])),
        ])
        try Data((json.text(.compact) + "\n").utf8).write(to: folder.appendingPathComponent("reference.json"))
    }

    // MARK: - The native model's figures, when present

    struct Column { var name: String; var mean: [Double]; var sd: [Double] }

    static func nativeColumns(path: String, horizon: Int) -> [Column] {
        guard let data = FileManager.default.contents(atPath: path),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let psnr = root["psnr"] as? [String: Any] else { return [] }
        return psnr.keys.sorted().compactMap { name in
            guard let entry = psnr[name] as? [String: Any],
                  let mean = (entry["mean"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.doubleValue }), mean.count >= horizon else { return nil }
            let sd = (entry["sd"] as? [Any])?.compactMap { ($0 as? NSNumber)?.doubleValue } ?? []
            return Column(name: "\(name) (native)", mean: mean, sd: sd.count >= horizon ? sd : [Double](repeating: .nan, count: horizon))
        }
    }

    // MARK: - Helpers

    static func checkpoint(_ folder: URL, _ seed: Int) -> String {
        folder.appendingPathComponent("reference-seed\(seed).pt").path
    }

    /// Mean and sample standard deviation of the finite values.
    static func meanSD(_ xs: [Double]) -> (mean: Double, sd: Double) {
        let finite = xs.filter(\.isFinite)
        guard !finite.isEmpty else { return (.nan, .nan) }
        let m = finite.reduce(0, +) / Double(finite.count)
        guard finite.count > 1 else { return (m, 0) }
        return (m, (finite.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(finite.count - 1)).squareRoot())
    }

    static func f(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
    static func pm(_ xs: [Double], _ digits: Int = 2) -> String {
        let s = meanSD(xs)
        return "\(f(s.mean, digits)) ± \(f(s.sd, digits))"
    }
}
