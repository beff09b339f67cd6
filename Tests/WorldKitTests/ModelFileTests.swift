import Testing
@testable import WorldKit

// Model files: round trips, determinism of training, and every way a file can be wrong.

private func smallTrainedWindow(seed: UInt64 = 3) throws -> WindowModel {
    let data = try Dataset(scenes: familyScenes(12, seed: 5), steps: 30, seed: 5)
    let model = try WindowModel(k: 3, hidden: 8)
    try train(model, data, epochs: 3, learningRate: 3e-3, seed: seed)
    return model
}

@Test func trainingTwiceGivesBitIdenticalModelsAndRollouts() throws {
    let a = try smallTrainedWindow(), b = try smallTrainedWindow(), c = try smallTrainedWindow(seed: 4)
    #expect(ModelFile.encode(a) == ModelFile.encode(b))
    #expect(ModelFile.encode(a) != ModelFile.encode(c))
    let scene = familyScenes(1, seed: 77)[0]
    #expect(try ModelRollout.run(a, scene: scene, steps: 40) == ModelRollout.run(b, scene: scene, steps: 40))
}

@Test(arguments: ["window", "memory", "compression", "hybrid", "physics"])
func modelsRoundTripThroughTheirFiles(kind: String) throws {
    let data = try Dataset(scenes: familyScenes(10, seed: 5), steps: 25, seed: 5)
    let model: any PersistentModel
    switch kind {
    case "window": model = try WindowModel(k: 3, hidden: 6)
    case "memory": model = try MemoryModel(k: 3, hidden: 6, mode: .retrieval)
    case "compression": model = try MemoryModel(k: 3, hidden: 6, mode: .compression(stride: 2, levels: 5))
    case "hybrid": model = try HybridModel(hidden: 6)
    default: model = PhysicsModel()
    }
    if let trainable = model as? TrainableModel {
        try train(trainable, data, epochs: 2, seed: 1)
    }
    let bytes = ModelFile.encode(model)
    let back = try ModelFile.decode(bytes)
    #expect(back.kind == model.kind)
    #expect(back.hyperparameters == model.hyperparameters)
    #expect(back.taxonomy == model.taxonomy)
    let persistent = try #require(back as? PersistentModel)
    #expect(ModelFile.encode(persistent) == bytes)
    #expect((back as? TrainableModel)?.trainingReport == (model as? TrainableModel)?.trainingReport)
    let scene = familyScenes(1, seed: 8)[0]
    #expect(try ModelRollout.run(back, scene: scene, steps: 30) == ModelRollout.run(model, scene: scene, steps: 30))
}

@Test func everyTruncationAndBitFlipIsAClearError() throws {
    let bytes = ModelFile.encode(try smallTrainedWindow())
    for n in 0..<bytes.count {
        #expect(throws: ModelError.self) { try ModelFile.decode(Array(bytes.prefix(n))) }
    }
    var rng = RandomStream(seed: 11)
    for _ in 0..<400 {
        var corrupt = bytes
        let i = rng.index(below: corrupt.count)
        corrupt[i] ^= UInt8(1) << UInt8(rng.index(below: 8))
        #expect(throws: ModelError.self) { try ModelFile.decode(corrupt) }
    }
    #expect(throws: ModelError.self) { try ModelFile.decode(bytes + [0]) }
}

@Test func headerErrorsSayWhatIsWrong() throws {
    let bytes = ModelFile.encode(try smallTrainedWindow())
    func message(_ b: [UInt8]) -> String {
        do { _ = try ModelFile.decode(b); return "" } catch { return "\(error)" }
    }
    var wrongMagic = bytes; wrongMagic[0] = UInt8(ascii: "X")
    #expect(message(wrongMagic).contains("not an Orrery model file"))
    var future = bytes; future[4] = 9
    #expect(message(future).contains("format version 9 is newer"))
    var badCRC = bytes; badCRC[bytes.count - 1] ^= 0xFF
    #expect(message(badCRC).contains("checksum mismatch"))
    #expect(message(Array(bytes.prefix(bytes.count - 5))).contains("truncated"))
}

/// A file with a correct checksum around a hostile payload.
private func file(payload: [UInt8]) -> [UInt8] {
    var w = ByteWriter()
    w.bytes = ModelFile.magic
    w.u32(ModelFile.formatVersion)
    w.u64(UInt64(payload.count))
    w.u32(ModelFile.crc(payload))
    return w.bytes + payload
}

@Test func absurdSizesInsideAValidChecksumAreRejectedBeforeAllocating() throws {
    var huge = ByteWriter()
    huge.string("window"); huge.u32(0); huge.u32(1); huge.string("w"); huge.u32(2); huge.u64(1 << 40); huge.u64(1 << 40)
    #expect(throws: ModelError.self) { try ModelFile.decode(file(payload: huge.bytes)) }

    var overflow = ByteWriter()
    overflow.string("window"); overflow.u32(0); overflow.u32(1); overflow.string("w"); overflow.u32(2)
    overflow.u64(1 << 20); overflow.u64(1 << 20)
    #expect(throws: ModelError.self) { try ModelFile.decode(file(payload: overflow.bytes)) }

    var manyTensors = ByteWriter()
    manyTensors.string("window"); manyTensors.u32(0); manyTensors.u32(UInt32.max)
    #expect(throws: ModelError.self) { try ModelFile.decode(file(payload: manyTensors.bytes)) }

    var unknown = ByteWriter()
    unknown.string("telepathy"); unknown.u32(0); unknown.u32(0); unknown.u8(0)
    let message: String
    do { _ = try ModelFile.decode(file(payload: unknown.bytes)); message = "" } catch { message = "\(error)" }
    #expect(message.contains("unknown kind 'telepathy'"))

    // A well-formed record whose hyperparameters are out of range.
    var badK = ByteWriter()
    badK.string("window"); badK.u32(2); badK.string("hidden"); badK.f64(8); badK.string("k"); badK.f64(1e300)
    badK.u32(0); badK.u8(0)
    #expect(throws: ModelError.self) { try ModelFile.decode(file(payload: badK.bytes)) }
}
