import Testing
@testable import WorldKit

// laws.unenforced: the simulator keeps every law it checks; a model that ignores gravity
// breaks it even under the benchmark's default priors; a law a contender enforces is not
// checked for that contender.

private let settings = BenchmarkSettings(seed: 3, quick: true)

private func rate(_ contender: BenchmarkContender) throws -> Double {
    let samples = try UnenforcedLawTask().run(contender, settings: settings)
    #expect(samples.map(\.name) == ["laws.unenforced"])
    guard case .mean(let values)? = samples.first?.values, !values.isEmpty else { return .nan }
    return values.reduce(0, +) / Double(values.count)
}

@Test func theSimulatorKeepsTheUnenforcedLaws() throws {
    #expect(try rate(BenchmarkContender(name: "physics", model: PhysicsModel())) == 0)
}

@Test func projectedPriorsDoNotHideTheLawsTheyLeaveAlone() throws {
    let drift = DriftModel(editable: true)
    let withPriors = BenchmarkContender(name: "drift+priors", model: drift, priors: BenchmarkContender.defaultPriors)
    #expect(try rate(withPriors) > 0)
    #expect(UnenforcedLawTask.unenforced(by: withPriors).map(\.name) == ["momentum", "gravity", "energy"])
    let enforcing = BenchmarkContender(name: "drift+gravity", model: drift, priors: [GravityPrior()])
    #expect(UnenforcedLawTask.unenforced(by: enforcing).map(\.name) == ["momentum", "energy"])
}
