import CZlib

// MARK: - Model files (.orrm)
//
// A versioned little-endian binary format (also in docs/model-format.md):
//
//   offset  size  field
//   0       4     magic "ORRM"
//   4       4     format version, UInt32 (this code writes 4 and reads 1 to 4)
//   8       8     payload length in bytes, UInt64
//   16      4     CRC-32 (zlib) of the payload, UInt32
//   20      n     payload
//
// Payload, in order (strings are UInt32 byte count + UTF-8; counts are UInt32):
//   kind                     string
//   hyperparameters          count, then (name string, value Float64) sorted by name
//   tensors                  count, then (name string, rank UInt32 (1 or 2), dims UInt64 × rank,
//                            values Float64 × product of dims, row-major)
//   training present         UInt8 (0 or 1); when 1:
//     epochsRun UInt32, stoppedEarly UInt8, bestEpoch UInt32, seed UInt64,
//     learningRate Float64, trainingExamples UInt64,
//     trainLoss count + Float64s, heldOutLoss count + Float64s,
//     (version 2) heldOutRolloutError count + Float64s, rolloutHorizon UInt32, unroll UInt32,
//     (version 4) what the priors contributed (ModelFile+Priors.swift)
//
// Reading never trusts a size before checking it against the bytes left and the
// limits below, so a truncated, corrupt or hostile file is a `ModelError`.

public enum ModelFile {
    public static let magic: [UInt8] = Array("ORRM".utf8)
    public static let formatVersion: UInt32 = 4
    /// Older versions still read: 1 has no rollout-error curve (its window, memory and
    /// hybrid networks predate the material features and are refused by those families);
    /// 3 has the same layout as 2, but the learned dynamics and objectnet read collision
    /// impulses and mass shares, so those families refuse networks of versions 1 and 2;
    /// 4 adds what the priors contributed to the training (`ModelFile+Priors.swift`).
    public static let readableVersions: ClosedRange<UInt32> = 1...4
    public static let headerSize = 20
    /// Conventional file extension.
    public static let fileExtension = "orrm"

    // MARK: Limits
    public static let maximumStringBytes = 4096
    public static let maximumCount = 1 << 16
    public static let maximumTensorElements = 1 << 26
    public static let maximumCurveLength = TrainingOptions.maximumEpochs

    // MARK: - Encoding

    /// The file bytes of a model: its kind, hyperparameters, tensors and training report.
    public static func encode(_ model: any PersistentModel) -> [UInt8] {
        encode(ModelRecord(kind: model.kind, hyperparameters: model.hyperparameters, tensors: model.tensors(),
                           training: (model as? TrainableModel)?.trainingReport))
    }

    /// The file bytes of a record.
    public static func encode(_ record: ModelRecord) -> [UInt8] {
        var w = ByteWriter()
        w.string(record.kind)
        let names = record.hyperparameters.keys.sorted()
        w.u32(UInt32(truncatingIfNeeded: names.count))
        for n in names {
            w.string(n)
            w.f64(record.hyperparameters[n] ?? 0)
        }
        w.u32(UInt32(truncatingIfNeeded: record.tensors.count))
        for t in record.tensors {
            w.string(t.name)
            w.u32(2)
            w.u64(UInt64(t.value.rows))
            w.u64(UInt64(t.value.cols))
            for v in t.value.values { w.f64(v) }
        }
        if let r = record.training {
            w.u8(1)
            w.u32(UInt32(truncatingIfNeeded: r.epochsRun))
            w.u8(r.stoppedEarly ? 1 : 0)
            w.u32(UInt32(truncatingIfNeeded: r.bestEpoch))
            w.u64(r.seed)
            w.f64(r.learningRate)
            w.u64(UInt64(max(0, r.trainingExamples)))
            for curve in [r.trainLoss, r.heldOutLoss, r.heldOutRolloutError] {
                w.u32(UInt32(truncatingIfNeeded: curve.count))
                for v in curve { w.f64(v) }
            }
            w.u32(UInt32(truncatingIfNeeded: max(0, r.rolloutHorizon)))
            w.u32(UInt32(truncatingIfNeeded: max(0, r.unroll)))
            writePriors(r.priors, to: &w)
        } else {
            w.u8(0)
        }
        let payload = w.bytes
        var out = ByteWriter()
        out.bytes = magic
        out.u32(formatVersion)
        out.u64(UInt64(payload.count))
        out.u32(crc(payload))
        out.bytes.append(contentsOf: payload)
        return out.bytes
    }

    // MARK: - Decoding

    /// Checks the header and CRC and parses the payload.
    public static func decodeRecord(_ bytes: [UInt8]) throws -> ModelRecord {
        guard bytes.count >= 4, Array(bytes[0..<4]) == magic else {
            throw ModelError("not an Orrery model file (it does not start with 'ORRM')")
        }
        guard bytes.count >= headerSize else {
            throw ModelError("model file is truncated: \(bytes.count) bytes, the header alone needs \(headerSize)")
        }
        var header = ByteReader(bytes, from: 4, to: headerSize)
        let version = try header.u32("format version")
        guard readableVersions.contains(version) else {
            if version > formatVersion {
                throw ModelError("model file format version \(version) is newer than this Orrery reads (\(formatVersion))")
            }
            throw ModelError("model file format version \(version) is not supported (this Orrery reads \(readableVersions.lowerBound) to \(formatVersion))")
        }
        let length = try header.u64("payload length")
        let available = UInt64(bytes.count - headerSize)
        guard length <= available else {
            throw ModelError("model file is truncated: payload should be \(length) bytes, only \(available) present")
        }
        guard length == available else {
            throw ModelError("model file has \(available - length) unexpected bytes after its payload")
        }
        let expected = try header.u32("checksum")
        let payload = Array(bytes[headerSize...])
        let actual = crc(payload)
        guard actual == expected else {
            throw ModelError("model file is corrupt: checksum mismatch (stored \(hex(expected)), computed \(hex(actual)))")
        }
        return try decodePayload(payload, version: version)
    }

    /// Parses a payload of format `version`.
    static func decodePayload(_ payload: [UInt8], version: UInt32) throws -> ModelRecord {
        var r = ByteReader(payload, from: 0, to: payload.count)
        let kind = try r.string("kind")
        let hyperCount = try r.count("hyperparameter count")
        var hyper: [String: Double] = [:]
        for _ in 0..<hyperCount {
            let name = try r.string("hyperparameter name")
            hyper[name] = try r.f64("hyperparameter '\(name)'")
        }
        let tensorCount = try r.count("tensor count")
        var tensors: [NamedTensor] = []
        for _ in 0..<tensorCount {
            let name = try r.string("tensor name")
            let rank = try r.u32("rank of tensor '\(name)'")
            guard rank == 1 || rank == 2 else { throw ModelError("tensor '\(name)' has rank \(rank); only 1 and 2 are supported") }
            var dims: [Int] = []
            for _ in 0..<rank {
                let d = try r.u64("shape of tensor '\(name)'")
                guard d <= UInt64(maximumTensorElements) else { throw ModelError("tensor '\(name)' is absurdly large (dimension \(d))") }
                dims.append(Int(d))
            }
            let rows = rank == 2 ? dims[0] : 1, cols = rank == 2 ? dims[1] : dims[0]
            let (elements, overflow) = rows.multipliedReportingOverflow(by: cols)
            guard !overflow, elements <= maximumTensorElements else {
                throw ModelError("tensor '\(name)' is absurdly large (\(rows)×\(cols))")
            }
            guard elements <= r.remaining / 8 else {
                throw ModelError("model file is truncated inside tensor '\(name)' (\(rows)×\(cols) values)")
            }
            var values = [Double]()
            values.reserveCapacity(elements)
            for _ in 0..<elements { values.append(try r.f64("tensor '\(name)'")) }
            tensors.append(NamedTensor(name, try Matrix(rows: rows, cols: cols, values: values)))
        }
        var training: TrainingReport? = nil
        let hasTraining = try r.u8("training flag")
        switch hasTraining {
        case 0: break
        case 1:
            let epochsRun = Int(try r.u32("epochs run"))
            let stopped = try r.u8("stopped early") != 0
            let bestEpoch = Int(try r.u32("best epoch"))
            let seed = try r.u64("seed")
            let lr = try r.f64("learning rate")
            let examples = try r.u64("training examples")
            guard examples <= UInt64(Int.max) else { throw ModelError("model file: training example count is absurd") }
            var curves: [[Double]] = []
            let labels = ["training loss curve", "held-out loss curve"] + (version >= 2 ? ["held-out rollout error curve"] : [])
            for label in labels {
                let n = try r.count(label, limit: maximumCurveLength)
                guard n <= r.remaining / 8 else { throw ModelError("model file is truncated inside the \(label)") }
                var c: [Double] = []
                for _ in 0..<n { c.append(try r.f64(label)) }
                curves.append(c)
            }
            var horizon = 0, unroll = 1
            if version >= 2 {
                horizon = Int(try r.u32("rollout horizon"))
                unroll = Int(try r.u32("unroll"))
            }
            training = TrainingReport(trainLoss: curves[0], heldOutLoss: curves[1], epochsRun: epochsRun, stoppedEarly: stopped,
                                      bestEpoch: bestEpoch, seed: seed, learningRate: lr, trainingExamples: Int(examples),
                                      heldOutRolloutError: curves.count > 2 ? curves[2] : [], rolloutHorizon: horizon,
                                      unroll: unroll)
            if version >= priorsVersion {
                training?.priors = try readPriors(&r)
            } else {
                training?.priorsRecorded = false
            }
        default:
            throw ModelError("model file is corrupt: training flag is \(hasTraining)")
        }
        guard r.remaining == 0 else { throw ModelError("model file has \(r.remaining) unexpected bytes at the end of its payload") }
        return ModelRecord(kind: kind, hyperparameters: hyper, tensors: tensors, training: training)
    }

    // MARK: - Helpers

    /// zlib's CRC-32 of the bytes.
    public static func crc(_ bytes: [UInt8]) -> UInt32 {
        var c: uLong = crc32(0, nil, 0)
        bytes.withUnsafeBufferPointer { p in
            var base = p.baseAddress
            var left = p.count
            // zlib takes a 32-bit length; feed large buffers in chunks.
            while left > 0, let b = base {
                let n = min(left, Int(UInt32.max >> 1))
                c = crc32(c, b, uInt(n))
                base = b + n
                left -= n
            }
        }
        return UInt32(truncatingIfNeeded: c)
    }

    static func hex(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
    }
}

// MARK: - Byte writer and reader

struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func u8(_ v: UInt8) { bytes.append(v) }
    mutating func u32(_ v: UInt32) { for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) } }
    mutating func u64(_ v: UInt64) { for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) } }
    mutating func f64(_ v: Double) { u64(v.bitPattern) }
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8.prefix(ModelFile.maximumStringBytes))
        u32(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var offset: Int
    let end: Int

    init(_ bytes: [UInt8], from: Int, to: Int) {
        self.bytes = bytes
        offset = from
        end = min(to, bytes.count)
    }

    var remaining: Int { end - offset }

    private mutating func take(_ n: Int, _ what: String) throws -> ArraySlice<UInt8> {
        guard n >= 0, n <= remaining else {
            throw ModelError("model file is truncated while reading \(what)")
        }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    mutating func u8(_ what: String) throws -> UInt8 {
        try take(1, what).first ?? 0
    }

    mutating func u32(_ what: String) throws -> UInt32 {
        var v: UInt32 = 0
        for (i, b) in try take(4, what).enumerated() { v |= UInt32(b) << (8 * UInt32(i)) }
        return v
    }

    mutating func u64(_ what: String) throws -> UInt64 {
        var v: UInt64 = 0
        for (i, b) in try take(8, what).enumerated() { v |= UInt64(b) << (8 * UInt64(i)) }
        return v
    }

    mutating func f64(_ what: String) throws -> Double { Double(bitPattern: try u64(what)) }

    mutating func count(_ what: String, limit: Int = ModelFile.maximumCount) throws -> Int {
        let n = try u32(what)
        guard n <= UInt32(limit) else { throw ModelError("model file: \(what) \(n) exceeds the limit \(limit)") }
        return Int(n)
    }

    mutating func string(_ what: String) throws -> String {
        let n = try count(what, limit: ModelFile.maximumStringBytes)
        let raw = try take(n, what)
        guard let s = String(validating: raw, as: UTF8.self) else {
            throw ModelError("model file: \(what) is not valid UTF-8")
        }
        return s
    }
}
