#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - JSON and text output

extension BenchmarkReport {
    /// The results as JSON: keys in a fixed order, numbers in Swift's shortest exact form,
    /// non-finite numbers as null. The same run gives the same bytes.
    public var json: String {
        let t = options.training
        var out = "{\n  \"manifest\": {\n"
        out += "    \"tool\": \"orrery bench\",\n"
        out += "    \"version\": \(JSONText.quoted(version)),\n"
        out += "    \"seed\": \(options.seed),\n"
        out += "    \"quick\": \(options.quick),\n"
        out += "    \"models\": [\(options.models.map(JSONText.quoted).joined(separator: ", "))],\n"
        out += "    \"tasks\": [\(options.tasks.map(JSONText.quoted).joined(separator: ", "))],\n"
        out += "    \"training\": {\"scenes\": \(t.scenes), \"steps\": \(t.steps), \"epochs\": \(t.epochs), "
        out += "\"learningRate\": \(Self.number(t.learningRate)), \"hidden\": \(t.hidden), \"k\": \(t.k)},\n"
        out += "    \"interval\": \"95% (wilson for rates, t for means)\"\n  },\n"
        out += "  \"metrics\": [\n"
        out += metrics.map { m in
            var s = "    {\"name\": \(JSONText.quoted(m.name)), \"unit\": \(JSONText.quoted(m.unit)), \"higherIsBetter\": \(m.higherIsBetter), \"cells\": [\n"
            s += m.cells.map { c in
                "      {\"model\": \(JSONText.quoted(c.contender)), \"mean\": \(Self.number(c.mean)), \"lower\": \(Self.number(c.lower)), "
                    + "\"upper\": \(Self.number(c.upper)), \"n\": \(c.n), \"interval\": \(JSONText.quoted(c.interval))}"
            }.joined(separator: ",\n")
            return s + "\n    ]}"
        }.joined(separator: ",\n")
        out += "\n  ]\n}\n"
        return out
    }

    /// The table: one row per metric, one column per contender, `mean [lower, upper]`.
    public var table: String {
        let header = ["metric", "unit"] + contenders
        var rows: [[String]] = []
        for m in metrics {
            var row = [m.name + (m.higherIsBetter ? " ↑" : " ↓"), m.unit]
            for name in contenders {
                guard let c = m.cells.first(where: { $0.contender == name }) else { row.append("-"); continue }
                row.append(Self.cellText(c))
            }
            rows.append(row)
        }
        var widths = header.map(\.count)
        for r in rows { for (i, s) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], s.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, s in s + String(repeating: " ", count: max(0, widths[i] - s.count)) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }
        var out = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        var task = ""
        for (m, r) in zip(metrics, rows) {
            if !task.isEmpty && m.task != task { out.append("") }
            task = m.task
            out.append(line(r))
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func cellText(_ c: BenchmarkCell) -> String {
        guard c.mean.isFinite else { return "n/a" }
        guard let lo = c.lower, let hi = c.upper else { return short(c.mean) }
        return "\(short(c.mean)) [\(short(lo)), \(short(hi))]"
    }

    /// Three significant digits, without exponent for ordinary magnitudes.
    static func short(_ x: Double) -> String {
        guard x.isFinite else { return "n/a" }
        if x == 0 { return "0" }
        let a = abs(x)
        let decimals = a >= 1e6 ? -1 : a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : a >= 0.1 ? 3 : a >= 0.01 ? 4 : -1
        if decimals < 0 {
            let e = Int(_floor(_log10(a)))
            let m = x / _pow10(e)
            return fixed(m, 2) + "e" + String(e)
        }
        return fixed(x, decimals)
    }

    /// `x` rounded to `d` decimals, as text (no locale, no Foundation formatting).
    static func fixed(_ x: Double, _ d: Int) -> String {
        let scale = _pow10(d)
        let n = (abs(x) * scale).rounded()
        guard n < 9e15 else { return "\(x)" }
        let whole = Int(n) / Int(scale), frac = Int(n) % Int(scale)
        var s = (x < 0 && n > 0 ? "-" : "") + String(whole)
        if d > 0 {
            let f = String(frac)
            s += "." + String(repeating: "0", count: d - f.count) + f
        }
        return s
    }

    static func number(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "null" }
        return "\(x)"
    }

}

private func _floor(_ x: Double) -> Double { x.rounded(.down) }
private func _log10(_ x: Double) -> Double { log10(x) }
private func _pow10(_ n: Int) -> Double {
    var p = 1.0
    for _ in 0..<abs(n) { p *= 10 }
    return n < 0 ? 1 / p : p
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
