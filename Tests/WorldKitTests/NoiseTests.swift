import Testing
@testable import WorldKit

// Exogenous noise: seeded per-body streams, recorded, replayable.

private let noisy = NoiseModel(velocitySigma: 0.05, restitutionSigma: 0.1)

@Test func noiseChangesTheRolloutAndTheSeedMatters() throws {
    let plain = try Simulator.rollout(busyScene(), steps: 120, seed: 1)
    let a = try Simulator.rollout(busyScene(noise: noisy), steps: 120, seed: 1)
    let b = try Simulator.rollout(busyScene(noise: noisy), steps: 120, seed: 2)
    let again = try Simulator.rollout(busyScene(noise: noisy), steps: 120, seed: 1)
    #expect(a.states != plain.states)
    #expect(a.states != b.states)
    #expect(a == again)
    #expect(plain.noise.draws.isEmpty)
}

@Test func recordedNoiseHasAFixedNumberOfDrawsPerBodyPerStep() throws {
    let r = try Simulator.rollout(busyScene(noise: noisy), steps: 50, seed: 3)
    #expect(r.noise.bodies == busyScene().bodies.map(\.name).sorted())
    for name in r.noise.bodies {
        #expect(r.noise.draws[name]?.count == 50 * NoiseModel.drawsPerBody)
    }
    #expect(r.noise.values(for: "ball0", substep: 49)?.count == NoiseModel.drawsPerBody)
    #expect(r.noise.values(for: "ball0", substep: 50) == nil)
}

@Test func replayingRecordedNoiseReproducesTheRolloutBitForBit() throws {
    let original = try Simulator.rollout(busyScene(noise: noisy), steps: 150, seed: 7)
    // A different seed: every value must come from the record.
    var twin = try Simulator(scene: busyScene(noise: noisy), seed: 12345, replaying: original.noise)
    let replayed = twin.record(steps: 150)
    #expect(replayed.states == original.states)
    #expect(replayed.events == original.events)
    #expect(replayed.noise == original.noise)
}

@Test func eachBodysNoiseIsIndependentOfTheOthers() throws {
    var scene = busyScene(noise: noisy)
    let full = try Simulator.rollout(scene, steps: 40, seed: 5)
    scene.bodies.removeAll { $0.name == "ball2" }
    let fewer = try Simulator.rollout(scene, steps: 40, seed: 5)
    for name in scene.bodies.map(\.name) {
        #expect(full.noise.draws[name] == fewer.noise.draws[name])
    }
    // Streams are keyed by a stable hash of the name (FNV-1a), not by position or Swift's hashValue.
    #expect(NoiseModel.streamKey("a") == 0xaf63_dc4c_8601_ec8c)
}

@Test func aForkSharesTheNoiseOfTheWorldItSplitFrom() throws {
    var sim = try Simulator(scene: busyScene(noise: noisy), seed: 21)
    sim.advance(steps: 30)
    var twin = sim
    try twin.remove("box3")
    sim.advance(steps: 30)
    twin.advance(steps: 30)
    // Same stream positions for every body both worlds still share.
    for name in twin.scene.bodies.map(\.name) {
        #expect(sim.noiseRecord.draws[name] == twin.noiseRecord.draws[name])
    }
}
