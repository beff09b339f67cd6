#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import ArgumentParser
import Foundation
import OrreryLang

/// `orrery session`: the REPL over JSON lines on stdin/stdout, for the Jupyter kernel
/// and editors. The protocol lives in OrreryLang's `SessionServer`; this command only
/// connects it to the process's streams and to SIGINT.
struct SessionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "Serve a persistent REPL session as JSON lines (for the Jupyter kernel and editors).",
        discussion: """
            Reads one JSON request per line on stdin ({"id": "1", "op": "execute", "code": "…"};
            ops: execute, is_complete, complete, inspect, quit) and writes JSON event lines on
            stdout, ending each request with a "done" event. SIGINT stops the request running
            now with the error "interrupted" and keeps every binding. See docs/notebooks.md.

            Examples:
              printf '{"id":"1","op":"execute","code":"print(6 * 7)"}\\n' | orrery session
              python -m orrery_kernel install --user
            """)

    @OptionGroup var options: ScriptOptions

    func run() throws {
        var runOptions = options.runOptions
        let interrupt = InterruptFlag()
        runOptions.interrupt = interrupt
        InterruptSignal.install(interrupt)
        defer { InterruptSignal.restore() }
        let server = SessionServer(options: runOptions, extensions: Domains.installed, version: OrreryVersion.current) { line in
            // One event per line, flushed at once: a kernel shows output as it is printed.
            fputs(line + "\n", stdout)
            fflush(stdout)
        }
        Self.exitWhenOrphaned()
        server.serve(PlainLineReader())
    }

    /// How often the session looks whether the program that started it is still there.
    static let parentCheckInterval: UInt32 = 1

    /// Ends the process once its parent is gone (a kernel killed outright cannot send
    /// `quit`, and a cell in a long loop reads no more input): the session must not run on
    /// alone. A kernel starts it in a process group of its own, so nothing else reaches it.
    static func exitWhenOrphaned() {
        let parent = getppid()
        let watcher = Thread {
            while getppid() == parent { sleep(parentCheckInterval) }
            Glibc.exit(0)
        }
        watcher.start()
    }
}
