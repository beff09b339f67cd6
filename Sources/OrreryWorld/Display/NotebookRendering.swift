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
            case .object(let a as SideBySideObject):
                return .png(try animation(a.panels), alt: a.description, animated: true)
            case .object(let p as PlotObject):
                return .svg(p.plot.svg(), alt: p.summary, png: try PNGEncoder().encode(p.plot.image()))
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

    /// An animated PNG of rollouts played together, at most `maximumFrames` frames (the
    /// last state shows only when a frame falls on it).
    static func animation(_ panels: [(caption: String, rollout: Rollout)]) throws -> [UInt8] {
        try RolloutAnimation.encode(panels, maximumFrames: maximumFrames, endsOnFinalState: false)
    }
}
