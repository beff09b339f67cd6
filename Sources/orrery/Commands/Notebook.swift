import ArgumentParser
import Foundation
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

    @OptionGroup var script: ScriptOptions

    @Option(help: ArgumentHelp("Also write the run's manifest to this file.", valueName: "file"))
    var manifest: String?

    func validate() throws {
        let ext = (output as NSString).pathExtension.lowercased()
        guard ext == "html" || ext == "htm" || ext == "ipynb" else {
            throw ValidationError("-o must end in .html or .ipynb, got '\(output)'")
        }
    }

    func run() throws {
        guard let source = ScriptFiles.read(file) else { throw ExitStatus.ioError }
        let options = script.runOptions
        var flags: [String] = []
        if let maxSteps = options.maxSteps { flags.append("--max-steps=\(maxSteps)") }
        if options.allowExec { flags.append("--allow-exec") }
        let run = NotebookRunner.run(path: file, source: source, options: options, version: OrreryVersion.current,
                                     flags: flags, extensions: Domains.installed)
        let ext = (output as NSString).pathExtension.lowercased()
        let text = ext == "ipynb" ? JupyterNotebook.render(run) : HTMLReport.render(run)
        try ReportFiles.write(text, to: output)
        if let manifest { try ReportFiles.write(run.manifest.json(), to: manifest) }
        Terminal.err("wrote \(output): \(run.cells.count) cells, \(run.manifest.outputs.count) outputs, outcome \(run.manifest.outcome)")
        switch run.outcome {
        case .scriptErrors: throw ExitStatus.scriptError
        case .runtimeError: throw ExitStatus.runtimeError
        case .success: if run.manifest.outcome != "success" { throw ExitStatus.expectationFailed }
        }
    }
}

// MARK: - Writing reports

enum ReportFiles {
    /// Writes UTF-8 text, creating the folder; on failure says why and exits 74.
    static func write(_ text: String, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            Terminal.err("orrery: cannot write '\(path)': \(error.localizedDescription)")
            throw ExitStatus.ioError
        }
    }
}
