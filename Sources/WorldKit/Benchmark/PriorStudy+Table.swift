// MARK: - The prior study as tables (markdown)

extension PriorStudyReport {
    /// "0.123 ± 0.004" (mean ± standard deviation over seeds), or "–".
    static func text(_ cell: PriorStudyCell?) -> String {
        guard let c = cell, c.mean.isFinite else { return "–" }
        return "\(fixed(c.mean)) ± \(fixed(c.spread))"
    }

    static func fixed(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        let scaled = Int((x * 1000).rounded())
        let sign = scaled < 0 ? "-" : ""
        let a = abs(scaled)
        let frac = String(a % 1000)
        return "\(sign)\(a / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac)"
    }

    /// The four variants the issue asks for.
    public static let mainVariants = ["plain", "rollout priors", "trained with priors", "guided"]

    /// Models in the study's order, then the trivial rows.
    var modelRows: [String] { options.models + ["still", "constant velocity"] }

    /// Model × {plain, rollout priors, trained with priors, guided} × {id, ood, push}.
    public var mainTable: String {
        var header = "| model |", rule = "| --- |"
        for v in Self.mainVariants {
            for c in PriorStudy.conditions {
                header += " \(v), \(c) |"
                rule += " --- |"
            }
        }
        var lines = [header, rule]
        for m in modelRows {
            var line = "| \(m) |"
            for v in Self.mainVariants {
                for c in PriorStudy.conditions { line += " \(Self.text(cell(m, v, c))) |" }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Each prior set under each feedback, against the plain model, per condition.
    public var sweepTable: String {
        let feedbacks = FeedbackPolicy.allCases.map(\.languageName)
        var header = "| model | priors | condition | plain |", rule = "| --- | --- | --- | --- |"
        for f in feedbacks {
            header += " \(f) |"
            rule += " --- |"
        }
        var lines = [header, rule]
        let sets = PriorStudy.priorSets.map(\.name) + ["rollout priors"]
        for m in options.models {
            for s in sets {
                for c in PriorStudy.conditions {
                    var line = "| \(m) | \(s) | \(c) | \(Self.text(cell(m, "plain", c))) |"
                    for f in feedbacks { line += " \(Self.text(cell(m, "\(s), \(f)", c))) |" }
                    lines.append(line)
                }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// For each model, the feedback whose rollout-priors error, averaged over the conditions, is lowest.
    public var bestFeedback: [String: FeedbackPolicy] {
        var out: [String: FeedbackPolicy] = [:]
        for m in options.models {
            var best: (FeedbackPolicy, Double)?
            for f in FeedbackPolicy.allCases {
                let errors = PriorStudy.conditions.compactMap { cell(m, "rollout priors, \(f.languageName)", $0)?.mean }
                guard errors.count == PriorStudy.conditions.count, errors.allSatisfy(\.isFinite) else { continue }
                let mean = errors.reduce(0, +) / Double(errors.count)
                if best == nil || mean < best!.1 { best = (f, mean) }
            }
            if let best { out[m] = best.0 }
        }
        return out
    }

    /// Everything, for a terminal or a note.
    public var markdown: String {
        var parts = ["Mean position error (m) after the context, mean ± standard deviation over training seeds "
                     + "\(options.seeds.map(String.init).joined(separator: ", ")); \(options.scenes) scenes per condition, "
                     + "\(options.horizon) steps. Rollout priors: \(PriorStudy.rolloutPriors.joined(separator: ", ")) in project mode "
                     + "with the model's default feedback. Guided: the simulator at \(options.coarse)× the step, key states every "
                     + "\(options.every) steps."
                     + (options.heldOutSeed == PriorStudy.standardHeldOutSeed ? "" : " Held-out scenes from seed \(options.heldOutSeed).")
                     + (options.onlyTrained ? " Only the variant trained with priors was run." : ""), "", mainTable, ""]
        for key in unavailable.keys.sorted() { parts.append("- \(key): not measured (\(unavailable[key] ?? ""))") }
        parts += trainingSummary
        if options.sweep { parts += ["", "Which priors and which feedback (project mode):", "", sweepTable, ""] }
        for m in options.models {
            if let f = bestFeedback[m] {
                parts.append("- \(m): lowest error with rollout priors under feedback \"\(f.languageName)\" (default: \"\(FeedbackPolicy.defaultPolicy(forKind: m).languageName)\")")
            }
        }
        return parts.joined(separator: "\n")
    }

    /// How the models were trained with priors, and what the priors contributed (mean over seeds).
    var trainingSummary: [String] {
        guard !contributions.isEmpty else { return [] }
        var out = ["", "Trained with priors: \(options.trainingPriors.joined(separator: ", ")), weight \(options.priorWeight)"
                   + scalesText
                   + (options.priorWarmup > 0 ? ", after \(options.priorWarmup) epochs on the data alone" : "")
                   + (options.unlabelledScenes > 0
                      ? "; plus \(options.unlabelledScenes) unlabelled out-of-distribution scenes (only the context observed) rolled "
                        + "\(options.unlabelledHorizon) steps by the model (\(options.unlabelledPerExample) per labelled example), the priors their only loss" : "")
                   + ". What the priors contributed (mean over seeds; share of the loss at the first epoch with priors → the kept epoch; "
                   + "each prior's mean value per predicted state on the held-out rollouts, first → kept):", ""]
        for m in options.models {
            guard let list = contributions[m], !list.isEmpty else { continue }
            func mean(_ xs: [Double?]) -> Double? {
                let v = xs.compactMap { $0 }.filter(\.isFinite)
                return v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
            }
            func t(_ x: Double?) -> String { x.map { Self.fixed4($0) } ?? "–" }
            var line = "- \(m): share \(t(mean(list.map(\.shareFirst)))) → \(t(mean(list.map(\.shareKept))))"
            for (i, name) in (list.first?.priors.map(\.name) ?? []).enumerated() {
                let first = mean(list.map { i < $0.priors.count ? $0.priors[i].heldOutFirst : nil })
                let kept = mean(list.map { i < $0.priors.count ? $0.priors[i].heldOutKept : nil })
                line += "; \(name) \(t(first)) → \(t(kept))"
            }
            out.append(line)
        }
        return out
    }

    /// The factors on the weight, as the study used them.
    var scalesText: String {
        func factors(_ f: [String: Double]) -> String {
            f.isEmpty ? "none" : f.keys.sorted().map { name in "\(name) × \(f[name] ?? 1)" }.joined(separator: ", ")
        }
        if let scales = options.priorScales { return " (factors: \(factors(scales)))" }
        let perModel: [String] = options.models.map { m in "\(m) \(factors(TrainingPriorDefaults.scales(forKind: m)))" }
        return " (each family's default factors: \(perModel.joined(separator: "; ")))"
    }

    /// Four decimals.
    static func fixed4(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        return "\((x * 10_000).rounded() / 10_000)"
    }
}
