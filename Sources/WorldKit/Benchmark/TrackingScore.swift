// MARK: - Tracking and the price of a lost body
//
// A model can be wrong about a body in two ways: it keeps the body but misplaces it, or
// it loses the body altogether. The benchmark reports the two apart — the share of
// body-steps on which the model still has each true body (tracking), and the error on
// the body-steps it kept — and, where one number is needed, charges a lost body what
// the trivial estimate "frozen at its last sighting" (its last visible position in the
// frames the model was shown) would have cost at that step: exactly what `still`, which
// keeps every body where it last saw it, pays. So
// forgetting a body never costs less than keeping the crudest estimate of it: a model
// that forgets scores exactly like `still` on the steps it forgot.

/// Tracking, kept error and charged error of a rollout against the truth, over a range of steps.
public struct TrackingScore: Hashable, Sendable {
    /// (step, body) pairs of the truth's moving bodies compared.
    public var bodySteps = 0
    /// Of those, the pairs on which the prediction had the body (with finite coordinates).
    public var kept = 0
    /// Summed position error (m) over the kept pairs.
    public var keptError = 0.0
    /// Summed error over every pair: kept pairs their error, lost pairs the frozen estimate's.
    public var chargedError = 0.0

    /// Share of body-steps kept.
    public var tracked: Double { bodySteps > 0 ? Double(kept) / Double(bodySteps) : 1 }
    /// Mean error on kept body-steps; nil when nothing was kept.
    public var meanKeptError: Double? { kept > 0 ? keptError / Double(kept) : nil }
    /// Mean charged error (lost body-steps at the frozen estimate's cost).
    public var meanChargedError: Double { bodySteps > 0 ? chargedError / Double(bodySteps) : 0 }

    /// Scores the truth's moving bodies at the steps in `steps` (steps missing from either
    /// rollout are skipped for the truth and count as lost for the prediction). `maxError`
    /// caps a kept body's error (a diverged model's coordinates), never below the frozen cost.
    /// A body's last sighting is its last visible position at a step ≤ `observedUntil` (the
    /// last step the model was shown; by default the step before the scored range).
    public static func score(_ predicted: Rollout, _ truth: Rollout, steps: ClosedRange<Int>, observedUntil: Int? = nil,
                             bodies: Set<String>? = nil, maxError: Double = .infinity) -> TrackingScore {
        let seenUntil = min(observedUntil ?? (steps.lowerBound - 1), steps.lowerBound - 1)
        var s = TrackingScore()
        var lastSeen: [String: Vec2] = [:]
        // The truth's first state seeds the frozen estimate: a body declared but never seen
        // stays where it was declared.
        if let first = truth.states.first { for b in first.bodies { lastSeen[b.name] = b.position } }
        for t in truth.states {
            // Sightings count while the model was shown the world, never inside the scored range.
            if t.step <= seenUntil { for b in t.bodies where b.visible { lastSeen[b.name] = b.position } }
            guard steps.contains(t.step) else { continue }
            let p = predicted.state(at: t.step)
            for b in t.bodies where !b.isStatic && (bodies?.contains(b.name) ?? true) {
                let frozen = ((lastSeen[b.name] ?? b.position) - b.position).length
                s.bodySteps += 1
                if let q = p?[b.name], q.position.x.isFinite, q.position.y.isFinite {
                    let e = min((q.position - b.position).length, max(maxError, frozen))
                    s.kept += 1
                    s.keptError += e
                    s.chargedError += e
                } else {
                    s.chargedError += frozen
                }
            }
        }
        return s
    }
}

extension BenchmarkContender {
    /// `TrackingScore.score` with this contender's sightings: the frames it was shown.
    func tracking(_ predicted: Rollout, _ truth: Rollout, steps: ClosedRange<Int>, bodies: Set<String>? = nil,
                  maxError: Double = .infinity) -> TrackingScore {
        TrackingScore.score(predicted, truth, steps: steps, observedUntil: firstPredictedStep - 1, bodies: bodies, maxError: maxError)
    }
}
