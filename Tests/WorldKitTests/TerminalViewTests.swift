import Testing
@testable import WorldKit

private func checkerboard(width: Int, height: Int) throws -> Image {
    var image = try Image(width: width, height: height, background: .white)
    for y in 0..<height { for x in 0..<width where (x + y) % 2 == 0 { image.setPixel(x: x, y: y, to: .black) } }
    return image
}

@Test func coloredViewUsesHalfBlocksWithTopAsForegroundAndBottomAsBackground() throws {
    var image = try Image(width: 2, height: 2, background: .white)
    image.setPixel(x: 0, y: 0, to: .red)        // top-left
    image.setPixel(x: 0, y: 1, to: .blue)       // bottom-left
    let text = TerminalView(maxColumns: 80, colored: true).render(image)
    let red = RGB.red, blue = RGB.blue
    #expect(text.hasPrefix("\u{1B}[38;2;\(red.r);\(red.g);\(red.b)m\u{1B}[48;2;\(blue.r);\(blue.g);\(blue.b)m▀"))
    #expect(text.contains("\u{1B}[38;2;255;255;255m\u{1B}[48;2;255;255;255m▀"))
    #expect(text.hasSuffix("\u{1B}[0m\n"))
    #expect(text.filter { $0 == "▀" }.count == 2)
    #expect(text.filter { $0 == "\n" }.count == 1)
}

@Test func viewDimensionsFollowTheImageAndTheColumnLimit() throws {
    let image = try checkerboard(width: 40, height: 30)
    let view = TerminalView(maxColumns: 80, colored: true)
    let lines = view.render(image).split(separator: "\n")
    #expect(lines.count == 15)
    #expect(lines.allSatisfy { $0.filter { $0 == "▀" }.count == 40 })
    #expect(view.textSize(forWidth: 40, height: 30) == (40, 15))

    // Downscaled to 20 columns, aspect kept: 30 rows → 15 pixel rows → 8 lines.
    let narrow = TerminalView(maxColumns: 20, colored: false)
    let ascii = narrow.render(image).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    #expect(ascii.count == 8)
    #expect(ascii.allSatisfy { $0.count == 20 })
    #expect(narrow.textSize(forWidth: 40, height: 30) == (20, 8))
}

@Test func boxFilterAveragesSourcePixels() throws {
    // A 2×2 checkerboard box-filters to mid grey.
    let small = TerminalView(maxColumns: 1).downscaled(try checkerboard(width: 2, height: 2))
    #expect(small.width == 1 && small.height == 1)
    #expect(small.pixel(x: 0, y: 0) == RGB(128, 128, 128))
}

@Test func oddHeightLastLineUsesTheTerminalBackground() throws {
    let image = try Image(width: 3, height: 3, background: .green)
    let text = TerminalView(colored: true).render(image)
    let lines = text.split(separator: "\n")
    #expect(lines.count == 2)
    #expect(lines[1].contains("\u{1B}[49m"))
    #expect(!lines[1].contains("\u{1B}[48;2;"))
}

@Test func asciiFallbackHasNoEscapesAndMapsDarknessToDensity() throws {
    var image = try Image(width: 3, height: 2, background: .white)
    image.setPixel(x: 0, y: 0, to: .black); image.setPixel(x: 0, y: 1, to: .black)
    image.setPixel(x: 1, y: 0, to: .black)       // half dark
    let text = TerminalView(colored: false).render(image)
    #expect(!text.contains("\u{1B}"))
    let line = Array(text.dropLast())
    #expect(line.count == 3)
    #expect(line[0] == "@")
    #expect(line[2] == " ")
    #expect(line[1] != "@" && line[1] != " ")
}

@Test func terminalRenderingIsDeterministic() throws {
    let image = try checkerboard(width: 97, height: 41)
    let view = TerminalView(maxColumns: 33, colored: true)
    #expect(view.render(image) == view.render(image))
}

@Test func lineLimitShrinksTallImagesKeepingAspect() throws {
    let tall = try checkerboard(width: 20, height: 100)
    let view = TerminalView(maxColumns: 80, maxLines: 10, colored: false)
    #expect(view.textSize(forWidth: 20, height: 100) == (4, 10))
    let lines = view.render(tall).split(separator: "\n")
    #expect(lines.count == 10 && lines.allSatisfy { $0.count == 4 })
    // Small images are never enlarged.
    #expect(view.textSize(forWidth: 3, height: 4) == (3, 2))
}
