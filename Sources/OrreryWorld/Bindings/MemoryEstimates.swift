import OrreryLang
import WorldKit

/// What the world's values take from the run's memory budget (`--max-memory`,
/// `MemoryBudget`), estimated before they are made so a value too large for it is a
/// runtime error at the call, not an allocation that fails. Estimates, not exact sizes:
/// a state per step (its record and each body's), three bytes per pixel of a frame.
enum MemoryEstimates {
    /// One state of a rollout or dataset: the state itself and its body array's header.
    static let stateBytes = MemoryLayout<WorldState>.stride + 32
    /// One body in one state.
    static let bodyStateBytes = MemoryLayout<BodyState>.stride

    /// `states` states of `bodies` bodies each, saturating instead of overflowing.
    static func states(_ states: Int, bodies: Int) -> Int {
        let perState = Double(stateBytes) + Double(bodies) * Double(bodyStateBytes)
        return saturating(Double(states) * perState)
    }

    /// An RGB frame of the scene's camera: width × height pixels, three bytes each.
    static func frame(of scene: Scene) -> Int {
        let size = scene.camera.size, ppu = scene.camera.pixelsPerUnit
        let pixels = (size.x * ppu).rounded(.up) * (size.y * ppu).rounded(.up)
        return saturating(pixels.isNaN ? 0 : pixels * 3)
    }

    static func saturating(_ bytes: Double) -> Int {
        bytes >= 9.2e18 ? Int.max : max(0, Int(bytes))
    }
}

extension Arguments {
    /// Reserves a rollout of `steps` steps of `scene` (with its first state).
    func reserveRollout(steps: Int, of scene: Scene) throws {
        try reserve(MemoryEstimates.states(steps &+ 1, bodies: scene.bodies.count), for: "rollout")
    }
}
