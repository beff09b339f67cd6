import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// `plot(…)` with real x values (`xs:`, a series' `x:`) and axis titles with units (`y:`).
@Suite struct PlotAxesTests {
    /// The text of every `<text>` element of the plot `source` evaluates to.
    static func texts(_ source: String) -> [String] {
        let lines = output("print(\(source).svg)")
        let svg = lines.joined(separator: "\n")
        return svg.components(separatedBy: "<text").dropFirst().compactMap { piece in
            guard let start = piece.firstIndex(of: ">"), let end = piece.range(of: "</text>") else { return nil }
            return String(piece[piece.index(after: start)..<end.lowerBound])
        }
    }

    @Test func xValuesSetTheTicksAndAxesCarryTheirTitles() {
        let labels = Self.texts("plot([1, 4, 9], x: \"time (s)\", y: \"height (m)\", xs: [100, 200, 300])")
        #expect(labels.contains("time (s)"))
        #expect(labels.contains("height (m)"))
        #expect(labels.contains("100") && labels.contains("300"))
        // Without xs the ticks count steps.
        let steps = Self.texts("plot([1, 4, 9], x: \"step\")")
        #expect(steps.contains("0") && steps.contains("2") && !steps.contains("300"))
        let series = Self.texts("plot([{name: \"train\", values: [3, 2], x: [10, 20]}], y: \"loss\")")
        #expect(series.contains("loss") && series.contains("20"))
    }

    @Test func mismatchedXValuesAreErrors() {
        for (source, message) in [
            ("plot([1, 2, 3], xs: [1, 2])", "bad argument #6 to 'plot' (xs has 2 numbers for 3 values)"),
            ("plot([{name: \"a\", values: [1, 2]}], xs: [1, 2])", "xs goes with a list of numbers"),
            ("plot([{name: \"a\", values: [1, 2], x: [1]}])", "'x' of 'a' has 1 numbers for 2 values"),
            ("plot([{name: \"a\", values: [1, 2], x: [1, \"b\"]}])", "x of 'a' must be numbers, got a string"),
            ("plot([1], y: 3)", "bad argument #5 to 'plot'"),
        ] {
            let (_, report) = runScript(source)
            guard case .runtimeError(let e) = report.outcome else {
                Issue.record("\(source) should fail")
                continue
            }
            #expect(e.message.contains(message), "\(e.message)")
        }
    }
}
