// MARK: - PNGFilterStrategy

/// How the encoder picks each scanline's PNG filter before compression.
public enum PNGFilterStrategy: Sendable, Hashable {
    /// No filtering: fastest, largest.
    case none
    /// Every row "Sub" (difference from the pixel to the left).
    case sub
    /// Every row "Up" (difference from the pixel above).
    case up
    /// Every row "Paeth".
    case paeth
    /// Per row, the filter with the smallest sum of absolute signed residuals (the
    /// heuristic the PNG specification recommends). Deterministic: ties go to the lower
    /// filter number.
    case adaptive
}

// MARK: - PNGFilter

/// Scanline filtering and its inverse (PNG specification, section 9).
enum PNGFilter {
    static let none: UInt8 = 0, sub: UInt8 = 1, up: UInt8 = 2, average: UInt8 = 3, paeth: UInt8 = 4

    /// Filters `height` rows of `width` pixels (`bytesPerPixel` each) into PNG's
    /// scanline format: each row prefixed by its filter type byte.
    static func filter(_ pixels: [UInt8], width: Int, height: Int, bytesPerPixel bpp: Int,
                       strategy: PNGFilterStrategy) -> [UInt8] {
        let stride = width * bpp
        var out = [UInt8](repeating: 0, count: height * (stride + 1))
        var candidate = [UInt8](repeating: 0, count: stride)
        let zeroRow = [UInt8](repeating: 0, count: stride)
        pixels.withUnsafeBufferPointer { src in
            zeroRow.withUnsafeBufferPointer { zero in
                for y in 0..<height {
                    let row = UnsafeBufferPointer(rebasing: src[(y * stride)..<((y + 1) * stride)])
                    let above = y > 0 ? UnsafeBufferPointer(rebasing: src[((y - 1) * stride)..<(y * stride)])
                                      : zero
                    let type: UInt8
                    switch strategy {
                    case .none: type = PNGFilter.none
                    case .sub: type = PNGFilter.sub
                    case .up: type = PNGFilter.up
                    case .paeth: type = PNGFilter.paeth
                    case .adaptive:
                        var best = PNGFilter.none, bestScore = Int.max
                        for t in PNGFilter.none...PNGFilter.paeth {
                            let score = candidate.withUnsafeMutableBufferPointer { c in
                                apply(t, row: row, above: above, bpp: bpp, into: c)
                            }
                            if score < bestScore { best = t; bestScore = score }
                        }
                        type = best
                    }
                    let base = y * (stride + 1)
                    out[base] = type
                    out.withUnsafeMutableBufferPointer { o in
                        _ = apply(type, row: row, above: above, bpp: bpp,
                                  into: UnsafeMutableBufferPointer(rebasing: o[(base + 1)..<(base + 1 + stride)]))
                    }
                }
            }
        }
        return out
    }

    /// Writes the filtered row into `out`; returns the sum of |residual| as signed bytes.
    @inline(__always)
    private static func apply(_ type: UInt8, row: UnsafeBufferPointer<UInt8>, above: UnsafeBufferPointer<UInt8>,
                              bpp: Int, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var score = 0
        for i in 0..<row.count {
            let a = i >= bpp ? row[i - bpp] : 0
            let b = above[i]
            let c = i >= bpp ? above[i - bpp] : 0
            let predicted: UInt8
            switch type {
            case PNGFilter.sub: predicted = a
            case PNGFilter.up: predicted = b
            case PNGFilter.average: predicted = UInt8((Int(a) + Int(b)) >> 1)
            case PNGFilter.paeth: predicted = paethPredictor(a, b, c)
            default: predicted = 0
            }
            let residual = row[i] &- predicted
            out[i] = residual
            score += residual < 128 ? Int(residual) : 256 - Int(residual)
        }
        return score
    }

    /// Reverses `filter`: `data` holds `height` rows of one type byte plus `width * bpp`
    /// bytes; returns the raw pixel bytes. Throws on an unknown filter type.
    static func unfilter(_ data: [UInt8], width: Int, height: Int, bytesPerPixel bpp: Int) throws -> [UInt8] {
        let stride = width * bpp
        guard data.count == height * (stride + 1) else {
            throw PNGError.corruptData("scanline data has \(data.count) bytes, expected \(height * (stride + 1))")
        }
        var out = [UInt8](repeating: 0, count: height * stride)
        for y in 0..<height {
            let type = data[y * (stride + 1)]
            guard type <= PNGFilter.paeth else {
                throw PNGError.corruptData("row \(y) has unknown filter type \(type)")
            }
            let src = y * (stride + 1) + 1
            let dst = y * stride
            for i in 0..<stride {
                let a = i >= bpp ? out[dst + i - bpp] : 0
                let b = y > 0 ? out[dst - stride + i] : 0
                let c = (i >= bpp && y > 0) ? out[dst - stride + i - bpp] : 0
                let predicted: UInt8
                switch type {
                case PNGFilter.sub: predicted = a
                case PNGFilter.up: predicted = b
                case PNGFilter.average: predicted = UInt8((Int(a) + Int(b)) >> 1)
                case PNGFilter.paeth: predicted = paethPredictor(a, b, c)
                default: predicted = 0
                }
                out[dst + i] = data[src + i] &+ predicted
            }
        }
        return out
    }

    /// The Paeth predictor: whichever of left, above, upper-left is closest to a + b - c.
    @inline(__always)
    static func paethPredictor(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
        if pa <= pb && pa <= pc { return a }
        return pb <= pc ? b : c
    }
}
