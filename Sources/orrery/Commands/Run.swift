import ArgumentParser
import Foundation
import OrreryLang

/// `orrery run FILE`: runs one script top to bottom (test blocks are skipped).
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a script from top to bottom; test blocks are skipped.",
        discussion: """
            Script output goes to stdout, diagnostics to stderr. Exits 1 when a
            top-level expect failed, 65 on syntax errors, 70 on a runtime error,
            74 when the file cannot be read.

            Examples:
              orrery run Stdlib/examples/tour.orr
              orrery run push.orr --seed 7 --out results --max-steps 1000000
              orrery run push.orr --manifest push.manifest.json
              orrery run --verify push.manifest.json push.orr
            """)

    @ArgumentParser.Argument(help: ArgumentHelp("The script to run.", valueName: "file"))
    var file: String

    @OptionGroup var script: ScriptOptions

    @Option(help: ArgumentHelp("Write the run's reproducibility manifest (hashes of the script, inputs and every output).", valueName: "file"))
    var manifest: String?

    @Option(name: .customLong("report"), help: ArgumentHelp("Also write a notebook report of the run (.html or .ipynb), as 'orrery notebook' does.", valueName: "file"))
    var reportFile: String?

    @Option(help: ArgumentHelp("Rerun with the seed and flags this manifest records and check every output is byte-identical (exit 0, or 1 listing what differs).", valueName: "manifest"))
    var verify: String?

    func validate() throws {
        if let reportFile {
            let ext = (reportFile as NSString).pathExtension.lowercased()
            guard ext == "html" || ext == "htm" || ext == "ipynb" else {
                throw ValidationError("--report must end in .html or .ipynb, got '\(reportFile)'")
            }
        }
    }

    func run() throws {
        guard let source = ScriptFiles.read(file) else { throw ExitStatus.ioError }
        if let verify { return try Verification.verify(file: file, source: source, manifestPath: verify, options: script.runOptions) }
        let options = script.runOptions
        let recording = manifest != nil || reportFile != nil
        let recorder = recording ? OutputRecorder(scriptFile: file, extensions: Domains.installed, forwardingTo: ConsoleOutput()) : nil
        let engine = Engine(options: options, output: recorder ?? ConsoleOutput(), extensions: Domains.installed)
        var printer = DiagnosticPrinter(engine: engine)
        printer.sources[file] = source

        let report = engine.run(path: file, source: source)
        if let recorder {
            var flags: [String] = []
            if let maxSteps = options.maxSteps { flags.append("--max-steps=\(maxSteps)") }
            if options.allowExec { flags.append("--allow-exec") }
            let run = NotebookRunner.assemble(path: file, source: source, options: options, version: OrreryVersion.current,
                                              flags: flags, engine: engine, recorder: recorder, report: report)
            if let manifest { try ReportFiles.write(run.manifest.json(), to: manifest) }
            if let reportFile {
                let isNotebook = (reportFile as NSString).pathExtension.lowercased() == "ipynb"
                try ReportFiles.write(isNotebook ? JupyterNotebook.render(run) : HTMLReport.render(run), to: reportFile)
                Terminal.err("wrote \(reportFile)")
            }
        }
        switch report.outcome {
        case .scriptErrors(let diagnostics):
            diagnostics.forEach(printer.print)
            throw ExitStatus.scriptError
        case .runtimeError(let error):
            report.expectFailures.flatMap(printer.describe).forEach(Terminal.err)
            printer.print(error)
            throw ExitStatus.runtimeError
        case .success:
            guard report.expectFailures.isEmpty else {
                report.expectFailures.flatMap(printer.describe).forEach(Terminal.err)
                throw ExitStatus.expectationFailed
            }
        }
    }
}
