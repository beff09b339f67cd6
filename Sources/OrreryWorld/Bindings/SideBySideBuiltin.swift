import OrreryLang
import WorldKit

// MARK: - Rollouts played side by side
//
// `side_by_side([truth, r, …], captions: […])` is a value that `show` plays as one
// animation, panels captioned, and `save(…, "x.png")` writes as an animated PNG. A
// rollout of a model that gives frames plays its own frames, and every other panel is
// then drawn at that frame size (RolloutAnimation), so pixel models and the truth are
// compared like for like.

/// Several rollouts to be played together.
final class SideBySideObject: HostObject {
    let panels: [(caption: String, rollout: Rollout)]

    init(_ panels: [(caption: String, rollout: Rollout)]) { self.panels = panels }

    var typeName: String { "animation" }
    var description: String { "<animation: \(panels.map(\.caption).joined(separator: " | "))>" }
    func isEqual(to other: any HostObject) -> Bool { other === self }
    var memberNames: [String] { ["captions"] }
    func member(_ name: String) throws -> Value? {
        name == "captions" ? .list(panels.map { .string($0.caption) }) : nil
    }

    /// The longest number of panels one animation holds.
    static let maximumPanels = 8

    static func install(into interp: Interpreter) {
        interp.define(NativeFunction("side_by_side", parameters: ["rollouts", "captions"]) { args in
            guard case .list(let items) = args.value(at: 1), !items.isEmpty, items.count <= maximumPanels else {
                throw args.bad(1, "a list of 1…\(maximumPanels) rollouts expected")
            }
            let rollouts = try items.enumerated().map { i, item -> RolloutObject in
                guard case .object(let r as RolloutObject) = item else {
                    throw args.bad(1, "item #\(i + 1) is a \(item.typeName), not a rollout")
                }
                return r
            }
            var captions = rollouts.map(\.modelName)
            if args.has(2) {
                guard case .list(let names) = args.value(at: 2), names.count == rollouts.count else {
                    throw args.bad(2, "a list of \(rollouts.count) strings expected, one per rollout")
                }
                captions = try names.enumerated().map { i, n in
                    guard case .string(let s) = n else { throw args.bad(2, "caption #\(i + 1) is a \(n.typeName), not a string") }
                    return s
                }
            }
            return .object(SideBySideObject(Array(zip(captions, rollouts.map(\.rollout)))))
        })
    }
}
