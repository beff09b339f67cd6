// MARK: - Running a notebook

/// A script run as a notebook: its cells with their outputs, and the run's manifest.
public struct NotebookRun: Sendable {
    /// The script's path, shown as the report's title.
    public var path: String
    public var cells: [NotebookCellResult]
    public var manifest: RunManifest
    /// How the run ended; a failing script still makes a report that shows the error.
    public var outcome: RunOutcome
}

/// Runs a script once, as `orrery run` would, and files every output under the cell
/// whose lines contain the top-level statement that produced it.
public enum NotebookRunner {
    public static func run(path: String, source: String, options: RunOptions, version: String,
                           extensions: [any LanguageExtension] = []) -> NotebookRun {
        let recorder = OutputRecorder(scriptFile: path, extensions: extensions)
        let engine = Engine(options: options, output: recorder, extensions: extensions)
        let report = engine.run(path: path, source: source)
        return assemble(path: path, source: source, options: options, version: version,
                        engine: engine, recorder: recorder, report: report)
    }

    /// The notebook of a run that has already happened with `recorder` as its output
    /// (`orrery run --report` records while it prints).
    public static func assemble(path: String, source: String, options: RunOptions, version: String,
                                engine: Engine, recorder: OutputRecorder, report: FileRunReport) -> NotebookRun {
        recordProblems(of: report, path: path, source: source, into: recorder)
        let manifest = RunManifest(scriptPath: path, source: source, options: options, version: version,
                                   engine: engine, recorder: recorder, report: report)
        let cells = attribute(recorder.records, to: CellSplitter.split(source))
        return NotebookRun(path: path, cells: cells, manifest: manifest, outcome: report.outcome)
    }

    /// Adds the run's errors and failed expects as outputs at the lines they point to.
    public static func recordProblems(of report: FileRunReport, path: String, source: String, into recorder: OutputRecorder) {
        for failure in report.expectFailures {
            let text = DiagnosticFormatter.format(failure, source: failure.range.file == path ? source : nil)
            recorder.insert(.error(text), line: line(of: failure.range, in: path, fallback: recorder.currentLine))
        }
        switch report.outcome {
        case .success:
            break
        case .runtimeError(let e):
            // The statement that was running owns the error, even when it was raised
            // inside a function defined in another cell.
            recorder.record(.error(DiagnosticFormatter.format(e, source: source, color: false)), line: recorder.currentLine)
        case .scriptErrors(let diagnostics):
            for d in diagnostics {
                let text = DiagnosticFormatter.format(d, source: d.range.file == path ? source : nil, color: false)
                recorder.record(.error(text), line: line(of: d.range, in: path, fallback: 1))
            }
        }
    }

    private static func line(of range: SourceRange, in path: String, fallback: Int) -> Int {
        range.file == path ? range.start.line : fallback
    }

    /// Gives each code cell its execution count and the outputs whose lines it spans
    /// (consecutive text lines joined); outputs outside every code cell go to the last one.
    static func attribute(_ records: [OutputRecorder.Record], to cells: [NotebookCell]) -> [NotebookCellResult] {
        var results: [NotebookCellResult] = []
        var count = 0
        for cell in cells {
            if cell.kind == .code { count += 1 }
            results.append(NotebookCellResult(cell: cell, executionCount: cell.kind == .code ? count : nil, outputs: []))
        }
        if results.isEmpty || !results.contains(where: { $0.cell.kind == .code }) {
            results.append(NotebookCellResult(cell: NotebookCell(kind: .code, text: "", firstLine: 1, lastLine: 1),
                                              executionCount: count + 1, outputs: []))
        }
        let codeIndices = results.indices.filter { results[$0].cell.kind == .code }
        for record in records {
            let target = codeIndices.last(where: { results[$0].cell.firstLine <= record.line }) ?? codeIndices[0]
            if case .text(let line) = record.output, case .text(let previous)? = results[target].outputs.last {
                results[target].outputs[results[target].outputs.count - 1] = .text(previous + "\n" + line)
            } else {
                results[target].outputs.append(record.output)
            }
        }
        return results
    }
}
