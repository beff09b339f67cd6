/// Sizes in messages: what a script or a value takes, and the limit it met.
public enum ByteCount {
    /// A size as people read it, in decimal units: `512 bytes`, `3.2 MB`, `8.6 GB`.
    public static func describe(_ bytes: Int) -> String {
        if bytes == Int.max { return "more than 9.2 EB" }
        if bytes < 1000 { return bytes == 1 ? "1 byte" : "\(bytes) bytes" }
        let units = ["kB", "MB", "GB", "TB", "PB", "EB"]
        var value = Double(bytes) / 1000
        var unit = 0
        while value >= 999.95 && unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        let rounded = (value * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return "\(text) \(units[unit])"
    }

    /// A limit as it was most likely given: `4 GiB`, `512 MiB`, `64 KiB`, or bytes.
    public static func describeLimit(_ bytes: Int) -> String {
        for (shift, unit) in [(40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB")] where bytes >= 1 << shift {
            if bytes % (1 << shift) == 0 { return "\(bytes >> shift) \(unit)" }
        }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }

    /// Parses a size such as `--max-memory 512M`: a whole number of bytes with an
    /// optional binary suffix K, M, G or T (`KB`/`KiB`, `MB`/`MiB`… mean the same).
    public static func parse(_ text: String) -> Int? {
        var digits = Substring(text.filter { $0 != " " })
        var shift = 0
        let upper = digits.uppercased()
        let suffixes: [(String, Int)] = [("KIB", 10), ("MIB", 20), ("GIB", 30), ("TIB", 40), ("KB", 10), ("MB", 20),
                                         ("GB", 30), ("TB", 40), ("K", 10), ("M", 20), ("G", 30), ("T", 40), ("B", 0)]
        for (suffix, s) in suffixes where upper.hasSuffix(suffix) {
            digits = digits.dropLast(suffix.count)
            shift = s
            break
        }
        guard let n = Int(digits), n > 0 else { return nil }
        let (value, overflow) = n.multipliedReportingOverflow(by: 1 << shift)
        return overflow ? nil : value
    }
}
