import Testing
@testable import WorldKit

@Test func sideBySidePlacesImagesWithAGapAndTopAligns() throws {
    let left = try Image(width: 10, height: 8, background: .red)
    let right = try Image(width: 6, height: 12, background: .blue)
    let both = try Image.sideBySide([left, right], gap: 4, background: .white)
    #expect(both.width == 20 && both.height == 12)
    #expect(both.pixel(x: 0, y: 0) == .red)
    #expect(both.pixel(x: 9, y: 7) == .red)
    #expect(both.pixel(x: 9, y: 8) == .white)     // below the shorter image
    #expect(both.pixel(x: 12, y: 0) == .white)    // the gap
    #expect(both.pixel(x: 14, y: 0) == .blue)
    #expect(both.pixel(x: 19, y: 11) == .blue)
}

@Test func captionsSitInABandAboveEachImage() throws {
    let left = try Image(width: 40, height: 10, background: .red)
    let right = try Image(width: 40, height: 10, background: .blue)
    let both = try Image.sideBySide([left, right], captions: ["FACT", "CF"], gap: 2)
    let band = BitmapFont.glyphHeight + 2 * Image.captionPadding
    #expect(both.height == 10 + band)
    #expect(both.pixel(x: 0, y: band) == .red)
    #expect(both.pixel(x: 0, y: band - 1) == .white)
    // Some caption pixels are black in each half of the band.
    func inkCount(_ xs: Range<Int>) -> Int {
        var n = 0
        for y in 0..<band { for x in xs where both.pixel(x: x, y: y) == .black { n += 1 } }
        return n
    }
    #expect(inkCount(0..<40) > 0)
    #expect(inkCount(42..<82) > 0)
    // Without captions there is no band.
    #expect(try Image.sideBySide([left, right], captions: ["", ""]).height == 10)
}

@Test func compositionRejectsNothingAndOversizedResults() throws {
    #expect(throws: RenderError.noImages) { try Image.sideBySide([]) }
    let wide = try Image(width: 3000, height: 2)
    #expect(throws: RenderError.self) { try Image.sideBySide([wide, wide]) }
    // Long captions are cut to fit instead of spilling into the neighbour.
    let narrow = try Image(width: 12, height: 4, background: .red)
    let image = try Image.sideBySide([narrow, narrow], captions: ["A VERY LONG CAPTION", "X"], gap: 0)
    #expect(image.width == 24)
}

@Test func gridWrapsIntoRowsWithCellsSizedByColumnAndRow() throws {
    let a = try Image(width: 4, height: 3, background: .red)
    let b = try Image(width: 6, height: 2, background: .blue)
    let c = try Image(width: 2, height: 5, background: .green)
    let grid = try Image.grid([a, b, c], columns: 2, gap: 1)
    // Columns: max(4, 2) = 4 and 6; rows: max(3, 2) = 3 and 5.
    #expect(grid.width == 4 + 1 + 6 && grid.height == 3 + 1 + 5)
    #expect(grid.pixel(x: 0, y: 0) == .red)
    #expect(grid.pixel(x: 5, y: 0) == .blue)
    #expect(grid.pixel(x: 0, y: 4) == .green)
    #expect(grid.pixel(x: 5, y: 4) == .white)   // the empty fourth cell
}

@Test func upscalingRepeatsPixelsAsBlocks() throws {
    var image = try Image(width: 2, height: 1, background: .white)
    image.setPixel(x: 1, y: 0, to: .black)
    let big = try image.upscaled(by: 3)
    #expect(big.width == 6 && big.height == 3)
    #expect(big.pixel(x: 2, y: 2) == .white && big.pixel(x: 3, y: 0) == .black && big.pixel(x: 5, y: 2) == .black)
    #expect(try image.upscaled(by: 1) == image)
    #expect(throws: RenderError.self) { try image.upscaled(by: 0) }
    #expect(throws: RenderError.self) { try image.upscaled(by: 4000) }
    #expect(throws: RenderError.self) { try image.upscaled(by: Int.max) }
}
