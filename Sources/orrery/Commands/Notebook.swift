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

            Examples:
              orrery notebook Stdlib/examples/notebook.orr -o report.html
              orrery notebook study.orr -o study.ipynb --seed 7 --manifest study.manifest.json
            """)

    @ArgumentParser.Argument(help: ArgumentHelp("The script to run.", valueName: "file"))
    var file: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The report to write: .html or .ipynb.", valueName: "report"))
    var output: String

    @OptionGroup var options: ScriptOptions

    @Option(help: ArgumentHelp("Also write the run's manifest to this file.", valueName: "file"))
    var manifest: String?

    func validate() throws {
        if ReportFormat(path: output) == nil {
            throw ValidationError("-o must end in .html or .ipynb, got '\(output)'")
        }
    }

    func run() throws {
        try ScriptFiles.requireFolders(of: output, manifest, outputFolder: options.outputDirectory)
        let recorder = OutputRecorder(scriptFile: file, extensions: Domains.installed)
        let run = try ScriptRun(reading: file, options: options.runOptions, output: recorder)
        let report = run.run()
        let notebook = run.notebook(of: report, recordedBy: recorder)
        if let format = ReportFormat(path: output) { try ScriptFiles.write(format.render(notebook), to: output) }
        if let manifest { try ScriptFiles.write(notebook.manifest.json(), to: manifest) }
        Terminal.err("wrote \(output): \(notebook.cells.count) cells, \(notebook.manifest.outputs.count) outputs, outcome \(notebook.manifest.outcome)")
        // The report shows the run's problems; the terminal gets only the exit status.
        if let status = ExitStatus.of(report) { throw status }
    }
}
