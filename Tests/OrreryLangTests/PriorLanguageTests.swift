import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// Priors through the language: the evidence example's direction, user priors against the
/// built-in they re-implement, and determinism.
@Suite struct PriorLanguageTests {
    /// Runs `source`; the printed lines, or the runtime error's message.
    func run(_ source: String, path: String = "<test>") -> (lines: [String], error: String?, expectFailures: Int) {
        let out = ProgressCollectingOutput()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-priors-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var options = RunOptions()
        options.outputDirectory = folder
        let report = Engine(options: options, output: out, extensions: world).run(path: path, source: source)
        var error: String?
        if case .success = report.outcome {} else { error = "\(report.outcome)" }
        return (out.lines, error, report.expectFailures.count)
    }

    /// The number after `error ` and the count before ` violations` in the example's summary lines.
    func figures(_ line: String) -> (error: Double, violations: Int)? {
        let words = line.split(separator: " ")
        guard let e = words.firstIndex(of: "error"), e + 1 < words.count, let v = words.firstIndex(of: "violations"), v > 0,
              let error = Double(words[e + 1]), let count = Int(words[v - 1]) else { return nil }
        return (error, count)
    }

    @Test func exampleShowsFewerViolationsAndLowerErrorWithPriors() throws {
        let source = try #require(WorldStdlib.files["examples/priors.orr"])
        let out = run(source, path: "examples/priors.orr")
        #expect(out.error == nil, "\(out.error ?? "")")
        #expect(out.expectFailures == 0)
        let without = try #require(out.lines.first { $0.hasPrefix("without priors") }.flatMap(figures))
        let with = try #require(out.lines.first { $0.hasPrefix("with priors") }.flatMap(figures))
        #expect(without.violations > 0)
        #expect(with.violations < without.violations)
        #expect(with.error < without.error)
    }

    @Test func userPriorMatchesTheBuiltInItReimplements() {
        // `floor` is `above_ground` written in the language: same violations, same magnitudes,
        // same projected rollout (the built-in also stops the downward motion).
        let out = run("""
        import "std/priors"
        let world = scene "sink" {
          ground at 0
          ball a at (1, 0.2) radius 0.5 velocity (1, -2)
          allow_overlap
        }
        prior floor(s) {
          for b in s.bodies {
            if b.bottom < -0.02 {
              correct b.y = b.half_height
              if b.vy < 0 { correct b.vy = 0 }
            }
          }
        }
        let mine = rollout(physics, world, steps: 0, priors: [floor])
        let theirs = rollout(physics, world, steps: 0, priors: [above_ground])
        print(len(mine.violations), len(theirs.violations))
        print(mine.violations[0].magnitude == theirs.violations[0].magnitude)
        let p1 = rollout(physics, world, steps: 20, priors: [floor], mode: "project")
        let p2 = rollout(physics, world, steps: 20, priors: [above_ground], mode: "project")
        print(p1.at(0).a.y, p2.at(0).a.y)
        print(error(p1, p2) < 1e-9)
        """)
        #expect(out.error == nil, "\(out.error ?? "")")
        #expect(out.lines == ["2 1", "true", "0.5 0.5", "true"])
    }

    @Test func rolloutsUnderUserPriorsAreDeterministic() throws {
        let source = try #require(WorldStdlib.files["examples/priors.orr"])
        let a = run(source), b = run(source)
        #expect(a.lines == b.lines)
        #expect(!a.lines.isEmpty)
    }
}
