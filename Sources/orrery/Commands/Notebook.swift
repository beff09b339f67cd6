import ArgumentParser
import OrreryLang

/// `orrery notebook FILE -o report.html|report.ipynb`: runs a script once and writes its
/// cells with their outputs as a self-contained HTML page or a Jupyter notebook.
struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Run a script and write a notebook report (HTML or Jupyter).",
        discussion: """
            Cells start at '# %%' lines; '# %% [markdown]' starts a markdown cell made of
            '# ' comment lines. The script runs once, exactly as 'orrery run' runs it; each
            output lands under the cell whose statement produced it. The report carries a
            reproducibility manifest. Exits like 'orrery run' after writing the report.

            With --to script, FILE is a Jupyter notebook (say, one edited in JupyterLab)
            and the command writes it back as a '# %%' script, running nothing.

            Examples:
              orrery notebook Stdlib/examples/notebook.orr -o report.html
              orrery notebook study.orr -o study.ipynb --seed 7 --manifest study.manifest.json
              orrery notebook study.ipynb --to script -o study.orr
            """)

    @ArgumentParser.Argument(help: ArgumentHelp("The script to run (with --to script: the notebook to convert).",
                                                valueName: "file"))
    var file: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The report to write: .html or .ipynb (with --to script: the .orr script).",
                                                    valueName: "report"))
    var output: String

    @Option(help: ArgumentHelp("'script': convert the notebook FILE back into a '# %%' script.", valueName: "format"))
    var to: String?

    @OptionGroup var options: ScriptOptions

    @Option(help: ArgumentHelp("Also write the run's manifest to this file.", valueName: "file"))
    var manifest: String?

    func validate() throws {
        if let to {
            guard to == "script" else { throw ValidationError("--to takes 'script', got '\(to)'") }
            guard file.lowercased().hasSuffix(".ipynb") else {
                throw ValidationError("--to script converts a .ipynb notebook, got '\(file)'")
            }
            return
        }
        if ReportFormat(path: output) == nil {
            throw ValidationError("-o must end in .html or .ipynb, got '\(output)'")
        }
    }

    func run() throws {
        if to != nil { return try convertToScript() }
        try ScriptFiles.requireFolders(of: output, manifest, outputFolder: options.outputDirectory)
        let recorder = OutputRecorder(scriptFile: file, extensions: Domains.installed)
        let run = try ScriptRun(reading: file, options: options.runOptions, commandLineSeed: options.seed, output: recorder)
        let report = run.run()
        let notebook = run.notebook(of: report, recordedBy: recorder).configured(by: run.options, scriptHeader: run.header)
        if let format = ReportFormat(path: output) { try ScriptFiles.write(format.render(notebook), to: output) }
        if let manifest { try ScriptFiles.write(notebook.manifest.json(), to: manifest) }
        Terminal.err("wrote \(output): \(notebook.cells.count) cells, \(notebook.manifest.outputs.count) outputs, outcome \(notebook.manifest.outcome)")
        // The report shows the run's problems; the terminal gets only the exit status.
        if let status = ExitStatus.of(report) { throw status }
    }

    /// `--to script`: the notebook's cells as a percent-format script.
    private func convertToScript() throws {
        guard let text = ScriptFiles.read(file) else { throw ExitStatus.ioError }
        let script: String
        do {
            script = try NotebookScript.script(fromNotebook: text)
        } catch {
            Terminal.err("orrery: cannot read '\(file)' as a notebook: \(error)")
            throw ExitStatus.ioError
        }
        try ScriptFiles.write(script, to: output)
        Terminal.err("wrote \(output)")
    }
}
