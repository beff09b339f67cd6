import Testing
@testable import WorldKit

// Rejection sampling: acceptance, reproducibility, soft requirements, and the give-up error.

private func point(_ s: inout RandomStream) -> Vec2 { Vec2(s.uniform(0, 1), s.uniform(0, 1)) }

@Test func rejectionSamplingKeepsOnlyAcceptedValues() throws {
    var stream = RandomStream(seed: 1)
    let inCircle = Requirement<Vec2>("inside the unit quarter circle") { $0.length < 1 }
    var tries = 0
    for _ in 0..<2_000 {
        let (p, n) = try RejectionSampler.sample(&stream, requirements: [inCircle], draw: point)
        #expect(p.length < 1)
        tries += n
    }
    // Acceptance is π/4: about 2,546 tries for 2,000 samples (±3% at this size).
    #expect(abs(Double(tries) / 2_000 - 4 / Double.pi) < 0.04)
}

@Test func eachSampleOfASweepIsReproducibleAlone() throws {
    let far = Requirement<Vec2>("x > 0.5") { $0.x > 0.5 }
    var sweep: [Vec2] = []
    for i in 0..<20 {
        var s = RejectionSampler.stream(seed: 7, index: i)
        sweep.append(try RejectionSampler.sample(&s, requirements: [far], draw: point).value)
    }
    var again = RejectionSampler.stream(seed: 7, index: 13)
    #expect(try RejectionSampler.sample(&again, requirements: [far], draw: point).value == sweep[13])
    var other = RejectionSampler.stream(seed: 8, index: 13)
    #expect(try RejectionSampler.sample(&other, requirements: [far], draw: point).value != sweep[13])
}

@Test func aSoftRequirementHoldsInAboutItsProbability() throws {
    var stream = RandomStream(seed: 3)
    // Without the requirement, x < 0.5 half the time; enforced with p = 0.8, the violating
    // share of accepted samples is 0.5·0.2 / (0.5 + 0.5·0.2) = 1/6.
    let soft = Requirement<Vec2>("x >= 0.5", probability: 0.8) { $0.x >= 0.5 }
    var violations = 0
    let n = 6_000
    for _ in 0..<n {
        if try RejectionSampler.sample(&stream, requirements: [soft], draw: point).value.x < 0.5 { violations += 1 }
    }
    #expect(abs(Double(violations) / Double(n) - 1.0 / 6) < 0.02)
}

@Test func givingUpNamesTheRequirementThatRejectedMost() throws {
    var stream = RandomStream(seed: 5)
    let easy = Requirement<Vec2>("x > 0.1") { $0.x > 0.1 }
    let impossible = Requirement<Vec2>("y > 2") { $0.y > 2 }
    do {
        _ = try RejectionSampler.sample(&stream, requirements: [easy, impossible], maxIterations: 500, draw: point)
        Issue.record("an impossible requirement was met")
    } catch let error as RejectionError {
        #expect(error.iterations == 500)
        #expect(error.mostRejecting?.name == "y > 2")
        #expect(error.rejections.map(\.count).reduce(0, +) == 500)
        #expect(error.description.hasPrefix("no sample accepted in 500 tries; requirement 'y > 2' rejected "))
    }
}
