import Foundation

// `orrery-fuzz`: fuzz targets for the parts of Orrery that read untrusted input.
// Scripts/fuzz builds and runs it; Tests/README.md ("Fuzzing") says how.

let usage = """
    usage: orrery-fuzz TARGET [--seconds N] [--seed S] [--runs N] [--corpus DIR]... [--crashes DIR]
                              [--timeout S] [--memory MIB] [--shrink S] [--root DIR]
           orrery-fuzz TARGET --seeds DIR          write the seed corpus and TARGET.dict into DIR
           orrery-fuzz TARGET --replay FILE...     run saved inputs in this process
           orrery-fuzz TARGET --libfuzzer [FLAG|DIR]...   libFuzzer (a -sanitize=fuzzer build only)
           orrery-fuzz list
    The first form is the mutation driver: the seed corpus, then seeded mutants, each batch in a
    forked child; a crash is shrunk and saved under --crashes (default .build/fuzz/crashes).
    Exits 1 when an input crashed.
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("orrery-fuzz: \(message)\n".utf8))
    exit(64)
}

// The Swift runtime's backtracer takes seconds per crash; the driver expects thousands of
// inputs a second and reads the runtime's one-line message instead.
if ProcessInfo.processInfo.environment["SWIFT_BACKTRACE"] == nil {
    setenv("SWIFT_BACKTRACE", "enable=no", 1)
    let argv = CommandLine.arguments.map { strdup($0) } + [nil]
    execv("/proc/self/exe", argv)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first else { fail(usage) }
arguments.removeFirst()
if name == "list" {
    for name in FuzzTargets.names { print("\(name)\t\(FuzzTargets.make(name)!.summary)") }
    exit(0)
}
if name == "-h" || name == "--help" { print(usage); exit(0) }
guard let target = FuzzTargets.make(name) else { fail("no target '\(name)' (targets: \(FuzzTargets.names.joined(separator: ", ")))") }

if arguments.first == "--libfuzzer" {
    guard LibFuzzer.isAvailable else { fail("this build has no libFuzzer; build with Scripts/fuzz (or use the driver)") }
    var flags = Array(arguments.dropFirst())
    if !flags.contains(where: { $0.hasPrefix("-max_len=") }) { flags.insert("-max_len=\(target.maxLength)", at: 0) }
    exit(LibFuzzer.run(target, arguments: flags))
}

var seconds = 10.0, seed: UInt64 = 1, runs: Int? = nil, timeout: UInt32 = 10, memory = 16384, shrink = 30.0
var root = FileManager.default.currentDirectoryPath, crashes: String? = nil
var corpusFolders: [String] = []
var i = 0
func number<T: LosslessStringConvertible>(_ option: String, _ what: String) -> T {
    guard let n = T(value()) else { fail("\(option) needs \(what)") }
    return n
}
func value() -> String {
    i += 1
    guard i < arguments.count else { fail("\(arguments[i - 1]) needs a value") }
    return arguments[i]
}
while i < arguments.count {
    switch arguments[i] {
    case "--seconds": seconds = number("--seconds", "a number")
    case "--seed": seed = number("--seed", "a whole number")
    case "--runs": runs = number("--runs", "a whole number") as Int
    case "--timeout": timeout = number("--timeout", "whole seconds")
    case "--memory": memory = number("--memory", "MiB")
    case "--shrink": shrink = number("--shrink", "seconds")
    case "--root": root = value()
    case "--crashes": crashes = value()
    case "--corpus": corpusFolders.append(value())
    case "--seeds":
        let folder = value()
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let seeds = target.seeds(root: root)
        for (k, bytes) in seeds.enumerated() {
            _ = FileManager.default.createFile(atPath: folder + "/seed-\(k)", contents: Data(bytes))
        }
        // libFuzzer's dictionary format: one quoted word a line, \xNN for other bytes.
        let dict = target.dictionary.map { word in
            "\"" + word.utf8.map { b in
                b >= 0x20 && b < 0x7f && b != 0x22 && b != 0x5c ? String(UnicodeScalar(b)) : String(format: "\\x%02x", b)
            }.joined() + "\""
        }
        try? (dict.joined(separator: "\n") + "\n").write(toFile: folder + "/../\(target.name).dict", atomically: true, encoding: .utf8)
        print("\(seeds.count) seeds in \(folder)")
        exit(0)
    case "--replay":
        for path in arguments[(i + 1)...] {
            guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
            target.run([UInt8](data))
            print("\(path): ran without crashing")
        }
        exit(0)
    default: fail("unknown option \(arguments[i])\n\(usage)")
    }
    i += 1
}

var corpus = target.seeds(root: root)
for folder in corpusFolders { corpus += SeedFiles.read(under: folder, suffix: "") }
if corpus.isEmpty { print("orrery-fuzz \(name): no seeds under \(root); mutating from nothing") }
let driver = MutationDriver(
    target: target, mutator: Mutator(corpus: corpus, words: target.dictionary, maxLength: target.maxLength),
    seed: seed, seconds: seconds, runs: runs, crashesFolder: crashes ?? root + "/.build/fuzz/crashes",
    timeout: timeout, memoryLimitMiB: memory, shrinkSeconds: shrink)
let summary = driver.run { print($0) }
try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "/orrery-fuzz-\(getpid())")
let rate = summary.seconds > 0 ? Double(summary.inputs) / summary.seconds : 0
print("orrery-fuzz \(name): \(summary.inputs) inputs (\(corpus.count) seeds) in \(String(format: "%.1f", summary.seconds)) s, "
      + "\(Int(rate)) exec/s, \(summary.crashes) crashes (\(summary.uniqueCrashes) unique), \(summary.hangs) hangs, "
      + "peak RSS \(summary.peakRSSMiB) MiB")
exit(summary.crashes > 0 ? 1 : 0)
