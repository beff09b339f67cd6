import Foundation

// MARK: - Strings

extension Builtins {
    /// `x` with `digits` decimals, as C's `%.*f` writes it: the C library straight into a
    /// stack buffer (Foundation's `String(format:)` cost about as much as the loop around it).
    /// Through glibc's `strfromd` where it exists: a variadic call needs a `CVarArg` array
    /// whose every element is cast dynamically, which cost more than the formatting.
    static func fixed(_ x: Double, digits: Int) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer -> String in
            guard let base = buffer.baseAddress, (0...20).contains(digits) else {
                return String(format: "%.\(digits)f", x)
            }
            let written: Int32
            if let strfromd = cStrfromd {
                written = fixedFormats[digits].withUnsafeBufferPointer { strfromd(base, buffer.count, $0.baseAddress, x) }
            } else {
                written = withVaList([Int32(digits), x]) { vsnprintf(base, buffer.count, "%.*f", $0) }
            }
            guard written >= 0, Int(written) < buffer.count else { return String(format: "%.\(digits)f", x) }
            return String(cString: base)
        }
    }

    /// `%.0f` … `%.20f` as C strings, for `strfromd` (which takes no `*` precision).
    static let fixedFormats: [[CChar]] = (0...20).map { Array("%.\($0)f".utf8CString) }

    /// glibc's `int strfromd(char *, size_t, const char *, double)` (glibc 2.25), looked up
    /// once: Swift does not import it (glibc declares it only for C2x or a feature macro).
    /// Nil on a C library without it; `fixed` then calls `vsnprintf`.
    static let cStrfromd: (@convention(c) (UnsafeMutablePointer<CChar>?, Int, UnsafePointer<CChar>?, Double) -> Int32)? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "strfromd") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<CChar>?, Int, UnsafePointer<CChar>?, Double) -> Int32).self)
    }()

    static func installStrings(in interp: Interpreter) {
        interp.define(NativeFunction("fmt", parameters: ["x", "digits"]) { args in
            let x = try args.number(at: 1)
            let digits = args.has(2) ? try args.integer(at: 2) : 2
            guard (0...20).contains(digits) else { throw args.bad(2, "digits must be between 0 and 20") }
            if !x.isFinite { return .string(Value.format(number: x)) }
            var s = fixed(x, digits: digits)
            if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
            return .string(s)
        })
        interp.define(NativeFunction("join", parameters: ["list", "separator"]) { args in
            let items = try args.list(at: 1)
            let sep = args.has(2) ? try args.string(at: 2) : ""
            let parts = items.map { $0.description }
            try args.reserve(parts.reduce(sep.utf8.count * max(0, parts.count - 1)) { $0 + $1.utf8.count }, for: "string")
            return .string(parts.joined(separator: sep))
        })
        interp.define(NativeFunction("split", parameters: ["string", "separator"]) { args in
            let s = try args.string(at: 1)
            let sep = args.has(2) ? try args.string(at: 2) : " "
            if sep.isEmpty { return .list(s.map { .string(String($0)) }) }
            return .list(s.components(separatedBy: sep).map { .string($0) })
        })
        interp.define(NativeFunction("upper", parameters: ["string"]) { args in
            .string(try args.string(at: 1).uppercased())
        })
        interp.define(NativeFunction("lower", parameters: ["string"]) { args in
            .string(try args.string(at: 1).lowercased())
        })
        interp.define(NativeFunction("trim", parameters: ["string"]) { args in
            .string(try args.string(at: 1).trimmingCharacters(in: .whitespacesAndNewlines))
        })
    }
}
