import Foundation
import Testing

/// The Python of .build/torch-venv (Scripts/external/setup; Scripts/test runs it), when it imports torch.
private let torchPython: String? = {
    let python = OrreryProcess.root.appendingPathComponent(".build/torch-venv/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: python) else { return nil }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: python)
    p.arguments = ["-c", "import torch, numpy"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return nil }
    p.waitUntilExit()
    return p.terminationStatus == 0 ? python : nil
}()

/// The PyTorch reference video model end to end: a script exports a tiny dataset, the model
/// trains on it for a few seconds in its own process and is rolled out over protocol version 2.
@Suite(.enabled(if: torchPython != nil,
                "PyTorch is not installed in .build/torch-venv; run Scripts/external/setup (Scripts/test does) to run the PyTorch video-model test"))
struct VideoModelGoldenTests {
    @Test func theNotebookTrainsAndRollsOutThePyTorchModel() throws {
        let scratch = try Scratch()
        let out = scratch.url.appendingPathComponent("out")
        let result = try OrreryProcess.run(["run", "Stdlib/examples/video_bridge.orr", "--allow-exec", "--out", out.path],
                                           in: OrreryProcess.root)
        #expect(result.status == 0, "stdout: \(result.stdout)\nstderr: \(result.stderr)")
        // The export a researcher would load: ten rollouts of frames and the metadata.
        let files = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("bouncing").path)
        #expect(files.filter { $0.hasSuffix(".npy") }.count == 10)
        #expect(files.contains("dataset.json"))
        // Both external columns ran, and the trained model's first predicted frame is close
        // to the truth (37.7 dB when written; the bar leaves room for other machines' floats).
        let line = try #require(result.stdoutLines.first { $0.hasPrefix("PyTorch ConvGRU: PSNR ") })
        let first = try #require(Double(line.dropFirst("PyTorch ConvGRU: PSNR ".count).prefix { $0 != " " }))
        #expect(first > 28, "\(line)")
        #expect(result.stdoutLines.contains { $0.hasPrefix("repeat last frame: PSNR ") })
        #expect(result.stdout.contains("<animation: truth | repeat last frame | PyTorch ConvGRU>"))
    }

    @Test func trainingIsDeterministicForASeedOnTheCPU() throws {
        let python = try #require(torchPython)
        let scratch = try Scratch()
        let out = scratch.url.appendingPathComponent("out")
        let export = try OrreryProcess.run(["run", "Stdlib/examples/video_bridge.orr", "--out", out.path], in: OrreryProcess.root)
        #expect(export.status == 0, "\(export.stderr)")
        var checkpoints: [Data] = []
        for run in 0..<2 {
            let folder = scratch.url.appendingPathComponent("run\(run)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: python)
            p.arguments = [OrreryProcess.root.appendingPathComponent("Scripts/external/video_model.py").path, "train",
                           out.appendingPathComponent("bouncing").path, "--out", folder.appendingPathComponent("m.pt").path,
                           "--steps", "3", "--batch", "2", "--context", "3", "--horizon", "2", "--seed", "3"]
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            checkpoints.append(try Data(contentsOf: folder.appendingPathComponent("m.pt")))
        }
        #expect(checkpoints[0].count > 10_000)
        #expect(checkpoints[0] == checkpoints[1])
    }
}
