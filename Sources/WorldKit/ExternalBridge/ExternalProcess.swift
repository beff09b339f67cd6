import Foundation
#if canImport(Glibc)
import Glibc
#endif

// MARK: - A child process spoken to in lines, with deadlines
//
// Every wait is a `poll` with a deadline, so a model process that hangs, floods,
// stops reading or dies turns into an error, never a hung host. Writes are
// non-blocking (a process that stops reading cannot block us on a full pipe),
// stderr is drained continuously (a chatty process cannot block on it) and its
// tail is kept for error messages.

/// Proof that the user allowed Orrery to start other programs (`--allow-exec`).
/// The library never starts a process without one.
public struct ExecPermission: Sendable {
    private init() {}
    /// The permission, granted by the user's explicit choice (the CLI's `--allow-exec`).
    public static func grantedByUser() -> ExecPermission { ExecPermission() }
}

/// A running child process with line-based stdin/stdout.
final class ExternalProcess {
    let label: String
    private let process = Process()
    private let input = Pipe(), output = Pipe(), errors = Pipe()
    private var buffer: [UInt8] = []
    private var errorTail: [UInt8] = []
    private var outputClosed = false
    private var errorsClosed = false
    static let errorTailLength = 2000

    /// Starts `arguments[0]` (looked up on PATH) with the rest as its arguments.
    init(arguments: [String], label: String) throws {
        self.label = label
        guard !arguments.isEmpty else { throw ModelError("external model: empty command") }
        // A write to a process that died must be an EPIPE error here, not a signal that kills the host.
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw ModelError("external model '\(label)' could not be started: \(error.localizedDescription)")
        }
        let fd = input.fileHandleForWriting.fileDescriptor
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    deinit { stop() }

    var isRunning: Bool { process.isRunning }
    /// The child's process id (`/usr/bin/env` execs the command, so the command's).
    var processID: Int32 { process.processIdentifier }

    /// The last lines the process wrote to stderr (for error messages).
    var stderrTail: String {
        let text = String(decoding: errorTail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text
    }

    // MARK: - Writing

    /// Writes one line (a newline is appended) before `deadline`.
    func send(_ line: String, deadline: Double) throws {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        let fd = input.fileHandleForWriting.fileDescriptor
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress.map { $0 + offset }, bytes.count - offset)
            }
            if n > 0 { offset += n; continue }
            if n < 0, errno == EINTR { continue }
            if n < 0, errno == EAGAIN || errno == EWOULDBLOCK {
                try waitFor(fd: fd, events: Int16(POLLOUT), deadline: deadline, what: "accept the request")
                continue
            }
            throw ProcessFailure.exited
        }
    }

    // MARK: - Reading

    /// The next line from stdout (without its newline), read before `deadline`.
    func readLine(deadline: Double) throws -> String {
        // Bytes before `scanned` are known to hold no newline: each byte is looked at once.
        var scanned = 0
        while true {
            if let i = buffer[scanned...].firstIndex(of: 0x0A) {
                let line = Array(buffer[..<i])
                buffer.removeSubrange(...i)
                return String(decoding: line, as: UTF8.self)
            }
            scanned = buffer.count
            guard buffer.count <= ExternalProtocol.maximumLineLength else { throw ProcessFailure.lineTooLong }
            if outputClosed { throw ProcessFailure.exited }
            try pump(deadline: deadline)
        }
    }

    /// Waits for stdout or stderr data and reads what is there.
    private func pump(deadline: Double) throws {
        let out = output.fileHandleForReading.fileDescriptor
        let err = errors.fileHandleForReading.fileDescriptor
        var fds = [pollfd(fd: out, events: Int16(POLLIN), revents: 0), pollfd(fd: errorsClosed ? -1 : err, events: Int16(POLLIN), revents: 0)]
        let remaining = deadline - Self.now()
        guard remaining > 0 else { throw ProcessFailure.timedOut }
        let ms = Int32(min(remaining * 1000, 60_000).rounded(.up))
        let ready = poll(&fds, nfds_t(fds.count), ms)
        if ready < 0 { if errno == EINTR { return }; throw ProcessFailure.exited }
        if ready == 0 { if Self.now() >= deadline { throw ProcessFailure.timedOut } else { return } }
        var chunk = [UInt8](repeating: 0, count: 65536)
        if fds[1].revents != 0 {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(err, $0.baseAddress, $0.count) }
            if n > 0 {
                errorTail += chunk[0..<n]
                if errorTail.count > Self.errorTailLength { errorTail.removeFirst(errorTail.count - Self.errorTailLength) }
            } else if n == 0 {
                // stderr closed: poll ignores negative descriptors from now on.
                errorsClosed = true
            }
        }
        if fds[0].revents != 0 {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(out, $0.baseAddress, $0.count) }
            if n > 0 { buffer += chunk[0..<n] } else if n == 0 || errno != EINTR { outputClosed = true }
        }
    }

    private func waitFor(fd: Int32, events: Int16, deadline: Double, what: String) throws {
        var p = pollfd(fd: fd, events: events, revents: 0)
        let remaining = deadline - Self.now()
        guard remaining > 0 else { throw ProcessFailure.timedOut }
        let r = poll(&p, 1, Int32(min(remaining * 1000, 60_000).rounded(.up)))
        if r == 0, Self.now() >= deadline { throw ProcessFailure.timedOut }
        if r > 0, p.revents & Int16(POLLERR | POLLHUP) != 0 { throw ProcessFailure.exited }
    }

    // MARK: - Ending

    /// The exit status once the process has ended (waits up to `grace` seconds), else nil.
    func exitStatus(grace: Double = 1) -> Int32? {
        let end = Self.now() + grace
        while process.isRunning && Self.now() < end { usleep(10_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Ends the process: closes its stdin, then SIGTERM, then SIGKILL if it lingers.
    func stop() {
        try? input.fileHandleForWriting.close()
        guard process.isRunning else { return }
        process.terminate()
        if exitStatus(grace: 0.5) == nil {
            kill(process.processIdentifier, SIGKILL)
            _ = exitStatus(grace: 2)
        }
    }

    /// Seconds on a monotonic clock (deadlines only; never part of a result).
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    enum ProcessFailure: Error {
        case timedOut, exited, lineTooLong
    }
}
