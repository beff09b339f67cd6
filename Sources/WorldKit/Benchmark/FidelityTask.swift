// MARK: - Compressed fidelity: error against memory budget
//
// The survey's persistence frontier: how much of the world does a model keep for how
// many bytes of state? A ball rolls behind a wide screen (hidden about 45 steps, far
// longer than a window model's k = 8); each contender is scored on its charged tracking
// error (a lost ball costs the frozen-at-last-sighting estimate, as everywhere) from the
// scoring start to 15 steps after the ball comes out, and on the peak bytes of its state
// over that rollout. For a model with windowed learned dynamics (window, memory) the
// same trained dynamics are also run under `memory(mode: "compression")` with several
// strides and levels: each point is (bytes, error), and the points of one model are its
// curve. A latent model is also trained at other latent dimensions (2, 4, 8, 32): its
// curve. `--report` draws the curves (bytes on a log axis, error up).
//
// Bytes count what a state carries from step to step, at 8 per number and 1 per flag
// (`StateMemory`); what the scene declares (shapes, colours, masses) is not counted.

/// Error against memory budget: each contender's own point and its compression curve.
public struct FidelityTask: BenchmarkTask {
    public init() {}
    public var name: String { "fidelity" }
    public var summary: String {
        "compressed fidelity: charged error through a long occlusion against the peak bytes of the model's state, with compression strides and levels as a curve"
    }

    /// The compression settings of the curve. Bytes grow with the levels kept; the history
    /// kept beyond the window is stride × levels steps (4 to 128), on both sides of the
    /// occlusion's 45 steps.
    public static let variants: [(stride: Int, levels: Int)] = [(4, 1), (4, 4), (4, 8), (4, 16), (16, 8)]
    /// The occlusion's intended length (steps).
    static let hidden = 45.0
    /// Steps after the true reappearance that are still scored.
    static let after = 15

    /// The row label of a compression setting.
    public static func label(stride: Int, levels: Int) -> String { "s\(stride)l\(levels)" }

    /// The latent dimensions of the latent model's curve (the benchmark's own latent has 16).
    public static let latentDims = [2, 4, 8, 32]

    /// The row label of a latent dimension.
    public static func label(dim: Int) -> String { "d\(dim)" }

    /// Every curve row's label, in table order: compression settings, then latent dimensions.
    public static var labels: [String] {
        variants.map { label(stride: $0.stride, levels: $0.levels) } + latentDims.map { label(dim: $0) }
    }

    /// The contender's curve: its model rebuilt at each setting that applies to it, by label.
    /// Windowed dynamics are reused as trained; latent models of other dimensions are trained
    /// here on the benchmark's training data with the run's first training seed (the same
    /// variants for every copy: their intervals are over scenes only).
    static func curve(_ contender: BenchmarkContender, settings: BenchmarkSettings,
                      training: BenchmarkTraining? = nil) throws -> [String: BenchmarkContender] {
        var out: [String: BenchmarkContender] = [:]
        if let dynamics = (contender.model as? any WindowTrackedModel)?.dynamics {
            for v in variants {
                out[label(stride: v.stride, levels: v.levels)] = BenchmarkContender(
                    name: contender.name, model: CompressedMemoryVariant(dynamics: dynamics, stride: v.stride, levels: v.levels),
                    priors: contender.priors)
            }
        }
        if let latent = contender.model as? LatentModel {
            let h = latent.hyperparameters, t = training ?? (settings.quick ? .quick : .standard)
            let data = try Dataset(scenes: BenchmarkScenes.training(t.scenes, seed: settings.seed), steps: t.steps, seed: settings.seed)
            for d in latentDims {
                let m = try LatentModel(dim: d, frameWidth: Int(h["frame_width"] ?? Double(LatentModel.defaultFrameWidth)),
                                        hidden: Int(h["hidden"] ?? 64))
                try train(m, data, epochs: t.epochs, learningRate: t.learningRate, seed: settings.seed)
                out[label(dim: d)] = BenchmarkContender(name: contender.name, model: m, priors: contender.priors)
            }
        }
        return out
    }

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        let curve = try FidelityTask.curve(contender, settings: settings)
        var ownBytes: [Double] = [], ownError: [Double] = [], ownTracked: [Double] = []
        var bytes: [String: [Double]] = [:], errors: [String: [Double]] = [:]
        var measurable = true
        for _ in 0..<settings.samples {
            let scene = PermanenceTask.scene(&rng, hiddenSteps: FidelityTask.hidden)
            let probe = try Simulator.rollout(scene, steps: 400)
            guard let hide = probe.states.firstIndex(where: { s in s["a"].map { !$0.visible } ?? false }),
                  let back = probe.states[hide...].firstIndex(where: { s in s["a"]?.visible ?? false }) else { continue }
            let steps = back + FidelityTask.after
            guard steps < probe.states.count, hide > settings.scoreFrom else { continue }
            let truth = Rollout(scene: scene, seed: 0, states: Array(probe.states.prefix(steps + 1)), events: [], noise: NoiseRecord())
            let own = try FidelityTask.point(contender, scene, truth, steps: steps, settings: settings)
            if let b = own.bytes { ownBytes.append(b) } else { measurable = false }
            ownError.append(own.error)
            ownTracked.append(own.tracked)
            for label in FidelityTask.labels {
                guard let variant = curve[label] else { continue }
                let p = try FidelityTask.point(variant, scene, truth, steps: steps, settings: settings)
                bytes[label, default: []].append(p.bytes ?? 0)
                errors[label, default: []].append(p.error)
            }
        }
        var out: [MetricSample] = [
            measurable ? .mean("\(name).bytes", unit: "bytes", ownBytes)
                : .unavailable("\(name).bytes", unit: "bytes", higherIsBetter: false, reason: "n/a"),
            .mean("\(name).error", unit: "m", ownError),
            .mean("\(name).tracked", unit: "share", higherIsBetter: true, ownTracked),
        ]
        for label in FidelityTask.labels {
            let row = "\(name).\(label)"
            if curve[label] == nil {
                out.append(.unavailable("\(row).bytes", unit: "bytes", higherIsBetter: false, reason: "n/a"))
                out.append(.unavailable("\(row).error", unit: "m", higherIsBetter: false, reason: "n/a"))
            } else {
                out.append(.mean("\(row).bytes", unit: "bytes", bytes[label] ?? []))
                out.append(.mean("\(row).error", unit: "m", errors[label] ?? []))
            }
        }
        return out
    }

    /// One rollout's point: peak state bytes (nil when the state is not measurable), charged error, tracking.
    static func point(_ contender: BenchmarkContender, _ scene: Scene, _ truth: Rollout, steps: Int,
                      settings: BenchmarkSettings) throws -> (bytes: Double?, error: Double, tracked: Double) {
        final class Peak { var bytes: Int? = 0 }
        let peak = Peak()
        // Every predicted step's state passes through an observer that leaves it unchanged.
        var watch: [Int: BenchmarkContender.StateEdit] = [:]
        for t in contender.firstPredictedStep...steps {
            watch[t] = { _, state in
                if let b = StateMemory.bytes(state), let p = peak.bytes { peak.bytes = max(p, b) } else { peak.bytes = nil }
                return state
            }
        }
        let predicted = try contender.run(scene, steps: steps, edits: watch)
        let score = contender.tracking(predicted, truth, steps: settings.scoreFrom...steps)
        return (peak.bytes.map(Double.init), score.meanChargedError, score.tracked)
    }
}

// MARK: - Counting a state's bytes

/// The bytes a model's state carries from step to step: 8 per number, 1 per flag.
public enum StateMemory {
    /// The state's bytes, or nil for a state this accounting does not know.
    public static func bytes(_ state: any ModelState) -> Int? {
        switch state {
        case let box as WindowStateBox:
            let s = box.state
            // Each track: x, y and angle per window frame, a seen flag per frame, a recalled flag.
            let tracks = s.tracks.reduce(0) { $0 + 3 * 8 * $1.history.count + $1.seen.count + 1 }
            // Retrieval: step, position, displacement, angle, rotation. Compression: block, position sum, step sum, count.
            return tracks + s.sightings.count * 7 * 8 + s.compressed.count * 5 * 8
        case let s as ObjectNetState:
            // Position, velocity, angle and the step last seen.
            return s.slots.filter { !$0.isStatic }.count * 6 * 8
        case let s as HybridModelState:
            // Position, velocity, spin, angle and a visible flag.
            return s.bodies.filter { !$0.shape.isStatic }.count * (6 * 8 + 1)
        case let s as LatentState:
            return (s.z.count + s.previous.count) * 8
        case let s as StillModelState:
            return s.bodies.filter { !$0.isStatic }.count * 4 * 8
        case let s as ConstantVelocityModel.State:
            return s.bodies.filter { !$0.isStatic }.count * 4 * 8
        case let s as PhysicsModelState:
            // Position, velocity, angle and angular velocity of every moving body.
            return s.simulator.state.bodies.filter { !$0.isStatic }.count * 6 * 8
        default:
            return nil
        }
    }
}

/// Trained windowed dynamics run under `memory(mode: "compression")` with a given stride and levels.
final class CompressedMemoryVariant: WindowTrackedModel {
    let dynamics: LearnedDynamics
    let stride: Int
    let levels: Int

    init(dynamics: LearnedDynamics, stride: Int, levels: Int) {
        self.dynamics = dynamics
        self.stride = stride
        self.levels = levels
    }

    var memoryPolicy: MemoryPolicy { .compression(stride: stride, levels: levels) }
    var kind: String { "memory" }
    var taxonomy: Taxonomy {
        Taxonomy(state: .implicit, memory: .compression, dynamics: .autoregressive,
                 summary: "trained windowed dynamics with \(levels) blocks of \(stride) averaged frames beyond the window")
    }
    var hyperparameters: [String: Double] {
        ["k": Double(dynamics.window), "hidden": Double(dynamics.hidden), "compression": 1, "stride": Double(stride), "levels": Double(levels)]
    }
    var isTrained: Bool { dynamics.isTrained }
    var contextLength: Int { dynamics.window }
}
