// MARK: - The trivial baseline
//
// The floor of the table: every body stays where it was last seen, forever. It never
// forgets a body and never moves one, so it shows what a task gives for free (a
// resting scene looks perfect, anything moving does not).

/// A model's state for `StillModel`: the bodies as last observed.
public struct StillModelState: ModelState {
    public var step: Int
    public var bodies: [BodyState]
}

/// The baseline "nothing moves" model: `start` keeps the last observation, `step` repeats it.
public final class StillModel: WorldModel {
    public init() {}

    public var kind: String { "still" }
    public var taxonomy: Taxonomy {
        Taxonomy(state: .explicit, memory: .objectSlots, dynamics: .autoregressive,
                 summary: "the trivial baseline: every body stays where it was last seen")
    }
    public var hyperparameters: [String: Double] { [:] }
    public var isTrained: Bool { true }
    public var contextLength: Int { 1 }

    public func start(scene: Scene, context: [Observation]) throws -> any ModelState {
        guard let last = context.last else { throw ModelError("still needs one observation") }
        let state = ModelRollout.observedState(last, previous: nil, scene: scene)
        return StillModelState(step: last.step, bodies: state.bodies)
    }

    public func step(_ state: any ModelState) throws -> any ModelState {
        guard var s = state as? StillModelState else { throw ModelError("still was given another model's state") }
        s.step += 1
        return s
    }

    public func decode(_ state: any ModelState) throws -> WorldState {
        guard let s = state as? StillModelState else { throw ModelError("still was given another model's state") }
        return WorldState(step: s.step, time: 0, bodies: s.bodies)
    }
}
