import Foundation

// MARK: - Strings

extension Builtins {
    /// `x` with `digits` decimals, as C's `%.*f` writes it: the C library straight into a
    /// stack buffer (Foundation's `String(format:)` cost about as much as the loop around it).
    /// Through glibc's `strfromd` where it exists: a variadic call needs a `CVarArg` array
    /// whose every element is cast dynamically, which cost more than the formatting.
    static func fixed(_ x: Double, digits: Int) -> String {
        if let exact = fixedExactly(x, digits: digits) { return exact }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer -> String in
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

    /// `fixed(x, digits:)` for up to 3 decimals and |x| < 2^53, the common case (money,
    /// lengths, `fmt(x, 2)` in a loop), in integers: x is m·2^e exactly, so m·10^digits
    /// fits 64 bits and a shift gives x·10^digits, rounded to nearest with ties to even on
    /// the exact binary value, which is what the C library prints. A fifth of the time
    /// of the C call (its formatting works in arbitrary precision). Nil outside that range.
    static func fixedExactly(_ x: Double, digits: Int) -> String? {
        guard digits >= 0, digits <= 3, x.isFinite, abs(x) < 0x1p53 else { return nil }
        let a = abs(x)
        let m: UInt64, e: Int
        if a == 0 {
            m = 0; e = 0
        } else if a.isSubnormal {
            m = a.significandBitPattern; e = -1074
        } else {
            m = a.significandBitPattern | (1 << 52); e = Int(a.exponent) - 52
        }
        guard e <= 0 else { return nil }
        let scale: UInt64 = digits == 0 ? 1 : digits == 1 ? 10 : digits == 2 ? 100 : 1000
        let p = m &* scale  // below 2^53 · 1000 < 2^63
        var n: UInt64
        let shift = -e
        if shift == 0 {
            n = p
        } else if shift >= 64 {
            n = 0  // p < 2^63 <= half of 2^shift: rounds down
        } else {
            n = p >> UInt64(shift)
            let rest = p & ((1 << UInt64(shift)) &- 1)
            let half: UInt64 = 1 << UInt64(shift - 1)
            if rest > half || (rest == half && n & 1 == 1) { n &+= 1 }
        }
        let whole = n / scale
        var fraction = n % scale
        let negative = x.sign == .minus
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var i = 0
            if negative { buffer[i] = UInt8(ascii: "-"); i += 1 }
            // The whole part's digits, most significant first.
            var digitsOfWhole = 1
            var power: UInt64 = 10
            while digitsOfWhole < 16, whole >= power { digitsOfWhole += 1; power &*= 10 }
            var w = whole
            var k = digitsOfWhole
            while k > 0 {
                k -= 1
                buffer[i + k] = UInt8(ascii: "0") &+ UInt8(w % 10)
                w /= 10
            }
            i += digitsOfWhole
            if digits > 0 {
                buffer[i] = UInt8(ascii: ".")
                k = digits
                while k > 0 {
                    buffer[i + k] = UInt8(ascii: "0") &+ UInt8(fraction % 10)
                    fraction /= 10
                    k -= 1
                }
                i += digits + 1
            }
            return i
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
