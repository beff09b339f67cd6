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
                            let score = score(t, row: row, above: above, bpp: bpp)
                            if score < bestScore { best = t; bestScore = score }
                        }
                        type = best
                    }
                    let base = y * (stride + 1)
                    out[base] = type
                    out.withUnsafeMutableBufferPointer { o in
                        let target = UnsafeMutableBufferPointer(rebasing: o[(base + 1)..<(base + 1 + stride)])
                        write(type, row: row, above: above, bpp: bpp, into: target)
                    }
                }
            }
        }
        return out
    }

    // MARK: Predictors

    /// A filter's prediction of byte `i` of `row` from its left (`a`), upper (`b`) and
    /// upper-left (`c`) neighbours; generic so each filter compiles to its own tight loop.
    private protocol Predictor {
        static func predict(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8
    }
    private enum NonePredictor: Predictor { @inline(__always) static func predict(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 { 0 } }
    private enum SubPredictor: Predictor { @inline(__always) static func predict(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 { a } }
    private enum UpPredictor: Predictor { @inline(__always) static func predict(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 { b } }
    private enum AveragePredictor: Predictor {
        @inline(__always) static func predict(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 { UInt8((UInt16(a) + UInt16(b)) >> 1) }
    }
    private enum PaethPredictor: Predictor {
        @inline(__always) static func predict(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 { paethPredictor(a, b, c) }
    }

    /// The adaptive cost of filter `type` on a row, dispatched to a specialised loop.
    private static func score(_ type: UInt8, row: UnsafeBufferPointer<UInt8>,
                              above: UnsafeBufferPointer<UInt8>, bpp: Int) -> Int {
        switch type {
        case PNGFilter.sub: return residualScore(SubPredictor.self, row: row, above: above, bpp: bpp)
        case PNGFilter.up: return residualScore(UpPredictor.self, row: row, above: above, bpp: bpp)
        case PNGFilter.average: return residualScore(AveragePredictor.self, row: row, above: above, bpp: bpp)
        case PNGFilter.paeth: return residualScore(PaethPredictor.self, row: row, above: above, bpp: bpp)
        default: return residualScore(NonePredictor.self, row: row, above: above, bpp: bpp)
        }
    }

    /// Writes a row filtered with `type`, dispatched to a specialised loop.
    private static func write(_ type: UInt8, row: UnsafeBufferPointer<UInt8>, above: UnsafeBufferPointer<UInt8>,
                              bpp: Int, into out: UnsafeMutableBufferPointer<UInt8>) {
        switch type {
        case PNGFilter.sub: writeResiduals(SubPredictor.self, row: row, above: above, bpp: bpp, into: out)
        case PNGFilter.up: writeResiduals(UpPredictor.self, row: row, above: above, bpp: bpp, into: out)
        case PNGFilter.average: writeResiduals(AveragePredictor.self, row: row, above: above, bpp: bpp, into: out)
        case PNGFilter.paeth: writeResiduals(PaethPredictor.self, row: row, above: above, bpp: bpp, into: out)
        default: writeResiduals(NonePredictor.self, row: row, above: above, bpp: bpp, into: out)
        }
    }

    /// Sum of |residual| read as signed bytes: the adaptive heuristic's cost of a filter.
    /// A pure reduction (nothing stored), so it vectorises.
    private static func residualScore<P: Predictor>(_ p: P.Type, row: UnsafeBufferPointer<UInt8>,
                                                    above: UnsafeBufferPointer<UInt8>, bpp: Int) -> Int {
        let n = min(row.count, above.count)
        let lead = min(bpp, n)
        var score = 0
        for i in 0..<lead {
            score &+= Int(Int8(bitPattern: row[i] &- P.predict(0, above[i], 0)).magnitude)
        }
        for i in lead..<n {
            score &+= Int(Int8(bitPattern: row[i] &- P.predict(row[i &- bpp], above[i], above[i &- bpp])).magnitude)
        }
        return score
    }

    /// Writes the filtered row into `out`.
    private static func writeResiduals<P: Predictor>(_ p: P.Type, row: UnsafeBufferPointer<UInt8>,
                                                     above: UnsafeBufferPointer<UInt8>, bpp: Int,
                                                     into out: UnsafeMutableBufferPointer<UInt8>) {
        let n = min(row.count, above.count, out.count)
        let lead = min(bpp, n)
        for i in 0..<lead { out[i] = row[i] &- P.predict(0, above[i], 0) }
        for i in lead..<n { out[i] = row[i] &- P.predict(row[i &- bpp], above[i], above[i &- bpp]) }
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
