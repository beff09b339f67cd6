import ArgumentParser
import OrreryLang

/// `orrery run FILE`: runs one script top to bottom (test blocks are skipped).
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a script from top to bottom; test blocks are skipped.",
        discussion: """
            Script output goes to stdout, diagnostics to stderr. Exits 1 when a
            top-level expect failed, 65 on syntax errors, 70 on a runtime error,
            74 when the file cannot be read, or when the folder of --report or
            --manifest does not exist (checked before the script runs).

            A script writes only inside --out (never through a symbolic link, at
            most --max-output bytes in all) and reads only inside its own folder
            (imports; model files also from --out) and each --allow-read DIR.

            --verify M reruns the script with the seed M records, its output not
            printed and its saved files kept in a scratch folder, and compares every
            output with M. Exits 0 when all are byte-identical; 1 when the script is
            not the one M was made from (then nothing runs) or an output differs; 64
            when M was made with --allow-exec or --max-steps and the command line does
            not give the same (a manifest grants nothing; nothing runs); 74 when M
            cannot be read.

            Examples:
              orrery run Stdlib/examples/tour.orr
              orrery run push.orr --seed 7 --out results --max-steps 1000000
              orrery run push.orr --manifest push.manifest.json
              orrery run study.orr --allow-read ../shared --max-output 512M
              orrery run --verify push.manifest.json push.orr
              orrery run --verify model.manifest.json --allow-exec model.orr
            """)

    @ArgumentParser.Argument(help: ArgumentHelp("The script to run.", valueName: "file"))
    var file: String

    @OptionGroup var options: ScriptOptions

    @Option(help: ArgumentHelp("Write the run's reproducibility manifest (hashes of the script, inputs and every output).", valueName: "file"))
    var manifest: String?

    @Option(name: .customLong("report"), help: ArgumentHelp("Also write a notebook report of the run (.html or .ipynb), as 'orrery notebook' does.", valueName: "file"))
    var reportFile: String?

    @Option(help: ArgumentHelp("Rerun with the seed this manifest records and check every output is byte-identical (see below).", valueName: "manifest"))
    var verify: String?

    func validate() throws {
        if let reportFile, ReportFormat(path: reportFile) == nil {
            throw ValidationError("--report must end in .html or .ipynb, got '\(reportFile)'")
        }
    }

    func run() throws {
        if let verify { return try Verification.verify(file: file, manifestPath: verify, options: options.runOptions) }
        try ScriptFiles.requireFolders(of: manifest, reportFile, outputFolder: options.outputDirectory)
        let recorder = manifest != nil || reportFile != nil
            ? OutputRecorder(scriptFile: file, extensions: Domains.installed, forwardingTo: ConsoleOutput()) : nil
        let run = try ScriptRun(reading: file, options: options.runOptions, commandLineSeed: options.seed, output: recorder ?? ConsoleOutput())
        let report = run.run()
        if let recorder {
            let notebook = run.notebook(of: report, recordedBy: recorder)
            if let manifest { try ScriptFiles.write(notebook.manifest.json(), to: manifest) }
            if let reportFile, let format = ReportFormat(path: reportFile) {
                try ScriptFiles.write(format.render(notebook), to: reportFile)
                Terminal.err("wrote \(reportFile)")
            }
        }
        try run.finish(report)
    }
}
