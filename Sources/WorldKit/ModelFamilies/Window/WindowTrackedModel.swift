// MARK: - Rolling out through a window tracker

/// A model whose rollout is its learned dynamics run by a window tracker under one memory policy.
///
/// The window and memory models differ only in that policy, so they share these rollout methods.
public protocol WindowTrackedModel: WorldModel {
    /// The learned next-step dynamics the tracker runs.
    var dynamics: LearnedDynamics { get }
    /// What the tracker keeps of bodies that have left the window.
    var memoryPolicy: MemoryPolicy { get }
}

extension WindowTrackedModel {
    func tracker(_ scene: Scene) -> WindowTracker {
        WindowTracker(dynamics: dynamics, policy: memoryPolicy, geometry: SceneGeometry(scene), scene: scene)
    }

    public func start(scene: Scene, context: [Observation]) throws -> any ModelState {
        WindowStateBox(state: try tracker(scene).start(context: context), scene: scene)
    }

    public func step(_ state: any ModelState) throws -> any ModelState {
        let box = try WindowStateBox.cast(state, kind)
        return WindowStateBox(state: tracker(box.scene).step(box.state), scene: box.scene)
    }

    public func decode(_ state: any ModelState) throws -> WorldState {
        let box = try WindowStateBox.cast(state, kind)
        return tracker(box.scene).decode(box.state)
    }

    public func factors(_ state: any ModelState) -> [LatentFactor] {
        guard let box = state as? WindowStateBox else { return [] }
        return box.state.factors(dt: SceneGeometry(box.scene).dt)
    }

    public func edit(_ state: any ModelState, body: String?, factor: String, to value: Double) throws -> any ModelState {
        let box = try WindowStateBox.cast(state, kind)
        let edited = try box.state.editing(body: body, factor: factor, to: value, dt: SceneGeometry(box.scene).dt, kind: kind)
        return WindowStateBox(state: edited, scene: box.scene)
    }
}
