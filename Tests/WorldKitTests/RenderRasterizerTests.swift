import Testing
@testable import WorldKit

// MARK: - Helpers

/// A 100×100 frame of the world square [-5, 5]², 10 pixels per unit.
private func standardCamera() throws -> Camera {
    try Camera(center: .zero, size: Vec2(10, 10), pixelsPerUnit: 10)
}

private func render(_ commands: [DrawCommand], background: RGB = .white) throws -> Image {
    Rasterizer(camera: try standardCamera(), background: background).render(commands)
}

/// Whether `c` lies strictly between `a` and `b` on every channel where they differ.
private func isBlend(_ c: RGB, between a: RGB, and b: RGB) -> Bool {
    c != a && c != b
        && (min(a.r, b.r)...max(a.r, b.r)).contains(c.r)
        && (min(a.g, b.g)...max(a.g, b.g)).contains(c.g)
        && (min(a.b, b.b)...max(a.b, b.b)).contains(c.b)
}

// MARK: - Camera

@Test func cameraDerivesImageSizeFromWorldSizeAndScale() throws {
    let camera = try Camera(center: Vec2(3, 1), size: Vec2(8, 4.26), pixelsPerUnit: 12.5)
    #expect(camera.width == 100)
    #expect(camera.height == 53)  // 53.25 rounds to 53
    let tiny = try Camera(center: .zero, size: Vec2(0.01, 0.01), pixelsPerUnit: 1)
    #expect(tiny.width == 1 && tiny.height == 1)
}

@Test func cameraFlipsYAndScalesByPixelsPerUnit() throws {
    let camera = try standardCamera()
    #expect(camera.pixelPosition(of: .zero) == Vec2(50, 50))
    #expect(camera.pixelPosition(of: Vec2(-5, 5)) == Vec2(0, 0))      // world top-left → image origin
    #expect(camera.pixelPosition(of: Vec2(5, -5)) == Vec2(100, 100))
    #expect(camera.pixelPosition(of: Vec2(1, 2)) == Vec2(60, 30))      // up in the world is up in the image
    let back = camera.worldPosition(of: camera.pixelPosition(of: Vec2(1.25, -3.5)))
    #expect(back == Vec2(1.25, -3.5))
}

@Test func cameraRejectsBadParametersWithErrors() {
    #expect(throws: RenderError.self) { try Camera(center: .zero, size: Vec2(0, 1), pixelsPerUnit: 10) }
    #expect(throws: RenderError.self) { try Camera(center: .zero, size: Vec2(1, 1), pixelsPerUnit: -1) }
    #expect(throws: RenderError.self) { try Camera(center: Vec2(.nan, 0), size: Vec2(1, 1), pixelsPerUnit: 1) }
    #expect(throws: RenderError.self) { try Camera(center: .zero, size: Vec2(1, 1), pixelsPerUnit: .infinity) }
    // Too big to allocate sanely: an error, not gigabytes.
    #expect(throws: RenderError.self) { try Camera(center: .zero, size: Vec2(1e6, 1), pixelsPerUnit: 100) }
    #expect(throws: RenderError.self) { try Camera(center: .zero, size: Vec2(1e300, 1e300), pixelsPerUnit: 1e300) }
    #expect(throws: RenderError.self) { try Image(width: 0, height: 5) }
    #expect(throws: RenderError.self) { try Image(width: 2, height: 2, pixels: [1, 2, 3]) }
}

@Test func cameraFittingARectangleKeepsAspect() throws {
    let camera = try Camera(minCorner: Vec2(0, 0), maxCorner: Vec2(20, 5), imageWidth: 200)
    #expect(camera.width == 200 && camera.height == 50)
    #expect(camera.pixelPosition(of: Vec2(0, 5)) == Vec2(0, 0))
}

// MARK: - Shapes

@Test func circleCoversItsCentreNotTheOutsideAndBlendsItsEdge() throws {
    let image = try render([.circle(center: .zero, radius: 2, color: .red)])
    #expect(image.pixel(x: 50, y: 50) == .red)
    #expect(image.pixel(x: 45, y: 55) == .red)
    #expect(image.pixel(x: 75, y: 50) == .white)
    #expect(image.pixel(x: 0, y: 0) == .white)
    // The rim passes through pixel column 69.5 ± 0.5 on the centre row's diagonal; some
    // pixel near 45° must be partially covered.
    var blended = 0
    for y in 0..<100 { for x in 0..<100 where isBlend(image.pixel(x: x, y: y) ?? .white, between: .white, and: .red) { blended += 1 } }
    #expect(blended > 20)
    let edge = image.pixel(x: 64, y: 35) ?? .white  // (64.5, 35.5) is 20.5 from the centre
    #expect(isBlend(edge, between: .white, and: .red))
}

@Test func circleAreaMatchesItsGeometry() throws {
    let image = try render([.circle(center: .zero, radius: 2, color: .black)])
    // Sum coverage over the frame: should be π r² = 400π ≈ 1256.6 pixels.
    var covered = 0.0
    for y in 0..<100 { for x in 0..<100 { covered += 1 - Double(image.pixel(x: x, y: y)?.r ?? 255) / 255 } }
    #expect(abs(covered - 400 * Double.pi) < 3)
}

@Test func circleOrientationLineShowsRotation() throws {
    let right = try render([.circle(center: .zero, radius: 2, color: .yellow, orientation: 0)])
    let up = try render([.circle(center: .zero, radius: 2, color: .yellow, orientation: Double.pi / 2)])
    // A yellow (light) disc gets a dark mark: along +x for angle 0, along +y (image up) for π/2.
    #expect((right.pixel(x: 60, y: 50)?.luminance ?? 1) < 0.4)
    #expect(right.pixel(x: 50, y: 40) == .yellow)
    #expect((up.pixel(x: 50, y: 40)?.luminance ?? 1) < 0.4)
    #expect(up.pixel(x: 60, y: 50) == .yellow)
}

@Test func rotatedBoxIsAPolygonWithItsCornersTurned() throws {
    let straight = try render([DrawCommand.box(center: .zero, size: Vec2(4, 2), color: .blue)])
    #expect(straight.pixel(x: 50 + 18, y: 50) == .blue)
    #expect(straight.pixel(x: 50, y: 50 - 14) == .white)
    let turned = try render([DrawCommand.box(center: .zero, size: Vec2(4, 2), angle: Double.pi / 2, color: .blue)])
    #expect(turned.pixel(x: 50 + 18, y: 50) == .white)
    #expect(turned.pixel(x: 50, y: 50 - 18) == .blue)
}

@Test func polygonWindingAndOrderDoNotMatter() throws {
    let square = [Vec2(-1, -1), Vec2(1, -1), Vec2(1, 1), Vec2(-1, 1)]
    let a = try render([.polygon(points: square, color: .green)])
    let b = try render([.polygon(points: square.reversed(), color: .green)])
    let c = try render([.polygon(points: [square[2], square[0], square[3], square[1]], color: .green)])
    #expect(a == b && b == c)
    #expect(a.pixel(x: 50, y: 50) == .green)
    // Pixel-aligned edges: x from 40 to 60 exactly, so no blended pixels at all.
    #expect(a.pixel(x: 40, y: 50) == .green && a.pixel(x: 39, y: 50) == .white && a.pixel(x: 59, y: 50) == .green)
    #expect(a.pixel(x: 60, y: 50) == .white)
    // Degenerate polygons draw nothing.
    let nothing = try render([.polygon(points: [Vec2(0, 0), Vec2(1, 1)], color: .green),
                              .polygon(points: [Vec2(0, 0), Vec2(1, 1), Vec2(2, 2)], color: .green)])
    #expect(nothing == (try render([])))
}

@Test func halfCoveredPixelIsAnEvenBlend() throws {
    // Edge at x = 50.5 pixels: column 50 is exactly half covered.
    let image = try render([.rectangle(min: Vec2(-6, -6), max: Vec2(0.05, 6), color: .black)])
    #expect(image.pixel(x: 49, y: 50) == .black)
    #expect(image.pixel(x: 50, y: 50) == RGB(128, 128, 128))
    #expect(image.pixel(x: 51, y: 50) == .white)
}

@Test func thickSegmentDrawsAWall() throws {
    let image = try render([.segment(from: Vec2(-4, -3), to: Vec2(4, -3), width: 0.4, color: .darkGray)])
    #expect(image.pixel(x: 50, y: 80) == .darkGray)
    #expect(image.pixel(x: 50, y: 77) == .white)
    #expect(image.pixel(x: 50, y: 83) == .white)
    // Round caps reach past the endpoints by half the width.
    #expect(image.pixel(x: 90, y: 80) == .darkGray)
    #expect(image.pixel(x: 92, y: 80) == .white)
}

@Test func occluderIsDrawnOverABody() throws {
    let body = DrawCommand.circle(center: .zero, radius: 1, color: .red)
    let occluder = DrawCommand.rectangle(min: Vec2(-2, -2), max: Vec2(2, 2), color: .gray)
    #expect(try render([body, occluder]).pixel(x: 50, y: 50) == .gray)
    #expect(try render([occluder, body]).pixel(x: 50, y: 50) == .red)
    // A translucent occluder lets the body show through.
    let glass = DrawCommand.rectangle(min: Vec2(-2, -2), max: Vec2(2, 2), color: .black, opacity: 0.5)
    #expect(try render([body, glass]).pixel(x: 50, y: 50) == RGB(110, 25, 24))
}

@Test func regionOutlineLeavesTheInsideAlone() throws {
    let image = try render([.rectangle(min: Vec2(-2, -2), max: Vec2(2, 2), color: .purple, outline: 0.2)])
    #expect(image.pixel(x: 50, y: 50) == .white)
    #expect(image.pixel(x: 30, y: 50) == .purple)   // left edge at x = 30
    #expect(image.pixel(x: 50, y: 70) == .purple)   // bottom edge at y = 70
}

@Test func shapesOffFrameOrWithBadNumbersAreSkipped() throws {
    let blank = try render([])
    let image = try render([
        .circle(center: Vec2(100, 100), radius: 1, color: .red),
        .circle(center: .zero, radius: .nan, color: .red),
        .circle(center: Vec2(.infinity, 0), radius: 1, color: .red),
        .segment(from: .zero, to: Vec2(.nan, 1), width: 1, color: .red),
        .rectangle(min: .zero, max: Vec2(1, 1), color: .red, opacity: 0),
        .polygon(points: [Vec2(0, 0), Vec2(.nan, 1), Vec2(1, 0)], color: .red),
        .text("HI", at: .world(Vec2(.nan, 0))),
    ])
    #expect(image == blank)
    // Huge shapes are clipped to the frame rather than iterated in full.
    let huge = try render([.circle(center: .zero, radius: 1e12, color: .blue)])
    #expect(huge.pixel(x: 0, y: 0) == .blue && huge.pixel(x: 99, y: 99) == .blue)
}

@Test func textDrawsBitmapGlyphs() throws {
    let image = try render([.text("T=1", at: .image(x: 2, y: 3), color: .black, scale: 2)])
    // 'T' top bar: font row 0, columns 0-4, scaled ×2 from (2, 3).
    #expect(image.pixel(x: 2, y: 3) == .black)
    #expect(image.pixel(x: 11, y: 4) == .black)
    #expect(image.pixel(x: 2, y: 5) == .white)   // row 1 of 'T' is only the stem
    #expect(image.pixel(x: 6, y: 5) == .black)
    #expect(BitmapFont.size(of: "T=1", scale: 2) == (34, 14))
    #expect(BitmapFont.rows(for: "a") == BitmapFont.rows(for: "A"))
    #expect(BitmapFont.rows(for: "ß") == BitmapFont.rows(for: "?"))
}

@Test func renderingIsDeterministic() throws {
    var commands: [DrawCommand] = []
    for i in 0..<12 {
        let t = Double(i)
        let center = Vec2(t * 0.7 - 4, Vec2(1, 0).rotated(by: t).y)
        commands.append(.circle(center: center, radius: 0.3 + t * 0.05,
                                color: RGB(UInt8(i * 20), 80, 200), orientation: t))
    }
    commands.append(DrawCommand.box(center: Vec2(1, 1), size: Vec2(2, 1), angle: 0.3, color: .orange))
    let a = try render(commands, background: .lightGray)
    let b = try render(commands, background: .lightGray)
    #expect(a == b)
    #expect(a.pixels.count == 100 * 100 * 3)
}

@Test func pathDrawsConnectedSegments() throws {
    let path = DrawCommand.path([Vec2(-4, 0), Vec2(0, 0), Vec2(0, 4)], width: 0.3, color: .blue)
    #expect(path.count == 2)
    #expect(DrawCommand.path([Vec2(0, 0)], width: 1, color: .blue).isEmpty)
    let image = try render(path)
    #expect(image.pixel(x: 20, y: 50) == .blue)
    #expect(image.pixel(x: 50, y: 20) == .blue)
    #expect(image.pixel(x: 70, y: 50) == .white)
}

/// FNV-1a over the pixel bytes.
private func fingerprint(_ image: Image) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in image.pixels { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
}

@Test func referenceSceneMatchesItsRecordedFingerprint() throws {
    // A snapshot: every shape type, antialiased edges, text. If this changes, frames
    // differ from earlier runs (and from other machines' recorded outputs); update the
    // constant only for an intended change to the rasterizer.
    let image = try render([
        .segment(from: Vec2(-5, -4), to: Vec2(5, -3.3), width: 0.25, color: .darkGray),
        .circle(center: Vec2(-2.2, 1.3), radius: 1.37, color: .red, orientation: 0.7),
        DrawCommand.box(center: Vec2(2.1, -1.2), size: Vec2(1.9, 1.1), angle: 0.45, color: .blue),
        .rectangle(min: Vec2(-0.5, -2), max: Vec2(0.8, 3), color: .gray, opacity: 0.75),
        .rectangle(min: Vec2(1, 1), max: Vec2(4.2, 4.1), color: .green, outline: 0.13),
        .text("t=42", at: .image(x: 3, y: 3), color: .black, scale: 1),
    ], background: RGB(250, 248, 240))
    #expect(fingerprint(image) == 14495383035029191755)
}

@Test func backgroundsAndFillsCoverEveryPixel() throws {
    for color in [RGB(1, 2, 3), RGB(9, 9, 9)] {
        var image = try Image(width: 7, height: 5, background: color)
        #expect(image.pixels.count == 7 * 5 * 3)
        #expect((0..<5).allSatisfy { y in (0..<7).allSatisfy { x in image.pixel(x: x, y: y) == color } })
        image.fill(.orange)
        #expect((0..<5).allSatisfy { y in (0..<7).allSatisfy { x in image.pixel(x: x, y: y) == .orange } })
        #expect(image.pixels.count == 7 * 5 * 3)
    }
}

@Test func coloursParseFromNamesAndHex() {
    #expect(RGB(parsing: "red") == .red)
    #expect(RGB(parsing: "Light Gray") == .lightGray)
    #expect(RGB(parsing: "#1f77b4") == RGB(0x1F, 0x77, 0xB4))
    #expect(RGB(parsing: "#F80") == RGB(255, 136, 0))
    #expect(RGB(parsing: "#12345") == nil)
    #expect(RGB(parsing: "#ggg") == nil)
    #expect(RGB(parsing: "chartreuse-ish") == nil)
    #expect(RGB(0x1F, 0x77, 0xB4).cssHex == "#1f77b4")
    #expect(RGB.red.mixed(with: .white, amount: 0) == .red)
    #expect(RGB.red.mixed(with: .white, amount: 1) == .white)
    #expect(RGB.black.mixed(with: .white, amount: .nan) == .black)
}

@Test func ringOutlinesWithoutFilling() throws {
    let body = DrawCommand.circle(center: .zero, radius: 1, color: .red)
    let ghost = DrawCommand.ring(center: Vec2(0.5, 0), radius: 2, width: 0.2, color: .blue)
    let image = try render([body, ghost])
    #expect(image.pixel(x: 50, y: 50) == .red)        // the body shows through the ring
    #expect(image.pixel(x: 75, y: 50) == .blue)       // rim at x = 55 + 20 = 75
    #expect(image.pixel(x: 64, y: 50) == .white)      // inside the ring, outside the body
    #expect(image.pixel(x: 79, y: 50) == .white)
}
