/// The exogenous noise a rollout actually used, per body name, so a twin world
/// can replay exactly the same noise (`Simulator(scene:seed:replaying:)`).
///
/// `draws[name]` holds `NoiseModel.drawsPerBody` standard normal values per
/// substep since the body joined the world, in the order documented on `NoiseModel`.
public struct NoiseRecord: Hashable, Sendable, Codable {
    public var draws: [String: [Double]]

    public init(draws: [String: [Double]] = [:]) {
        self.draws = draws
    }

    /// The body names with recorded noise, sorted.
    public var bodies: [String] { draws.keys.sorted() }

    /// The recorded values for one body and substep, if recorded.
    public func values(for name: String, substep: Int) -> [Double]? {
        guard let all = draws[name], substep >= 0 else { return nil }
        let k = NoiseModel.drawsPerBody
        let start = substep * k
        guard start + k <= all.count else { return nil }
        return Array(all[start..<(start + k)])
    }
}
