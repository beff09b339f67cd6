import Testing
@testable import WorldKit

// The functional benchmark on the simulator (the ceiling) and on the trivial "still"
// baseline, in quick mode: every task's metric must put the simulator at the top and
// the baseline where a model that never moves anything belongs.

private let quick = BenchmarkSettings(seed: 3, quick: true)

private func scores(_ model: any WorldModel, _ task: any BenchmarkTask) throws -> [String: BenchmarkCell] {
    let contender = BenchmarkContender(name: model.kind, model: model)
    var out: [String: BenchmarkCell] = [:]
    for s in try task.run(contender, settings: quick) { out[s.name] = BenchmarkCell(contender: model.kind, s) }
    return out
}

@Test func simulatorIsAtTheCeilingOfEveryTask() throws {
    let physics = PhysicsModel()
    let p = try scores(physics, PermanenceTask())
    for v in ["short", "long"] {
        #expect(p["permanence.\(v).reappears"]?.mean == 1)
        #expect((p["permanence.\(v).error"]?.mean ?? 1) < 1e-9)
        #expect(p["permanence.\(v).timing"]?.mean == 0)
    }
    let d = try scores(physics, DriftTask())
    #expect((d["drift.50"]?.mean ?? 1) < 1e-9 && (d["drift.200"]?.mean ?? 1) < 1e-9)
    #expect((d["drift.energy"]?.mean ?? 1) < 0.05, "energy drift \(d["drift.energy"]?.mean ?? .nan)")
    let r = try scores(physics, RevisitTask())
    #expect(r["revisit.kept"]?.mean == 1)
    #expect((r["revisit.mse"]?.mean ?? 1) < 1)
    let i = try scores(physics, InterventionTask())
    for m in ["remove", "mass", "push"] { #expect((i["intervention.\(m)"]?.mean ?? 1) < 1e-6, "\(m)") }
    let c = try scores(physics, CounterfactualTask())
    #expect(c["counterfactual.option"]?.mean == 1 && c["counterfactual.question"]?.mean == 1)
    #expect(c["counterfactual.balanced"]?.mean == 1)
    let b = try scores(physics, ButForTask())
    #expect(b["butfor.candidate"]?.mean == 1 && (b["butfor.candidate"]?.scenes ?? 0) > 0)
    let g = try scores(physics, GeneralizationTask())
    #expect((g["generalization.id"]?.mean ?? 1) < 1e-9 && (g["generalization.ood"]?.mean ?? 1) < 1e-9)
    let l = try scores(physics, LawsTask())
    #expect((l["laws.no_overlap"]?.mean ?? 1) < 0.05)
}

@Test func stillBaselineScoresWhereAModelThatMovesNothingBelongs() throws {
    let still = StillModel()
    let p = try scores(still, PermanenceTask())
    #expect(p["permanence.long.reappears"]?.mean == 0)
    #expect((p["permanence.long.error"]?.mean ?? 0) > 1)
    let g = try scores(still, GeneralizationTask())
    #expect((g["generalization.id"]?.mean ?? 0) > 0.5)
    // Resting bodies: standing still is exactly right, and nothing is forgotten.
    let r = try scores(still, RevisitTask())
    #expect(r["revisit.kept"]?.mean == 1 && r["revisit.mse"]?.mean == 0)
    // A push changes nothing it predicts; it does not see mass, so that cell is n/a.
    let i = try scores(still, InterventionTask())
    #expect((i["intervention.push"]?.mean ?? 0) > 0.1)
    #expect(i["intervention.mass"]?.status == "n/a")
    #expect((i["intervention.remove"]?.mean ?? 0) > 0.1)
}

@Test func benchmarkJSONIsDeterministicAndTheTableListsEveryMetric() throws {
    let options = BenchmarkOptions(models: ["physics", "still"], tasks: ["permanence", "counterfactual"], seed: 5, quick: true)
    let a = try Benchmark.run(options, version: "test"), b = try Benchmark.run(options, version: "test")
    #expect(a.json == b.json)
    #expect(a.json.hasPrefix("{\n  \"manifest\": {"))
    #expect(a.json.contains("\"seed\": 5"))
    #expect(a.metrics.map(\.name) == ["permanence.short.reappears", "permanence.short.tracked", "permanence.short.kept_error",
                                      "permanence.short.error", "permanence.short.timing",
                                      "permanence.long.reappears", "permanence.long.tracked", "permanence.long.kept_error",
                                      "permanence.long.error", "permanence.long.timing",
                                      "counterfactual.option", "counterfactual.question", "counterfactual.balanced",
                                      "counterfactual.recall_yes", "counterfactual.recall_no",
                                      "counterfactual.always_no.option", "counterfactual.always_no.balanced"])
    #expect(a.table.contains("permanence.long.reappears ↑") && a.table.contains("physics") && a.table.contains("still"))
    #expect(a.cell("permanence.long.reappears", "physics")?.lower != nil)
}

@Test func benchmarkRejectsUnknownNames() throws {
    #expect(throws: ModelError.self) { try Benchmark.run(BenchmarkOptions(models: ["physics"], tasks: ["nope"], quick: true), version: "t") }
    #expect(throws: ModelError.self) { try Benchmark.run(BenchmarkOptions(models: ["wizard"], tasks: ["drift"], quick: true), version: "t") }
    #expect(throws: ModelError.self) { try Benchmark.run(BenchmarkOptions(models: ["physics", "physics"], tasks: ["drift"], quick: true), version: "t") }
}

@Test func reportFormatsNumbersWithoutLocale() {
    #expect(BenchmarkReport.short(0.12345) == "0.123")
    #expect(BenchmarkReport.short(12.345) == "12.3")
    #expect(BenchmarkReport.short(-1.5) == "-1.50")
    #expect(BenchmarkReport.short(0.000123) == "1.23e-4")
    #expect(BenchmarkReport.short(0) == "0")
}
