import ArgumentParser
import OrreryLang

// MARK: - Summary

/// What `test` and `merge` print and count: a `PASS name` or `FAIL name` line per
/// test (a failure followed by the lines that say why), the totals, a JUnit suite per
/// file, and the exit status. A shard's part of a statistical test is a `PART` line:
/// its verdict belongs to `orrery merge`, so it neither passes nor fails the shard.
struct TestSummary {
    private(set) var passed = 0
    private(set) var failed = 0
    /// Statistical tests of which this run (a shard) has only part of the samples.
    private(set) var partial = 0
    private(set) var hadScriptErrors = false
    /// One suite per file (the JUnit report sorts them).
    private(set) var suites: [JUnitReport.Suite] = []
    /// What a merge allowed to be partial lacks (`2 of 4 shards complete; missing 1/4, 3/4`):
    /// every line printed then starts with `partial: `, and the totals end with it.
    var partialNote: String?

    /// `N passed, M failed`, and in a shard `, K partial (…)`.
    var totals: String {
        var line = "\(passed) passed, \(failed) failed"
        if partial > 0 { line += ", \(partial) partial (statistical verdicts come from 'orrery merge')" }
        if let partialNote { line += " (\(partialNote))" }
        return line
    }

    /// Prints a line on stdout, marked when the results are partial.
    func emit(_ line: String) {
        Terminal.out(partialNote == nil ? line : "partial: " + line)
    }

    /// 65 when a file had syntax errors, 1 when a test failed, nil when all passed.
    var exitStatus: ExitCode? {
        if hadScriptErrors { return ExitStatus.scriptError }
        return failed > 0 ? ExitStatus.expectationFailed : nil
    }

    /// Starts a file's JUnit suite (so a file without tests still has one).
    mutating func begin(file: String) {
        _ = suiteIndex(file)
    }

    /// Prints one test's result as soon as it has run.
    mutating func record(_ test: TestResult, printer: DiagnosticPrinter) {
        let details = (test.sweep.map(Self.failedSampleLines) ?? []) + test.failures.flatMap(printer.describe)
        record(test: test.name, file: test.file, sweep: test.sweep, passed: test.passed, seconds: test.seconds,
               details: details, error: test.error.map(DiagnosticFormatter.formatOneLine))
        if let error = test.error { printer.print(error) }
    }

    /// Prints a test merged from shards.
    mutating func record(_ test: MergedTest) {
        let fileLevel = test.test == "\(test.file) (syntax)" || test.test == "\(test.file) (top level)"
        record(test: test.test, file: test.file, sweep: test.sweep, passed: test.passed, seconds: test.seconds,
               details: (test.sweep.map(Self.failedSampleLines) ?? []) + test.failures.map { "  " + $0 },
               error: test.error, errorType: test.test.hasSuffix(" (syntax)") ? "syntax error" : "runtime error",
               fileLevel: fileLevel)
    }

    /// Prints the problems of a file's run outside its test blocks (syntax errors, a
    /// top-level runtime error or failed expect), once its tests have run; they count as
    /// one failure named after the file, first in its JUnit suite.
    mutating func finish(_ report: FileRunReport, file: String, printer: DiagnosticPrinter) {
        let topLevel = report.expectFailures.flatMap(printer.describe)
        switch report.outcome {
        case .scriptErrors(let diagnostics):
            hadScriptErrors = true
            record(test: "\(file) (syntax)", file: file, passed: false,
                   error: diagnostics.map(DiagnosticFormatter.formatOneLine).joined(separator: "\n"), errorType: "syntax error",
                   fileLevel: true)
            diagnostics.forEach(printer.print)
        case .runtimeError(let error):
            record(test: "\(file) (top level)", file: file, passed: false, details: topLevel,
                   error: DiagnosticFormatter.formatOneLine(error), fileLevel: true)
            printer.print(error)
        case .success:
            if !topLevel.isEmpty { record(test: "\(file) (top level)", file: file, passed: false, details: topLevel, fileLevel: true) }
        }
    }

    /// Prints `PASS name` or `FAIL name` and `details` (the lines that say why) on
    /// stdout and files the test under `file`'s JUnit suite: a `<failure>` made of
    /// `details`, or an `<error>` when it raised `error` (which the caller prints on
    /// stderr). A statistical test's line carries its tally:
    /// `PASS name  183/200 = 0.915 [0.868, 0.946] ≥ 0.9`; a shard's part of one that
    /// raised no error is `PART name  12/14 = …`.
    mutating func record(test name: String, file: String, sweep: SweepResult? = nil, passed: Bool, seconds: Double = 0,
                         details: [String] = [], error: String? = nil, errorType: String = "runtime error",
                         fileLevel: Bool = false) {
        let title = sweep.map { "\(name)  \($0.summary)" } ?? name
        let outcome: JUnitReport.Case.Outcome
        if let sweep, sweep.partial, error == nil {
            partial += 1
            emit("PART \(title)")
            outcome = .skipped(message: "part of the samples (\(sweep.summary)); 'orrery merge' gives the verdict")
        } else if passed {
            self.passed += 1
            emit("PASS \(title)")
            outcome = .passed
        } else {
            failed += 1
            emit("FAIL \(title)")
            details.forEach(emit)
            let text = details.map { $0.hasPrefix("  ") ? String($0.dropFirst(2)) : $0 }
            if let error {
                outcome = .error(type: errorType, message: error, text: (text + [error]).joined(separator: "\n"))
            } else {
                let headline = sweep?.shortfall ?? text.first ?? "failed"
                outcome = .failure(message: headline, text: (sweep == nil ? text : [headline] + text).joined(separator: "\n"))
            }
        }
        let index = suiteIndex(file)
        let testCase = JUnitReport.Case(name: name, seconds: seconds, outcome: outcome)
        if fileLevel { suites[index].cases.insert(testCase, at: 0) } else { suites[index].cases.append(testCase) }
    }

    /// The index of `file`'s JUnit suite, added when it has none: one suite per file.
    private mutating func suiteIndex(_ file: String) -> Int {
        if let index = suites.firstIndex(where: { $0.name == file }) { return index }
        suites.append(JUnitReport.Suite(name: file))
        return suites.count - 1
    }

    /// `  sample 12 (seed 1): line 5: expectation failed`, one per kept failure.
    static func failedSampleLines(_ sweep: SweepResult) -> [String] {
        var lines = sweep.failedSamples.map { "  sample \($0.index) (seed \($0.seed)): \($0.message)" }
        let failed = sweep.trials - sweep.passes
        if failed > sweep.failedSamples.count { lines.append("  … \(failed - sweep.failedSamples.count) more failed samples") }
        return lines
    }
}
