import Foundation
import Testing

/// `orrery bench`: the table on stdout, the JSON file, usage errors for unknown names.
@Suite struct BenchCommandTests {
    @Test func quickBenchPrintsTheTableAndWritesDeterministicJSON() throws {
        let dir = try Scratch()
        let json = dir.url.appendingPathComponent("bench.json").path
        let report = dir.url.appendingPathComponent("bench.html").path
        let args = ["bench", "--quick", "--silent", "--tasks", "permanence,laws", "--seed", "2", "--copies", "2", "--json", json,
                    "--report", report, "--claims"]
        let result = try OrreryProcess.run(args)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let header = result.stdoutLines.first ?? ""
        for model in ["physics", "still", "window", "memory", "objectnet", "window+priors"] {
            #expect(header.contains(model), "\(header)")
        }
        #expect(result.stdout.contains("permanence.long.reappears ↑"))
        #expect(result.stdout.contains("laws.no_overlap ↓"))
        let first = try String(contentsOfFile: json, encoding: .utf8)
        #expect(first.contains("\"seed\": 2") && first.contains("\"quick\": true"))
        #expect(first.contains("\"copies\": 2") && first.contains("\"trainingSeeds\": [2, 3]"))
        #expect(result.stdout.contains("×2"), "cells on trained copies say how many")
        #expect(result.stdout.contains("(enforced)"), "window+priors' no_overlap is marked")
        #expect(result.stdout.contains("Survey predictions"))
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<svg") && html.contains("<h2>permanence</h2>"))
        let again = try OrreryProcess.run(args)
        #expect(again.status == 0)
        #expect(try String(contentsOfFile: json, encoding: .utf8) == first)
        #expect(again.stdout == result.stdout)
    }

    @Test func unknownTaskOrModelIsAUsageError() throws {
        let task = try OrreryProcess.run(["bench", "--quick", "--tasks", "juggling"])
        #expect(task.status == 64)
        #expect(task.stderr.contains("unknown task 'juggling'"))
        let model = try OrreryProcess.run(["bench", "--quick", "--models", "physics,wizard"])
        #expect(model.status == 64)
        #expect(model.stderr.contains("unknown model 'wizard'"))
        let copies = try OrreryProcess.run(["bench", "--quick", "--copies", "0"])
        #expect(copies.status == 64)
        #expect(copies.stderr.contains("--copies must be in 1...64"))
    }
}
