import CZlib

// MARK: - Zlib

/// The few zlib calls PNG needs: deflate, inflate and CRC-32. No hand-written deflate:
/// zlib is the reference implementation and is deterministic for a given level.
enum Zlib {
    /// `bytes` as a zlib stream at `level` (0...9).
    static func compress(_ bytes: [UInt8], level: Int) throws -> [UInt8] {
        let sourceLength = uLong(bytes.count)
        var destinationLength = compressBound(sourceLength)
        var output = [UInt8](repeating: 0, count: Int(destinationLength))
        let clampedLevel = Int32(min(max(level, 0), 9))
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                compress2(out.baseAddress, &destinationLength, input.baseAddress, sourceLength, clampedLevel)
            }
        }
        guard status == Z_OK else { throw PNGError.compressionFailed(code: Int(status)) }
        output.removeSubrange(Int(destinationLength)...)
        return output
    }

    /// Inflates a zlib stream that must decode to exactly `expectedSize` bytes.
    static func uncompress(_ bytes: [UInt8], expectedSize: Int) throws -> [UInt8] {
        guard !bytes.isEmpty else { throw PNGError.corruptData("no image data") }
        var destinationLength = uLong(expectedSize)
        // One spare byte lets us tell "exactly right" from "more data than the header says".
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        destinationLength = uLong(expectedSize + 1)
        let status = output.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBufferPointer { input in
                CZlib.uncompress(out.baseAddress, &destinationLength, input.baseAddress, uLong(input.count))
            }
        }
        switch status {
        case Z_OK:
            guard Int(destinationLength) == expectedSize else {
                throw PNGError.corruptData(
                    "image data inflates to \(destinationLength) bytes, expected \(expectedSize)")
            }
            output.removeLast()
            return output
        case Z_BUF_ERROR:
            throw PNGError.corruptData(
                destinationLength > uLong(expectedSize)
                    ? "image data is longer than its header says"
                    : "image data is truncated")
        case Z_DATA_ERROR:
            throw PNGError.corruptData("image data is not a valid zlib stream")
        default:
            throw PNGError.corruptData("zlib error \(status) while inflating image data")
        }
    }

    /// CRC-32 of `parts` taken in sequence, as PNG chunks use over type and data.
    static func crc32(_ parts: ArraySlice<UInt8>...) -> UInt32 {
        var crc = CZlib.crc32(0, nil, 0)
        for part in parts {
            part.withUnsafeBufferPointer { p in
                crc = CZlib.crc32(crc, p.baseAddress, uInt(p.count))
            }
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}
