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
        guard !images.isEmpty else { throw RenderError.noImages }
        let spacing = min(max(gap, 0), Image.maximumSide)
        let scale = BitmapFont.clampedScale(captionScale)
        let hasCaptions = captions.contains { !$0.isEmpty }
        let band = hasCaptions ? BitmapFont.glyphHeight * scale + 2 * captionPadding : 0

        // Sum in Int with an early exit: every term is at most maximumSide, so no overflow.
        var width = 0
        for (index, image) in images.enumerated() {
            width += image.width + (index > 0 ? spacing : 0)
            if width > Image.maximumSide { break }
        }
        let height = band + (images.map(\.height).max() ?? 0)
        var canvas = try Image(width: width, height: height, background: background)

        var x = 0
        for (index, image) in images.enumerated() {
            canvas.paste(image, x: x, y: band)
            if index < captions.count, !captions[index].isEmpty {
                let text = fitted(captions[index], width: image.width, scale: scale)
                let textWidth = BitmapFont.size(of: text, scale: scale).width
                BitmapFont.draw(text, x: x + (image.width - textWidth) / 2, y: captionPadding,
                                color: captionColor, scale: scale, into: &canvas)
            }
            x += image.width + spacing
        }
        return canvas
    }

    /// The longest prefix of `text` that fits in `width` pixels.
    private static func fitted(_ text: String, width: Int, scale: Int) -> String {
        let perCharacter = BitmapFont.advance * scale
        let fits = max(0, (width + scale) / perCharacter)
        return String(text.prefix(fits))
    }
}
