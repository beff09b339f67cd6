import Foundation
import Testing
import WorldKit

/// The venv's Python (Scripts/external/setup), when it imports torch.
private let torchVenvPython: String? = {
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

/// Scripts/bench.d/video_torch_arch.py is the native video model's network in PyTorch, for
/// `Scripts/bench bridge throughput`: its tensors must stay those of the native network.
@Suite(.enabled(if: torchVenvPython != nil,
                "PyTorch is not installed in .build/torch-venv; run Scripts/external/setup (Scripts/test does) to check the PyTorch copy of the video network"))
struct VideoTorchArchitectureTests {
    /// Writes a tiny export and a picks file naming two minibatches of two examples.
    private func fixture(_ scratch: Scratch) throws -> (export: URL, picks: URL) {
        let export = scratch.url.appendingPathComponent("export")
        try FileManager.default.createDirectory(at: export, withIntermediateDirectories: true)
        let data = try Dataset(scenes: BenchmarkScenes.training(2, seed: 3), steps: 10, seed: 3)
        try DatasetExport.write(data, size: .standard) { name, bytes in
            try Data(bytes).write(to: export.appendingPathComponent(name))
        }
        let picks = scratch.url.appendingPathComponent("picks.json")
        try Data(#"{"batches": [[[0, 0], [0, 2]], [[0, 1], [0, 3]]]}"#.utf8).write(to: picks)
        return (export, picks)
    }

    private func run(_ arguments: [String]) throws -> (status: Int32, json: [String: Any]?) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(torchVenvPython))
        p.arguments = [OrreryProcess.root.appendingPathComponent("Scripts/bench.d/video_torch_arch.py").path] + arguments
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = FileHandle.nullDevice
        try p.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let line = String(decoding: output, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        return (p.terminationStatus, try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func theTensorsAreTheNativeNetworksInItsOrder() throws {
        let scratch = try Scratch()
        let (export, picks) = try fixture(scratch)
        let model = try VideoModel()
        let data = try Dataset(scenes: BenchmarkScenes.training(2, seed: 3), steps: 10, seed: 3)
        let native = try model.makeTrainingSession(dataset: data, setup: TrainingSetup(seed: 0)).parameters.map(\.count)
        let a = model.architecture
        let result = try run([export.path, picks.path, "--size", "\(a.size)", "--channels", "\(a.channels)", "--dim", "\(a.dim)",
                              "--window", "\(a.window)", "--hidden", "\(a.hidden)", "--horizon", "\(model.horizon)"])
        #expect(result.status == 0)
        let json = try #require(result.json)
        #expect((json["tensor_sizes"] as? [NSNumber])?.map(\.intValue) == native)
        // One minibatch timed (the first is a warm-up): two examples, a finite loss.
        #expect((json["examples"] as? NSNumber)?.intValue == 2)
        #expect(((json["loss"] as? NSNumber)?.doubleValue).map { $0.isFinite && $0 > 0 } == true)
    }

    @Test func anotherWidthGivesOtherTensors() throws {
        let scratch = try Scratch()
        let (export, picks) = try fixture(scratch)
        let model = try VideoModel(channels: 4)
        let data = try Dataset(scenes: BenchmarkScenes.training(2, seed: 3), steps: 10, seed: 3)
        let native = try model.makeTrainingSession(dataset: data, setup: TrainingSetup(seed: 0)).parameters.map(\.count)
        let result = try run([export.path, picks.path, "--channels", "8"])
        #expect(result.status == 0)
        let sizes = try #require((result.json?["tensor_sizes"] as? [NSNumber])?.map(\.intValue))
        #expect(sizes.count == native.count)
        #expect(sizes != native)
    }
}
