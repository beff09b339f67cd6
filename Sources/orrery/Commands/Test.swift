import ArgumentParser
import OrreryLang

/// `orrery test PATH…`: runs each file's top level, then its `test` blocks.
struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the test blocks of scripts; folders are searched recursively for *.orr files.",
        discussion: """
            Prints `PASS name` or `FAIL name` for each test (a failure is followed by
            `file:line:col: expect failed: …` and the values of both sides), then the
            line `N passed, M failed`. Exits 1 when a test failed, 65 when a file has
            syntax errors, 74 when a path cannot be read or the report not written.

            Examples:
              orrery test Tests/scripts
              orrery test physics.orr --filter contact --seed 3
              orrery test Stdlib --junit build/orrery-tests.xml
            """)

    @ArgumentParser.Argument(help: ArgumentHelp("Script files or folders of scripts.", valueName: "path"))
    var paths: [String]

    @Option(help: "Run only the tests whose name contains this text.")
    var filter: String?

    @Option(help: ArgumentHelp("Also write the results as JUnit XML to this file.", valueName: "file"))
    var junit: String?

    @OptionGroup var script: ScriptOptions

    @Flag(help: "Let the tests start other processes (external models).")
    var allowExec = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one file or folder to test") }
    }

    func run() throws {
        let (files, missing) = ScriptFiles.expand(paths)
        guard missing.isEmpty else {
            missing.forEach { Terminal.err("orrery: cannot read '\($0)': no such file or folder") }
            throw ExitStatus.ioError
        }

        if files.isEmpty {
            Terminal.err("orrery: no *.orr files found in \(paths.joined(separator: ", "))")
        }

        var summary = TestSummary()
        var suites: [JUnitReport.Suite] = []
        for file in files {
            guard let source = ScriptFiles.read(file) else { throw ExitStatus.ioError }
            // A fresh engine per file: files must not see each other's bindings.
            var options = script.runOptions
            options.allowExec = allowExec
            let engine = Engine(options: options, output: ConsoleOutput())
            var printer = DiagnosticPrinter(engine: engine)
            printer.sources[file] = source
            let report = engine.test(path: file, source: source, filter: filter)
            suites.append(summary.record(report, file: file, printer: printer))
        }

        Terminal.out("\(summary.passed) passed, \(summary.failed) failed")
        if let junit {
            let xml = JUnitReport(suites: suites).xml()
            guard ScriptFiles.write(xml, to: junit) else { throw ExitStatus.ioError }
        }
        if summary.hadScriptErrors { throw ExitStatus.scriptError }
        if summary.failed > 0 { throw ExitStatus.expectationFailed }
    }
}
