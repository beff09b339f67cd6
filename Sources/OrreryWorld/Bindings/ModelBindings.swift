import OrreryLang
import WorldKit
import Foundation

// MARK: - The model library in the language
//
// Constructors (`window`, `memory`, `hybrid`, `latent`, `objectnet`, `external`),
// `dataset`, `train`, model rollouts and model files. Metrics live in
// `ModelBindings+Metrics.swift`, latent edits in `ModelBindings+Edits.swift`.

/// An output sink that can also draw progress of long work (a bar on a terminal).
/// The library never prints; the CLI implements this on its console output.
public protocol ProgressSink: AnyObject {
    /// `fraction` of `label` is done (0...1); `detail` says where it is (`epoch 3/20, loss 0.012`).
    func progress(_ label: String, fraction: Double, detail: String)
    /// The work named `label` is over (clear the bar).
    func progressDone(_ label: String)
}

/// Defaults of the model natives, named once.
enum ModelDefaults {
    static let datasetSize = 32
    static let datasetSteps = 60
    /// Largest model file `load_model` reads (bytes).
    static let maximumFileBytes = 1 << 30
}

enum ModelBindings {
    static func install(into interp: Interpreter, options: RunOptions, output: OutputSink) {
        installConstructors(interp, allowExec: options.allowExec)
        installTraining(interp, output: output)
        installFiles(interp, options: options, output: output)
        installMetrics(interp)
        installEdits(interp)
        installVideo(interp)
    }

    /// Runs library code, turning its errors into script errors with the native's name.
    static func library<T>(_ function: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let e as NativeError {
            throw e
        } catch let e as ScriptError {
            // A script function the model calls (a guided model's sketch) failed: keep its location.
            throw e
        } catch let e as ModelError {
            throw NativeError("\(function): \(e.message)")
        } catch {
            throw NativeError("\(function): \(error)")
        }
    }

    // MARK: - Constructors

    static func installConstructors(_ interp: Interpreter, allowExec: Bool) {
        interp.define(NativeFunction("window", parameters: ["k", "hidden"]) { args in
            let k = args.has(1) ? try args.integer(at: 1) : WindowModel.defaultK
            let hidden = args.has(2) ? try args.integer(at: 2) : WindowModel.defaultHidden
            return try make("window") { try WindowModel(k: k, hidden: hidden) }
        })
        interp.define(NativeFunction("memory", parameters: ["k", "hidden", "mode", "stride", "levels"]) { args in
            let k = args.has(1) ? try args.integer(at: 1) : WindowModel.defaultK
            let hidden = args.has(2) ? try args.integer(at: 2) : WindowModel.defaultHidden
            let modeName = args.has(3) ? try args.string(at: 3) : "retrieval"
            let stride = args.has(4) ? try args.integer(at: 4) : MemoryModel.defaultStride
            let levels = args.has(5) ? try args.integer(at: 5) : MemoryModel.defaultLevels
            let mode: MemoryModel.Mode
            switch modeName {
            case "retrieval":
                guard !args.has(4), !args.has(5) else { throw args.bad(4, "stride and levels belong to mode \"compression\"") }
                mode = .retrieval
            case "compression": mode = .compression(stride: stride, levels: levels)
            default: throw args.bad(3, "mode must be \"retrieval\" or \"compression\", got \"\(modeName)\"")
            }
            return try make("memory") { try MemoryModel(k: k, hidden: hidden, mode: mode) }
        })
        interp.define(NativeFunction("hybrid", parameters: ["hidden"]) { args in
            let hidden = args.has(1) ? try args.integer(at: 1) : WindowModel.defaultHidden
            return try make("hybrid") { try HybridModel(hidden: hidden) }
        })
        interp.define(NativeFunction("latent", parameters: ["dim", "hidden", "width", "color"]) { args in
            let dim = args.has(1) ? try args.integer(at: 1) : 16
            let hidden = args.has(2) ? try args.integer(at: 2) : 64
            let width = args.has(3) ? try args.integer(at: 3) : LatentModel.defaultFrameWidth
            let color = args.has(4) ? try args.bool(at: 4) : false
            return try make("latent") { try LatentModel(dim: dim, frameWidth: width, hidden: hidden, color: color) }
        })
        interp.define(NativeFunction("objectnet", parameters: ["hidden"]) { args in
            let hidden = args.has(1) ? try args.integer(at: 1) : 64
            return try make("objectnet") { try ObjectNetModel(hidden: hidden) }
        })
        interp.define(NativeFunction("external", parameters: ["command", "timeout"]) { args in
            let command = try args.string(at: 1)
            let timeout = try args.optionalNumber(at: 2) ?? ExternalModel.defaultTimeout
            guard allowExec else {
                throw NativeError("external: starting a process needs permission; run with --allow-exec")
            }
            let model = try library("external") {
                try ExternalModel(command: command, timeout: timeout, permission: .grantedByUser())
            }
            return .object(ModelObject(model))
        })
    }

    /// Builds a model now (so bad hyperparameters fail at the constructor) and keeps the recipe for `train`.
    static func make(_ function: String, _ build: @escaping () throws -> any WorldModel) throws -> Value {
        .object(ModelObject(try library(function, build), fresh: build))
    }

    // MARK: - Datasets and training

    static func installTraining(_ interp: Interpreter, output: OutputSink) {
        let defaultSeed = interp.seed
        interp.define(NativeFunction("dataset", parameters: ["scenes", "n", "steps", "seed"]) { args in
            let n = args.has(2) ? try args.integer(at: 2, in: 1...Dataset.maximumStates, name: "n") : nil
            let steps = args.has(3) ? try args.integer(at: 3, in: 1...Dataset.maximumSteps, name: "steps") : ModelDefaults.datasetSteps
            let seed = try args.seed(at: 4, default: defaultSeed)
            let scenes = try datasetScenes(&args, n: n, seed: seed)
            // Each state is kept twice: simulated, and as the models' observation of it.
            let states = scenes.reduce(0) { $0 &+ MemoryEstimates.states(steps &+ 1, bodies: $1.bodies.count) }
            try args.reserve(states < 0 || states > Int.max / 2 ? Int.max : states * 2, for: "dataset")
            let interpreter = args.interpreter
            // Ctrl-C in the REPL stops a long dataset between rollouts.
            let data = try library("dataset") {
                try Dataset(scenes: scenes, steps: steps, seed: seed, checkpoint: { try interpreter.checkInterrupt() })
            }
            return .object(DatasetObject(data))
        })
        interp.define(NativeFunction("train", parameters: ["model", "data", "epochs", "lr", "seed", "unroll", "noise",
                                                         "priors", "weight", "warmup", "unlabelled"]) { args in
            let m = try args.object(at: 1, as: ModelObject.self, expected: "model")
            let data = try args.object(at: 2, as: DatasetObject.self, expected: "dataset")
            let epochs = args.has(3) ? try args.integer(at: 3) : TrainingOptions.defaultEpochs
            guard epochs >= 1, epochs <= TrainingOptions.maximumEpochs else {
                throw args.bad(3, "epochs must be in 1...\(TrainingOptions.maximumEpochs), got \(epochs)")
            }
            let lr = try args.optionalNumber(at: 4) ?? TrainingOptions.defaultLearningRate
            guard lr > 0, lr.isFinite else { throw args.bad(4, "learning rate must be a positive number") }
            let seed = try args.seed(at: 5, default: defaultSeed)
            let unroll = args.has(6) ? try args.integer(at: 6) : nil
            if let u = unroll, u < 1 || u > TrainingOptions.maximumUnroll {
                throw args.bad(6, "unroll must be in 1...\(TrainingOptions.maximumUnroll), got \(u)")
            }
            let noise = try args.optionalNumber(at: 7)
            if let n = noise, !(n >= 0 && n <= 1) { throw args.bad(7, "noise must be a number of metres in [0, 1]") }
            // Physics-informed training: differentiable priors added to the multi-step loss.
            var priors = try PriorModelBindings.trainingPriors(args, priorsAt: 8, weightAt: 9, warmupAt: 10, unlabelledAt: 11,
                                                                 epochs: epochs, kind: m.model.kind)
            guard let fresh = m.fresh else {
                throw args.bad(1, "the \(m.name) model is not trainable; build one with window, memory, hybrid, latent, objectnet or video")
            }
            let built = try library("train", fresh)
            guard let model = built as? any TrainableModel else { throw args.bad(1, "the \(m.name) model cannot be trained") }
            try PriorModelBindings.attachUnlabelled(&priors, args, at: 11, contextFrames: model.contextLength, seed: seed)
            let sink = output as? ProgressSink
            let label = "train \(model.kind)"
            let interpreter = args.interpreter
            defer { sink?.progressDone(label) }
            _ = try library("train") {
                try Trainer.train(model, on: data.dataset,
                                  options: TrainingOptions(epochs: epochs, learningRate: lr, seed: seed,
                                                           // The run's budget (--max-memory) bounds a training's estimate.
                                                           memoryLimit: interpreter.memory.limit, unroll: unroll, noise: noise),
                                  priors: priors) { p in
                    // Ctrl-C in the REPL stops training between epochs.
                    try interpreter.checkInterrupt()
                    var held = p.heldOutLoss.map { ", held-out \(fmt($0))" } ?? ""
                    if let e = p.heldOutRolloutError {
                        held += ", held-out rollout error \(fmt(e)) m (best \(fmt(p.bestHeldOutRolloutError ?? e)) m)"
                    }
                    if let share = p.priorShare { held += ", priors \(fmt(share * 100)) % of the loss" }
                    sink?.progress(label, fraction: p.fraction,
                                   detail: "epoch \(p.epoch)/\(p.epochs), loss \(fmt(p.trainLoss))\(held)")
                }
            }
            return .object(ModelObject(model, fresh: fresh))
        })
    }

    /// The scenes of a dataset: a list of scenes (cycled to `n` when given), or one scene —
    /// sampled `n` times through `sample` when the session has it (a family draws new
    /// values each time), else replicated (rollouts then differ only by their noise).
    static func datasetScenes(_ args: inout Arguments, n: Int?, seed: UInt64) throws -> [Scene] {
        switch args.value(at: 1) {
        case .list(let items):
            guard !items.isEmpty else { throw args.bad(1, "the list of scenes is empty") }
            var scenes: [Scene] = []
            for (i, item) in items.enumerated() {
                guard case .object(let s as SceneObject) = item else {
                    throw args.bad(1, "list of scenes expected, item \(i) is a \(item.typeName)")
                }
                scenes.append(s.scene)
            }
            guard let n else { return scenes }
            return (0..<n).map { scenes[$0 % scenes.count] }
        case .object(let s as SceneObject):
            let count = n ?? ModelDefaults.datasetSize
            if case .native(let sample)? = args.interpreter.builtin("sample") {
                let drawn = try args.call(.native(sample), [.object(s), .number(Double(count)), .seed(seed)])
                if case .list(let items) = drawn {
                    let scenes = items.compactMap { item -> Scene? in
                        if case .object(let o as SceneObject) = item { return o.scene }
                        return nil
                    }
                    if scenes.count == items.count, !scenes.isEmpty { return scenes }
                }
                throw args.bad(1, "sample(\(s.scene.name)) did not give a list of scenes")
            }
            return Array(repeating: s.scene, count: count)
        default:
            throw args.bad(1, expected: "scene or list of scenes")
        }
    }

    // MARK: - Rollouts

    /// `rollout(m, scene, steps:, seed:)` for a model other than the simulator.
    static func rollout(_ m: ModelObject, _ scene: SceneObject, steps: Int, seed: UInt64) throws -> RolloutObject {
        let r = try library("rollout") { try ModelRollout.run(m.model, scene: scene.scene, steps: steps, seed: seed) }
        let out = ModelRolloutObject(r, model: m)
        out.earlierNames = scene.namesBeyondScene
        return out
    }

    // MARK: - Model files

    static func installFiles(_ interp: Interpreter, options: RunOptions, output: OutputSink) {
        interp.define(NativeFunction("load_model", parameters: ["path"]) { args in
            let path = try args.string(at: 1)
            let scriptFile = args.interpreter.currentRange.file
            let bytes = try readModelFile(path, outputDirectory: options.outputDirectory, scriptFile: scriptFile,
                                          allowRead: options.allowRead)
            let model = try library("load_model") {
                do { return try ModelFile.decode(bytes) } catch let e as ModelError {
                    throw ModelError("'\(path)' is not a usable model file: \(e.message)")
                }
            }
            return .object(ModelObject(model))
        })
    }

    /// The bytes of a model file for `save(m, "name.orrm")`.
    static func encode(_ m: ModelObject) throws -> [UInt8] {
        guard m.model.isTrained else { throw NativeError("save: the \(m.name) model is not trained; train it first") }
        guard let p = m.model as? any PersistentModel else { throw NativeError("save: a \(m.name) model cannot be saved to a file") }
        return ModelFile.encode(p)
    }

    /// Reads a model file, looked up in the output folder first (where `save` wrote it),
    /// then next to the script. A path that leads outside both (absolute, `..`, or a
    /// symbolic link) needs an `--allow-read` folder that contains it (ReadAccess).
    static func readModelFile(_ path: String, outputDirectory: String, scriptFile: String,
                              allowRead: [String] = []) throws -> [UInt8] {
        guard !path.isEmpty else { throw NativeError("load_model: empty file name") }
        var folders = [outputDirectory.isEmpty ? "." : outputDirectory]
        if !scriptFile.isEmpty, !scriptFile.hasPrefix("<") {
            folders.append(URL(fileURLWithPath: scriptFile).deletingLastPathComponent().path)
        }
        let access = ReadAccess(folders: folders, allowed: allowRead)
        do {
            for base in path.hasPrefix("/") ? ["/"] : folders {
                guard let real = try access.resolve(path, relativeTo: base, place: "the output folder and the script's folder")
                else { continue }
                return try ReadAccess.read(real, limit: ModelDefaults.maximumFileBytes)
            }
        } catch let e as NativeError {
            throw NativeError("load_model: \(e.message)")
        }
        throw NativeError("load_model: no file '\(path)' in the output folder '\(outputDirectory)' or next to the script")
    }
}

// MARK: - Dataset values

/// Simulated rollouts for training: `data.size`, `data.steps`, `data.train`, `data.held_out`.
final class DatasetObject: HostObject {
    let dataset: Dataset

    init(_ dataset: Dataset) { self.dataset = dataset }

    var typeName: String { "dataset" }
    var description: String {
        "<dataset: \(dataset.count) rollouts × \(dataset.steps) steps, \(dataset.heldOutCount) held out, seed \(dataset.seed)>"
    }
    func isEqual(to other: any HostObject) -> Bool {
        (other as? DatasetObject).map { $0.dataset.rollouts == dataset.rollouts } ?? false
    }

    var memberNames: [String] { ["size", "steps", "seed", "train", "held_out", "scenes", "rollouts"] }

    func member(_ name: String) throws -> Value? {
        switch name {
        case "size": return .number(Double(dataset.count))
        case "steps": return .number(Double(dataset.steps))
        case "seed": return .seed(dataset.seed)
        case "train": return .number(Double(dataset.trainingIndices.count))
        case "held_out": return .number(Double(dataset.heldOutCount))
        case "scenes": return .list(dataset.scenes.map { .object(SceneObject($0)) })
        case "rollouts":
            return .list(dataset.rollouts.map { .object(RolloutObject($0, modelName: "physics")) })
        default: return nil
        }
    }
}
