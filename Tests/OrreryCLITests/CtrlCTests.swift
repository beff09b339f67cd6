#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// SIGINT end to end: the REPL stops a running loop and keeps its bindings; `orrery run`
/// still dies of it (a shell reports exit 130).
@Suite struct CtrlCTests {
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/ptmx"), "needs a pseudo-terminal (/dev/ptmx)"))
    func replUnderATerminalSurvivesSIGINTDuringALoop() throws {
        let repl = try TerminalSession(["repl"])
        defer { repl.end() }
        try repl.waitFor("> ")
        repl.type("let x = 41")
        try repl.waitFor("> ", count: 2)
        repl.type("print(\"go\"); while true {}")
        try repl.waitForLine("go")
        repl.interrupt()
        try repl.waitFor("error: interrupted")
        repl.type("print(x)")
        try repl.waitForLine("41")
        repl.type(".quit")
        #expect(try repl.waitForEnd() == .exit(0), "transcript: \(repl.transcript)")
    }

    @Test func runStillEndsOnSIGINT() throws {
        let scratch = try Scratch()
        let script = try scratch.write("spin.orr", "while true {}\n")
        let run = try Spawned(["run", script, "--out", scratch.url.path], home: scratch.url.path)
        Thread.sleep(forTimeInterval: 0.3)
        kill(run.pid, SIGINT)
        let end = try run.waitForEnd()
        #expect(end == .signal(SIGINT))
    }
}

// MARK: - Starting the program

/// `orrery ARGS` started with `posix_spawn`, with SIGINT unblocked and at its default: a
/// test runner may block it, and Foundation's `Process` passes that mask on.
struct Spawned {
    let pid: pid_t

    enum End: Equatable {
        case exit(Int32)
        case signal(Int32)
    }

    /// Starts the program with `terminal` (a descriptor) as stdin, stdout and stderr, or
    /// /dev/null when nil.
    init(_ arguments: [String], home: String, terminal: Int32? = nil) throws {
        let binary = try OrreryProcess.binary().path
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &interrupt)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var files = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&files)
        defer { posix_spawn_file_actions_destroy(&files) }
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            if let terminal {
                posix_spawn_file_actions_adddup2(&files, terminal, fd)
            } else {
                posix_spawn_file_actions_addopen(&files, fd, "/dev/null", O_RDWR, 0)
            }
        }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["TERM"] = "dumb"
        environment["HOME"] = home
        let argv: [UnsafeMutablePointer<CChar>?] = ([binary] + arguments).map { (s: String) in strdup(s) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { (k: String, v: String) in strdup("\(k)=\(v)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, binary, &files, &attributes, argv, envp)
        guard status == 0 else { throw TerminalError("posix_spawn \(binary) failed: \(status)") }
        self.pid = pid
    }

    /// Waits for the program to end (nil after `timeout` seconds).
    func waitForEnd(timeout: TimeInterval = 30) throws -> End {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid {
                // WIFEXITED / WEXITSTATUS / WTERMSIG, which Swift does not import.
                let signal = status & 0x7f
                return signal == 0 ? .exit((status >> 8) & 0xff) : .signal(signal)
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw TerminalError("orrery (pid \(pid)) did not end within \(Int(timeout)) s")
    }

    /// Ends the program if it still runs.
    func kill() {
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == 0 {
            Glibc.kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
    }
}

// MARK: - A pseudo-terminal

/// `orrery ARGS` with a pseudo-terminal as stdin, stdout and stderr, so the REPL runs as
/// a person would see it (readline, prompts); what it writes is collected as it comes.
final class TerminalSession: @unchecked Sendable {
    private let program: Spawned
    private let master: Int32
    private let lock = NSLock()
    private var output = ""
    private let scratch: Scratch
    static let timeout: TimeInterval = 30

    init(_ arguments: [String]) throws {
        let (master, name) = try PseudoTerminal.open()
        self.master = master
        let terminal = open(name, O_RDWR | O_NOCTTY)
        guard terminal >= 0 else { throw TerminalError("cannot open \(name)") }
        defer { close(terminal) }
        scratch = try Scratch()
        program = try Spawned(arguments, home: scratch.url.path, terminal: terminal)
        let reader = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = read(master, &buffer, buffer.count)
                if n <= 0 { return }
                lock.withLock { output += String(decoding: buffer[..<n], as: UTF8.self) }
            }
        }
        reader.start()
    }

    /// Everything the program wrote so far.
    var transcript: String { lock.withLock { output } }

    /// Types a line and Enter.
    func type(_ line: String) {
        let bytes = Array((line + "\r").utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Sends SIGINT to the program, as Ctrl-C in its terminal would.
    func interrupt() {
        kill(program.pid, SIGINT)
    }

    /// Waits until `text` has appeared `count` times.
    func waitFor(_ text: String, count: Int = 1) throws {
        try wait("\(count) × '\(text)'") { $0.components(separatedBy: text).count > count }
    }

    /// Waits until a whole line reads `line`.
    func waitForLine(_ line: String) throws {
        try wait("a line '\(line)'") { out in
            out.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).contains { $0 == line }
        }
    }

    private func wait(_ what: String, until done: (String) -> Bool) throws {
        let deadline = Date().addingTimeInterval(Self.timeout)
        while Date() < deadline {
            if done(transcript) { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw TerminalError("waited \(Int(Self.timeout)) s for \(what); transcript: \(transcript.debugDescription)")
    }

    /// Waits for the program to end.
    func waitForEnd() throws -> Spawned.End {
        do {
            return try program.waitForEnd(timeout: Self.timeout)
        } catch {
            throw TerminalError("\(error); transcript: \(transcript.debugDescription)")
        }
    }

    /// Stops the program if it still runs and closes the terminal.
    func end() {
        program.kill()
        close(master)
    }
}

/// The pseudo-terminal calls of libc, which Swift's Glibc module leaves out (they need
/// `_XOPEN_SOURCE`), looked up by name.
enum PseudoTerminal {
    private typealias OpenMaster = @convention(c) (Int32) -> Int32
    private typealias Prepare = @convention(c) (Int32) -> Int32
    private typealias Name = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32

    private static func function<T>(_ name: String, as type: T.Type) throws -> T {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), name) else { throw TerminalError("libc has no \(name)") }
        return unsafeBitCast(symbol, to: type)
    }

    /// A new pseudo-terminal: the controlling side's descriptor and the terminal's path.
    static func open() throws -> (master: Int32, terminal: String) {
        let master = try function("posix_openpt", as: OpenMaster.self)(O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw TerminalError("posix_openpt failed: errno \(errno)") }
        var name = [CChar](repeating: 0, count: 128)
        guard try function("grantpt", as: Prepare.self)(master) == 0,
              try function("unlockpt", as: Prepare.self)(master) == 0,
              try function("ptsname_r", as: Name.self)(master, &name, name.count) == 0 else {
            close(master)
            throw TerminalError("cannot set up the pseudo-terminal: errno \(errno)")
        }
        return (master, String(cString: name))
    }
}

struct TerminalError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
