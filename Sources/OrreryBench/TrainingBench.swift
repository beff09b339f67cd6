import Foundation
import WorldKit

// MARK: - Training throughput of the object-slot model's interaction network
//
// `OrreryBench training [--hidden H] [--batch B] [--steps S] [--export DIR]`
//
// Simulates a family of three-ball scenes in a walled box, turns the transitions
// into interaction-network examples (18 relations and 3 objects per world), and
// times (in CPU seconds, getrusage) S minibatch Adam steps of B worlds each (gather, forward, backward, update:
// exactly what `Trainer` does per step). With --export, writes the examples and the
// batch order so Scripts/bench.d/objectnet_jax.py trains the same network on the
// same batches in JAX. Prints `name<TAB>value<TAB>unit` lines. One BLAS thread: the
// package links libopenblas-serial, so there is no multi-threaded figure to take.

enum TrainingBench {
    struct Options {
        var hidden = 64
        var batch = TrainingOptions.defaultBatchSize
        var steps = 300
        var scenes = 64
        var sceneSteps = 120
        var learningRate = TrainingOptions.defaultLearningRate
        var repeats = 3
        var export: String?
    }

    static func run(_ arguments: [String]) {
        var o = Options()
        var i = 0
        func value() -> String? { i += 1; return i < arguments.count ? arguments[i] : nil }
        while i < arguments.count {
            switch arguments[i] {
            case "--hidden": o.hidden = value().flatMap(Int.init) ?? o.hidden
            case "--batch": o.batch = value().flatMap(Int.init) ?? o.batch
            case "--steps": o.steps = value().flatMap(Int.init) ?? o.steps
            case "--scenes": o.scenes = value().flatMap(Int.init) ?? o.scenes
            case "--repeats": o.repeats = max(1, value().flatMap(Int.init) ?? o.repeats)
            case "--export": o.export = value()
            default:
                print("usage: OrreryBench training [--hidden H] [--batch B] [--steps S] [--scenes N] [--repeats R] [--export DIR]")
                exit(64)
            }
            i += 1
        }
        do {
            try measure(o)
        } catch {
            FileHandle.standardError.write("bench training: \(error)\n".data(using: .utf8)!)
            exit(70)
        }
    }

    /// Three balls in a 10×6 box with random positions and velocities, seeded.
    static func scene(_ rng: inout RandomStream) -> Scene {
        var bodies: [BodySpec] = []
        for (k, x) in [-3.0, 0.0, 3.0].enumerated() {
            var b = BodySpec.ball(["a", "b", "c"][k], at: Vec2(x + rng.uniform(-0.8, 0.8), rng.uniform(1, 5)), radius: 0.5)
            b.velocity = Vec2(rng.uniform(-4, 4), rng.uniform(-2, 2))
            b.restitution = 0.8
            bodies.append(b)
        }
        return Scene(name: "bench", bodies: bodies, bounds: Bounds(Vec2(-5, 0), Vec2(5, 6)))
    }

    static func measure(_ o: Options) throws {
        var rng = RandomStream(seed: 2026)
        let scenes = (0..<o.scenes).map { _ in scene(&rng) }
        let data = try Dataset(scenes: scenes, steps: o.sceneSteps, seed: 1)
        let prepared = InteractionExamples.normalisedTransitions(of: data.rollouts)
        let examples = prepared.examples
        let n = examples.count
        guard n >= o.batch else { throw ModelError("only \(n) examples for batch \(o.batch)") }

        // The batch order: a seeded shuffle per pass, as the trainer does.
        var shuffle = RandomStream(seed: 7)
        var order: [Int] = []
        var pass = Array(0..<n)
        while order.count < o.steps * o.batch {
            for k in stride(from: n - 1, to: 0, by: -1) { pass.swapAt(k, shuffle.index(below: k + 1)) }
            let perPass = (n / o.batch) * o.batch
            order += pass[0..<perPass]
        }
        order = Array(order[0..<(o.steps * o.batch)])

        var weights = RandomStream(seed: 1)
        let initial = try InteractionNetwork(hidden: o.hidden, random: &weights)
        var network = initial
        var adam = Adam(learningRate: o.learningRate)
        let first = examples.batch(Array(order[0..<o.batch]))
        let flopsPerStep = network.trainingFlops(relations: first.relations.rows, objects: first.objects.rows)

        if let dir = o.export {
            try export(dir, examples: examples, order: order, network: network, options: o,
                       relationsPerBatch: first.relations.rows, objectsPerBatch: first.objects.rows)
        }

        func trainStep(_ s: Int) -> Double {
            let batch = examples.batch(Array(order[(s * o.batch)..<((s + 1) * o.batch)]))
            var (loss, gradients) = network.lossAndGradients(batch)
            GradientClipping.clip(&gradients, maxNorm: TrainingOptions.defaultGradientClip)
            var parameters = network.parameters
            adam.update(&parameters, gradients: gradients)
            network.parameters = parameters
            return loss
        }
        // Warm-up (first touches, BLAS buffers), then the timed steps from the same order and
        // the same initial weights, `repeats` times; the best run counts (the machine is shared).
        BLAS.configure()
        let warm = min(10, o.steps)
        for s in 0..<warm { _ = trainStep(s) }
        let clock = ContinuousClock()
        var firstLoss = 0.0, lastLoss = 0.0
        // The best run by CPU time (user + system of this process, from getrusage): on a
        // shared machine wall time mostly measures the neighbours. Wall time is reported
        // for the same run.
        var seconds = Double.infinity, wallSeconds = Double.infinity
        for _ in 0..<o.repeats {
            network = initial
            adam = Adam(learningRate: o.learningRate)
            let cpuStart = processCPUSeconds()
            let elapsed = clock.measure {
                for s in 0..<o.steps {
                    let loss = trainStep(s)
                    if s == 0 { firstLoss = loss }
                    lastLoss = loss
                }
            }
            let cpu = processCPUSeconds() - cpuStart
            if cpu < seconds {
                seconds = cpu
                wallSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            }
        }
        let rate = Double(o.steps) / seconds
        print("orrery.examples\t\(n)\tworlds")
        print("orrery.relations_per_batch\t\(first.relations.rows)\trows")
        print("orrery.objects_per_batch\t\(first.objects.rows)\trows")
        print("orrery.parameters\t\(network.parameters.reduce(0) { $0 + $1.count })\tscalars")
        print("orrery.flops_per_step\t\(Int(flopsPerStep))\tflop")
        print("orrery.steps\t\(o.steps)\tsteps")
        print("orrery.threads\t1\tthreads")
        print("orrery.repeats\t\(o.repeats)\truns")
        print("orrery.seconds\t\(seconds)\tcpu s")
        print("orrery.wall_seconds\t\(wallSeconds)\ts")
        print("orrery.wall_steps_per_second\t\(Double(o.steps) / wallSeconds)\tsteps/s")
        print("orrery.steps_per_second\t\(rate)\tsteps/s")
        print("orrery.gflops\t\(flopsPerStep * rate / 1e9)\tGFLOP/s")
        print("orrery.loss_first\t\(firstLoss)\tmse")
        print("orrery.loss_last\t\(lastLoss)\tmse")
    }

    /// CPU seconds (user + system) this process has used so far, every thread included.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Writes the examples (float64 / int64, little-endian) and a JSON description.
    static func export(_ dir: String, examples: InteractionExamples, order: [Int], network: InteractionNetwork,
                       options o: Options, relationsPerBatch: Int, objectsPerBatch: Int) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        func write(_ name: String, _ values: [Double]) throws {
            let data = values.withUnsafeBufferPointer { Data(buffer: $0) }
            try data.write(to: URL(fileURLWithPath: dir).appendingPathComponent(name))
        }
        func write(_ name: String, _ values: [Int]) throws {
            let data = values.map { Int64($0) }.withUnsafeBufferPointer { Data(buffer: $0) }
            try data.write(to: URL(fileURLWithPath: dir).appendingPathComponent(name))
        }
        try write("relations.f64", examples.relations)
        try write("receivers.i64", examples.receivers)
        try write("objects.f64", examples.objects)
        try write("targets.f64", examples.targets)
        try write("relation_start.i64", examples.relationStart)
        try write("object_start.i64", examples.objectStart)
        try write("order.i64", order)
        let meta = JSONValue.object([
            ("examples", .integer(examples.count)), ("relation_width", .integer(InteractionNetwork.relationWidth)),
            ("object_width", .integer(InteractionNetwork.objectWidth)), ("output_width", .integer(InteractionNetwork.outputWidth)),
            ("hidden", .integer(o.hidden)), ("effect", .integer(network.effectWidth)), ("batch", .integer(o.batch)),
            ("steps", .integer(o.steps)), ("learning_rate", .number(o.learningRate)),
            ("gradient_clip", .number(TrainingOptions.defaultGradientClip)),
            ("relations_per_batch", .integer(relationsPerBatch)), ("objects_per_batch", .integer(objectsPerBatch)),
        ]).text(.spaced) + "\n"
        try meta.write(toFile: dir + "/meta.json", atomically: true, encoding: .utf8)
    }
}
