// MARK: - Violation of expectation (IntPhys-style)
//
// Matched clips: a ball rolls along the ground past a screen. The possible clip is the
// simulator's; each impossible one is the same clip changed from step `change` on: the
// ball teleports 3 m ahead, vanishes while behind the screen, or changes colour. The
// model watches the shared beginning (its context ends before `change`) and rolls on;
// its surprise at a clip is the pixel MSE between its own predicted view and the clip's
// view, averaged from `change` (two steps into the occlusion) to 10 steps after the true
// ball comes out, so a change made behind the screen is seen. A model that understands the scene is
// more surprised by the impossible clip: scored by the paired accuracy (the share of
// matched pairs where the impossible clip surprises more; ties count half) and the AUC
// of surprise separating impossible from possible clips over all clips (one pooled
// number per trained copy, so its interval is over copies only).

/// Surprise at impossible events: paired accuracy and AUC.
public struct ExpectationTask: BenchmarkTask {
    public init() {}
    public var name: String { "expectation" }
    public var summary: String {
        "IntPhys-style matched clips (teleport, vanish, colour change): is the model more surprised by the impossible one? paired accuracy and AUC"
    }

    /// The impossible changes.
    static let kinds = ["teleport", "vanish", "color"]
    /// Steps after the ball's true reappearance up to which surprise is averaged (from the change).
    static let window = 10
    /// How far ahead the teleport moves the ball (m).
    static let jump = 3.0

    /// The clip changed from `change` on; nil when the change does not apply (the ball is not
    /// behind the screen for `vanish`).
    static func impossible(_ kind: String, _ clip: Rollout, change: Int) -> Rollout? {
        var states = clip.states
        for i in states.indices where states[i].step >= change {
            guard let k = states[i].bodies.firstIndex(where: { $0.name == "a" }) else { continue }
            switch kind {
            case "teleport": states[i].bodies[k].position.x += jump
            case "vanish": states[i].bodies.remove(at: k)
            default: states[i].bodies[k].color = BenchmarkScenes.palette[3]
            }
        }
        return Rollout(scene: clip.scene, seed: clip.seed, states: states, events: [], noise: NoiseRecord())
    }

    /// Mean pixel MSE between the model's views and the clip's over `steps`.
    static func surprise(_ predicted: Rollout, _ clip: Rollout, steps: ClosedRange<Int>) throws -> Double {
        var total = 0.0, n = 0
        for t in steps {
            guard let c = clip.state(at: t) else { continue }
            let p = predicted.state(at: t) ?? WorldState(step: t, time: c.time, bodies: [])
            var pp = p
            pp.time = c.time
            total += try Metrics.pixelMSE(WorldDrawing.render(scene: clip.scene, state: pp, timeStamp: false),
                                          WorldDrawing.render(scene: clip.scene, state: c, timeStamp: false))
            n += 1
        }
        return n > 0 ? total / Double(n) : 0
    }

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        var paired: [(Int, Int)] = [], possible: [Double] = [], impossible: [Double] = []
        var perKind: [String: [(Int, Int)]] = [:]
        for _ in 0..<settings.samples {
            let scene = PermanenceTask.scene(&rng, hiddenSteps: 25)
            let probe = try Simulator.rollout(scene, steps: 200)
            // The change happens while the ball is behind the screen, after every model's context.
            guard let hide = probe.states.firstIndex(where: { s in s["a"].map { !$0.visible } ?? false }),
                  let back = probe.states[hide...].firstIndex(where: { s in s["a"]?.visible ?? false }),
                  hide > settings.scoreFrom, back + ExpectationTask.window < probe.states.count else { continue }
            let change = hide + 2, steps = back + ExpectationTask.window
            let clip = Rollout(scene: scene, seed: 0, states: Array(probe.states.prefix(steps + 1)), events: [], noise: NoiseRecord())
            let predicted = try contender.rollout(scene, steps: steps)
            let range = change...steps
            let base = try ExpectationTask.surprise(predicted, clip, steps: range)
            var wins = 0
            for kind in ExpectationTask.kinds {
                guard let odd = ExpectationTask.impossible(kind, clip, change: change) else { continue }
                let s = try ExpectationTask.surprise(predicted, odd, steps: range)
                // Ties (a model whose view does not depend on the change) count half: 2 of 2 for a win.
                let score = s > base ? 2 : s == base ? 1 : 0
                wins += score
                perKind[kind, default: []].append((score, 2))
                impossible.append(s)
            }
            possible.append(base)
            paired.append((wins, 2 * ExpectationTask.kinds.count))
        }
        var out: [MetricSample] = [.rate("\(name).paired", paired)]
        out.append(.mean("\(name).auc", unit: "AUC", higherIsBetter: true, [ExpectationTask.auc(possible: possible, impossible: impossible)]))
        for kind in ExpectationTask.kinds { out.append(.rate("\(name).\(kind)", perKind[kind] ?? [])) }
        return out
    }

    /// Mann–Whitney AUC: the chance an impossible clip's surprise exceeds a possible one's (ties half).
    static func auc(possible: [Double], impossible: [Double]) -> Double {
        guard !possible.isEmpty, !impossible.isEmpty else { return 0.5 }
        var wins = 0.0
        for i in impossible { for p in possible { wins += i > p ? 1 : i == p ? 0.5 : 0 } }
        return wins / Double(possible.count * impossible.count)
    }
}
