import Testing
@testable import WorldKit

// MARK: - Fixtures

/// A small deterministic test card with gradients, so every filter type gets exercised.
private func testCard(width: Int = 23, height: Int = 17, phase: Int = 0) throws -> Image {
    var bytes: [UInt8] = []
    for y in 0..<height {
        for x in 0..<width {
            bytes.append(UInt8(truncatingIfNeeded: x * 11 + phase))
            bytes.append(UInt8(truncatingIfNeeded: y * 13 + x * x))
            bytes.append(UInt8(truncatingIfNeeded: (x ^ y) * 7 + phase * 3))
        }
    }
    return try Image(width: width, height: height, pixels: bytes)
}

/// A rendered frame: a ball at `x` behind a fixed wall.
private func frame(ballX: Double) throws -> Image {
    let camera = try Camera(center: .zero, size: Vec2(8, 6), pixelsPerUnit: 8)
    return Rasterizer(camera: camera, background: .white).render([
        .segment(from: Vec2(-4, -2.5), to: Vec2(4, -2.5), width: 0.3, color: .darkGray),
        .circle(center: Vec2(ballX, -1.5), radius: 0.8, color: .red, orientation: ballX),
    ])
}

// MARK: - PNG

@Test(arguments: [PNGFilterStrategy.none, .sub, .up, .paeth, .adaptive])
func pngRoundTripsThroughTheDecoder(filter: PNGFilterStrategy) throws {
    let image = try testCard()
    let bytes = try PNGEncoder(filter: filter).encode(image)
    let decoded = try PNGDecoder.decode(bytes)
    #expect(decoded.width == image.width && decoded.height == image.height)
    #expect(decoded.pixels == image.pixels)
    #expect(try PNGDecoder.decodeFrames(bytes) == [image])
}

@Test func pngHasSignatureHeaderAndValidChunkCRCs() throws {
    let bytes = try PNGEncoder().encode(try frame(ballX: 0))
    #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    let chunks = try PNGChunk.parse(bytes)  // parse checks every CRC
    #expect(chunks.map(\.type) == ["IHDR", "IDAT", "IEND"])
    #expect(chunks[0].data == [0, 0, 0, 64, 0, 0, 0, 48, 8, 2, 0, 0, 0])
    // Known CRC of an empty IEND chunk, independent of our own CRC code.
    #expect(Array(bytes.suffix(8)) == [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
}

@Test func pngEncodingIsDeterministic() throws {
    let a = try PNGEncoder().encode(try frame(ballX: 1))
    let b = try PNGEncoder().encode(try frame(ballX: 1))
    #expect(a == b)
    let frames = [try frame(ballX: 0), try frame(ballX: 1)]
    #expect(try APNGEncoder().encode(frames) == (try APNGEncoder().encode(frames)))
}

@Test func filtersMakeSmoothImagesSmaller() throws {
    let image = try frame(ballX: 0.3)
    let raw = try PNGEncoder(compressionLevel: 0, filter: .none).encode(image)
    let good = try PNGEncoder(compressionLevel: 9, filter: .adaptive).encode(image)
    #expect(raw.count > image.pixels.count)   // stored: at least the pixels plus scanline bytes
    #expect(good.count * 10 < raw.count)
}

// MARK: - Decoder errors

@Test func decoderRejectsTruncatedData() throws {
    let bytes = try PNGEncoder().encode(try testCard())
    for cut in [0, 5, 8, 20, 33, bytes.count / 2, bytes.count - 1] {
        #expect(throws: PNGError.self) { try PNGDecoder.decode(Array(bytes.prefix(cut))) }
    }
    #expect(throws: PNGError.notPNG) { try PNGDecoder.decode(Array("not a png at all".utf8)) }
}

@Test func decoderRejectsCorruptBytesWithAClearError() throws {
    let bytes = try PNGEncoder().encode(try testCard())
    var flipped = bytes
    flipped[bytes.count / 2] ^= 0x40   // inside IDAT: the CRC catches it
    #expect(throws: PNGError.badCRC(chunk: "IDAT", offset: 33)) { try PNGDecoder.decode(flipped) }
    let error = PNGError.badCRC(chunk: "IDAT", offset: 33)
    #expect(error.description.contains("IDAT"))

    // A huge chunk length must not be trusted.
    var hugeLength = bytes
    hugeLength[8] = 0x7F
    #expect(throws: PNGError.self) { try PNGDecoder.decode(hugeLength) }
}

@Test func decoderRejectsUnsupportedOrBrokenHeaders() throws {
    func png(header: [UInt8], data: [UInt8] = [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]) -> [UInt8] {
        var out = PNGChunk.signature
        PNGChunk.append(type: "IHDR", data: header, to: &out)
        PNGChunk.append(type: "IDAT", data: data, to: &out)
        PNGChunk.append(type: "IEND", data: [], to: &out)
        return out
    }
    let palette: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 1, 8, 3, 0, 0, 0]
    #expect(throws: PNGError.unsupported("colour type 3 (only RGB and RGBA are supported)")) {
        try PNGDecoder.decode(png(header: palette))
    }
    let sixteenBit: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 1, 16, 2, 0, 0, 0]
    #expect(throws: PNGError.self) { try PNGDecoder.decode(png(header: sixteenBit)) }
    let enormous: [UInt8] = [0x7F, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 8, 2, 0, 0, 0]
    #expect(throws: PNGError.self) { try PNGDecoder.decode(png(header: enormous)) }
    let interlaced: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 1]
    #expect(throws: PNGError.unsupported("interlaced images")) { try PNGDecoder.decode(png(header: interlaced)) }
    // A valid 1×1 header whose data inflates to nothing.
    let oneByOne: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]
    #expect(throws: PNGError.self) { try PNGDecoder.decode(png(header: oneByOne)) }
    #expect(throws: PNGError.self) { try PNGDecoder.decode(png(header: oneByOne, data: [1, 2, 3, 4])) }
    #expect(throws: PNGError.self) { try PNGDecoder.decode(png(header: [1, 2, 3])) }
}

@Test func decoderRejectsAnUnknownFilterType() throws {
    // One RGB pixel with filter byte 9.
    let scanline: [UInt8] = [9, 10, 20, 30]
    var out = PNGChunk.signature
    PNGChunk.append(type: "IHDR", data: [0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0], to: &out)
    PNGChunk.append(type: "IDAT", data: try Zlib.compress(scanline, level: 6), to: &out)
    PNGChunk.append(type: "IEND", data: [], to: &out)
    #expect(throws: PNGError.corruptData("row 0 has unknown filter type 9")) { try PNGDecoder.decode(out) }
}

@Test func decoderReadsRGBAByDroppingAlpha() throws {
    let scanline: [UInt8] = [0, 10, 20, 30, 128, 40, 50, 60, 255]
    var out = PNGChunk.signature
    PNGChunk.append(type: "IHDR", data: [0, 0, 0, 2, 0, 0, 0, 1, 8, 6, 0, 0, 0], to: &out)
    PNGChunk.append(type: "IDAT", data: try Zlib.compress(scanline, level: 6), to: &out)
    PNGChunk.append(type: "IEND", data: [], to: &out)
    #expect(try PNGDecoder.decode(out).pixels == [10, 20, 30, 40, 50, 60])
}

// MARK: - APNG

@Test func apngDeclaresFrameCountAndNumbersItsChunksInSequence() throws {
    let frames = try (0..<5).map { try frame(ballX: -2 + Double($0)) }
    let bytes = try APNGEncoder(delay: FrameDelay(framesPerSecond: 25), loopCount: 0).encode(frames)
    let chunks = try PNGChunk.parse(bytes)
    #expect(chunks.first?.type == "IHDR")
    #expect(chunks.last?.type == "IEND")
    let actl = try #require(chunks.first { $0.type == "acTL" })
    #expect(actl.data == [0, 0, 0, 5, 0, 0, 0, 0])
    // acTL must come before the first IDAT.
    let actlIndex = try #require(chunks.firstIndex { $0.type == "acTL" })
    let idatIndex = try #require(chunks.firstIndex { $0.type == "IDAT" })
    #expect(actlIndex < idatIndex)

    let sequenced = chunks.filter { $0.type == "fcTL" || $0.type == "fdAT" }
    #expect(sequenced.count == 9)  // 5 fcTL + 4 fdAT (frame 0 lives in IDAT)
    let numbers = sequenced.map { $0.data.readBigEndian(at: 0) }
    #expect(numbers == Array(0..<9))
    let firstControl = try #require(chunks.first { $0.type == "fcTL" })
    #expect(firstControl.data.readBigEndian16(at: 20) == 1)    // delay 1/25 s
    #expect(firstControl.data.readBigEndian16(at: 22) == 25)
}

@Test(arguments: [true, false])
func apngFramesRoundTrip(cropping: Bool) throws {
    var frames = try (0..<6).map { try frame(ballX: -2 + 0.7 * Double($0)) }
    frames.append(frames[frames.count - 1])   // an unchanged frame
    let bytes = try APNGEncoder(cropsUnchangedRegions: cropping).encode(frames)
    #expect(try PNGDecoder.decodeFrames(bytes) == frames)
    #expect(try PNGDecoder.decode(bytes) == frames[0])
}

@Test func apngCroppingStoresOnlyTheChangedRectangle() throws {
    let frames = [try frame(ballX: -1), try frame(ballX: -0.8)]
    let cropped = try APNGEncoder(cropsUnchangedRegions: true).encode(frames)
    let full = try APNGEncoder(cropsUnchangedRegions: false).encode(frames)
    #expect(cropped.count < full.count)
    let controls = try PNGChunk.parse(cropped).filter { $0.type == "fcTL" }
    let width = controls[1].data.readBigEndian(at: 4)
    #expect(width > 0 && width < 64)
}

@Test func apngRejectsEmptyAndMismatchedFrames() throws {
    #expect(throws: RenderError.noFrames) { try APNGEncoder().encode([]) }
    let small = try Image(width: 4, height: 4)
    let big = try Image(width: 5, height: 4)
    #expect(throws: RenderError.frameSizeMismatch(index: 1)) { try APNGEncoder().encode([small, big]) }
}

@Test func apngDecoderChecksSequenceNumbers() throws {
    let frames = [try frame(ballX: 0), try frame(ballX: 1)]
    let chunks = try PNGChunk.parse(try APNGEncoder().encode(frames))
    var out = PNGChunk.signature
    for chunk in chunks {
        var data = chunk.data
        if chunk.type == "fdAT" { data[3] = 7 }  // wrong sequence number, valid CRC
        PNGChunk.append(type: chunk.type, data: data, to: &out)
    }
    #expect(throws: PNGError.corruptData("animation chunk has sequence number 7, expected 2")) {
        try PNGDecoder.decodeFrames(out)
    }
}

@Test func apngDecoderRefusesAnimationsTooLargeToHold() throws {
    // A 4096×4096 canvas with many one-pixel frames: tiny file, gigabytes if decoded.
    let frameCount = PNGDecoder.maximumDecodedBytes / (4096 * 4096 * 3) + 1
    let onePixel = try Zlib.compress([0, 1, 2, 3], level: 6)
    var out = PNGChunk.signature
    PNGChunk.append(type: "IHDR", data: [0, 0, 16, 0, 0, 0, 16, 0, 8, 2, 0, 0, 0], to: &out)
    var actl: [UInt8] = []
    actl.appendBigEndian(UInt32(frameCount)); actl.appendBigEndian(UInt32(0))
    PNGChunk.append(type: "acTL", data: actl, to: &out)
    var sequence: UInt32 = 0
    for _ in 0..<frameCount {
        var fctl: [UInt8] = []
        fctl.appendBigEndian(sequence); sequence += 1
        for v: UInt32 in [1, 1, 0, 0] { fctl.appendBigEndian(v) }
        fctl.appendBigEndian(UInt16(1)); fctl.appendBigEndian(UInt16(30)); fctl.append(0); fctl.append(0)
        PNGChunk.append(type: "fcTL", data: fctl, to: &out)
        var fdat: [UInt8] = []
        fdat.appendBigEndian(sequence); sequence += 1
        fdat.append(contentsOf: onePixel)
        PNGChunk.append(type: "fdAT", data: fdat, to: &out)
    }
    PNGChunk.append(type: "IEND", data: [], to: &out)
    let error = #expect(throws: PNGError.self) { try PNGDecoder.decodeFrames(out) }
    #expect(error?.description.contains("too large to decode") == true)
}
