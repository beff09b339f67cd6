import Foundation

// MARK: - Frames across the bridge (protocol version 2)
//
// A frame travels as a JSON object {"encoding", "width", "height", "data"}: `data` is
// base64 of either the raw RGB bytes (rows top to bottom, three bytes a pixel) or a
// PNG file. Raw is the default: for 64×64 frames it costs the host and a numpy client
// less than PNG (`Scripts/bench bridge` measures both). A frame that does not decode,
// or has another size than the program promised, is an error naming the field.

/// How a frame's bytes are written in a protocol message.
public enum FrameEncoding: String, Sendable, CaseIterable {
    /// Base64 of width × height × 3 RGB bytes.
    case raw
    /// Base64 of a PNG file (RGB8).
    case png
}

/// What a program takes and gives, from its `hello` (version 2; a version 1 program
/// takes bodies and gives bodies).
public struct ExternalCapabilities: Hashable, Sendable {
    /// Observations carry the visible bodies (always true in version 1).
    public var takesBodies = true
    /// Observations carry frames of this size, in `frameEncoding`; nil: no frames.
    public var takesFrames: FrameSize?
    /// `decode` replies list bodies.
    public var givesBodies = true
    /// `decode` replies carry a frame of this size; nil: no frames.
    public var givesFrames: FrameSize?
    /// How the host writes the frames it sends.
    public var frameEncoding: FrameEncoding = .raw

    public init() {}
}

extension ExternalProtocol {
    /// A frame as one line of protocol JSON (for benchmarks and other hosts).
    public static func frameText(_ image: Image, encoding: FrameEncoding) throws -> String {
        try json(image, encoding: encoding).text(.compact)
    }

    /// A frame read back from protocol JSON text, checked against `size`; errors are `ModelError`s.
    public static func frame(text: String, expected size: FrameSize) throws -> Image {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) else {
            throw ModelError("a frame that is not JSON")
        }
        do { return try frame(object, field: "frame", expected: size) } catch let e as ReplyProblem {
            throw ModelError(e.message)
        }
    }

    /// A frame as protocol JSON.
    static func json(_ image: Image, encoding: FrameEncoding) throws -> JSONValue {
        let bytes: [UInt8]
        switch encoding {
        case .raw: bytes = image.pixels
        // Fast settings: a frame is sent once and read once; a smaller file is not worth the time.
        case .png: bytes = try PNGEncoder(compressionLevel: 1, filter: .none).encode(image)
        }
        return .object([("encoding", .string(encoding.rawValue)), ("width", .integer(image.width)),
                        // Base64 needs no JSON escaping: insert it as is, not character by character.
                        ("height", .integer(image.height)), ("data", .raw("\"" + Data(bytes).base64EncodedString() + "\""))])
    }

    /// A frame from protocol JSON, checked against the size promised. `field` names it in errors
    /// (e.g. `decoded "frame"`).
    static func frame(_ any: Any?, field: String, expected size: FrameSize) throws -> Image {
        guard let f = any as? [String: Any] else { throw ReplyProblem("\(field) that is not an object") }
        guard let name = f["encoding"] as? String, let encoding = FrameEncoding(rawValue: name) else {
            let found = f["encoding"].map { "\($0)" } ?? "none"
            throw ReplyProblem("\(field) with \"encoding\" \(excerpt(found)); expected \"raw\" or \"png\"")
        }
        guard let w = finite(f["width"]), let h = finite(f["height"]), w == w.rounded(), h == h.rounded(),
              abs(w) <= 1e6, abs(h) <= 1e6 else {
            throw ReplyProblem("\(field) without whole-number \"width\" and \"height\"")
        }
        guard Int(w) == size.width, Int(h) == size.height else {
            throw ReplyProblem("\(field) of \(Int(w))×\(Int(h)) pixels; the program's hello promised \(size)")
        }
        guard let text = f["data"] as? String else { throw ReplyProblem("\(field) without a \"data\" string") }
        guard let data = Data(base64Encoded: text) else { throw ReplyProblem("\(field) whose \"data\" is not base64") }
        let bytes = [UInt8](data)
        switch encoding {
        case .raw:
            guard bytes.count == size.byteCount else {
                throw ReplyProblem("\(field) whose \"data\" has \(bytes.count) bytes; raw \(size) RGB needs \(size.byteCount)")
            }
            do { return try Image(width: size.width, height: size.height, pixels: bytes) } catch {
                throw ReplyProblem("\(field) whose \"data\" is not an image: \(error)")
            }
        case .png:
            let image: Image
            do { image = try PNGDecoder.decode(bytes) } catch {
                throw ReplyProblem("\(field) whose \"data\" is not a PNG (\(error))")
            }
            guard image.width == size.width, image.height == size.height else {
                throw ReplyProblem("\(field) whose PNG is \(image.width)×\(image.height); the program's hello promised \(size)")
            }
            return image
        }
    }

    /// The capabilities in a `hello` reply of version 2 (version 1 replies take and give bodies).
    static func capabilities(_ reply: [String: Any]) throws -> ExternalCapabilities {
        var c = ExternalCapabilities()
        if let takes = reply["takes"] {
            guard let t = takes as? [String: Any] else { throw ReplyProblem("a hello whose \"takes\" is not an object") }
            c.takesBodies = try flag(t["bodies"], field: "takes.bodies", default: true)
            c.takesFrames = try size(t["frames"], field: "takes.frames")
            if let e = t["encoding"] {
                guard let name = e as? String, let encoding = FrameEncoding(rawValue: name) else {
                    throw ReplyProblem("a hello whose \"takes.encoding\" is \(excerpt("\(e)")); expected \"raw\" or \"png\"")
                }
                c.frameEncoding = encoding
            }
        }
        if let gives = reply["gives"] {
            guard let g = gives as? [String: Any] else { throw ReplyProblem("a hello whose \"gives\" is not an object") }
            c.givesBodies = try flag(g["bodies"], field: "gives.bodies", default: true)
            c.givesFrames = try size(g["frames"], field: "gives.frames")
        }
        guard c.takesBodies || c.takesFrames != nil else {
            throw ReplyProblem("a hello that takes neither bodies nor frames")
        }
        guard c.givesBodies || c.givesFrames != nil else {
            throw ReplyProblem("a hello that gives neither bodies nor frames")
        }
        return c
    }

    private static func flag(_ any: Any?, field: String, default value: Bool) throws -> Bool {
        guard let any, !(any is NSNull) else { return value }
        // JSONSerialization reads true/false as NSNumber; insist on a real boolean.
        guard let n = any as? NSNumber, isBoolean(n) else {
            throw ReplyProblem("a hello whose \"\(field)\" is not true or false")
        }
        return n.boolValue
    }

    /// True for a JSON `true`/`false` (JSONSerialization gives NSNumbers of type char for those).
    static func isBoolean(_ n: NSNumber) -> Bool {
        String(cString: n.objCType) == "c"
    }

    /// `[width, height]`, `{"width", "height"}`, or null/false for none.
    private static func size(_ any: Any?, field: String) throws -> FrameSize? {
        guard let any, !(any is NSNull) else { return nil }
        if let n = any as? NSNumber, isBoolean(n) {
            return n.boolValue ? FrameSize.standard : nil
        }
        var w: Double?, h: Double?
        if let a = any as? [Any], a.count == 2 {
            w = finite(a[0]); h = finite(a[1])
        } else if let o = any as? [String: Any] {
            w = finite(o["width"]); h = finite(o["height"])
        }
        guard let w, let h, w == w.rounded(), h == h.rounded() else {
            throw ReplyProblem("a hello whose \"\(field)\" is not [width, height] in whole pixels")
        }
        let range = FrameSize.sides
        guard w >= Double(range.lowerBound), w <= Double(range.upperBound),
              h >= Double(range.lowerBound), h <= Double(range.upperBound) else {
            throw ReplyProblem("a hello whose \"\(field)\" is \(number(w))×\(number(h)); each side must be \(range.lowerBound)…\(range.upperBound) pixels")
        }
        return FrameSize(width: Int(w), height: Int(h))
    }
}
