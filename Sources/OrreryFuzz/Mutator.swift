import OrreryBase

// MARK: - Mutations
//
// A deterministic mutator for the driver: input number i of a campaign is a function of
// the seed, i and the corpus, so a crash found at input i is found again by the same
// command. Each input stacks one to four mutations of a corpus entry.

struct Mutator {
    let corpus: [[UInt8]]
    let words: [[UInt8]]
    let maxLength: Int

    /// Numbers that break arithmetic, conversions and sizes, as text.
    static let numbers = ["0", "-0", "1", "-1", "2", "255", "256", "65535", "65536", "2147483647", "2147483648",
                          "4294967295", "4294967296", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
                          "1e19", "1e300", "-1e300", "1e309", "1e-320", "0.5", "nan", "inf", "-inf", "0x7fffffff"]
    /// Bytes that matter to the formats: quotes, brackets, newlines, NUL, 0x80, 0xff.
    static let bytes: [UInt8] = [0, 1, 0x7f, 0x80, 0xff, 0x0a, 0x0d, 0x09, 0x20, 0x22, 0x23, 0x28, 0x29, 0x5b, 0x5d,
                                 0x7b, 0x7d, 0x2c, 0x3a, 0x3b, 0x2e, 0x5c, 0x30, 0x39, 0x2d, 0x65, 0xc3, 0xe2]
    /// Integers that break sizes and counts, written into binary formats (both byte orders).
    static let integers: [UInt64] = [0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff,
                                     0x1_0000_0000, 0x7fff_ffff_ffff_ffff, 0xffff_ffff_ffff_ffff, 0x7ff0_0000_0000_0000,
                                     0x7ff8_0000_0000_0000]

    init(corpus: [[UInt8]], words: [String], maxLength: Int) {
        self.corpus = corpus.isEmpty ? [[]] : corpus
        self.words = words.map { Array($0.utf8) }
        self.maxLength = maxLength
    }

    /// Input number `index` of the campaign seeded with `seed`: the corpus entries as they
    /// are at even numbers until each has run, mutants between and after them (so a short
    /// run over a large corpus still tries mutants).
    func input(_ index: Int, seed: UInt64) -> [UInt8] {
        if index % 2 == 0, index / 2 < corpus.count { return corpus[index / 2] }
        var random = RandomStream(seed: seed, stream: UInt64(index))
        var bytes = corpus[random.index(below: corpus.count)]
        for _ in 0...random.index(below: 4) { mutate(&bytes, &random) }
        if bytes.count > maxLength { bytes.removeLast(bytes.count - maxLength) }
        return bytes
    }

    private func mutate(_ b: inout [UInt8], _ r: inout RandomStream) {
        func position(_ extra: Int = 0) -> Int { r.index(below: b.count + extra) }
        func span() -> Int { 1 + r.index(below: r.index(below: 4) == 0 ? 256 : 16) }
        if b.isEmpty {
            b = r.index(below: 2) == 0 ? words.randomElement(&r) : [Self.bytes.randomElement(&r)]
            return
        }
        switch r.index(below: 14) {
        case 0: // flip a bit
            let i = position()
            b[i] ^= 1 << UInt8(r.index(below: 8))
        case 1: // a random byte
            b[position()] = UInt8(truncatingIfNeeded: r.nextUInt64())
        case 2: // a byte that matters
            b[position()] = Self.bytes.randomElement(&r)
        case 3: // insert random bytes
            let n = 1 + r.index(below: 8)
            b.insert(contentsOf: (0..<n).map { _ in UInt8(truncatingIfNeeded: r.nextUInt64()) }, at: position(1))
        case 4: // delete a range
            let i = position(), n = min(span(), b.count - i)
            b.removeSubrange(i..<(i + n))
        case 5: // duplicate a range (repeated up to 8 times)
            let i = position(), n = min(span(), b.count - i)
            let piece = Array(b[i..<(i + n)])
            let times = 1 + r.index(below: r.index(below: 4) == 0 ? 64 : 2)
            b.insert(contentsOf: Array(repeating: piece, count: times).joined(), at: position(1))
        case 6: // splice in a range of another corpus entry
            let other = corpus.randomElement(&r)
            guard !other.isEmpty else { return }
            let i = r.index(below: other.count), n = min(span(), other.count - i)
            b.insert(contentsOf: other[i..<(i + n)], at: position(1))
        case 7: // cross over: a prefix of this, a suffix of another
            let other = corpus.randomElement(&r)
            let cut = position(1), from = r.index(below: other.count + 1)
            b = Array(b[..<cut]) + Array(other[from...])
        case 8: // insert a word of the format
            b.insert(contentsOf: words.randomElement(&r), at: position(1))
        case 9: // replace a run of digits (or any spot) with a number that breaks things
            let number = Array(Self.numbers.randomElement(&r).utf8)
            if let (start, end) = digitRun(in: b, near: position()) {
                b.replaceSubrange(start..<end, with: number)
            } else {
                b.insert(contentsOf: number, at: position(1))
            }
        case 10: // overwrite with a binary integer, big or little endian, 1, 2, 4 or 8 bytes
            let width = 1 << r.index(below: 4), value = Self.integers.randomElement(&r)
            let i = position()
            let bigEndian = r.index(below: 2) == 0
            for k in 0..<min(width, b.count - i) {
                let shift = UInt64(bigEndian ? width - 1 - k : k) * 8
                b[i + k] = UInt8(truncatingIfNeeded: value >> shift)
            }
        case 11: // add or subtract a little from a byte (sizes off by one)
            let i = position()
            b[i] = b[i] &+ UInt8(truncatingIfNeeded: r.index(below: 7) - 3)
        case 12: // repeat or drop a line
            let lines = b.split(separator: 0x0a, omittingEmptySubsequences: false)
            guard lines.count > 1 else { return }
            var out = Array(lines)
            let i = r.index(below: out.count)
            if r.index(below: 2) == 0 { out.insert(out[i], at: r.index(below: out.count + 1)) } else { out.remove(at: i) }
            b = Array(out.joined(separator: [0x0a]))
        default: // swap two ranges
            let i = position(), j = position(), n = min(span(), b.count - max(i, j))
            guard n > 0, abs(i - j) >= n else { return }
            for k in 0..<n { b.swapAt(i + k, j + k) }
        }
    }

    /// The run of number characters around `at`, if `at` is in one.
    private func digitRun(in b: [UInt8], near at: Int) -> (Int, Int)? {
        func isNumber(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || c == 0x2e }
        var i = at
        while i < b.count, !isNumber(b[i]) { i += 1 }
        guard i < b.count else { return nil }
        var end = i
        while end < b.count, isNumber(b[end]) { end += 1 }
        return (i, end)
    }
}

extension Array {
    /// A uniformly chosen element; the array must not be empty.
    fileprivate func randomElement(_ random: inout RandomStream) -> Element {
        self[random.index(below: count)]
    }
}
