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
            if test.passed {
                passed += 1
                Terminal.out("PASS \(test.name)")
                suite.cases.append(JUnitReport.Case(name: test.name, failureMessage: nil))
                continue
            }
            fail(test.name, details: test.failures.flatMap(printer.describe), suite: &suite)
            if let error = test.error {
                printer.print(error)
                let message = suite.cases[suite.cases.count - 1].failureMessage ?? ""
                suite.cases[suite.cases.count - 1].failureMessage =
                    message.isEmpty ? error.message : message + "\n" + error.message
            }
        }
        return suite
    }

    private mutating func fail(_ name: String, details: [String], suite: inout JUnitReport.Suite) {
        failed += 1
        Terminal.out("FAIL \(name)")
        details.forEach(Terminal.out)
        suite.cases.append(JUnitReport.Case(name: name, failureMessage: details.joined(separator: "\n")))
    }
}
