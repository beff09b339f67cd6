import Testing
@testable import WorldKit

// Issue 6's evidence: learned models trained in-process (120 family rollouts of 60 steps),
// rolled out for 120 steps on 12 held-out scenes, with and without `no_overlap` +
// `above_ground` in project mode. Violations are counted on the output rollouts; error is the
// mean position error against the simulator after the context.
//
// Figures when written (debug build, seed 1; the test recomputes them, only directions asserted):
//   hybrid, full feedback:      error 0.1272 → 0.1232 m, violations 94 (3.90 m) → 0
//   hybrid, positions feedback: error 0.1272 → 0.1226 m, violations 94 → 0
//   window, positions feedback: error 0.2290 → 0.2245 m, violations 266 (21.2 m) → 0
//   window, full feedback:      error 0.2290 → 0.3147 m (worse: the velocity edits replace its
//                               frame history by a straight line, and one scene diverges)
// Other priors, full feedback, same scenes:
//   all eight priors: window 0.229 → 0.121 m, hybrid 0.127 → 0.105 m
//   gravity:          window 0.229 → 0.187 m, hybrid 0.127 → 0.107 m
//   energy:           window 0.229 → 0.176 m, hybrid 0.127 → 0.138 m (worse in 7 of 12 scenes:
//                     the hybrid already dissipates, and noisy spin estimates read as energy gains
//                     that the projection pays for by slowing the bodies down)

private struct Figures {
    var error = 0.0
    var violations = 0
    var magnitude = 0.0

    /// Adds one rollout's error against the truth and its violations of `checkedPriors`.
    mutating func add(_ rollout: Rollout, truth: Rollout, from: Int) throws {
        let report = try ConstrainedRollout.check(rollout, priors: checkedPriors, fromStep: from - 1)
        error += Metrics.positionError(rollout, truth, fromStep: from).mean
        violations += report.count
        magnitude += report.totalMagnitude
    }
}

private let checkedPriors: [any Prior] = [NoOverlapPrior(), AboveGroundPrior()]

/// Mean error and total violations (of `checkedPriors`) over `scenes`, plain and projected.
private func compare(_ model: any WorldModel, scenes: [Scene], steps: Int, priors: [any Prior],
                     feedback: FeedbackPolicy) throws -> (plain: Figures, projected: Figures) {
    var plain = Figures(), projected = Figures()
    let from = model.contextLength
    for scene in scenes {
        let truth = try Simulator.rollout(scene, steps: steps)
        let r = try ConstrainedRollout.run(model, scene: scene, steps: steps, priors: priors, mode: .project, feedback: feedback)
        #expect(feedback == .outputOnly || r.fedBack, "\(model.kind) did not take a correction in")
        try plain.add(try ModelRollout.run(model, scene: scene, steps: steps), truth: truth, from: from)
        try projected.add(r.rollout, truth: truth, from: from)
    }
    let n = Double(max(1, scenes.count))
    plain.error /= n
    projected.error /= n
    return (plain, projected)
}

@Test func priorsGiveLearnedModelsFewerViolationsAndLowerError() throws {
    // Teacher-forced (unroll 1), as when this was written: the subject is what projection
    // does to a model that violates the priors, not how few violations training leaves.
    let data = try Dataset(scenes: familyScenes(120, seed: 1), steps: 60, seed: 1)
    let teacherForced = TrainingOptions(epochs: 20, learningRate: 3e-3, seed: 1, unroll: 1)
    let hybrid = try HybridModel(hidden: 32)
    try Trainer.train(hybrid, on: data, options: teacherForced)
    let window = try WindowModel(k: 4, hidden: 32)
    try Trainer.train(window, on: data, options: teacherForced)
    let heldOut = familyScenes(12, seed: 99)

    for (model, feedback) in [(hybrid as any WorldModel, FeedbackPolicy.full), (hybrid, .positions), (window, .positions)] {
        let (plain, projected) = try compare(model, scenes: heldOut, steps: 120, priors: checkedPriors, feedback: feedback)
        let figures = "\(model.kind) (\(feedback)): error \(plain.error) → \(projected.error) m, violations \(plain.violations) (\(plain.magnitude) m) → \(projected.violations)"
        // The ground limit (issue 13) keeps the teacher-forced window out of the ground and out
        // of other bodies here: with no violation, projection must leave it exactly alone.
        if model is WindowModel && plain.violations == 0 {
            #expect(projected.violations == 0 && projected.error == plain.error, "\(figures)")
            continue
        }
        #expect(plain.violations > 0, "\(figures)")
        #expect(projected.violations < plain.violations, "\(figures)")
        // With training that selects for rollouts the models drift little, so projecting
        // them may no longer lower the error measurably; it must not raise it.
        #expect(projected.error < plain.error * 1.01, "\(figures)")
    }
}

@Test func permanenceBringsBackABallAWindowModelForgot() throws {
    // A window of 4 frames forgets a ball hidden behind a 4 m screen; permanence restores it
    // on its extrapolated path, so the rollout keeps the ball and its error drops.
    // Figures when written: lost for 47 steps; error 2.27 → 0.93 m (missing steps count
    // `Metrics.missingBodyPenalty`).
    // Teacher-forced (unroll 1), as when the figures were written: the subject here is the
    // prior, and it needs a model whose ball drifts into hiding and is forgotten.
    // A third of the scenes roll, as this ball does: since the models saw collision impulses
    // the flying family alone left a rolling ball out of distribution, and this window's
    // ball stopped short of the screen (held by the rest rule) and was never lost.
    let data = try Dataset(scenes: flyingAndRollingScenes(60, seed: 1), steps: 60, seed: 1)
    let window = try WindowModel(k: 4, hidden: 32)
    try Trainer.train(window, on: data, options: TrainingOptions(epochs: 10, learningRate: 3e-3, seed: 1, unroll: 1))
    var a = BodySpec.ball("a", at: Vec2(-4, 0.5), radius: 0.5)
    a.velocity = Vec2(3, 0)
    var scene = Scene(name: "screened", bodies: [a], ground: Ground(height: 0))
    scene.occluders = [Occluder(name: "screen", center: Vec2(1, 2), size: Vec2(4, 4))]
    let truth = try Simulator.rollout(scene, steps: 120)
    let checked = try ConstrainedRollout.run(window, scene: scene, steps: 120, priors: [PermanencePrior()], mode: .check)
    let projected = try ConstrainedRollout.run(window, scene: scene, steps: 120, priors: [PermanencePrior()], mode: .project)
    let lost = checked.report.count(of: "permanence")
    #expect(lost > 0, "the window model never lost the ball")
    #expect(projected.residual.isEmpty && projected.rollout.states.allSatisfy { $0["a"] != nil })
    let before = Metrics.positionError(checked.rollout, truth, fromStep: 4), after = Metrics.positionError(projected.rollout, truth, fromStep: 4)
    #expect(after.missing == 0 && after.mean < before.mean, "lost for \(lost) steps; error \(before.mean) → \(after.mean) m")
}
