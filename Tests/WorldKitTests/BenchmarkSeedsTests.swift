import Testing
@testable import WorldKit

// Learned contenders judged over trained copies, not one lucky training seed: three
// copies of each model, each trained on its own data with its own seed, and the claim
// asserted on the intervals over scenes and training seeds.

@Test func retrievalMemoryKeepsAnOccludedBallLongerThanTheWindowOverTrainingSeeds() throws {
    let options = BenchmarkOptions(models: ["still", "window", "memory"], tasks: ["permanence"], seed: 4, quick: true, copies: 3)
    let report = try Benchmark.run(options, version: "test")
    #expect(report.trainingSeeds == [4, 5, 6])
    #expect(report.scoreFrom == 8)
    let window = try #require(report.cell("permanence.long.tracked", "window"))
    let memory = try #require(report.cell("permanence.long.tracked", "memory"))
    #expect(window.copies == 3 && memory.copies == 3)
    #expect(report.cell("permanence.long.tracked", "still")?.copies == 1)
    // Since the window trains on its own rollouts (issue 13) it forgets less often: at this
    // quick size (3 scenes) one of its copies keeps the ball and the two intervals touch
    // (window 0.79 [0.62, 1.00], memory 1.00 [1.00, 1.00] at seed 4). What the intervals
    // support here: memory's whole interval lies above the window's mean, and the window
    // forgets in some copy. The full-size run (`orrery bench --seed 1 --claims`) separates them.
    let memoryLower = try #require(memory.lower), windowLower = try #require(window.lower)
    #expect(memoryLower > window.mean, "memory \(memory.mean) [\(memoryLower), …] vs window \(window.mean)")
    #expect(windowLower < 1, "no window copy forgot the ball")
    // Forgetting is never cheaper than keeping: the window, which forgets in some copy, pays
    // more than the memory model, which keeps the ball. (This compared the window with half
    // of still's error until the models saw collision impulses; the window then kept the ball
    // well enough in its other copies to fall below that: 3.10 m against still's 7.12 m.)
    let w = try #require(report.cell("permanence.long.error", "window")?.mean)
    let m = try #require(report.cell("permanence.long.error", "memory")?.mean)
    #expect(w > m, "window \(w) vs memory \(m)")
    // The table and the JSON carry the copies.
    #expect(report.table.contains("×3"))
    #expect(report.json.contains("\"copies\": 3") && report.json.contains("\"trainingSeeds\": [4, 5, 6]"))
    #expect(report.markdown.contains("<svg") && report.html.hasPrefix("<!DOCTYPE html>"))
    #expect(BenchmarkClaim.survey[0].verdict(report) != .contradicted)
}
