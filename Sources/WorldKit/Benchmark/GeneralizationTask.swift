// MARK: - Generalization in the PhyWorld style
//
// The learned models are trained on speeds in [1, 4] m/s and radii in [0.7, 1.4] m.
// Test scenes come from the same family (in distribution) and from the same family
// with speeds outside the training range, [0, 0.8] ∪ [4.5, 6] (out of distribution).
// The score is the mean position error of the free-running rollout from the scoring
// start (lost bodies charged their frozen-at-last-sighting cost), and the share of
// body-steps the model kept.

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
        let from = settings.scoreFrom
        var out: [MetricSample] = []
        for (variant, speeds) in [("id", [BenchmarkScenes.trainingSpeeds]), ("ood", [BenchmarkScenes.slowSpeeds, BenchmarkScenes.fastSpeeds])] {
            var errors: [Double] = [], tracked: [Double] = []
            for i in 0..<settings.samples {
                let scene = BenchmarkScenes.family(&rng, index: i, speeds: speeds)
                let truth = try Simulator.rollout(scene, steps: steps)
                let predicted = try contender.rollout(scene, steps: steps)
                let score = contender.tracking(predicted, truth, steps: from...steps)
                errors.append(score.meanChargedError)
                tracked.append(score.tracked)
            }
            out.append(.mean("\(name).\(variant)", unit: "m", errors))
            out.append(.mean("\(name).\(variant).tracked", unit: "share", higherIsBetter: true, tracked))
        }
        return out
    }
}
