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
