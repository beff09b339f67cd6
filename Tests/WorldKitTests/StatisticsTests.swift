import Testing
@testable import WorldKit

// Wilson intervals, Student's t and summaries against published values.

@Test func wilsonIntervalMatchesKnownValues() throws {
    // Wilson (1927) / Newcombe (1998) table values, z = 1.96.
    let w = try #require(WilsonInterval(successes: 8, trials: 10))
    #expect(abs(w.lower - 0.4902) < 5e-4)
    #expect(abs(w.upper - 0.9433) < 5e-4)
    #expect(w.description == "8/10 = 0.8 [0.49, 0.943]")
    let zero = try #require(WilsonInterval(successes: 0, trials: 10))
    #expect(zero.lower == 0)
    #expect(abs(zero.upper - 0.2775) < 5e-4)
    let all = try #require(WilsonInterval(successes: 20, trials: 20))
    #expect(all.upper == 1)
    #expect(abs(all.lower - 0.8389) < 5e-4)
    let half = try #require(WilsonInterval(successes: 50, trials: 100))
    #expect(abs(half.lower - 0.4038) < 5e-4 && abs(half.upper - 0.5962) < 5e-4)
    #expect(half.contains(0.5) && !half.contains(0.62))
}

@Test func wilsonRejectsImpossibleCounts() {
    #expect(WilsonInterval(successes: 1, trials: 0) == nil)
    #expect(WilsonInterval(successes: 11, trials: 10) == nil)
    #expect(WilsonInterval(successes: -1, trials: 10) == nil)
}

@Test func studentTQuantilesMatchTables() throws {
    let table: [(Double, Double)] = [(1, 12.7062), (2, 4.3027), (5, 2.5706), (9, 2.2622), (29, 2.0452), (1000, 1.9623)]
    for (nu, t) in table {
        let q = try #require(StudentT(degreesOfFreedom: nu)?.quantile(0.975))
        #expect(abs(q - t) < 1e-3, "df \(nu): \(q) vs \(t)")
    }
    let t5 = try #require(StudentT(degreesOfFreedom: 5))
    #expect(abs(t5.cdf(0) - 0.5) < 1e-12)
    #expect(abs(t5.cdf(-2.5706) - 0.025) < 1e-5)
    #expect(try #require(t5.quantile(0.025)) < 0)
    #expect(t5.quantile(1) == nil && StudentT(degreesOfFreedom: 0) == nil)
}

@Test func summaryGivesMeanSpreadAndIntervals() throws {
    let s = try #require(Summary([2, 4, 4, 4, 5, 5, 7, 9]))
    #expect(s.mean == 5)
    // Sample variance 32/7.
    #expect(abs(s.standardDeviation - (32.0 / 7).squareRoot()) < 1e-12)
    let t = try #require(s.confidenceInterval())
    // mean ± t(0.975, 7)·s/√8 with t = 2.364624.
    let half = 2.364624 * (32.0 / 7).squareRoot() / 8.0.squareRoot()
    #expect(abs(t.lower - (5 - half)) < 1e-5 && abs(t.upper - (5 + half)) < 1e-5)

    let boot = try #require(s.confidenceInterval(.bootstrap(resamples: 2000, seed: 1)))
    #expect(boot == s.confidenceInterval(.bootstrap(resamples: 2000, seed: 1)))
    #expect(boot.lower > 3.5 && boot.lower < 5 && boot.upper > 5 && boot.upper < 7)
    #expect(boot != s.confidenceInterval(.bootstrap(resamples: 2000, seed: 2)))

    #expect(Summary([]) == nil && Summary([1, .nan]) == nil)
    let one = try #require(Summary([3]))
    #expect(one.standardDeviation == 0 && one.confidenceInterval() == nil)
    #expect(one.confidenceInterval(.bootstrap(resamples: 10, seed: 1)) == ConfidenceInterval(lower: 3, upper: 3, level: 0.95, method: .bootstrap(resamples: 10, seed: 1)))
}
