import Foundation
import Testing
@testable import OrreryLang
import OrreryWorld

// Every numeric argument of every built-in, and of the scene entries, fed the doubles
// that trap a careless `Int(_:)` (±1e300, ±inf, nan, 2^63, -0). A trap would kill the
// process it runs in, so the calls run in the built `orrery` binary, one file per
// built-in, each call in its own `test` block so an error does not stop the next. The
// test asserts only that every run ends with one of the documented exit codes and no
// signal; errors are the expected outcome.

private final class SilentSink: OutputSink {
    func print(_ line: String) {}
    func show(_ value: Value) {}
}

@Suite struct NumericSweepTests {
    /// Seconds before a script counts as hung (a guard, not a timing assertion).
    static let hangGuard: TimeInterval = 300
    /// The awkward numbers, as script text.
    static let awkward = ["1e300", "-1e300", "inf", "-inf", "(inf - inf)", "9223372036854775808", "-9223372036854775808", "-0"]

    /// What stands in the other positions: small valid values of the common kinds, as
    /// profiles by position (the last entry repeats), so that calls get past their first
    /// argument's type check and reach the number under test.
    static let fillers: [[String]] = [
        ["1"], ["physics", "s", "1"], ["m", "s", "1"], ["s", "1"], ["r", "1"], ["r", "\"a\"", "\"x\"", "1"],
        ["s", "s", "1"], ["\"a\"", "1"], ["[1, 2]", "1"], ["[1, 2]", "f", "1"], ["(1, 1)", "(1, 1)", "1"],
        ["m", "d", "1"], ["d", "1"], ["[s]", "1"], ["f", "1"], ["physics", "r", "1"],
    ]

    static let preamble = """
    let s = scene "s" {
      ball a at (0, 1) radius 0.5
      box b at (3, 1) size (1, 1)
      ground 0
    }
    let r = rollout(physics, s, steps: 3, seed: 1)
    let m = window()
    let d = dataset([s], n: 2, steps: 3)
    fn f(x) { return x }

    """

    /// Every native the interpreter knows with the world installed, with its parameters.
    static func natives() -> [(name: String, arity: Int)] {
        let interp = Interpreter(seed: 1, stepLimit: 1000)
        WorldExtension().install(into: interp, options: RunOptions(), output: SilentSink())
        var out: [(String, Int)] = []
        for (name, binding) in interp.builtins {
            guard case .global(let cell) = binding.address, case .native(let f) = cell.value else { continue }
            out.append((name, max(f.parameters.count, 2)))
        }
        interp.tearDown()
        return out.sorted { $0.0 < $1.0 }
    }

    /// Calls that never return promptly or touch the outside world whatever their arguments.
    static let skipped: Set<String> = ["exec", "sleep", "input", "read_line"]

    static func script(for name: String, arity: Int) -> String {
        var text = preamble
        var k = 0
        for position in 0..<arity {
            for value in awkward {
                for filler in fillers {
                    var args = (0..<arity).map { filler[min($0, filler.count - 1)] }
                    args[position] = value
                    // Each prefix length too, so optional trailing arguments are left out.
                    for count in Set([position + 1, arity]).sorted() {
                        k += 1
                        text += "test \"\(k)\" { \(name)(\(args.prefix(count).joined(separator: ", "))) }\n"
                    }
                }
            }
        }
        return text
    }

    /// Scene entries with a number in each numeric slot.
    static func sceneScript() -> String {
        let entries = [
            "ball a at (X, 0) radius 1", "ball a at (0, X) radius 1", "ball a at (0, 0) radius X",
            "ball a at (0, 0) radius 1 velocity (X, 0)", "ball a at (0, 0) radius 1 spin X",
            "ball a at (0, 0) radius 1 density X", "ball a at (0, 0) radius 1 mass X",
            "ball a at (0, 0) radius 1 restitution X", "ball a at (0, 0) radius 1 friction X",
            "box b at (X, 0) size (1, 1)", "box b at (0, 0) size (X, 1)", "box b at (0, 0) size (1, X)",
            "box b at (0, 0) size (1, 1) angle X", "box b at (0, 0) size (1, 1) mass X",
            "camera at (X, 0) size (8, 6) ppu 8", "camera at (0, 0) size (X, 6) ppu 8",
            "camera at (0, 0) size (8, X) ppu 8", "camera at (0, 0) size (8, 6) ppu X",
            "camera at (0, 0) size (8, 6) ppu 8 velocity (X, 0)",
            "camera keyframes [[X, (0, 0)], [1, (1, 0)]] size (8, 6) ppu 4",
            "camera keyframes [[0, (X, 0)], [1, (1, 0)]] size (8, 6) ppu 4",
            "gravity (X, 0)", "dt X", "substeps X", "iterations X",
            "bounds (X, 0) to (10, 10)", "bounds (0, 0) to (10, X)", "bounds (0, 0) to (10, 10) thickness X",
            "wall w from (X, 0) to (1, 1)", "wall w from (0, 0) to (1, 1) thickness X",
            "occluder o at (0, 0) size (X, 1)", "region g at (X, 0) size (1, 1)",
            "ground X", "noise velocity X",
        ]
        var text = ""
        var k = 0
        for entry in entries {
            for value in awkward {
                k += 1
                let line = entry.replacingOccurrences(of: "X", with: "(\(value))")
                text += """
                test "\(k)" {
                  let s = scene "s" {
                    ball z at (20, 20) radius 0.5
                    \(line)
                  }
                  let r = rollout(physics, s, steps: 3, seed: 1)
                  save(r, "r\(k).png")
                  save(s, "s\(k).png")
                }

                """
            }
        }
        return text
    }

    /// How one run ended.
    struct Ending { var signalled: Bool; var status: Int32; var timedOut: Bool; var stderrTail: String }

    static func run(_ file: URL, in directory: URL) throws -> Ending {
        let process = Process()
        process.executableURL = try OrreryProcess.binary()
        process.arguments = ["test", file.path, "--out", directory.appendingPathComponent("out").path,
                             "--max-steps", "10000000", "--seed", "1"]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let errURL = directory.appendingPathComponent(file.lastPathComponent + ".stderr")
        try Data().write(to: errURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // A hang guard, not a timing assertion: generous enough for a loaded machine.
        let deadline = Date().addingTimeInterval(Self.hangGuard)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline { process.terminate(); timedOut = true; break }
            usleep(10_000)
        }
        process.waitUntilExit()
        let err = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Ending(signalled: !timedOut && process.terminationReason == .uncaughtSignal,
                      status: process.terminationStatus, timedOut: timedOut,
                      stderrTail: String(err.suffix(1500)))
    }

    @Test func noBuiltinOrSceneEntryTrapsOnAwkwardNumbers() throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("orrery-sweep-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }

        var files: [(String, URL)] = []
        let natives = Self.natives().filter { !Self.skipped.contains($0.name) }
        #expect(natives.count > 50, "the built-in table looks empty: \(natives.count)")
        for (name, arity) in natives {
            let url = dir.appendingPathComponent("\(name).orr")
            try Self.script(for: name, arity: arity).write(to: url, atomically: true, encoding: .utf8)
            files.append((name, url))
        }
        let sceneURL = dir.appendingPathComponent("scene-entries.orr")
        try Self.sceneScript().write(to: sceneURL, atomically: true, encoding: .utf8)
        files.append(("scene entries", sceneURL))

        let lock = NSLock()
        var problems: [String] = []
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let (name, url) = files[i]
            let work = dir.appendingPathComponent("run-\(i)")
            try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            let problem: String?
            do {
                let e = try Self.run(url, in: work)
                if e.signalled {
                    problem = "\(name): killed by signal \(e.status)\n\(e.stderrTail)"
                } else if e.timedOut {
                    problem = "\(name): still running after \(Int(Self.hangGuard)) s (a hang)"
                } else if ![0, 1, 70].contains(e.status) {
                    problem = "\(name): exit \(e.status)\n\(e.stderrTail)"
                } else {
                    problem = nil
                }
            } catch {
                problem = "\(name): \(error)"
            }
            if let problem { lock.lock(); problems.append(problem); lock.unlock() }
        }
        #expect(problems.isEmpty, "\(problems.sorted().joined(separator: "\n\n"))")
    }
}
