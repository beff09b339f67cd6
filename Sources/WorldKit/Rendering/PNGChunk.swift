// MARK: - PNGChunk

/// One chunk of a PNG file: a four-letter type and its data.
public struct PNGChunk: Hashable, Sendable {
    /// The chunk type, e.g. `IHDR`, `IDAT`, `acTL`.
    public let type: String
    /// The chunk's data bytes (without length, type or CRC).
    public let data: [UInt8]

    public init(type: String, data: [UInt8]) {
        self.type = type
        self.data = data
    }

    /// The 8-byte file signature every PNG starts with.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Appends length, type, data and CRC to `out`.
    static func append(type: String, data: [UInt8], to out: inout [UInt8]) {
        let typeBytes = Array(type.utf8.prefix(4))
        out.appendBigEndian(UInt32(truncatingIfNeeded: data.count))
        out.append(contentsOf: typeBytes)
        out.append(contentsOf: data)
        out.appendBigEndian(Zlib.crc32(typeBytes[...], data[...]))
    }

    /// Splits a PNG file into its chunks, checking the signature, every length and every
    /// CRC. Stops after `IEND`; throws if there is none.
    public static func parse(_ bytes: [UInt8]) throws -> [PNGChunk] {
        guard bytes.count >= signature.count, Array(bytes[0..<signature.count]) == signature else {
            throw PNGError.notPNG
        }
        var chunks: [PNGChunk] = []
        var offset = signature.count
        while true {
            guard bytes.count - offset >= 12 else { throw PNGError.truncated(offset: offset) }
            let length = Int(bytes.readBigEndian(at: offset))
            // PNG caps chunk lengths at 2^31 - 1; anything that runs past the end is truncation.
            guard length <= Int(Int32.max), bytes.count - offset - 12 >= length else {
                throw PNGError.truncated(offset: offset)
            }
            let typeRange = (offset + 4)..<(offset + 8)
            let dataRange = (offset + 8)..<(offset + 8 + length)
            let typeBytes = bytes[typeRange]
            guard typeBytes.allSatisfy({ (65...90).contains($0) || (97...122).contains($0) }) else {
                throw PNGError.corruptData("chunk at byte \(offset) has an invalid type")
            }
            let type = String(decoding: typeBytes, as: UTF8.self)
            let stored = bytes.readBigEndian(at: offset + 8 + length)
            guard stored == Zlib.crc32(typeBytes, bytes[dataRange]) else {
                throw PNGError.badCRC(chunk: type, offset: offset)
            }
            chunks.append(PNGChunk(type: type, data: Array(bytes[dataRange])))
            offset += 12 + length
            if type == "IEND" { return chunks }
        }
    }
}
