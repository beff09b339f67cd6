// MARK: - Generalization in the PhyWorld style
//
// The learned models are trained on speeds in [1, 4] m/s and radii in [0.7, 1.4] m.
// Test scenes come from the same family (in distribution) and from the same family
// with speeds outside the training range, [0, 0.8] ∪ [4.5, 6] (out of distribution).
// The score is the mean position error of the free-running rollout after the context.

/// Error in and out of the training distribution.
public struct GeneralizationTask: BenchmarkTask {
    public init() {}
    public var name: String { "generalization" }
    public var summary: String {
        "rollout error on scenes like the training ones (v in [1, 4]) and with unseen speeds (v in [0, 0.8] and [4.5, 6])"
    }

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        let steps = settings.horizon
        let from = contender.firstPredictedStep
        var out: [MetricSample] = []
        for (variant, speeds) in [("id", [BenchmarkScenes.trainingSpeeds]), ("ood", [BenchmarkScenes.slowSpeeds, BenchmarkScenes.fastSpeeds])] {
            var errors: [Double] = []
            for i in 0..<settings.samples {
                let scene = BenchmarkScenes.family(&rng, index: i, speeds: speeds)
                let truth = try Simulator.rollout(scene, steps: steps)
                let predicted = try contender.rollout(scene, steps: steps)
                errors.append(Metrics.positionError(predicted, truth, fromStep: from).mean)
            }
            out.append(MetricSample(name: "\(name).\(variant)", unit: "m", higherIsBetter: false, values: .mean(errors)))
        }
        return out
    }
}
