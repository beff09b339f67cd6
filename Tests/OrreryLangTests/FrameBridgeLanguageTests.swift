import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// `export`, `side_by_side`, `psnr(per: "step")` and frames-giving external models in the language.
@Suite struct FrameBridgeLanguageTests {
    static let world = """
    let world = scene "box" {
      ground at 0
      bounds (-5, 0) to (5, 6)
      ball a at (-2, 3) radius 0.8 velocity (3, 1)
      ball b at (3, 0.8) radius 0.8
    }
    let data = dataset(world, n: 3, steps: 8, seed: 2)

    """

    func run(_ source: String, options: RunOptions) -> (lines: [String], error: String?) {
        let output = ProgressCollectingOutput()
        let report = Engine(options: options, output: output, extensions: OrreryLangTests.world).run(path: "<test>", source: source)
        if case .runtimeError(let e) = report.outcome { return (output.lines, e.message) }
        if case .scriptErrors(let ds) = report.outcome { return (output.lines, ds.map(\.message).joined(separator: "; ")) }
        return (output.lines, nil)
    }

    static func scratch() -> (String, RunOptions) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-export-\(UUID().uuidString)").path
        var options = RunOptions()
        options.outputDirectory = folder
        return (folder, options)
    }

    @Test func exportWritesInsideTheOutputFolderOnly() throws {
        let (folder, options) = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ok = run(Self.world + "print(export(data, \"sets/box\", size: 32))", options: options)
        #expect(ok.error == nil)
        #expect(ok.lines == [folder + "/sets/box"])
        let files = try FileManager.default.contentsOfDirectory(atPath: folder + "/sets/box").sorted()
        #expect(files == ["dataset.json", "rollout_000.npy", "rollout_001.npy", "rollout_002.npy"])
        let npy = try Data(contentsOf: URL(fileURLWithPath: folder + "/sets/box/rollout_000.npy"))
        #expect(String(decoding: npy.prefix(128), as: UTF8.self).contains("'shape': (9, 32, 32, 3)"))

        let stray = "orrery-export-stray-\(UUID().uuidString)"
        for (call, message) in [
            ("export(data, \"../\(stray)\")", "export: '../\(stray)' leaves the output folder '\(folder)'"),
            ("export(data, \"/tmp/x\")", "export: '/tmp/x' is an absolute path; scripts write only inside the output folder '\(folder)'"),
            ("export(data, \"x\", size: 4)", "bad argument #3 to 'export' (size must be 8…512 pixels a side, got 4×4)"),
            ("export(data, \"x\", size: (64.5, 64))", "bad argument #3 to 'export' (size must be whole pixels, got (64.5, 64.0))"),
            ("export(world, \"x\")", "bad argument #1 to 'export' (dataset expected, got scene)"),
        ] {
            let bad = run(Self.world + call, options: options)
            #expect(bad.error == message, "\(call)")
        }
        #expect(!FileManager.default.fileExists(atPath: (folder as NSString).deletingLastPathComponent + "/" + stray))
    }

    @Test func exportRespectsTheOutputLimit() throws {
        let (folder, base) = Self.scratch()
        var options = base
        defer { try? FileManager.default.removeItem(atPath: folder) }
        options.maxOutputBytes = 10_000
        let r = run(Self.world + "export(data, \"big\")", options: options)
        // 3 rollouts × 9 frames × 64 × 64 × 3 bytes.
        #expect(r.error == "export: the frames take 331776 bytes, more than the 10000 --max-output leaves", "\(r.error ?? "no error")")
        #expect(!FileManager.default.fileExists(atPath: folder + "/big"))
    }

    @Test func sideBySideAndPsnrPerStep() throws {
        let (folder, options) = Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = run(Self.world + """
        let truth = rollout(physics, world, steps: 6)
        let still = rollout(physics, world, steps: 3)
        let curve = psnr(still, truth, per: "step")
        print(len(curve))
        print(curve[0] == inf and curve[3] == inf and curve[6] < 40)
        print(psnr(still, truth, 2, "step") == [curve[0], curve[2], curve[4], curve[6]])
        print(side_by_side([truth, still], captions: ["truth", "short"]))
        print(exec_allowed())
        save(side_by_side([truth]), "pair.png")
        """, options: options)
        #expect(r.error == nil)
        #expect(r.lines == ["7", "true", "true", "<animation: truth | short>", "false"])
        #expect(FileManager.default.fileExists(atPath: folder + "/pair.png"))
        for (call, message) in [
            ("side_by_side([])", "bad argument #1 to 'side_by_side' (a list of 1…8 rollouts expected)"),
            ("side_by_side([1])", "bad argument #1 to 'side_by_side' (item #1 is a number, not a rollout)"),
            ("side_by_side([rollout(physics, world, steps: 2)], captions: [])", "bad argument #2 to 'side_by_side' (a list of 1 strings expected, one per rollout)"),
            ("let t = rollout(physics, world, steps: 2)\npsnr(t, t, per: \"body\")", "bad argument #4 to 'psnr' (per must be \"all\" or \"step\", got \"body\")"),
        ] {
            let bad = run(Self.world + call, options: options)
            #expect(bad.error == message, "\(call)")
        }
    }

    /// The frame echo shipped in the repository, when python3 with numpy is here.
    static var frameEcho: String? {
        guard let reference = ModelLanguageTests.referenceModel else { return nil }
        return (reference as NSString).deletingLastPathComponent + "/frame_echo.py"
    }

    @Test func aBadFrameIsAnErrorAndTheReplLivesOn() throws {
        guard let echo = Self.frameEcho else { return }
        var options = RunOptions()
        options.allowExec = true
        let ok = run(Self.world + """
        let m = external("python3 \(echo)", timeout: 20)
        let truth = rollout(physics, world, steps: 6)
        let r = rollout(m, world, steps: 6)
        print(m.context)
        print(psnr(r, truth, per: "step")[1] == inf)
        print(error(r, truth) > 1)
        """, options: options)
        #expect(ok.error == nil)
        #expect(ok.lines == ["2", "true", "true"])

        let reader = ScriptedReader(Self.world.split(separator: "\n").map(String.init) + [
            "let m = external(\"python3 \(echo) --fault size\", timeout: 20)",
            "rollout(m, world, steps: 5)",
            "1 + 1",
        ])
        let out = CollectingOutput()
        let repl = Repl(options: options, reader: reader, output: out)
        repl.extensions = OrreryLangTests.world
        repl.run()
        #expect(out.errors.count == 1)
        #expect(out.errors.first?.contains("sent a decoded \"frame\" of 32×32 pixels; the program's hello promised 64×64") == true)
        #expect(out.lines.last == "2")
    }
}
