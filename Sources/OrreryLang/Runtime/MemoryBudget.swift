#if canImport(Glibc)
import Glibc
#endif

/// The one memory budget of a run (`--max-memory`): lists, strings and records grow
/// through it in the runtime, and a domain's values (rollouts, images, datasets)
/// through the same door, `reserve`.
///
/// Two checks, both estimates (reference §10, "Limits"):
/// - every value being made must fit on its own: a list needs `slotBytes` per element,
///   a string its UTF-8 bytes, a record `fieldBytes` per field, a domain value what its
///   owner says;
/// - the run as a whole: after every `sampleInterval` bytes of such growth, the
///   process's resident memory is read (Linux) and its growth since the run began,
///   plus the value being made, must fit too. Freed memory is not tracked otherwise.
///
/// Going over is a runtime error at the line that asked, never an abort.
public final class MemoryBudget {
    /// `--max-memory` when not given: 4 GiB.
    public static let defaultLimit = 4 << 30
    /// Bytes counted per list element (a value slot) and per record field (key, value
    /// and the hash table's share).
    public static let slotBytes = MemoryLayout<Value>.stride
    public static let fieldBytes = 64
    /// How much estimated growth passes between two readings of resident memory.
    static let sampleInterval = 64 << 20

    public let limit: Int
    /// The longest list that fits on its own.
    public let maxListCount: Int
    /// Growth since resident memory was last read. Touched on every reserve, so not
    /// checked for exclusive access (each check would cost more than the reserve).
    @exclusivity(unchecked) private var sinceSample = 0
    private let baselineResident: Int

    public init(limit: Int = MemoryBudget.defaultLimit) {
        self.limit = limit
        maxListCount = limit / MemoryBudget.slotBytes
        baselineResident = MemoryBudget.residentBytes() ?? 0
    }

    /// Throws "memory limit exceeded" at `range` unless a new `what` (`list`, `string`,
    /// `rollout`…) of `bytes` fits in the budget. `growth` is what the run grows by
    /// (less than `bytes` when a value grows in place: one more element); it paces the
    /// readings of resident memory.
    @inline(__always)
    public func reserve(_ bytes: Int, growth: Int? = nil, for what: String, at range: SourceRange) throws {
        sinceSample &+= growth ?? bytes
        if bytes > limit || sinceSample >= MemoryBudget.sampleInterval { try check(bytes, what, range) }
    }

    /// `reserve` for a list of `count` elements, `added` of them new (all when nil).
    @inline(__always)
    public func reserveList(_ count: Int, added: Int? = nil, at range: SourceRange) throws {
        sinceSample &+= (added ?? count) &* MemoryBudget.slotBytes
        if count > maxListCount || sinceSample >= MemoryBudget.sampleInterval {
            let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryBudget.slotBytes)
            try check(overflow ? Int.max : bytes, "list", range)
        }
    }

    /// One more element for a list of `count` elements appended to in place. Callers ask
    /// only when `count >= maxListCount` (it may not fit) or the list is full (it moves to
    /// a buffer about twice as large: `count` more slots of growth), so appending stays cheap.
    public func reserveAppend(to count: Int, at range: SourceRange) throws {
        try reserveList(count &+ 1, added: max(count, 1), at: range)
    }

    /// The slow path of both: the value alone, then (every `sampleInterval`) the run.
    @inline(never)
    private func check(_ bytes: Int, _ what: String, _ range: SourceRange) throws {
        if bytes > limit { throw exceeded(bytes, what, range) }
        if sinceSample >= MemoryBudget.sampleInterval || sinceSample < 0 { try sample(bytes, what, range) }
    }

    @inline(never)
    private func sample(_ bytes: Int, _ what: String, _ range: SourceRange) throws {
        sinceSample = 0
        guard let resident = MemoryBudget.residentBytes() else { return }
        let grown = max(0, resident - baselineResident)
        if grown > limit - bytes {
            throw ScriptError("memory limit exceeded: the run holds about \(ByteCount.describe(grown)) "
                                  + "and this \(what) would need \(ByteCount.describe(bytes)) more; "
                                  + "the limit is \(ByteCount.describeLimit(limit)) (--max-memory)", range)
        }
    }

    @inline(never)
    private func exceeded(_ bytes: Int, _ what: String, _ range: SourceRange) -> ScriptError {
        ScriptError("memory limit exceeded: this \(what) would need \(ByteCount.describe(bytes)); "
                        + "the limit is \(ByteCount.describeLimit(limit)) (--max-memory)", range)
    }

    /// The process's resident memory in bytes, or nil where it cannot be read.
    static func residentBytes() -> Int? {
        #if os(Linux)
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 127) }
        guard n > 0 else { return nil }
        let fields = buffer[..<n].split(separator: UInt8(ascii: " "))
        guard fields.count >= 2, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return nil
        #endif
    }
}
