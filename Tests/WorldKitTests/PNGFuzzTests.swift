import Testing
@testable import WorldKit

// Seeded mutation fuzzing: whatever the bytes, the decoder returns an image or throws a
// PNGError; it never traps. A few hundred cases keep this fast.

private func sample() throws -> [UInt8] {
    let camera = try Camera(center: .zero, size: Vec2(4, 3), pixelsPerUnit: 6)
    let frames = try (0..<3).map { i -> Image in
        Rasterizer(camera: camera).render([
            .circle(center: Vec2(Double(i) * 0.5 - 1, 0), radius: 0.6, color: .red, orientation: Double(i)),
            .rectangle(min: Vec2(0.5, -1), max: Vec2(1.5, 1), color: .gray),
        ])
    }
    return try APNGEncoder().encode(frames)
}

/// Decodes both ways, accepting success or a PNGError and nothing else.
private func decodeQuietly(_ bytes: [UInt8]) {
    do { _ = try PNGDecoder.decode(bytes) } catch is PNGError {} catch { Issue.record("unexpected error \(error)") }
    do { _ = try PNGDecoder.decodeFrames(bytes) } catch is PNGError {} catch { Issue.record("unexpected error \(error)") }
}

@Test func randomByteFlipsNeverTrap() throws {
    let original = try sample()
    var random = RandomStream(seed: 11)
    for _ in 0..<200 {
        var bytes = original
        for _ in 0..<(1 + random.index(below: 4)) {
            bytes[random.index(below: bytes.count)] = UInt8(truncatingIfNeeded: random.nextUInt64())
        }
        if random.index(below: 4) == 0 { bytes.removeLast(random.index(below: bytes.count)) }
        decodeQuietly(bytes)
    }
}

@Test func mutatedChunksWithValidCRCsNeverTrap() throws {
    // Re-signing each mutated chunk gets past the CRC check into header, inflate,
    // unfilter and APNG composition code.
    let chunks = try PNGChunk.parse(try sample())
    var random = RandomStream(seed: 12)
    for _ in 0..<300 {
        var out = PNGChunk.signature
        let victim = random.index(below: chunks.count)
        for (index, chunk) in chunks.enumerated() {
            var data = chunk.data
            if index == victim, !data.isEmpty {
                for _ in 0..<(1 + random.index(below: 3)) {
                    data[random.index(below: data.count)] = UInt8(truncatingIfNeeded: random.nextUInt64())
                }
                if random.index(below: 5) == 0 { data.removeLast(random.index(below: data.count)) }
            }
            PNGChunk.append(type: chunk.type, data: data, to: &out)
        }
        decodeQuietly(out)
    }
}
