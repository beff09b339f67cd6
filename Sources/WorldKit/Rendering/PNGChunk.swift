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

// MARK: - PNGError

/// Why PNG bytes could not be decoded (or, rarely, encoded).
public enum PNGError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data does not start with the PNG signature.
    case notPNG
    /// The data ends in the middle of the chunk starting at `offset`.
    case truncated(offset: Int)
    /// A chunk's stored CRC does not match its contents.
    case badCRC(chunk: String, offset: Int)
    /// A required chunk is absent.
    case missingChunk(String)
    /// Valid PNG, but a feature this decoder does not handle (palette, 16-bit, interlace…).
    case unsupported(String)
    /// Structurally broken data.
    case corruptData(String)
    /// zlib could not compress (out of memory).
    case compressionFailed(code: Int)

    public var description: String {
        switch self {
        case .notPNG: return "not a PNG file (bad signature)"
        case let .truncated(offset): return "PNG data is truncated (chunk at byte \(offset))"
        case let .badCRC(chunk, offset): return "PNG chunk '\(chunk)' at byte \(offset) has a bad CRC"
        case let .missingChunk(type): return "PNG has no '\(type)' chunk"
        case let .unsupported(what): return "unsupported PNG: \(what)"
        case let .corruptData(what): return "corrupt PNG: \(what)"
        case let .compressionFailed(code): return "zlib compression failed (code \(code))"
        }
    }
}

// MARK: - Big-endian helpers

extension Array where Element == UInt8 {
    mutating func appendBigEndian(_ value: UInt32) {
        append(UInt8(truncatingIfNeeded: value >> 24))
        append(UInt8(truncatingIfNeeded: value >> 16))
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }

    mutating func appendBigEndian(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value))
    }

    /// The big-endian UInt32 at `offset`; callers check that four bytes are there.
    func readBigEndian(at offset: Int) -> UInt32 {
        guard offset >= 0, count - offset >= 4 else { return 0 }
        return UInt32(self[offset]) << 24 | UInt32(self[offset + 1]) << 16
            | UInt32(self[offset + 2]) << 8 | UInt32(self[offset + 3])
    }

    /// The big-endian UInt16 at `offset`, or 0 if out of range.
    func readBigEndian16(at offset: Int) -> UInt16 {
        guard offset >= 0, count - offset >= 2 else { return 0 }
        return UInt16(self[offset]) << 8 | UInt16(self[offset + 1])
    }
}
