import Testing
@testable import WorldKit

// The survey's tiers the benchmark lacked (issue 15): Physics-IQ-style pixel metrics on
// motion masks over two takes' variance, compressed fidelity (error against memory
// budget, a curve per model), latent-factor decoupling and edit fidelity. Each test
// pins what a perfect, a trivial and a broken model score.

private let quick = BenchmarkSettings(seed: 3, quick: true)

private func cells(_ model: any WorldModel, _ task: any BenchmarkTask, settings: BenchmarkSettings = quick) throws -> [String: BenchmarkCell] {
    let contender = BenchmarkContender(name: model.kind, model: model)
    var out: [String: BenchmarkCell] = [:]
    for s in try task.run(contender, settings: settings) { out[s.name] = BenchmarkCell(contender: model.kind, s) }
    return out
}

/// The simulator continuing the *second* take: a model exactly as good as filming the scene again.
private final class SecondTakeModel: SeededWorldModel {
    let physics = PhysicsModel()
    var kind: String { "second take" }
    var taxonomy: Taxonomy { physics.taxonomy }
    var hyperparameters: [String: Double] { [:] }
    var isTrained: Bool { true }
    var contextLength: Int { 1 }
    func start(scene: Scene, context: [Observation]) throws -> any ModelState { try start(scene: scene, context: context, seed: 0) }
    func start(scene: Scene, context: [Observation], seed: UInt64) throws -> any ModelState {
        try physics.start(scene: scene, context: context, seed: PixelTask.takeSeeds.1)
    }
    func step(_ state: any ModelState) throws -> any ModelState { try physics.step(state) }
    func decode(_ state: any ModelState) throws -> WorldState { try physics.decode(state) }
}

/// Exact bodies, but the frames it gives are empty backgrounds: pixel metrics must use the frames.
private final class BlankFramesModel: FrameDecodingModel, SeededWorldModel {
    let physics = PhysicsModel()
    var kind: String { "blank frames" }
    var taxonomy: Taxonomy { physics.taxonomy }
    var hyperparameters: [String: Double] { [:] }
    var isTrained: Bool { true }
    var contextLength: Int { 1 }
    var decodedFrameSize: FrameSize? { FrameSize(width: 32, height: 32) }
    func start(scene: Scene, context: [Observation]) throws -> any ModelState { try physics.start(scene: scene, context: context) }
    func start(scene: Scene, context: [Observation], seed: UInt64) throws -> any ModelState {
        try physics.start(scene: scene, context: context, seed: seed)
    }
    func step(_ state: any ModelState) throws -> any ModelState { try physics.step(state) }
    func decode(_ state: any ModelState) throws -> WorldState { try physics.decode(state) }
    func decodeWithFrame(_ state: any ModelState) throws -> (state: WorldState, frame: Image?) {
        (try physics.decode(state), try Image(width: 32, height: 32, background: WorldDrawing.background))
    }
}

/// A model that forgets every body at its first predicted step and has no factors.
private final class ForgetfulModel: WorldModel {
    struct State: ModelState { var step: Int }
    var kind: String { "forgetful" }
    var taxonomy: Taxonomy { Taxonomy(state: .explicit, memory: .none, dynamics: .autoregressive, summary: "forgets") }
    var hyperparameters: [String: Double] { [:] }
    var isTrained: Bool { true }
    var contextLength: Int { 1 }
    func start(scene: Scene, context: [Observation]) throws -> any ModelState { State(step: context.last?.step ?? 0) }
    func step(_ state: any ModelState) throws -> any ModelState { State(step: state.step + 1) }
    func decode(_ state: any ModelState) throws -> WorldState { WorldState(step: state.step, time: 0, bodies: []) }
}

/// The simulator, except that editing a's x or vy also moves b by the same amount: coupled factors.
private final class CoupledModel: SeededWorldModel {
    let physics = PhysicsModel()
    var kind: String { "coupled" }
    var taxonomy: Taxonomy { physics.taxonomy }
    var hyperparameters: [String: Double] { [:] }
    var isTrained: Bool { true }
    var contextLength: Int { 1 }
    func start(scene: Scene, context: [Observation]) throws -> any ModelState { try physics.start(scene: scene, context: context) }
    func start(scene: Scene, context: [Observation], seed: UInt64) throws -> any ModelState {
        try physics.start(scene: scene, context: context, seed: seed)
    }
    func step(_ state: any ModelState) throws -> any ModelState { try physics.step(state) }
    func decode(_ state: any ModelState) throws -> WorldState { try physics.decode(state) }
    func factors(_ state: any ModelState) -> [LatentFactor] { physics.factors(state) }
    func edit(_ state: any ModelState, body: String?, factor: String, to value: Double) throws -> any ModelState {
        let old = physics.factors(state).first { $0.body == body && $0.name == factor }?.value ?? value
        var s = try physics.edit(state, body: body, factor: factor, to: value)
        if body == "a", let b = physics.factors(s).first(where: { $0.body == "b" && $0.name == factor }) {
            s = try physics.edit(s, body: "b", factor: factor, to: b.value + (value - old))
        }
        return s
    }
}

// MARK: - Pixel metrics (Physics-IQ)

@Test func motionMasksScoreIdenticalDisjointAndPartialMotion() throws {
    func frame(_ lit: [Int]) throws -> Image {
        var img = try Image(width: 4, height: 1, background: RGB(0, 0, 0))
        for x in lit { img.setPixel(x: x, y: 0, to: RGB(255, 255, 255)) }
        return img
    }
    let still = try frame([]), left = try frame([0]), right = try frame([3])
    // The same sequence: every IoU 1, no error.
    let same = try MotionMaskScore([still, left, still], [still, left, still], threshold: 24)
    #expect(same.values == [1, 1, 1, 0])
    // Motion in different places: no overlap at all.
    let apart = try MotionMaskScore([still, left], [still, right], threshold: 24)
    #expect(apart.spatialIoU == 0 && apart.spatiotemporalIoU == 0 && apart.weightedIoU == 0)
    #expect(abs(apart.mse - 2 * 255 * 255 / 4) < 1e-9)
    // Same place and amount, different times: spatially right, temporally wrong.
    let late = try MotionMaskScore([still, left, left], [still, still, left], threshold: 24)
    #expect(late.spatialIoU == 1 && late.spatiotemporalIoU == 0 && late.weightedIoU == 1)
    // Moving twice where the reference moves once: half the weight, half the volume.
    let twice = try MotionMaskScore([still, left, still], [still, left, left], threshold: 24)
    #expect(twice.spatialIoU == 1 && twice.spatiotemporalIoU == 0.5 && twice.weightedIoU == 0.5)
    #expect(throws: ModelError.self) { try MotionMaskScore([still], [still], threshold: 24) }
}

@Test func pixelTierPutsTheSimulatorAtTheTopAndStillAtZero() throws {
    let p = try cells(PhysicsModel(), PixelTask())
    for m in ["spatial_iou", "spatiotemporal_iou", "weighted_iou"] {
        #expect(p["pixel.\(m)"]?.mean == 1, "\(m)")
        #expect((p["pixel.\(m).vs_takes"]?.mean ?? 0) >= 1, "the exact continuation is at least as close as a second take")
    }
    #expect(p["pixel.mse"]?.mean == 0)
    let s = try cells(StillModel(), PixelTask())
    for m in ["spatial_iou", "spatiotemporal_iou", "weighted_iou"] { #expect(s["pixel.\(m)"]?.mean == 0, "nothing moves: \(m)") }
    #expect((s["pixel.mse.vs_takes"]?.mean ?? 0) > 2, "standing still is far worse than a second take")
    let f = try cells(ForgetfulModel(), PixelTask())
    #expect(f["pixel.spatial_iou"]?.mean == 0, "a lost body cannot move in the mask")
}

@Test func aSecondTakeScoresOneOnEveryNormalisedPixelMetric() throws {
    let t = try cells(SecondTakeModel(), PixelTask())
    for m in ["spatial_iou", "spatiotemporal_iou", "weighted_iou", "mse"] {
        let v = try #require(t["pixel.\(m).vs_takes"]?.mean)
        #expect(abs(v - 1) < 1e-12, "\(m): \(v)")
    }
    #expect((t["pixel.spatiotemporal_iou"]?.mean ?? 1) < 1, "the takes really differ (the noise is not zero)")
}

@Test func pixelTierScoresAModelsOwnFramesNotItsBodies() throws {
    let b = try cells(BlankFramesModel(), PixelTask())
    #expect(b["pixel.spatial_iou"]?.mean == 0, "the blank frames show no motion even though the bodies are exact")
    #expect((b["pixel.mse"]?.mean ?? 0) > 0)
}

// MARK: - Compressed fidelity

@Test func stateBytesAreCountedPerModelAndUnknownStatesAreNotApplicable() throws {
    var rng = RandomStream(seed: 1)
    let scene = PermanenceTask.scene(&rng, hiddenSteps: 45)
    let run = try ModelRun(PhysicsModel(), scene: scene, steps: 1)
    #expect(StateMemory.bytes(run.state) == 48, "one moving ball: position, velocity, angle, spin")
    let f = try cells(ForgetfulModel(), FidelityTask())
    #expect(f["fidelity.bytes"]?.status == "n/a")
    #expect(f["fidelity.tracked"]?.mean == 0)
    let p = try cells(PhysicsModel(), FidelityTask())
    #expect((p["fidelity.error"]?.mean ?? 1) < 1e-9 && p["fidelity.bytes"]?.mean == 48)
    #expect(p["fidelity.s4l1.error"]?.status == "n/a", "no windowed dynamics to compress")
    #expect(p["fidelity.d4.error"]?.status == "n/a", "not a latent model")
}

@Test func aLongerCompressedHistoryCostsMoreBytesAndKeepsTheBallThroughTheOcclusion() throws {
    let window = try WindowModel(k: 8, hidden: 8)
    let data = try Dataset(scenes: BenchmarkScenes.training(6, seed: 2), steps: 40, seed: 2)
    try train(window, data, epochs: 2, learningRate: 3e-3, seed: 2)
    let c = try cells(window, FidelityTask())
    var bytes: [Double] = []
    for levels in [1, 4, 8, 16] { bytes.append(try #require(c["fidelity.s4l\(levels).bytes"]?.mean)) }
    #expect(bytes == bytes.sorted() && Set(bytes).count == 4, "bytes grow with the levels kept: \(bytes)")
    #expect((c["fidelity.bytes"]?.mean ?? .infinity) < bytes[0], "the bare window keeps less than any compression")
    // Through a 45-step occlusion: 4 steps of history beyond the window lose the ball, 256 keep it.
    var rng = quick.stream(for: "fidelity")
    let scene = PermanenceTask.scene(&rng, hiddenSteps: 45)
    let truth = try Simulator.rollout(scene, steps: 120)
    func tracked(stride: Int, levels: Int) throws -> Double {
        let v = BenchmarkContender(name: "v", model: CompressedMemoryVariant(dynamics: window.dynamics, stride: stride, levels: levels))
        return try FidelityTask.point(v, scene, truth, steps: 120, settings: quick).tracked
    }
    #expect(try tracked(stride: 16, levels: 16) == 1)
    #expect(try tracked(stride: 4, levels: 1) < 1)
}

@Test func aLatentModelsCurveIsOverItsLatentDimensions() throws {
    let latent = try LatentModel(dim: 16, hidden: 8)
    let data = try Dataset(scenes: BenchmarkScenes.training(6, seed: 3), steps: 40, seed: 3)
    try train(latent, data, epochs: 1, learningRate: 3e-3, seed: 3)
    let tiny = BenchmarkTraining(scenes: 6, steps: 40, epochs: 1, learningRate: 3e-3, hidden: 8, k: 8)
    let curve = try FidelityTask.curve(BenchmarkContender(name: "latent", model: latent), settings: quick, training: tiny)
    #expect(Set(curve.keys) == Set(FidelityTask.latentDims.map { FidelityTask.label(dim: $0) }))
    var rng = RandomStream(seed: 1)
    let scene = PermanenceTask.scene(&rng, hiddenSteps: 45)
    let truth = try Simulator.rollout(scene, steps: 30)
    let own = try FidelityTask.point(BenchmarkContender(name: "latent", model: latent), scene, truth, steps: 30, settings: quick)
    #expect(own.bytes == Double(16 * 2 * 8), "z and the previous z")
    let d4 = try #require(curve["d4"])
    #expect(d4.model.hyperparameters["dim"] == 4)
    #expect(try FidelityTask.point(d4, scene, truth, steps: 30, settings: quick).bytes == Double(4 * 2 * 8))
}

@Test func curvesAppearInTheReportForBytesAndErrorPairs() throws {
    let samples: [[[MetricSample]]] = [10.0, 20.0].map { scale in
        [[.mean("fidelity.bytes", unit: "bytes", [100, 100]), .mean("fidelity.error", unit: "m", [scale, scale + 1]),
          .mean("fidelity.s4l1.bytes", unit: "bytes", [200, 200]), .mean("fidelity.s4l1.error", unit: "m", [scale / 2, scale / 2]),
          .mean("fidelity.s4l4.bytes", unit: "bytes", [400, 400]), .mean("fidelity.s4l4.error", unit: "m", [scale / 4, scale / 4])]]
    }
    let report = BenchmarkReport(options: BenchmarkOptions(models: ["m", "n"], tasks: ["fidelity"]), version: "t",
                                 contenders: ["m", "n"], samples: samples)
    let curves = report.curvePoints(report.metrics)
    #expect(curves.map(\.contender) == ["m", "n"])
    #expect(curves[0].points.map(\.bytes) == [100, 200, 400])
    #expect(curves[1].points.map(\.error) == [20.5, 10, 5])
    let md = report.markdown
    #expect(md.components(separatedBy: "<svg").count == 3, "the dot-and-whisker plot and the curve plot")
    #expect(md.contains("<polyline"))
    #expect(report.curvePlot(report.metrics.filter { $0.name == "fidelity.error" }) == nil)
}

// MARK: - Decoupling and edit fidelity

@Test func explainedVarianceIsOneMinusTheRatioOfSums() {
    #expect(MetricStatistic.explained.value(of: [1, 4]) == 0.75)
    #expect(MetricStatistic.explained.value(of: [8, 4]) == -1)
    #expect(MetricStatistic.explained.value(of: [1, 0]) == nil)
}

@Test func theSimulatorIsDecoupledAndReadsEveryFactorExactly() throws {
    let p = try cells(PhysicsModel(), DecouplingTask())
    #expect(p["decoupling.leak"]?.mean == 0)
    #expect(p["decoupling.specificity"]?.mean == 1)
    for f in DecouplingTask.factors { #expect(abs((p["decoupling.r2.\(f)"]?.mean ?? 0) - 1) < 1e-9, "\(f)") }
    #expect((p["decoupling.leak"]?.scenes ?? 0) == quick.samples, "enough scenes keep the balls apart")
    let e = try cells(PhysicsModel(), EditFidelityTask())
    #expect((e["edit_fidelity.x"]?.mean ?? 1) < 1e-9 && (e["edit_fidelity.vy"]?.mean ?? 1) < 1e-9)
}

@Test func aCoupledEditLeaksAndStillIgnoresAHop() throws {
    let c = try cells(CoupledModel(), DecouplingTask())
    #expect((c["decoupling.leak"]?.mean ?? 0) > 0.3, "editing a moved b")
    #expect((c["decoupling.specificity"]?.mean ?? 1) < 0.7)
    let s = try cells(StillModel(), DecouplingTask())
    #expect(s["decoupling.leak"]?.mean == 0 && s["decoupling.specificity"]?.mean == 1, "standing still couples nothing")
    #expect((s["decoupling.r2.x"]?.mean ?? 1) < 0.5, "a frozen x does not read the moving ball's x")
    let se = try cells(StillModel(), EditFidelityTask())
    #expect((se["edit_fidelity.x"]?.mean ?? 1) < 1e-9, "the shift is held exactly, as the world holds it")
    #expect((se["edit_fidelity.vy"]?.mean ?? 0) > 0.1, "the hop is ignored")
    let f = try cells(ForgetfulModel(), DecouplingTask())
    #expect(f["decoupling.leak"]?.status == "n/a" && f["decoupling.r2.x"]?.status == "n/a")
    #expect(try cells(ForgetfulModel(), EditFidelityTask())["edit_fidelity.vy"]?.status == "n/a")
}
