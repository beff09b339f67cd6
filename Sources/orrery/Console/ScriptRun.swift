import OrreryLang

// MARK: - One script, read and ready to run

/// A script read from disk, the engine that runs it (with the installed domains) and
/// the printer of its problems: the steps `run`, `notebook`, `test`, `check` and
/// `run --verify` share, so each reads, reports and exits the same way.
struct ScriptRun {
    let path: String
    let source: String
    let options: RunOptions
    let engine: Engine
    let printer: DiagnosticPrinter

    /// Reads `path`; a file that cannot be read is reported on stderr and exits 74.
    init(reading path: String, options: RunOptions, output: any OutputSink = ConsoleOutput()) throws {
        guard let source = ScriptFiles.read(path) else { throw ExitStatus.ioError }
        self.init(path: path, source: source, options: options, output: output)
    }

    init(path: String, source: String, options: RunOptions, output: any OutputSink = ConsoleOutput()) {
        self.path = path
        self.source = source
        self.options = options
        engine = Engine(options: options, output: output, extensions: Domains.installed)
        var printer = DiagnosticPrinter(engine: engine)
        printer.sources[path] = source
        self.printer = printer
    }

    /// Runs the script from top to bottom; test blocks are skipped.
    func run() -> FileRunReport {
        engine.run(path: path, source: source)
    }

    /// Prints the problems of `report` on stderr (failed expects, then the syntax errors
    /// or the runtime error) and throws the exit status they call for.
    func finish(_ report: FileRunReport) throws {
        report.expectFailures.flatMap(printer.describe).forEach(Terminal.err)
        switch report.outcome {
        case .scriptErrors(let diagnostics): diagnostics.forEach(printer.print)
        case .runtimeError(let error): printer.print(error)
        case .success: break
        }
        if let status = ExitStatus.of(report) { throw status }
    }

    /// The notebook (cells, outputs and manifest) of a run that recorded its output with `recorder`.
    func notebook(of report: FileRunReport, recordedBy recorder: OutputRecorder) -> NotebookRun {
        NotebookRunner.assemble(path: path, source: source, options: options, version: OrreryVersion.current,
                                engine: engine, recorder: recorder, report: report)
    }
}
