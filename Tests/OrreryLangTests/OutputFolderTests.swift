import Foundation
import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// A scratch folder holding an output folder `out` and a folder `outside` it, removed at the end.
private final class Playground {
    let root: String
    var out: String { root + "/out" }
    var outside: String { root + "/outside" }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("orrery-sandbox-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    func link(_ relative: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: out + "/" + relative, withDestinationPath: target)
    }
}

/// Runs `source` with the world installed; the printed lines and the runtime error's message.
private func run(_ source: String, options: RunOptions, path: String = "<test>") -> (lines: [String], error: String?, line: Int?) {
    let output = ProgressCollectingOutput()
    let report = Engine(options: options, output: output, extensions: OrreryLangTests.world).run(path: path, source: source)
    switch report.outcome {
    case .runtimeError(let e): return (output.lines, e.message, e.range.start.line)
    case .scriptErrors(let ds): return (output.lines, ds.map(\.message).joined(separator: "; "), ds.first?.range.start.line)
    default: return (output.lines, nil, nil)
    }
}

/// Scripts write only inside the output folder: no symbolic link inside it, however
/// placed or raced, leads a file outside; `--max-output` caps the bytes.
@Suite struct OutputFolderTests {
    @Test func writesFilesAndCreatesFolders() throws {
        let place = try Playground()
        let folder = OutputFolder(path: place.out)
        try folder.write(Array("hi".utf8), to: folder.name("a/b/c.txt"))
        try folder.write(Array("again".utf8), to: folder.name("./a/../a/b/c.txt"))
        #expect(try String(contentsOfFile: place.out + "/a/b/c.txt", encoding: .utf8) == "again")
        #expect(place.entries(place.out) == ["a", "a/b", "a/b/c.txt"])
        #expect(folder.bytesWritten == 7)
    }

    @Test func refusesASymlinkedFolderInside() throws {
        let place = try Playground()
        try place.link("d", to: place.outside)
        let folder = OutputFolder(path: place.out)
        #expect(throws: NativeError.self) { try folder.write([1], to: folder.name("d/pwned.txt")) }
        do { try folder.write([1], to: folder.name("d/pwned.txt")) } catch let e as NativeError {
            #expect(e.message == "'d' inside the output folder is a symbolic link; not following it")
        }
        // Deeper down too.
        try FileManager.default.createDirectory(atPath: place.out + "/real", withIntermediateDirectories: true)
        try place.link("real/inner", to: place.outside)
        do { try folder.write([1], to: folder.name("real/inner/x/y.txt")); Issue.record("wrote through a link") } catch let e as NativeError {
            #expect(e.message == "'real/inner' inside the output folder is a symbolic link; not following it")
        }
        #expect(place.entries(place.outside).isEmpty)
    }

    @Test func refusesASymlinkedFile() throws {
        let place = try Playground()
        try place.link("f.txt", to: place.outside + "/f.txt")
        let folder = OutputFolder(path: place.out)
        do { try folder.write([1], to: folder.name("f.txt")); Issue.record("wrote through a link") } catch let e as NativeError {
            #expect(e.message == "'f.txt' inside the output folder is a symbolic link; not following it")
        }
        #expect(place.entries(place.outside).isEmpty)
        #expect(place.entries(place.out) == ["f.txt"])
    }

    @Test func createsOnlyTheFolderTheUserNamed() throws {
        let place = try Playground()
        let missing = OutputFolder(path: place.root + "/no/such/out")
        #expect(throws: NativeError.self) { try missing.write([1], to: missing.name("x.txt")) }
        #expect(!FileManager.default.fileExists(atPath: place.root + "/no"))
        let fresh = OutputFolder(path: place.root + "/fresh")
        try fresh.write([1], to: fresh.name("x.txt"))
        #expect(FileManager.default.fileExists(atPath: place.root + "/fresh/x.txt"))
    }

    @Test func maxOutputRefusesTheFileThatPassesItAndLeavesNothing() throws {
        let place = try Playground()
        let folder = OutputFolder(path: place.out, maxBytes: 10)
        try folder.write(Array("123456".utf8), to: folder.name("a.txt"))
        do { try folder.write(Array("12345".utf8), to: folder.name("b.txt")); Issue.record("passed the limit") } catch let e as NativeError {
            #expect(e.message.contains("--max-output (10 bytes; 6 written so far)"))
        }
        // A file written in pieces that passes the limit half way leaves no temporary file.
        let pending = try folder.create(folder.name("c.txt"))
        try pending.append([1, 2])
        #expect(throws: NativeError.self) { try pending.append([3, 4, 5]) }
        pending.discard()
        #expect(place.entries(place.out) == ["a.txt"])
        #expect(folder.bytesWritten == 6)
    }

    /// A thread keeps swapping `out/d` between a real folder and a link to a folder outside
    /// while files are saved into `d/` in a loop: nothing may ever appear outside.
    @Test func aRacingSwapNeverLeadsOutside() throws {
        let place = try Playground()
        let d = place.out + "/d", parked = place.out + "/d-real"
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        let stop = Atomic()
        let racer = Thread {
            while !stop.isSet {
                // Move the real folder aside and put a link in its place, then back.
                if rename(d, parked) == 0 {
                    _ = symlink(place.outside, d)
                    _ = unlink(d)
                    _ = rename(parked, d)
                }
            }
            stop.finish()
        }
        racer.start()
        defer { stop.set(); stop.waitFinished() }

        // The library directly…
        let folder = OutputFolder(path: place.out)
        for i in 0..<800 {
            // Refused when the link is in place, written into the real folder otherwise.
            try? folder.write(Array("x".utf8), to: folder.name("d/f\(i % 7).txt"))
        }
        // …and scripts through the engine (each stops at its first refused save).
        var options = RunOptions()
        options.outputDirectory = place.out
        for _ in 0..<12 {
            _ = run("for i in range(200) {\n  save(\"x\", \"d/g.txt\")\n}\n", options: options)
        }
        stop.set()
        stop.waitFinished()
        #expect(place.entries(place.outside).isEmpty, "files appeared outside the output folder")
        #expect(!place.entries(place.out).contains { $0.hasSuffix(".orrery-tmp") })
    }

    @Test func saveThroughAScriptIsALocatedError() throws {
        let place = try Playground()
        try place.link("d", to: place.outside)
        var options = RunOptions()
        options.outputDirectory = place.out
        let r = run("print(save(\"ok\", \"ok.txt\"))\nsave(\"no\", \"d/pwned.txt\")\n", options: options)
        #expect(r.lines == ["ok.txt"])
        #expect(r.error == "save: 'd' inside the output folder is a symbolic link; not following it")
        #expect(r.line == 2)
        #expect(place.entries(place.outside).isEmpty)

        options.maxOutputBytes = 5
        let big = run("save(\"1234\", \"a.txt\")\nsave(\"12\", \"b.txt\")\n", options: options)
        #expect(big.error?.hasPrefix("save: writing 'b.txt' would take the run's output past --max-output (5 bytes") == true)
        #expect(big.line == 2)
        #expect(!FileManager.default.fileExists(atPath: place.out + "/b.txt"))
    }
}

/// A flag the racing thread polls, and a way to wait for it to end.
private final class Atomic: @unchecked Sendable {
    private let lock = NSCondition()
    private var stopped = false
    private var finished = false
    var isSet: Bool { lock.withLock { stopped } }
    func set() { lock.withLock { stopped = true } }
    func finish() { lock.withLock { finished = true; lock.broadcast() } }
    func waitFinished() { lock.withLock { while !finished { lock.wait() } } }
}
