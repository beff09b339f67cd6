import Testing
@testable import WorldKit

// guided(m, by: planner, every: k): a model that knows no gravity (DriftModel) steered by
// the simulator's key states follows the truth far better than alone; a sketch that plans
// nothing leaves the model as it was; a model without factors cannot be steered.

/// A ball thrown up and to the right over the ground, and a second one falling onto it.
private func throwScene() -> Scene {
    var a = BodySpec.ball("a", at: Vec2(0, 1), radius: 0.4)
    a.velocity = Vec2(2, 4)
    var b = BodySpec.ball("b", at: Vec2(3, 4), radius: 0.4)
    b.velocity = Vec2(-1, 0)
    return Scene(name: "throw", bodies: [a, b], ground: Ground(height: 0))
}

private func meanError(_ model: any WorldModel, _ scene: Scene, steps: Int) throws -> Double {
    let r = try ModelRollout.run(model, scene: scene, steps: steps)
    let truth = try Simulator.rollout(scene, steps: steps)
    return Metrics.positionError(r, truth, fromStep: model.contextLength).mean
}

@Test func theSimulatorsKeyStatesSteerAModelThatKnowsNoGravity() throws {
    let scene = throwScene()
    let plain = try meanError(DriftModel(editable: true), scene, steps: 120)
    for coarse in [1, 5] {
        let guided = try GuidedModel(DriftModel(editable: true), planner: SimulatorPlanner(coarseness: coarse), every: 10)
        let error = try meanError(guided, scene, steps: 120)
        #expect(error < 0.25 * plain, "coarse \(coarse): guided \(error) m against plain \(plain) m")
    }
    // Halfway pulls help less than full ones, but still help.
    let half = try GuidedModel(DriftModel(editable: true), planner: SimulatorPlanner(coarseness: 1), every: 10, strength: 0.5)
    #expect(try meanError(half, scene, steps: 120) < plain)
}

@Test func aGuidedRolloutIsDeterministic() throws {
    let guided = try GuidedModel(DriftModel(editable: true), planner: SimulatorPlanner(coarseness: 2), every: 7)
    let one = try ModelRollout.run(guided, scene: throwScene(), steps: 50)
    let two = try ModelRollout.run(guided, scene: throwScene(), steps: 50)
    #expect(one.states == two.states)
    #expect(guided.kind == "guided" && guided.taxonomy.dynamics == .knowledgeIntegrated)
}

@Test func aSketchThatPlansNothingChangesNothing() throws {
    let silent = ClosurePlanner(summary: "nothing") { _, _, _ in nil }
    let guided = try GuidedModel(DriftModel(editable: true), planner: silent, every: 5)
    let plain = try ModelRollout.run(DriftModel(editable: true), scene: throwScene(), steps: 40)
    #expect(try ModelRollout.run(guided, scene: throwScene(), steps: 40).states == plain.states)
    // A sketch is called with the state and the steps ahead.
    var asked: [Int] = []
    let counting = ClosurePlanner(summary: "count") { s, k, _ in asked.append(s.step + k); return nil }
    _ = try ModelRollout.run(try GuidedModel(DriftModel(editable: true), planner: counting, every: 5), scene: throwScene(), steps: 20)
    #expect(asked == [6, 11, 16, 21])
}

@Test func aModelWithoutFactorsIsNotSteered() throws {
    let guided = try GuidedModel(DriftModel(editable: false), planner: SimulatorPlanner(coarseness: 1), every: 5)
    let plain = try ModelRollout.run(DriftModel(editable: false), scene: throwScene(), steps: 30)
    #expect(try ModelRollout.run(guided, scene: throwScene(), steps: 30).states == plain.states)
}

@Test func aLostBodyIsPlannedFromWhereItWasLastKnown() throws {
    // The drift model drops bodies past x = 2; the planner keeps planning them from the last key state.
    let guided = try GuidedModel(DriftModel(editable: true, forgetBeyond: 2), planner: SimulatorPlanner(coarseness: 1), every: 5)
    let r = try ModelRollout.run(guided, scene: throwScene(), steps: 60)
    #expect(r.states.count == 61)
}

@Test func guidedRejectsBadSettings() {
    #expect(throws: ModelError.self) { try GuidedModel(DriftModel(editable: true), planner: SimulatorPlanner(coarseness: 1), every: 0) }
    #expect(throws: ModelError.self) { try GuidedModel(DriftModel(editable: true), planner: SimulatorPlanner(coarseness: 1), every: 3, strength: 0) }
    #expect(throws: ModelError.self) { try SimulatorPlanner(coarseness: 0) }
}
