// MARK: - Exogenous noise

extension Simulator {
    /// Draws (or replays) each scene body's noise for one substep and applies it.
    /// See `NoiseModel` for the exact order and meaning of the draws.
    mutating func applyNoise(_ noise: NoiseModel, to bodies: inout [RigidBody]) {
        let k = NoiseModel.drawsPerBody
        for index in 0..<tracks.count {
            let name = scene.bodies[index].name
            var values = [Double](repeating: 0, count: k)
            // Always advance the stream, so falling back from replay to fresh draws
            // continues exactly where an unreplayed run would be.
            for d in 0..<k { values[d] = tracks[index].stream.normal() }
            if let recorded = replay?.values(for: name, substep: tracks[index].noiseSubsteps) {
                values = recorded
            }
            tracks[index].noiseSubsteps += 1
            noiseRecord.draws[name, default: []].append(contentsOf: values)
            let i = staticCount + index
            if bodies[i].isMoving {
                bodies[i].velocity += Vec2(values[0], values[1]) * noise.velocitySigma
            }
            let e = bodies[i].baseRestitution + noise.restitutionSigma * values[2]
            bodies[i].restitution = min(max(e, 0), 1)
        }
    }
}
