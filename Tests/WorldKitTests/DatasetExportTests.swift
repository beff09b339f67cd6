import Foundation
import Testing
@testable import WorldKit

/// `DatasetExport`: .npy frames a numpy user loads as they are, and the JSON beside them.
@Suite struct DatasetExportTests {
    static func data() throws -> Dataset {
        var a = BodySpec.ball("a", at: Vec2(-2, 3), radius: 0.8)
        a.velocity = Vec2(3, 1)
        let one = ModelFixtures.box(bodies: [a, .ball("b", at: Vec2(3, 0.8), radius: 0.8)])
        var b = a
        b.velocity = Vec2(-2, 2)
        let two = ModelFixtures.box(bodies: [b, .ball("b", at: Vec2(1, 0.8), radius: 0.8)])
        return try Dataset(scenes: [one, two, one], steps: 6, seed: 4)
    }

    static func export(_ data: Dataset, size: FrameSize) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        try DatasetExport.write(data, size: size) { name, bytes in files[name] = bytes }
        return files
    }

    /// Reads a version 1.0 .npy header as numpy does: magic, version, little-endian length, dict.
    static func header(_ bytes: [UInt8]) -> (dict: String, dataOffset: Int)? {
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8), bytes[6] == 1 else { return nil }
        let length = Int(bytes[8]) | Int(bytes[9]) << 8
        guard bytes.count >= 10 + length else { return nil }
        return (String(decoding: bytes[10..<(10 + length)], as: UTF8.self), 10 + length)
    }

    @Test func framesAreUint8ArraysOfTheRenderedStates() throws {
        let data = try Self.data()
        let size = FrameSize(width: 48, height: 32)
        let files = try Self.export(data, size: size)
        #expect(Set(files.keys) == ["rollout_000.npy", "rollout_001.npy", "rollout_002.npy", "dataset.json"])
        for (i, r) in data.rollouts.enumerated() {
            let bytes = try #require(files[DatasetExport.framesFile(i)])
            let (dict, offset) = try #require(Self.header(bytes))
            #expect(offset % 64 == 0)
            #expect(dict.hasSuffix("\n"))
            #expect(dict.contains("'descr': '|u1'") && dict.contains("'fortran_order': False"))
            #expect(dict.contains("'shape': (7, 32, 48, 3)"))
            #expect(bytes.count == offset + 7 * size.byteCount)
            for t in [0, 3, 6] {
                let frame = try FrameRendering.render(scene: r.scene, state: r.states[t], size: size)
                let start = offset + t * size.byteCount
                #expect(Array(bytes[start..<(start + size.byteCount)]) == frame.pixels)
            }
        }
    }

    @Test func metadataHoldsScenesStatesAndTheSplit() throws {
        let data = try Self.data()
        let files = try Self.export(data, size: .standard)
        let json = try JSONSerialization.jsonObject(with: Data(try #require(files["dataset.json"]))) as? [String: Any]
        let meta = try #require(json)
        #expect(meta["format"] as? String == DatasetExport.format)
        #expect(meta["steps"] as? Int == 6)
        #expect(meta["state_fields"] as? [String] == DatasetExport.stateFields)
        let rollouts = try #require(meta["rollouts"] as? [[String: Any]])
        #expect(rollouts.map { $0["split"] as? String } == ["train", "train", "held_out"])
        #expect(rollouts[1]["bodies"] as? [String] == ["a", "b"])
        let states = try #require(rollouts[1]["states"] as? [[[Double]]])
        #expect(states.count == 7)
        let truth = data.rollouts[1].states[4]["a"]!
        // Within 1e-12: Foundation's JSON reader on Linux may miss the last digit (Python's does not).
        #expect(abs(states[4][0][0] - truth.position.x) < 1e-12 && abs(states[4][0][1] - truth.position.y) < 1e-12)
        #expect(abs(states[4][0][3] - truth.velocity.x) < 1e-12 && states[4][0][6] == 1)
        #expect((rollouts[1]["scene"] as? [String: Any])?["bodies"] != nil)
    }

    @Test func exportsAreDeterministicAndArraysCheckTheirShape() throws {
        let a = try Self.export(try Self.data(), size: .standard)
        let b = try Self.export(try Self.data(), size: .standard)
        #expect(a == b)
        #expect(throws: ModelError.self) { try NumpyArray.bytes(uint8: [1, 2, 3], shape: [2, 2]) }
        let doubles = try NumpyArray.bytes(float64: [1.5, -2], shape: [2])
        #expect(Self.header(doubles)?.dict.contains("'shape': (2,)") == true)
        #expect(doubles.count % 8 == 0 && doubles.suffix(8) == [0, 0, 0, 0, 0, 0, 0, 0xC0])
    }
}
