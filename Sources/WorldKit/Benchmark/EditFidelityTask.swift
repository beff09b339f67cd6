// MARK: - Edit fidelity: does the model respond to a factor edit as the world does?
//
// `edit_fidelity` as a benchmark task, on the decoupling task's scenes (two balls far
// apart). The model watches the world up to the scoring start; its own state is edited
// through a's factors (a.x += 1 m, or a.vy += 3 m/s: a hop) and it rolls on; the
// simulator applies the same change to the true state at the same step. The model's
// response is what the edit changed in its own world, a_edited − a_unedited, step by
// step; the truth's response is the same difference between the simulator's twin worlds.
// The score is the mean distance between the two responses (m) over the horizon, so a
// model's ordinary prediction error cancels and only its handling of the edit is scored.
// A model that loses a in either rollout responds with nothing at those steps (charged
// the truth's whole response). `still` follows the x edit exactly and ignores the hop;
// constant velocity hops in a straight line, without gravity.

/// How far a model's response to a factor edit is from the simulator's response to the same change.
public struct EditFidelityTask: BenchmarkTask {
    public init() {}
    public var name: String { "edit_fidelity" }
    public var summary: String {
        "edit a's x or vy in the model's state and in the simulator at the same step: distance between the model's and the world's responses"
    }

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        let split = settings.scoreFrom, end = split + DecouplingTask.horizon
        var errors = Array(repeating: [Double](), count: DecouplingTask.edits.count)
        var editable = true
        for (scene, factual, edited) in try DecouplingTask.scenes(settings, task: DecouplingTask().name) {
            guard contender.canEdit(DecouplingTask.edits.map(\.factor), of: "a", in: scene) else { editable = false; break }
            let plain = try contender.rollout(scene, steps: end)
            for (k, e) in DecouplingTask.edits.enumerated() {
                let run = try contender.run(scene, steps: end, edits: [split: DecouplingTask.shift("a", e.factor, by: e.change)])
                var total = 0.0, n = 0
                for t in split...end {
                    guard t < factual.count, t < edited[k].count, let f = factual[t]["a"], let c = edited[k][t]["a"] else { continue }
                    let truth = c.position - f.position
                    var response = Vec2.zero
                    if let p = plain.state(at: t)?["a"], let q = run.state(at: t)?["a"] { response = q.position - p.position }
                    total += (response - truth).length
                    n += 1
                }
                if n > 0 { errors[k].append(total / Double(n)) }
            }
        }
        return DecouplingTask.edits.enumerated().map { k, e in
            editable && !errors[k].isEmpty
                ? .mean("\(name).\(e.factor)", unit: "m", errors[k])
                : .unavailable("\(name).\(e.factor)", unit: "m", higherIsBetter: false, reason: "n/a")
        }
    }
}
