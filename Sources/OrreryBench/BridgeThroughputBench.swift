import Foundation
import WorldKit
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Training throughput: the native video model against the same network in PyTorch
//
// `OrreryBench bridge throughput [--batches N] [--batch B] [--scenes N] [--steps N] [--out DIR]`
//
// The native video model with its defaults (docs/models.md §9) and the same network,
// loss and optimiser written in PyTorch (Scripts/bench.d/video_torch_arch.py) train on
// the same minibatches of the same examples, in this run: the training dataset of the
// video benchmark (ball family, 64×64) is exported to DIR/export, the examples of every
// minibatch are drawn here with a seeded stream and written to DIR/picks.json, the
// native model trains on them (its training session's loss and gradients, clipping and
// Adam: what `train` does per minibatch), then PyTorch does, in float32 (its default) and
// in float64 (the native model's precision), on one thread each as the native BLAS
// runs. Times are CPU seconds of the training loop alone (getrusage / process_time):
// the machine may be shared. Rendering the frames and loading the export are outside
// the loop on both sides. Prints examples/s and the ratios, and the native time's split
// between gemm, im2col/col2im and element-wise work (wall-clock shares of the loop).

enum BridgeThroughputBench {
    struct Options {
        var batches = 12
        var batch = 16
        var scenes = 40
        var steps = 60
        var out = ".build/bench-bridge"
    }

    static func run(_ arguments: [String]) {
        var o = Options()
        var i = 0
        func value() -> String? { i += 1; return i < arguments.count ? arguments[i] : nil }
        func usage() -> Never {
            print("usage: OrreryBench bridge throughput [--batches N] [--batch B] [--scenes N] [--steps N] [--out DIR]")
            exit(64)
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--batches": o.batches = max(1, value().flatMap { Int($0) } ?? o.batches)
            case "--batch": o.batch = max(1, value().flatMap { Int($0) } ?? o.batch)
            case "--scenes": o.scenes = max(2, value().flatMap { Int($0) } ?? o.scenes)
            case "--steps": o.steps = max(12, value().flatMap { Int($0) } ?? o.steps)
            case "--out": guard let v = value() else { usage() }; o.out = v
            default: usage()
            }
            i += 1
        }
        do {
            try measure(o)
        } catch {
            FileHandle.standardError.write(Data("bench bridge throughput: \(error)\n".utf8))
            exit(70)
        }
    }

    static func measure(_ o: Options) throws {
        let model = try VideoModel()
        let a = model.architecture
        let size = FrameSize(width: a.size, height: a.size)
        let folder = URL(fileURLWithPath: o.out)
        let export = folder.appendingPathComponent("throughput-export")
        try FileManager.default.createDirectory(at: export, withIntermediateDirectories: true)
        let data = try Dataset(scenes: BenchmarkScenes.training(o.scenes, seed: 100), steps: o.steps, seed: 100)
        try DatasetExport.write(data, size: size) { name, bytes in
            try Data(bytes).write(to: export.appendingPathComponent(name))
        }

        // The training examples as the native session numbers them: every window of
        // `context + horizon` frames of every training rollout, rollout by rollout.
        let context = max(a.window, a.memory > 0 ? 2 : 1), length = context + model.horizon
        var examples: [(rollout: Int, start: Int)] = []
        for r in data.trainingIndices {
            for s in 0..<max(0, data.rollouts[r].states.count - length + 1) { examples.append((r, s)) }
        }
        let profile = LearningProfile()
        model.profile = profile
        let session = try model.makeTrainingSession(dataset: data, setup: TrainingSetup(seed: 0))
        guard session.trainingExampleCount == examples.count else {
            throw ModelError("the native session has \(session.trainingExampleCount) examples, this bench counted \(examples.count)")
        }
        var random = RandomStream(seed: 7)
        let batches = (0...o.batches).map { _ in (0..<o.batch).map { _ in random.index(below: examples.count) } }
        let picks = JSONValue.object([("batches", .array(batches.map { b in
            .array(b.map { .array([.integer(examples[$0].rollout), .integer(examples[$0].start)]) })
        }))])
        let picksFile = folder.appendingPathComponent("picks.json")
        try Data((picks.text(.compact) + "\n").utf8).write(to: picksFile)

        // Native: one untimed minibatch (the first allocates), then the timed loop.
        var adam = Adam(learningRate: TrainingOptions().learningRate)
        var lastLoss = 0.0
        func step(_ batch: [Int]) throws {
            var (loss, gradients) = try session.lossAndGradients(examples: batch)
            GradientClipping.clip(&gradients, maxNorm: TrainingOptions.defaultGradientClip)
            var parameters = session.parameters
            adam.update(&parameters, gradients: gradients)
            session.parameters = parameters
            lastLoss = loss
        }
        try step(batches[0])
        let before = profile.seconds
        let parameterCount = session.parameters.reduce(0) { $0 + $1.count }
        let cpu0 = cpuSeconds(), wall0 = wallSeconds()
        for batch in batches.dropFirst() { try step(batch) }
        let nativeCPU = cpuSeconds() - cpu0, nativeWall = wallSeconds() - wall0
        let trained = o.batches * o.batch
        let native = Double(trained) / nativeCPU

        let nativeSizes = session.parameters.map(\.count)
        var torch: [(dtype: String, rate: Double, parameters: Int, loss: Double)] = []
        for dtype in ["float32", "float64"] {
            let line = try runCapturing(["Scripts/external/torch-python", "Scripts/bench.d/video_torch_arch.py",
                                         export.path, picksFile.path, "--dtype", dtype, "--threads", "1",
                                         "--lr", "\(TrainingOptions().learningRate)", "--clip", "\(TrainingOptions.defaultGradientClip)",
                                         "--size", "\(a.size)", "--channels", "\(a.channels)", "--dim", "\(a.dim)",
                                         "--window", "\(a.window)", "--hidden", "\(a.hidden)", "--horizon", "\(model.horizon)"])
            guard let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let rate = (json["examples_per_second"] as? NSNumber)?.doubleValue,
                  let count = (json["examples"] as? NSNumber)?.intValue, count == trained,
                  let parameters = (json["parameters"] as? NSNumber)?.intValue,
                  let sizes = (json["tensor_sizes"] as? [NSNumber])?.map(\.intValue),
                  let loss = (json["loss"] as? NSNumber)?.doubleValue else {
                throw ModelError("video_torch_arch.py printed \(line)")
            }
            guard sizes == nativeSizes else {
                throw ModelError("the PyTorch network's tensors (\(sizes)) are not the native network's (\(nativeSizes)): Scripts/bench.d/video_torch_arch.py no longer mirrors the video model")
            }
            torch.append((dtype, rate, parameters, loss))
        }

        print("# Training throughput, \(a.size)×\(a.size) video model (channels \(a.channels), dim \(a.dim), window \(a.window), hidden \(a.hidden), horizon \(model.horizon)): \(o.batches) minibatches of \(o.batch) examples (\(context) context + \(model.horizon) predicted frames each), the same examples on both sides; CPU time of the training loop, one thread")
        print("")
        print("| trainer | examples/s | native ÷ this | parameters | last minibatch loss |")
        print("|---|---|---|---|---|")
        print("| native (Swift, float64, OpenBLAS) | \(f(native, 1)) | 1.00 | \(parameterCount) | \(f(lastLoss, 5)) |")
        for t in torch {
            print("| PyTorch \(t.dtype) | \(f(t.rate, 1)) | \(f(native / t.rate)) | \(t.parameters) | \(f(t.loss, 5)) |")
        }
        print("")
        let shares = LearningProfile.Part.allCases.map { "\($0.rawValue) \(f(100 * ((profile.seconds[$0] ?? 0) - (before[$0] ?? 0)) / nativeWall, 1)) %" }
        print("native time (wall-clock shares of its loop, \(f(nativeWall, 1)) s wall for \(f(nativeCPU, 1)) s CPU): " + shares.joined(separator: ", "))
        for t in torch {
            print("native ÷ PyTorch \(t.dtype): \(f(native / t.rate)) (target ≥ 0.5: \(native / t.rate >= 0.5 ? "met" : "missed"))")
        }
    }

    // MARK: - Helpers

    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
    }

    static func wallSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Runs a command from the repository's folder; returns its last line of output.
    static func runCapturing(_ words: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: words[0])
        p.arguments = Array(words.dropFirst())
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw ModelError("\(words[1]) exited with status \(p.terminationStatus)") }
        return String(decoding: output, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
    }

    static func f(_ x: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", x) }
}
