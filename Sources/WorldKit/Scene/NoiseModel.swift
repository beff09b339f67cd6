/// Exogenous noise injected into a rollout.
///
/// Exactly `NoiseModel.drawsPerBody` standard normal values are drawn per
/// dynamic-or-static body per substep, in this order, from the body's own
/// stream `RandomStream(seed: seed, stream: NoiseModel.streamKey(name))`:
///   0. `zx`: velocity kick x, `velocity.x += velocitySigma * zx`
///   1. `zy`: velocity kick y, `velocity.y += velocitySigma * zy`
///   2. `ze`: restitution for this substep, `e = clamp(e + restitutionSigma * ze, 0, 1)`
/// The kicks are applied after gravity. Static and sleeping bodies still draw
/// (and ignore) their values, so the count per body per substep never varies and
/// removing one body never shifts another body's noise.
public struct NoiseModel: Hashable, Sendable, Codable {
    public var velocitySigma: Double
    public var restitutionSigma: Double

    public init(velocitySigma: Double = 0, restitutionSigma: Double = 0) {
        self.velocitySigma = velocitySigma
        self.restitutionSigma = restitutionSigma
    }

    /// Values drawn per body per substep.
    public static let drawsPerBody = 3

    /// A stable 64-bit key for a body name (FNV-1a over UTF-8), independent of
    /// Swift's per-process `hashValue`.
    public static func streamKey(_ name: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }
}
