import Foundation
import Testing
import WorldKit

// MARK: - External tools

/// Helpers the report tests need from outside Swift: headless chromium and Python's
/// `nbformat`. Each is looked up once; when missing, the tests that need it are skipped
/// with the reason in their trait.
enum ReportTools {
    /// `chromium` (Debian), `chromium-browser` or `google-chrome` on PATH.
    static let chromium: String? = which(["chromium", "chromium-browser", "google-chrome"])

    /// A Python with `nbformat`: `.build/nbformat-venv`, created with pip on first use.
    static let nbformatPython: String? = {
        let venv = OrreryProcess.root.appendingPathComponent(".build/nbformat-venv")
        let python = venv.appendingPathComponent("bin/python").path
        if run(python, ["-c", "import nbformat"]) == 0 { return python }
        guard let system = which(["python3"]) else { return nil }
        guard run(system, ["-m", "venv", venv.path]) == 0,
              run(python, ["-m", "pip", "install", "-q", "nbformat"]) == 0,
              run(python, ["-c", "import nbformat"]) == 0 else { return nil }
        return python
    }()

    static func which(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for folder in path.split(separator: ":") {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// Runs a tool, output discarded, and returns its exit status (-1 if it cannot start).
    @discardableResult
    static func run(_ tool: String, _ arguments: [String], stderr: URL? = nil) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        if let stderr, let handle = try? FileHandle(forWritingTo: stderr) {
            process.standardError = handle
        } else {
            process.standardError = FileHandle.nullDevice
        }
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

// MARK: - Pictures

/// Whether an image has content: the variance of its grey levels is above a floor.
func greyVariance(_ image: Image) -> Double {
    var sum = 0.0, sumSquares = 0.0
    let n = Double(max(1, image.width * image.height))
    for y in 0..<image.height {
        for x in 0..<image.width {
            guard let p = image.pixel(x: x, y: y) else { continue }
            let grey = (Double(p.r) + Double(p.g) + Double(p.b)) / 3
            sum += grey
            sumSquares += grey * grey
        }
    }
    let mean = sum / n
    return sumSquares / n - mean * mean
}

/// Every `data:image/png;base64,…` URI in an HTML page, decoded.
func embeddedPNGs(_ html: String) -> [[UInt8]] {
    var out: [[UInt8]] = []
    var rest = Substring(html)
    while let start = rest.range(of: "data:image/png;base64,") {
        let tail = rest[start.upperBound...]
        let end = tail.firstIndex(of: "\"") ?? tail.endIndex
        if let data = Data(base64Encoded: String(tail[..<end])) { out.append([UInt8](data)) }
        rest = tail[end...]
    }
    return out
}

// MARK: - orrery notebook

@Suite struct NotebookCommandTests {
    static let script = """
        # %% [markdown]
        # # Report test
        # A *ball* falls; see `show r`.
        # %%
        let w = scene "drop" {
          ground at 0
          ball a at (0, 3) radius 0.5 color "red"
          camera at (0, 2) size (6, 4) ppu 16
        }
        let r = rollout(physics, w, steps: 40)
        print("steps \\(r.length)")
        show frame(r, 10)
        # %%
        show r
        show plot(r.series("a", "y"), title: "height", x: "step")
        """

    func makeReport(_ scratch: Scratch, _ name: String, extra: [String] = []) throws -> (ProcessResult, URL) {
        let file = try scratch.write("nb.orr", NotebookCommandTests.script)
        let report = scratch.url.appendingPathComponent(name)
        let result = try OrreryProcess.run(["notebook", file, "-o", report.path] + extra)
        return (result, report)
    }

    @Test func htmlReportIsSelfContained() throws {
        let scratch = try Scratch()
        let (result, report) = try makeReport(scratch, "report.html")
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains("<h1>Report test</h1>"))
        #expect(html.contains("A <em>ball</em> falls; see <code>show r</code>."))
        #expect(html.contains("steps 40"))
        #expect(html.contains("<svg"))
        #expect(html.contains("Reproducibility manifest"))
        #expect(!html.contains("<script"))
        // Every resource is inline: each src= is a data: URI.
        #expect(html.components(separatedBy: " src=\"").dropFirst().allSatisfy { $0.hasPrefix("data:image/png;base64,") })
        #expect(!html.contains("<?xml"))
        let images = embeddedPNGs(html)
        #expect(images.count == 2)
        for png in images {
            let frames = try PNGDecoder.decodeFrames(png)
            #expect(!frames.isEmpty)
            for frame in frames.prefix(3) { #expect(greyVariance(frame) > 10) }
        }
    }

    @Test(.enabled(if: ReportTools.nbformatPython != nil,
                   "python3 with nbformat unavailable (pip install into .build/nbformat-venv failed); ipynb not validated"))
    func ipynbValidatesWithNbformat() throws {
        let scratch = try Scratch()
        let (result, report) = try makeReport(scratch, "report.ipynb")
        #expect(result.status == 0, "\(result.stderr)")
        let check = """
            import nbformat, sys
            nb = nbformat.read(sys.argv[1], as_version=4)
            nbformat.validate(nb)
            assert nb.nbformat == 4 and nb.nbformat_minor == 5
            kinds = [c.cell_type for c in nb.cells]
            assert kinds == ["markdown", "code", "code"], kinds
            outs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
            assert any(o.output_type == "stream" and "steps 40" in "".join(o.text) for o in outs)
            assert sum(1 for o in outs if o.output_type == "display_data" and "image/png" in o.data
                       and "image/svg+xml" not in o.data) == 2
            # A plot carries a PNG beside its SVG (JupyterLab draws no untrusted SVG).
            assert all("image/png" in o.data for o in outs if o.output_type == "display_data" and "image/svg+xml" in o.data)
            assert nb.metadata.orrery["seed"] == "0"
            """
        let checker = scratch.url.appendingPathComponent("check.py")
        try Data(check.utf8).write(to: checker)
        let errors = scratch.url.appendingPathComponent("errors")
        try Data().write(to: errors)
        let python = try #require(ReportTools.nbformatPython)
        let status = ReportTools.run(python, [checker.path, report.path], stderr: errors)
        #expect(status == 0, "\((try? String(contentsOf: errors, encoding: .utf8)) ?? "")")
    }

    @Test(.enabled(if: ReportTools.chromium != nil,
                   "chromium not installed (Scripts/bootstrap --with-browser installs it); HTML report not rendered"))
    func htmlReportRendersInHeadlessChromium() throws {
        let scratch = try Scratch()
        let (result, report) = try makeReport(scratch, "report.html")
        #expect(result.status == 0, "\(result.stderr)")
        let shot = scratch.url.appendingPathComponent("shot.png")
        let consoleLines = try NotebookCommandTests.render(report, screenshot: shot, in: scratch)
        #expect(consoleLines.isEmpty, "\(consoleLines)")
        // The check can fail: a page with a script error is caught.
        let broken = URL(fileURLWithPath: try scratch.write("broken.html", "<p>x</p><script>console.error('boom')</script>"))
        let brokenLines = try NotebookCommandTests.render(broken, screenshot: scratch.url.appendingPathComponent("b.png"), in: scratch)
        #expect(brokenLines.contains { $0.contains("boom") })
        let screenshot = try PNGDecoder.decode([UInt8](try Data(contentsOf: shot)))
        #expect(screenshot.width == 1024)
        #expect(greyVariance(screenshot) > 100, "the screenshot looks blank")
        // The report's own pictures are drawn: somewhere there is the red of the ball.
        var red = 0
        for y in stride(from: 0, to: screenshot.height, by: 2) {
            for x in stride(from: 0, to: screenshot.width, by: 2) {
                if let p = screenshot.pixel(x: x, y: y), p.r > 180, p.g < 90, p.b < 90 { red += 1 }
            }
        }
        #expect(red > 10, "no red ball pixels in the screenshot")
    }

    /// Screenshots a page in headless chromium; returns the lines the page logged.
    static func render(_ page: URL, screenshot: URL, in scratch: Scratch) throws -> [String] {
        let log = scratch.url.appendingPathComponent("chromium-\(screenshot.lastPathComponent).log")
        try Data().write(to: log)
        let browser = try #require(ReportTools.chromium)
        let status = ReportTools.run(browser, [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1024,1400",
            "--user-data-dir=\(scratch.url.appendingPathComponent("profile").path)",
            "--enable-logging=stderr", "--v=0", "--screenshot=\(screenshot.path)", page.absoluteString,
        ], stderr: log)
        #expect(status == 0)
        let logText = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        // Page problems (script errors, console messages, resources that failed to load)
        // are logged as CONSOLE lines; the browser's own noise (dbus, GPU) is not about the page.
        return logText.split(separator: "\n").map(String.init)
            .filter { $0.contains("CONSOLE") || $0.contains("Failed to load resource") }
    }

    @Test func manifestAndVerify() throws {
        let scratch = try Scratch()
        try scratch.write("lib.orr", "let word = \"done\"")
        let file = try scratch.write("v.orr", "import \"lib.orr\"\nprint(rng(4).uniform(0, 1))\nprint(word)\nsave(\"a,b\", \"t.csv\")")
        let manifest = scratch.url.appendingPathComponent("m.json").path
        let out = scratch.url.appendingPathComponent("out").path
        let first = try OrreryProcess.run(["run", file, "--seed", "3", "--out", out, "--manifest", manifest])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdoutLines.count == 2)
        let json = try String(contentsOfFile: manifest, encoding: .utf8)
        #expect(json.contains("\"path\" : \"t.csv\""))
        #expect(json.contains("\"seed\" : \"3\""))
        #expect(json.contains("\"allowExec\" : false"))
        #expect(json.contains("\"maxSteps\" : null"))
        let verified = try OrreryProcess.run(["run", "--verify", manifest, file])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.hasPrefix("verified: 2 outputs byte-identical, 1 saved files identical"))
        // An imported file changed: the rerun runs and says which output differs.
        try scratch.write("lib.orr", "let word = \"changed\"")
        let changed = try OrreryProcess.run(["run", "--verify", manifest, file])
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("input \(scratch.url.path)/lib.orr:"))
        #expect(changed.stderr.contains("output 2 (text, line 3) differs"))
        #expect(!changed.stderr.contains("output 1 "))
        // A different script is refused before anything runs.
        try scratch.write("v.orr", "print(rng(4).uniform(0, 1))\nprint(\"changed\")\nsave(\"a,c\", \"t.csv\")")
        let otherScript = try OrreryProcess.run(["run", "--verify", manifest, file])
        #expect(otherScript.status == 1)
        #expect(otherScript.stderr.contains("is not the script"))
        #expect(!otherScript.stderr.contains("differs"))
        let missing = try OrreryProcess.run(["run", "--verify", scratch.url.appendingPathComponent("nope.json").path, file])
        #expect(missing.status == 74)
    }

    @Test func verifyAsksForTheLimitsTheManifestWasMadeWith() throws {
        let scratch = try Scratch()
        let file = try scratch.write("s.orr", "var n = 0\nwhile n < 10 { n = n + 1 }\nprint(n)")
        let manifest = scratch.url.appendingPathComponent("m.json").path
        let first = try OrreryProcess.run(["run", file, "--max-steps", "500", "--manifest", manifest, "--seed", "18446744073709551615"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try String(contentsOfFile: manifest, encoding: .utf8).contains("\"seed\" : \"18446744073709551615\""))
        let without = try OrreryProcess.run(["run", "--verify", manifest, file])
        #expect(without.status == 64)
        #expect(without.stderr.contains("was made with --max-steps 500"))
        #expect(without.stderr.contains("orrery run --verify \(manifest) --max-steps 500 \(file)"))
        #expect(without.stdout.isEmpty)
        let other = try OrreryProcess.run(["run", "--verify", manifest, "--max-steps", "600", file])
        #expect(other.status == 64)
        let with = try OrreryProcess.run(["run", "--verify", manifest, "--max-steps", "500", file])
        #expect(with.status == 0, "\(with.stderr)")
    }

    /// Manifests travel inside every report: one that claims `--allow-exec` must not
    /// let `external(...)` start a process.
    @Test func aCraftedManifestCannotAllowExec() throws {
        let scratch = try Scratch()
        let marker = scratch.url.appendingPathComponent("started").path
        let file = try scratch.write("x.orr", "print(\"before\")\nlet m = external(\"/bin/sh -c 'touch \(marker)'\", timeout: 1)")
        let manifest = scratch.url.appendingPathComponent("m.json").path
        let first = try OrreryProcess.run(["run", file, "--manifest", manifest])
        #expect(first.status == 70)
        #expect(first.stderr.contains("needs permission"))
        let honest = try OrreryProcess.run(["run", "--verify", manifest, file])
        #expect(honest.status == 0, "\(honest.stderr)")
        // The same manifest, edited to claim the permission.
        let json = try String(contentsOfFile: manifest, encoding: .utf8)
        #expect(json.contains("\"allowExec\" : false"))
        try Data(json.replacingOccurrences(of: "\"allowExec\" : false", with: "\"allowExec\" : true").utf8)
            .write(to: URL(fileURLWithPath: manifest))
        let crafted = try OrreryProcess.run(["run", "--verify", manifest, file])
        #expect(crafted.status == 64)
        #expect(crafted.stderr.contains("was made with --allow-exec"))
        #expect(crafted.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: marker), "a process was started")
    }

    @Test func anOldManifestIsRefusedWithItsFormat() throws {
        let scratch = try Scratch()
        let file = try scratch.write("o.orr", "print(1)")
        let manifest = try scratch.write("m.json", #"{"format": "orrery-manifest/1", "flags": ["--allow-exec"], "seed": "0"}"#)
        let result = try OrreryProcess.run(["run", "--verify", manifest, file])
        #expect(result.status == 74)
        #expect(result.stderr.contains("orrery-manifest/1"))
    }

    @Test func badReportExtensionIsAUsageError() throws {
        let scratch = try Scratch()
        let (result, _) = try makeReport(scratch, "report.pdf")
        #expect(result.status == 64)
        #expect(result.stderr.contains(".html or .ipynb"))
    }

    @Test func failingScriptStillWritesItsReport() throws {
        let scratch = try Scratch()
        let file = try scratch.write("bad.orr", "print(1)\n# %%\nlet x = nil + 1")
        let report = scratch.url.appendingPathComponent("bad.html")
        let result = try OrreryProcess.run(["notebook", file, "-o", report.path])
        #expect(result.status == 70)
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains("<pre class=\"output error\">"))
    }
}
