// MARK: - Composition

extension Image {
    /// Space around a caption, in pixels, above and below the text.
    static let captionPadding = 3

    /// `images` placed left to right, top-aligned, `gap` pixels apart on `background`,
    /// with an optional caption centred above each (e.g. "factual", "counterfactual").
    ///
    /// Captions longer than their image are cut to fit. Throws `RenderError.noImages` for
    /// an empty list and `RenderError.invalidImageSize` if the result would be too large.
    public static func sideBySide(_ images: [Image], captions: [String] = [], gap: Int = 8,
                                  background: RGB = .white, captionColor: RGB = .black,
                                  captionScale: Int = 1) throws -> Image {
        try grid(images, columns: max(images.count, 1), captions: captions, gap: gap,
                 background: background, captionColor: captionColor, captionScale: captionScale)
    }

    /// `images` in rows of `columns` (a film strip of a rollout, a table of samples): each
    /// cell as wide as the widest image in its column and as tall as the tallest in its
    /// row, images top-left aligned, `gap` pixels between cells, optional captions above.
    public static func grid(_ images: [Image], columns: Int, captions: [String] = [], gap: Int = 8,
                            background: RGB = .white, captionColor: RGB = .black,
                            captionScale: Int = 1) throws -> Image {
        guard !images.isEmpty else { throw RenderError.noImages }
        let columnCount = min(max(columns, 1), images.count)
        let rowCount = (images.count + columnCount - 1) / columnCount
        let spacing = min(max(gap, 0), Image.maximumSide)
        let scale = BitmapFont.clampedScale(captionScale)
        let hasCaptions = captions.contains { !$0.isEmpty }
        let band = hasCaptions ? BitmapFont.glyphHeight * scale + 2 * captionPadding : 0

        var columnWidths = [Int](repeating: 0, count: columnCount)
        var rowHeights = [Int](repeating: 0, count: rowCount)
        for (index, image) in images.enumerated() {
            columnWidths[index % columnCount] = max(columnWidths[index % columnCount], image.width)
            rowHeights[index / columnCount] = max(rowHeights[index / columnCount], band + image.height)
        }
        // Every term is at most maximumSide and there are at most images.count of them,
        // so these sums cannot overflow; the Image initializer rejects oversized results.
        let width = columnWidths.reduce(0, +) + spacing * (columnCount - 1)
        let height = rowHeights.reduce(0, +) + spacing * (rowCount - 1)
        var canvas = try Image(width: width, height: height, background: background)

        var y = 0
        for row in 0..<rowCount {
            var x = 0
            for column in 0..<columnCount {
                let index = row * columnCount + column
                guard index < images.count else { break }
                let image = images[index]
                canvas.paste(image, x: x, y: y + band)
                if index < captions.count, !captions[index].isEmpty {
                    let text = fitted(captions[index], width: image.width, scale: scale)
                    let textWidth = BitmapFont.size(of: text, scale: scale).width
                    BitmapFont.draw(text, x: x + (image.width - textWidth) / 2, y: y + captionPadding,
                                    color: captionColor, scale: scale, into: &canvas)
                }
                x += columnWidths[column] + spacing
            }
            y += rowHeights[row] + spacing
        }
        return canvas
    }

    /// Each pixel repeated as a `factor`×`factor` block (nearest neighbour), so small model
    /// frames stay crisp when shown large. Throws if the result would be too large.
    public func upscaled(by factor: Int) throws -> Image {
        guard factor >= 1, factor <= Image.maximumSide,
              width <= Image.maximumSide / factor, height <= Image.maximumSide / factor else {
            throw RenderError.invalidImageSize(
                width: width.multipliedReportingOverflow(by: max(factor, 0)).partialValue,
                height: height.multipliedReportingOverflow(by: max(factor, 0)).partialValue)
        }
        if factor == 1 { return self }
        var out: [UInt8] = []
        out.reserveCapacity(width * height * factor * factor * 3)
        for y in 0..<height {
            var row: [UInt8] = []
            row.reserveCapacity(width * factor * 3)
            for x in 0..<width {
                let i = (y * width + x) * 3
                for _ in 0..<factor { row.append(pixels[i]); row.append(pixels[i + 1]); row.append(pixels[i + 2]) }
            }
            for _ in 0..<factor { out.append(contentsOf: row) }
        }
        return Image(trustedWidth: width * factor, height: height * factor, pixels: out)
    }

    /// The longest prefix of `text` that fits in `width` pixels.
    private static func fitted(_ text: String, width: Int, scale: Int) -> String {
        let perCharacter = BitmapFont.advance * scale
        let fits = max(0, (width + scale) / perCharacter)
        return String(text.prefix(fits))
    }
}
