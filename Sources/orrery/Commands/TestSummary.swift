import OrreryLang

// MARK: - Summary

/// Counts outcomes while printing each file's results, and turns them into a
/// JUnit suite.
struct TestSummary {
    var passed = 0
    var failed = 0
    var hadScriptErrors = false

    /// Prints the results of one file and returns them as a JUnit suite. Problems
    /// outside test blocks (syntax errors, a top-level runtime error or failed
    /// expect) count as one failure named after the file.
    mutating func record(_ report: FileRunReport, file: String, printer: DiagnosticPrinter) -> JUnitReport.Suite {
        var suite = JUnitReport.Suite(name: file)
        switch report.outcome {
        case .scriptErrors(let diagnostics):
            hadScriptErrors = true
            fail("\(file) (syntax)", details: [], suite: &suite)
            diagnostics.forEach(printer.print)
            suite.cases[suite.cases.count - 1].failureMessage = diagnostics.map(\.message).joined(separator: "\n")
            return suite
        case .runtimeError(let error):
            fail("\(file) (top level)", details: report.expectFailures.flatMap(printer.describe), suite: &suite)
            printer.print(error)
            suite.cases[suite.cases.count - 1].failureMessage = error.message
            return suite
        case .success:
            if !report.expectFailures.isEmpty {
                fail("\(file) (top level)", details: report.expectFailures.flatMap(printer.describe), suite: &suite)
            }
        }
        for test in report.tests {
            // A statistical test's line carries its tally: `PASS name  183/200 = 0.915 [0.868, 0.946] ≥ 0.9`.
            let title = test.sweep.map { "\(test.name)  \($0.summary)" } ?? test.name
            if test.passed {
                passed += 1
                Terminal.out("PASS \(title)")
                suite.cases.append(JUnitReport.Case(name: test.name, failureMessage: nil))
                continue
            }
            let sampleLines = test.sweep.map(Self.failedSampleLines) ?? []
            fail(title, details: sampleLines + test.failures.flatMap(printer.describe), suite: &suite)
            suite.cases[suite.cases.count - 1].name = test.name
            if let error = test.error {
                printer.print(error)
                let message = suite.cases[suite.cases.count - 1].failureMessage ?? ""
                suite.cases[suite.cases.count - 1].failureMessage =
                    message.isEmpty ? error.message : message + "\n" + error.message
            }
        }
        return suite
    }

    /// `  sample 12 (seed 1): line 5: expectation failed`, one per kept failure.
    static func failedSampleLines(_ sweep: SweepResult) -> [String] {
        var lines = sweep.failedSamples.map { "  sample \($0.index) (seed \($0.seed)): \($0.message)" }
        let failed = sweep.trials - sweep.passes
        if failed > sweep.failedSamples.count { lines.append("  … \(failed - sweep.failedSamples.count) more failed samples") }
        return lines
    }

    private mutating func fail(_ name: String, details: [String], suite: inout JUnitReport.Suite) {
        failed += 1
        Terminal.out("FAIL \(name)")
        details.forEach(Terminal.out)
        suite.cases.append(JUnitReport.Case(name: name, failureMessage: details.joined(separator: "\n")))
    }
}
