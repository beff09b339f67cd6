import Foundation
import Testing

/// What `orrery check` reports before running besides syntax and resolve errors: calls
/// that cannot work, scene words and properties the world does not have, names in event
/// patterns that no scene declares (Compiler+Checks.swift). `run` reports each only when
/// its line runs.
@Suite struct CheckCommandTests {
    static let script = """
        fn area(w, h) { return w * h }
        let world = scene "w" {
          ground at 0
          ball red at (0, 1) radus 0.5
          ball right at (3, 1)
        }
        if false {
          let r = rollout(physics, world, step: 10)
          print(r.happened(contact(red, rigth)), area(1, 2, 3))
        }
        print("ran")
        """

    @Test func checkReportsWhatWouldFailBeforeRunning() throws {
        let dir = try Scratch()
        let file = try dir.write("typos.orr", Self.script)
        let result = try OrreryProcess.run(["check", file])
        #expect(result.status == 65)
        #expect(result.stdout.isEmpty, "check runs nothing")
        let errors = result.stderr.components(separatedBy: "\n").filter { $0.contains(": error: ") }
        #expect(errors.count == 4, "stderr: \(result.stderr)")
        #expect(errors.contains { $0.hasSuffix("typos.orr:4:22: error: unknown property 'radus' for ball (did you mean 'radius'? expected one of: at, radius, angle, velocity, spin, mass, density, restitution, friction, color, static)") })
        #expect(errors.contains { $0.hasSuffix("typos.orr:8:35: error: unknown argument 'step' to 'rollout' (did you mean 'steps'?)") })
        #expect(errors.contains { $0.hasSuffix("typos.orr:9:33: error: no scene declares 'rigth' (did you mean 'right'?)") })
        #expect(errors.contains { $0.hasSuffix("typos.orr:9:42: error: too many arguments to 'area' (expected 2, got 3)") })
    }

    /// The same script runs up to the first line that fails: the scene's property.
    @Test func runReportsOnlyTheLineThatRuns() throws {
        let dir = try Scratch()
        let file = try dir.write("typos.orr", Self.script)
        let result = try OrreryProcess.run(["run", file])
        #expect(result.status == 70)
        #expect(result.stderr.contains("typos.orr:4:3: error: unknown property 'radus' for ball"))
        #expect(!result.stderr.contains("step"))
    }

    /// Where the names are not known before running, nothing is reported: a scene whose
    /// body names are computed, `has`, names held in variables, a built-in shadowed by a
    /// function of the script's own.
    @Test func checkStaysQuietWhereNamesAreNotKnown() throws {
        let dir = try Scratch()
        let file = try dir.write("dynamic.orr", """
            fn sqrt(a, b) { return a + b }
            let world = scene "w" {
              ground at 0
              for i in range(3) { ball "b\\(i)" at (2 * i, 1) }
            }
            let r = rollout(physics, world, steps: 5)
            let who = "b1"
            print(r.happened(contact(b0, b7)), r.final.has(zed), r.happened(contact(b0, who)), sqrt(1, 2))
            """)
        let result = try OrreryProcess.run(["check", file])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        #expect(result.stderr.isEmpty)
    }

    /// Every shipped script checks clean.
    @Test func theShippedScriptsCheckClean() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folders = ["Stdlib", "Stdlib/examples", "Stdlib/bench"].map { root.appendingPathComponent($0) }
        let files = try folders.flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".orr") }
                .map { folder.appendingPathComponent($0).path }
        }
        #expect(files.count > 10)
        let result = try OrreryProcess.run(["check"] + files)
        #expect(result.status == 0, "stderr: \(result.stderr)")
    }
}
