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
    /// One suite per file, in the order recorded.
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
        suites.append(JUnitReport.Suite(name: file))
    }

    /// Prints one test's result as soon as it has run.
    mutating func record(_ test: TestResult, printer: DiagnosticPrinter) {
        let details = (test.sweep.map(Self.failedSampleLines) ?? []) + test.failures.flatMap(printer.describe)
        record(test: test.name, file: test.file, sweep: test.sweep, passed: test.passed, details: details,
               problems: test.error.map { [$0.message] } ?? [])
        if let error = test.error { printer.print(error) }
    }

    /// Prints a test merged from shards.
    mutating func record(_ test: MergedTest) {
        let problems = test.failures + (test.error.map { [$0] } ?? [])
        record(test: test.test, file: test.file, sweep: test.sweep, passed: test.passed,
               details: (test.sweep.map(Self.failedSampleLines) ?? []) + problems.map { "  " + $0 })
    }

    /// Prints the problems of a file's run outside its test blocks (syntax errors, a
    /// top-level runtime error or failed expect), once its tests have run; they count as
    /// one failure named after the file.
    mutating func finish(_ report: FileRunReport, file: String, printer: DiagnosticPrinter) {
        let topLevel = report.expectFailures.flatMap(printer.describe)
        switch report.outcome {
        case .scriptErrors(let diagnostics):
            hadScriptErrors = true
            record(test: "\(file) (syntax)", file: file, passed: false, problems: diagnostics.map(\.message))
            diagnostics.forEach(printer.print)
        case .runtimeError(let error):
            record(test: "\(file) (top level)", file: file, passed: false, details: topLevel, problems: [error.message])
            printer.print(error)
        case .success:
            if !topLevel.isEmpty { record(test: "\(file) (top level)", file: file, passed: false, details: topLevel) }
        }
    }

    /// Prints `PASS name` or `FAIL name` and `details` (the lines that say why) on
    /// stdout and files the test under `file`'s JUnit suite, its failure message made
    /// of `details` and `problems` (errors the caller prints on stderr). A statistical
    /// test's line carries its tally: `PASS name  183/200 = 0.915 [0.868, 0.946] ≥ 0.9`;
    /// a shard's part of one that raised no error is `PART name  12/14 = …`.
    mutating func record(test name: String, file: String, sweep: SweepResult? = nil, passed: Bool,
                         details: [String] = [], problems: [String] = []) {
        if suites.last?.name != file { suites.append(JUnitReport.Suite(name: file)) }
        let title = sweep.map { "\(name)  \($0.summary)" } ?? name
        if let sweep, sweep.partial, problems.isEmpty {
            partial += 1
            emit("PART \(title)")
            suites[suites.count - 1].cases.append(JUnitReport.Case(
                name: name, failureMessage: nil,
                skippedMessage: "part of the samples (\(sweep.summary)); 'orrery merge' gives the verdict"))
            return
        }
        if passed {
            self.passed += 1
            emit("PASS \(title)")
            suites[suites.count - 1].cases.append(JUnitReport.Case(name: name, failureMessage: nil))
            return
        }
        failed += 1
        emit("FAIL \(title)")
        details.forEach(emit)
        let message = (details + problems).joined(separator: "\n")
        suites[suites.count - 1].cases.append(JUnitReport.Case(name: name, failureMessage: message))
    }

    /// `  sample 12 (seed 1): line 5: expectation failed`, one per kept failure.
    static func failedSampleLines(_ sweep: SweepResult) -> [String] {
        var lines = sweep.failedSamples.map { "  sample \($0.index) (seed \($0.seed)): \($0.message)" }
        let failed = sweep.trials - sweep.passes
        if failed > sweep.failedSamples.count { lines.append("  … \(failed - sweep.failedSamples.count) more failed samples") }
        return lines
    }
}
