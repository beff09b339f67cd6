// MARK: - Datasets out, for video-model researchers
//
// `export(data, "name")` writes a dataset as files any numpy user loads in one line
// (Scripts/external/orrery_dataset.py): per rollout, its camera frames as a `.npy`
// array (uint8, T × H × W × 3) and, in one `dataset.json`, the scenes, the true
// states and the train/held-out split. The writer produces (name, bytes) pairs and
// leaves where they go to its caller, so the language's output folder decides that.
// Frames are rendered one rollout at a time: memory holds one rollout's frames.

/// Writes a `Dataset` as `.npy` frames plus JSON metadata (docs/external-protocol.md#datasets).
public enum DatasetExport {
    /// The format tag in `dataset.json`.
    public static let format = "orrery-dataset/1"
    /// Name of the metadata file inside the export folder.
    public static let metadataFile = "dataset.json"
    /// The fields of each body state in `dataset.json`, in order.
    public static let stateFields = ["x", "y", "angle", "vx", "vy", "spin", "visible"]

    /// The frames file of rollout `index`: `rollout_000.npy`, …
    public static func framesFile(_ index: Int) -> String {
        let digits = String(index)
        return "rollout_" + String(repeating: "0", count: max(0, 3 - digits.count)) + digits + ".npy"
    }

    /// Bytes the export of `data` at `size` takes (frames only; the JSON is small beside them).
    public static func frameBytes(_ data: Dataset, size: FrameSize) -> Int {
        data.rollouts.reduce(0) { $0 &+ $1.states.count &* size.byteCount }
    }

    /// Renders and hands each file to `write(name, bytes)`: the frames of each rollout, then
    /// `dataset.json`. `checkpoint` is called after each rollout (a host's interrupt).
    public static func write(_ data: Dataset, size: FrameSize, checkpoint: () throws -> Void = {},
                             to write: (String, [UInt8]) throws -> Void) throws {
        var rollouts: [JSONValue] = []
        let heldOut = data.heldOutCount
        for (i, r) in data.rollouts.enumerated() {
            var pixels: [UInt8] = []
            pixels.reserveCapacity(r.states.count * size.byteCount)
            for s in r.states {
                pixels.append(contentsOf: try FrameRendering.render(scene: r.scene, state: s, size: size).pixels)
            }
            let file = framesFile(i)
            try write(file, NumpyArray.bytes(uint8: pixels, shape: [r.states.count, size.height, size.width, 3]))
            let names = r.scene.bodies.map(\.name)
            let states = r.states.map { s -> JSONValue in
                .array(names.map { name in
                    guard let b = s[name] else { return .null }
                    return .array([b.position.x, b.position.y, b.angle, b.velocity.x, b.velocity.y, b.spin,
                                   b.visible ? 1 : 0].map(JSONValue.compactNumber))
                })
            }
            rollouts.append(.object([
                ("frames", .string(file)),
                ("split", .string(i >= data.count - heldOut ? "held_out" : "train")),
                ("seed", .unsigned(r.seed)),
                ("scene", ExternalProtocol.json(r.scene)),
                ("bodies", .array(names.map(JSONValue.string))),
                ("states", .array(states)),
            ]))
            try checkpoint()
        }
        let dt = data.rollouts.first?.scene.dt ?? 0
        let meta = JSONValue.object([
            ("format", .string(format)),
            ("frame", .object([("width", .integer(size.width)), ("height", .integer(size.height))])),
            ("steps", .integer(data.steps)),
            ("dt", .compactNumber(dt)),
            ("seed", .unsigned(data.seed)),
            ("state_fields", .array(stateFields.map(JSONValue.string))),
            ("rollouts", .array(rollouts)),
        ])
        try write(metadataFile, Array((meta.text(.compact) + "\n").utf8))
    }
}

/// The `.npy` file format (version 1.0) for C-ordered arrays.
public enum NumpyArray {
    /// A `.npy` file of unsigned bytes with `shape`; `values.count` must be the shape's product.
    public static func bytes(uint8 values: [UInt8], shape: [Int]) throws -> [UInt8] {
        try file(descr: "|u1", shape: shape, count: values.count) + values
    }

    /// A `.npy` file of little-endian doubles with `shape`.
    public static func bytes(float64 values: [Double], shape: [Int]) throws -> [UInt8] {
        var out = try file(descr: "<f8", shape: shape, count: values.count)
        out.reserveCapacity(out.count + 8 * values.count)
        for v in values {
            withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) }
        }
        return out
    }

    /// Magic, version and the header dictionary, padded with spaces so the data starts at a
    /// multiple of 64 bytes, as numpy writes it.
    static func file(descr: String, shape: [Int], count: Int) throws -> [UInt8] {
        let product = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? -1 : $0 * $1 }
        guard shape.allSatisfy({ $0 >= 0 }), product == count else {
            throw ModelError("an array of \(count) values does not have shape \(shape)")
        }
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(dims), }"
        let preamble = 10  // magic (6), version (2), header length (2)
        let padded = (preamble + header.utf8.count + 1 + 63) / 64 * 64
        header += String(repeating: " ", count: padded - preamble - header.utf8.count - 1) + "\n"
        let length = UInt16(header.utf8.count)
        return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)] + Array(header.utf8)
    }
}
