import OrreryLang
import WorldKit

/// How `show x` looks for the world's values: a picture in a colour terminal, a text
/// summary elsewhere; nil for values that are not the world's (the language draws those).
enum ShowRendering {
    static func render(_ value: Value, colored: Bool, columns: Int) -> String? {
        let view = TerminalView(maxColumns: max(8, columns), colored: colored)
        switch value {
        case .object(let f as FrameObject):
            return colored ? view.render(f.image) + f.caption : f.description
        case .object(let s as StateObject):
            guard colored, let image = try? WorldDrawing.render(scene: s.scene, state: s.state) else { return s.summary }
            return view.render(image) + s.description
        case .object(let s as SceneObject):
            guard colored, let state = try? s.initialState(),
                  let image = try? WorldDrawing.render(scene: s.scene, state: state) else {
                return s.description + "\n" + ((try? s.initialState()).map { StateObject(scene: s.scene, state: $0).summary } ?? "")
            }
            return view.render(image) + s.description
        case .object(let r as RolloutObject):
            guard colored, let last = r.rollout.states.last,
                  let image = try? WorldDrawing.render(scene: r.rollout.scene, state: last) else { return r.summary }
            return view.render(image) + r.description
        case .object(let m as ModelObject):
            return m.summary
        case .object(let p as PlotObject):
            return p.summary
        default:
            return nil
        }
    }
}
