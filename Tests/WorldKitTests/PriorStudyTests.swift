import Testing
@testable import WorldKit

// The prior study at tiny sizes: every cell it promises is measured (or its absence
// explained), the trivial rows are there, the tables print, and it is deterministic.

@Test func thePriorStudyMeasuresEveryCell() throws {
    let options = PriorStudyOptions.tiny
    let report = try PriorStudy.run(options)
    for m in options.models {
        for c in PriorStudy.conditions {
            for v in ["plain", "rollout priors", "guided"] + FeedbackPolicy.allCases.map({ "rollout priors, \($0.languageName)" }) {
                let cell = try #require(report.cell(m, v, c), "\(m) \(v) \(c)")
                #expect(cell.perSeed.count == options.seeds.count)
                #expect(cell.perSeed.allSatisfy { $0.isFinite && $0 >= 0 })
            }
            let trained = report.cell(m, "trained with priors", c)
            #expect(trained != nil || report.unavailable["\(m)/trained with priors"] != nil)
        }
    }
    for trivial in ["still", "constant velocity"] {
        #expect(PriorStudy.conditions.allSatisfy { report.cell(trivial, "plain", $0)?.mean.isFinite == true })
    }
    // Something moves in every condition: standing still is never free.
    #expect(PriorStudy.conditions.allSatisfy { (report.cell("still", "plain", $0)?.mean ?? 0) > 0.05 })
    #expect(report.markdown.contains("| model | plain, id |"))
    #expect(report.bestFeedback[options.models[0]] != nil)
    let again = try PriorStudy.run(options)
    #expect(again.cells == report.cells)
}

@Test func studyCellsGiveMeanAndSpread() {
    let c = PriorStudyCell(model: "m", variant: "v", condition: "id", perSeed: [1, 2, 3])
    #expect(c.mean == 2 && abs(c.spread - 1) < 1e-12)
    #expect(PriorStudyReport.text(c) == "2.000 ± 1.000")
    #expect(PriorStudyReport.fixed(0.0456) == "0.046")
}
