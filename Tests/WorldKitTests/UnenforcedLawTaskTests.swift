import Testing
@testable import WorldKit

// laws.unenforced: the simulator keeps every law it checks; a model that ignores gravity
// breaks it even under the benchmark's default priors; a law a contender enforces is not
// checked for that contender.

private let settings = BenchmarkSettings(seed: 3, quick: true)

private func rate(_ contender: BenchmarkContender) throws -> Double {
    let samples = try UnenforcedLawTask().run(contender, settings: settings)
    #expect(samples.map(\.name) == ["laws.unenforced"])
    return samples.first?.estimate ?? .nan
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

@Test func aContenderEnforcingEveryCheckedLawIsNotApplicable() throws {
    let all = BenchmarkContender(name: "drift+all", model: DriftModel(editable: true),
                                 priors: [MomentumPrior(), GravityPrior(), EnergyPrior()])
    let samples = try UnenforcedLawTask().run(all, settings: settings)
    guard case .unavailable(let reason)? = samples.first?.values else {
        Issue.record("expected n/a, got \(String(describing: samples.first?.values))")
        return
    }
    #expect(reason.hasPrefix("n/a"))
}

@Test func theBenchmarkRunsTheUnenforcedLawTask() {
    #expect(BenchmarkTasks.names.contains("laws.unenforced"))
}
