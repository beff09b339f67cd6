import Foundation

// MARK: - Fuzz targets
//
// A target takes any bytes and runs one part of Orrery on them. Whatever the bytes, a
// target returns: errors, diagnostics and refusals are the expected outcome; a trap, a
// signal or an exit is a crash the fuzzer saves.

/// One thing to fuzz: a name for the command line, a run over arbitrary bytes, and where
/// its first inputs come from.
protocol FuzzTarget: AnyObject {
    /// The name on the command line (`orrery-fuzz parse …`).
    var name: String { get }
    /// What it runs, for `orrery-fuzz list`.
    var summary: String { get }
    /// Longest input the mutation driver makes.
    var maxLength: Int { get }
    /// Words that mutations insert (keywords, JSON keys, chunk names), also written as a
    /// libFuzzer dictionary.
    var dictionary: [String] { get }
    /// Runs one input; must never trap, whatever the bytes.
    func run(_ bytes: [UInt8])
    /// The seed corpus, from files under the repository at `root` or generated here.
    func seeds(root: String) -> [[UInt8]]
}

/// Every target, by name.
enum FuzzTargets {
    static let names = ["parse", "check", "run", "model", "png", "results"]

    static func make(_ name: String) -> FuzzTarget? {
        switch name {
        case "parse": return ParseTarget()
        case "check": return CheckTarget()
        case "run": return EvaluatorTarget()
        case "model": return ModelFileTarget()
        case "png": return PNGTarget()
        case "results": return ResultsTarget()
        default: return nil
        }
    }
}

// MARK: - Reading seed files

enum SeedFiles {
    /// The contents of every file under `folder` (recursively) whose name ends in `suffix`,
    /// sorted by path so the corpus (and a seeded campaign) is the same on every machine.
    static func read(under folder: String, suffix: String) -> [[UInt8]] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var paths: [String] = []
        while let path = walker.nextObject() as? String {
            if path.hasSuffix(suffix) { paths.append(path) }
        }
        return paths.sorted().compactMap { FileManager.default.contents(atPath: folder + "/" + $0).map { [UInt8]($0) } }
    }
}
