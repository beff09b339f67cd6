// MARK: - What the priors contributed, in model files (format 4)
//
// A model trained with priors keeps its `PriorContribution` (the priors, their weights,
// their share of the loss, each prior's violation at the first epoch with priors and at
// the kept one) after the training report, so `describe` on a loaded model says what the
// priors did. Version 4 writes one byte after the training report: 0 (trained without
// priors) or 1, then the record below. Files of versions 1–3 have no such byte; their
// reports say the priors were not recorded.
//
//   weight Float64, warmup UInt32, unlabelledScenes UInt32,
//   firstActiveEpoch UInt32 (0: the priors never joined the loss), keptEpoch UInt32,
//   shareFirst, shareKept: optional Float64 (UInt8 0, or 1 then the value),
//   priors: count, then per prior: name string, weight optional Float64, and six optional
//     Float64 (training first, kept; unlabelled first, kept; held-out first, kept),
//   gradientOnStates Float64, gradientOnOutputs Float64, trainingStates UInt64,
//   statesWithoutPrevious UInt64

extension ModelFile {
    /// The first version whose files record the priors' contribution.
    public static let priorsVersion: UInt32 = 4
    /// At most this many priors in one record.
    static let maximumPriors = 64

    static func writePriors(_ c: PriorContribution?, to w: inout ByteWriter) {
        guard let c else { return w.u8(0) }
        w.u8(1)
        w.f64(c.weight)
        w.u32(UInt32(clamping: max(0, c.warmup)))
        w.u32(UInt32(clamping: max(0, c.unlabelledScenes)))
        w.u32(UInt32(clamping: max(0, c.firstActiveEpoch ?? 0)))
        w.u32(UInt32(clamping: max(0, c.keptEpoch)))
        writeOptional(c.shareFirst, to: &w)
        writeOptional(c.shareKept, to: &w)
        let priors = c.priors.prefix(maximumPriors)
        w.u32(UInt32(priors.count))
        for p in priors {
            w.string(p.name)
            for v in [p.weight, p.trainingFirst, p.trainingKept, p.unlabelledFirst, p.unlabelledKept, p.heldOutFirst, p.heldOutKept] {
                writeOptional(v, to: &w)
            }
        }
        w.f64(c.gradientOnStates)
        w.f64(c.gradientOnOutputs)
        w.u64(UInt64(max(0, c.trainingStates)))
        w.u64(UInt64(max(0, c.statesWithoutPrevious)))
    }

    static func readPriors(_ r: inout ByteReader) throws -> PriorContribution? {
        let flag = try r.u8("priors flag")
        switch flag {
        case 0: return nil
        case 1: break
        default: throw ModelError("model file is corrupt: priors flag is \(flag)")
        }
        let weight = try r.f64("priors' weight")
        let warmup = Int(try r.u32("priors' warm-up"))
        let unlabelled = Int(try r.u32("unlabelled scenes"))
        let first = Int(try r.u32("first epoch with priors"))
        let kept = Int(try r.u32("kept epoch"))
        let shareFirst = try readOptional(&r, "priors' share of the loss")
        let shareKept = try readOptional(&r, "priors' share of the loss")
        let n = try r.count("prior count", limit: maximumPriors)
        var priors: [PriorContribution.PriorFigures] = []
        for _ in 0..<n {
            let name = try r.string("prior name")
            var v: [Double?] = []
            for _ in 0..<7 { v.append(try readOptional(&r, "prior '\(name)'")) }
            var f = PriorContribution.PriorFigures(name: name)
            f.weight = v[0]
            f.trainingFirst = v[1]; f.trainingKept = v[2]
            f.unlabelledFirst = v[3]; f.unlabelledKept = v[4]
            f.heldOutFirst = v[5]; f.heldOutKept = v[6]
            priors.append(f)
        }
        let onStates = try r.f64("priors' gradient on states")
        let onOutputs = try r.f64("priors' gradient on outputs")
        let states = try r.u64("training states")
        let withoutPrevious = try r.u64("states without a previous state")
        guard states <= UInt64(Int.max), withoutPrevious <= states else {
            throw ModelError("model file is corrupt: \(withoutPrevious) of \(states) training states without a previous state")
        }
        return PriorContribution(weight: weight, warmup: warmup, unlabelledScenes: unlabelled,
                                 firstActiveEpoch: first > 0 ? first : nil, keptEpoch: kept,
                                 shareFirst: shareFirst, shareKept: shareKept, priors: priors,
                                 gradientOnStates: onStates, gradientOnOutputs: onOutputs,
                                 trainingStates: Int(states), statesWithoutPrevious: Int(withoutPrevious))
    }

    private static func writeOptional(_ v: Double?, to w: inout ByteWriter) {
        if let v {
            w.u8(1)
            w.f64(v)
        } else {
            w.u8(0)
        }
    }

    private static func readOptional(_ r: inout ByteReader, _ what: String) throws -> Double? {
        let flag = try r.u8(what)
        switch flag {
        case 0: return nil
        case 1: return try r.f64(what)
        default: throw ModelError("model file is corrupt: \(what) has flag \(flag)")
        }
    }
}
