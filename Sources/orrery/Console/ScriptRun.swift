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
    /// The script's configuration line (`# orrery: --seed 7`), already applied to `options`.
    let header: ScriptHeader?
    /// A malformed configuration line: the script does not run, and every command reports it
    /// as it reports a syntax error.
    let headerProblem: Diagnostic?

    /// Reads `path`; a file that cannot be read is reported on stderr and exits 74.
    /// `commandLineSeed` is the `--seed` the user gave, if any (a configuration line must agree).
    init(reading path: String, options: RunOptions, commandLineSeed: UInt64? = nil,
         output: any OutputSink = ConsoleOutput()) throws {
        guard let source = ScriptFiles.read(path) else { throw ExitStatus.ioError }
        self.init(path: path, source: source, options: options, commandLineSeed: commandLineSeed, output: output)
    }

    init(path: String, source: String, options: RunOptions, commandLineSeed: UInt64? = nil,
         output: any OutputSink = ConsoleOutput()) {
        self.path = path
        self.source = source
        var options = options
        var header: ScriptHeader?
        var problem: Diagnostic?
        do {
            header = try ScriptHeader.parse(source, file: path)
            if let header { options = try header.applied(to: options, commandLineSeed: commandLineSeed) }
        } catch {
            header = nil
            let start = SourceLocation(offset: 0, line: 1, column: 1)
            problem = error as? Diagnostic ?? Diagnostic(.error, "\(error)", at: SourceRange(file: path, start: start, end: start))
        }
        self.header = header
        headerProblem = problem
        self.options = options
        engine = Engine(options: options, output: output, extensions: Domains.installed)
        var printer = DiagnosticPrinter(engine: engine)
        printer.sources[path] = source
        self.printer = printer
    }

    /// Runs the script from top to bottom; test blocks are skipped.
    func run() -> FileRunReport {
        if let headerProblem { return FileRunReport(outcome: .scriptErrors([headerProblem])) }
        return engine.run(path: path, source: source)
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
