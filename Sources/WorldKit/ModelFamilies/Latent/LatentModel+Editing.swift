// MARK: - Latent model: probe factors and edits
//
// The pixel latent model has no named factors of its own: its factors are linear
// probes against the simulator's ground truth, and an edit moves the latent along
// the smallest change that shifts the chosen probe while holding the others still
// (the edit vocabulary is in Models/LatentEditing.swift).

extension LatentModel {
    /// A probe direction: which latent change moves one body factor, and how well it fits.
    public struct Probe: Hashable, Sendable {
        public var body: String
        public var factor: String
        /// Weights over [z_t, z_{t−1}] (length 2·dim), then the bias.
        public var weights: [Double]
        public var bias: Double
        /// Held-out R².
        public var r2: Double
    }

    /// Every probe, body-major, with the body names of `scene` (the scene the model runs on).
    public func probeDirections(names: [String]) -> [Probe] {
        let p = 2 * dim + 1, n = Self.probedFactors.count
        var out: [Probe] = []
        for k in 0..<probedBodies {
            let body: String
            if probeNames.isEmpty {
                guard k < names.count else { break }
                body = names[k]
            } else {
                body = probeNames[k]
            }
            for (f, factor) in Self.probedFactors.enumerated() {
                let row = k * n + f
                guard (row + 1) * p <= probes.count, row < probeR2.count else { continue }
                let w = Array(probes[(row * p)..<((row + 1) * p)])
                out.append(Probe(body: body, factor: factor, weights: Array(w.dropLast()), bias: w[p - 1],
                                 r2: probeR2[row]))
            }
        }
        return out
    }

    public func factors(_ state: any ModelState) -> [LatentFactor] {
        guard let s = try? own(state) else { return [] }
        var out = s.z.enumerated().map { LatentFactor(body: nil, name: "z\($0.offset)", value: $0.element) }
        let values = probeValues(s), n = Self.probedFactors.count
        for b in s.template {
            guard let k = probeIndex(of: b.name, in: s.template) else { continue }
            for (f, factor) in Self.probedFactors.enumerated() where k * n + f < values.count {
                out.append(LatentFactor(body: b.name, name: factor, value: values[k * n + f],
                                        probeR2: probeR2[k * n + f]))
            }
        }
        return out
    }

    public func edit(_ state: any ModelState, body: String?, factor: String, to value: Double) throws -> any ModelState {
        var s = try own(state)
        guard value.isFinite else { throw ModelError("latent: edit value for \(factor) is not finite") }
        guard let body else {
            // A raw latent coordinate "zI": move z_t and z_{t−1} together so no velocity appears.
            guard factor.hasPrefix("z"), let i = Int(factor.dropFirst()), i >= 0, i < dim else {
                throw ModelError("latent has no factor '\(factor)' (z0...z\(dim - 1), or body.x, .y, .vx, .vy)")
            }
            let delta = value - s.z[i]
            s.z[i] = value
            s.previous[i] += delta
            return s
        }
        guard s.template.contains(where: { $0.name == body }), let k = probeIndex(of: body, in: s.template) else {
            throw ModelError("latent has no probe for body '\(body)'")
        }
        guard let f = Self.probedFactors.firstIndex(of: factor) else {
            throw ModelError("latent has no factor '\(body).\(factor)' (x, y, vx, vy)")
        }
        let n = Self.probedFactors.count, p = 2 * dim + 1
        let values = probeValues(s)
        let rows = probes.count / p
        let target = k * n + f
        guard target < rows else { throw ModelError("latent has no probe for '\(body).\(factor)'") }
        // Constraint matrix over the 2·dim state (bias dropped): change the target probe
        // by the asked amount, every other probe by zero.
        var matrix = [Double](repeating: 0, count: rows * 2 * dim)
        for r in 0..<rows { for c in 0..<(2 * dim) { matrix[r * 2 * dim + c] = probes[r * p + c] } }
        var rhs = [Double](repeating: 0, count: rows)
        rhs[target] = value - values[target]
        let delta = try RidgeRegression.minimumNorm(matrix, rows: rows, columns: 2 * dim, target: rhs)
        for i in 0..<dim {
            s.z[i] += delta[i]
            s.previous[i] += delta[dim + i]
        }
        return s
    }
}
