import OrreryLang
import WorldKit

// MARK: - Rendering shown values

/// Turns the world's values in a `show` into notebook outputs: frames, states and scenes
/// as PNG, rollouts as animated PNG (paired rollouts side by side), plots as SVG; nil for
/// values that are not the world's (the language draws those).
enum NotebookRendering {
    /// Animations keep at most this many frames so reports stay small.
    static let maximumFrames = 90

    static func output(for value: Value) -> NotebookOutput? {
        do {
            switch value {
            case .object(let f as FrameObject):
                return .png(try PNGEncoder().encode(f.image), alt: f.description, animated: false)
            case .object(let s as StateObject):
                let image = try WorldDrawing.render(scene: s.scene, state: s.state)
                return .png(try PNGEncoder().encode(image), alt: s.description, animated: false)
            case .object(let s as SceneObject):
                let image = try WorldDrawing.render(scene: s.scene, state: try s.initialState())
                return .png(try PNGEncoder().encode(image), alt: s.description, animated: false)
            case .object(let o) where twinPanels(o) != nil:
                return .png(try animation(twinPanels(o) ?? []), alt: o.description, animated: true)
            case .object(let r as RolloutObject):
                return .png(try animation([(caption: "", rollout: r.rollout)]), alt: r.description, animated: true)
            case .object(let p as PlotObject):
                return .svg(p.plot.svg(), alt: p.summary)
            default:
                return nil
            }
        } catch {
            return .error("cannot draw \(value.typeName): \(error)")
        }
    }

    /// A value with rollout members `factual` and `counterfactual` (a counterfactual twin)
    /// plays as a pair.
    /// A rollout whose `factual` member is another rollout (a counterfactual that is
    /// itself the twin world) pairs that factual rollout with itself.
    static func twinPanels(_ o: any HostObject) -> [(caption: String, rollout: Rollout)]? {
        guard case .object(let f as RolloutObject)? = try? o.member("factual"), f !== o else { return nil }
        if case .object(let c as RolloutObject)? = try? o.member("counterfactual") {
            return [("factual", f.rollout), ("counterfactual", c.rollout)]
        }
        if let c = o as? RolloutObject {
            return [("factual", f.rollout), ("counterfactual", c.rollout)]
        }
        return nil
    }

    /// An animated PNG of rollouts played together, step by step, captioned when there
    /// is more than one. A rollout that ends early holds its last frame.
    static func animation(_ panels: [(caption: String, rollout: Rollout)]) throws -> [UInt8] {
        let steps = panels.map(\.rollout.states.count).max() ?? 0
        let dt = panels.first?.rollout.scene.dt ?? 1.0 / 30
        // About 30 frames a second, and never more than `maximumFrames`.
        // Clamped as doubles first: an odd `dt` must not trap in `Int(_:)`.
        let perFrame = 1.0 / 30.0 / dt
        var stride = perFrame.isFinite ? Int(min(max(perFrame.rounded(), 1), 1_000_000)) : 1
        stride = max(stride, (steps + maximumFrames - 1) / maximumFrames)
        let indices = Swift.stride(from: 0, to: max(steps, 1), by: stride).map { $0 }
        let captions = panels.count > 1 ? panels.map(\.caption) : []
        var frames: [Image] = []
        for i in indices {
            var images: [Image] = []
            for panel in panels {
                let states = panel.rollout.states
                guard let last = states.indices.last else { continue }
                images.append(try WorldDrawing.render(scene: panel.rollout.scene, state: states[min(i, last)]))
            }
            guard !images.isEmpty else { continue }
            frames.append(images.count == 1 && captions.isEmpty ? images[0] : try Image.sideBySide(images, captions: captions))
        }
        if frames.isEmpty { frames = [try Image(width: 16, height: 16)] }
        let delay = (Double(stride) * dt * 1000).rounded()
        let delayMs = delay.isFinite ? Int(min(max(delay, 1), Double(UInt16.max))) : 33
        return try APNGEncoder(delay: FrameDelay(numerator: UInt16(delayMs), denominator: 1000)).encode(frames)
    }
}
