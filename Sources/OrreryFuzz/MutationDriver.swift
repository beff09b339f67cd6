import Foundation

// MARK: - The mutation driver
//
// Runs a target on the corpus and then on mutants for a time, with no sanitizer and no
// coverage feedback: what it finds is what traps. Inputs run in batches in a forked
// child, which writes the number of the input it is about to run into memory shared
// with the parent; when the child dies of a signal (a Swift trap, a stack overflow), the
// parent knows the input, shrinks it while it still crashes and saves it. A child that
// runs longer than `timeout` on one input is killed by SIGALRM: a hang, reported apart.

struct MutationDriver {
    var target: FuzzTarget
    var mutator: Mutator
    var seed: UInt64
    var seconds: Double
    /// Stop after this many inputs (nil: only the time limit).
    var runs: Int?
    var crashesFolder: String
    /// Seconds one input may take before it counts as a hang.
    var timeout: UInt32
    /// Address-space limit of a child in MiB (an allocation beyond it traps). Generous:
    /// each script run reserves a 512 MiB native stack and a 24 MiB value stack, mostly
    /// untouched, and a batch can hold several before their threads are gone.
    var memoryLimitMiB: Int
    /// Seconds spent shrinking each crash.
    var shrinkSeconds: Double

    /// What a campaign did.
    struct Summary {
        var inputs = 0
        var seconds = 0.0
        var crashes = 0
        var uniqueCrashes = 0
        var hangs = 0
        var peakRSSMiB = 0
        var saved: [String] = []
    }

    /// How a child ended.
    private enum Ending: Equatable {
        case finished
        case crashed(String)
        case hang
    }

    private let shared: UnsafeMutablePointer<Int> = {
        let page = mmap(nil, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0)
        guard let page, page != MAP_FAILED else { fatalError("orrery-fuzz: mmap failed") }
        return page.bindMemory(to: Int.self, capacity: 2)
    }()
    private let stderrPath = FuzzScratch.folder("driver") + "/stderr"

    func run(log: (String) -> Void) -> Summary {
        var summary = Summary()
        let start = Date()
        let deadline = start.addingTimeInterval(seconds)
        var next = 0
        var signatures = Set<String>()
        while Date() < deadline, runs.map({ next < $0 }) ?? true {
            let batchEnd = min(deadline, Date().addingTimeInterval(5))
            let ending = child { [self] in
                var i = next
                while Date() < batchEnd, runs.map({ i < $0 }) ?? true {
                    shared[0] = i
                    let input = mutator.input(i, seed: seed)
                    alarm(timeout)
                    target.run(input)
                    alarm(0)
                    shared[1] += 1
                    i += 1
                }
            }
            summary.inputs += shared[1]
            next += shared[1]
            guard ending != .finished else { continue }
            // The input that was running when the child ended.
            let index = shared[0]
            summary.inputs += 1
            next = index + 1
            let input = mutator.input(index, seed: seed)
            switch ending {
            case .hang:
                summary.hangs += 1
                let path = save(input, kind: "hang", message: "took more than \(timeout) s", index: index)
                summary.saved.append(path)
                log("HANG at input \(index): saved \(path)")
            case .crashed(let message):
                summary.crashes += 1
                let firstLine = message.split(separator: "\n").first { $0.contains("error") || $0.contains("Fatal") }
                    .map(String.init) ?? message
                guard signatures.insert(firstLine).inserted else { continue }
                summary.uniqueCrashes += 1
                let small = shrink(input, like: ending)
                let path = save(small, kind: "crash", message: message, index: index)
                summary.saved.append(path)
                log("CRASH at input \(index) (\(input.count) bytes, shrunk to \(small.count)): \(firstLine)\n  saved \(path)")
            case .finished:
                break
            }
        }
        summary.seconds = Date().timeIntervalSince(start)
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        summary.peakRSSMiB = usage.ru_maxrss / 1024
        return summary
    }

    // MARK: - Children

    /// Runs `body` in a forked child and says how the child ended.
    private func child(_ body: () -> Void) -> Ending {
        shared[0] = -1
        shared[1] = 0
        let pid = fork()
        if pid == 0 {
            let fd = open(stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            if fd >= 0 { dup2(fd, 2); close(fd) }
            var limit = rlimit(rlim_cur: rlim_t(memoryLimitMiB) << 20, rlim_max: rlim_t(memoryLimitMiB) << 20)
            setrlimit(Int32(RLIMIT_AS.rawValue), &limit)
            body()
            _exit(0)
        }
        guard pid > 0 else { fatalError("orrery-fuzz: fork failed") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7f, exitCode = (status >> 8) & 0xff
        if signal == 0 && exitCode == 0 { return .finished }
        if signal == SIGALRM { return .hang }
        let stderr = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
        let how = signal != 0 ? "signal \(signal) (\(String(cString: strsignal(signal))))" : "exit \(exitCode)"
        return .crashed("\(how)\n\(stderr.suffix(4000))")
    }

    /// Whether running `input` alone ends the way `ending` did (a crash with the same first line).
    private func reproduces(_ input: [UInt8], _ ending: Ending) -> Bool {
        let again = child { [self] in
            alarm(timeout)
            target.run(input)
        }
        guard case .crashed(let a) = again, case .crashed(let b) = ending else { return false }
        return a.split(separator: "\n").first == b.split(separator: "\n").first
    }

    /// `input` made smaller while it still crashes the same way: lines first, then ever
    /// smaller ranges of bytes, for at most `shrinkSeconds`.
    private func shrink(_ input: [UInt8], like ending: Ending) -> [UInt8] {
        let deadline = Date().addingTimeInterval(shrinkSeconds)
        var best = input
        var chunk = max(1, best.count / 2)
        while chunk >= 1, Date() < deadline {
            var at = 0
            while at < best.count, Date() < deadline {
                var candidate = best
                candidate.removeSubrange(at..<min(best.count, at + chunk))
                if reproduces(candidate, ending) { best = candidate } else { at += chunk }
            }
            if chunk == 1 { break }
            chunk /= 2
        }
        return best
    }

    /// Writes the input (and what happened, beside it) into the crashes folder.
    private func save(_ input: [UInt8], kind: String, message: String, index: Int) -> String {
        try? FileManager.default.createDirectory(atPath: crashesFolder, withIntermediateDirectories: true)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in input { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        let base = crashesFolder + "/\(target.name)-\(kind)-" + String(hash, radix: 16)
        _ = FileManager.default.createFile(atPath: base, contents: Data(input))
        let note = """
            orrery-fuzz \(target.name): \(kind) at input \(index) of --seed \(seed)
            replay: orrery-fuzz \(target.name) --replay \(base)
            \(message)
            """
        try? note.write(toFile: base + ".txt", atomically: true, encoding: .utf8)
        return base
    }
}
