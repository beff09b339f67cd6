import OrreryLang
import WorldKit

// MARK: - Violation reports

/// What priors found in a rollout: `r.report`, `check_priors(r, priors)`. Prints as a table.
final class ViolationReportObject: HostObject {
    let report: ViolationReport

    init(_ report: ViolationReport) { self.report = report }

    var typeName: String { "violation report" }
    /// The table: what `print` and `show` give for a report.
    var description: String { report.table }
    func isEqual(to other: any HostObject) -> Bool {
        (other as? ViolationReportObject).map { $0.report == report } ?? false
    }

    var memberNames: [String] { ["violations", "count", "magnitude", "priors", "table", "last_step", "by_prior"] }

    func member(_ name: String) throws -> Value? {
        switch name {
        case "violations": return Self.records(report.violations)
        case "count": return .number(Double(report.count))
        case "magnitude": return .number(report.totalMagnitude)
        case "priors": return .strings(report.priors)
        case "table": return .string(report.table)
        case "last_step": return .number(Double(report.lastStep))
        case "by_prior":
            var out: [String: Value] = [:]
            for p in report.allPriorNames {
                out[p] = .record(["count": .number(Double(report.count(of: p))), "magnitude": .number(report.magnitude(of: p))])
            }
            return .record(Record(sorting: out))
        default: return nil
        }
    }

    /// `{prior: [value per step]}`: the series `violation_plot` gives, one per prior.
    func series(_ quantity: ViolationReport.PlotQuantity) -> Value {
        var out: [String: Value] = [:]
        for p in report.allPriorNames {
            out[p] = .numbers(quantity == .count ? report.countSeries(of: p) : report.magnitudeSeries(of: p))
        }
        return .record(Record(sorting: out))
    }

    /// Each violation as `{prior, step, bodies, magnitude, message}`.
    static func records(_ vs: [Violation]) -> Value {
        .list(vs.map { v in
            .record(["prior": .string(v.prior), "step": .number(Double(v.step)), "bodies": .strings(v.bodies),
                     "magnitude": .number(v.magnitude), "message": .string(v.message)])
        })
    }
}

extension ViolationReport {
    /// The listed priors, then any that reported without being listed (the plot's series).
    var allPriorNames: [String] { plot(.count).series.map(\.name) }
}

// MARK: - Rollouts under priors

extension RolloutObject {
    /// Members of a rollout run under priors: `r.violations`, `r.report`, `r.residual`,
    /// `r.corrected_steps`, `r.mode`, `r.feedback`, `r.priors`. Nil (no such member) otherwise.
    static let priorMembers = ["violations", "report", "residual", "corrected_steps", "mode", "feedback", "priors"]

    func priorMember(_ name: String) -> Value? {
        guard let c = constrained else { return nil }
        switch name {
        case "violations": return ViolationReportObject.records(c.report.violations)
        case "report": return .object(ViolationReportObject(c.report))
        case "residual": return .object(ViolationReportObject(c.residual))
        case "corrected_steps": return .list(c.correctedSteps.map { .number(Double($0)) })
        case "mode": return .string(c.mode.rawValue)
        case "feedback": return .string(c.feedback.languageName)
        case "priors": return .strings(c.report.priors)
        default: return nil
        }
    }
}
