#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - JSON and text output

extension BenchmarkReport {
    /// The results as JSON: keys in a fixed order, numbers in Swift's shortest exact form,
    /// non-finite numbers as null. The same run gives the same bytes. The document is
    /// indented; lists of names, the training settings and each cell stay on one line.
    public var json: String {
        let t = options.training
        let training = JSONValue.object([
            ("scenes", .integer(t.scenes)), ("steps", .integer(t.steps)), ("epochs", .integer(t.epochs)),
            ("learningRate", .number(t.learningRate)), ("hidden", .integer(t.hidden)), ("k", .integer(t.k)),
        ])
        let manifest = JSONValue.object([
            ("tool", .string("orrery bench")),
            ("version", .string(version)),
            ("seed", .unsigned(options.seed)),
            ("quick", .bool(options.quick)),
            ("copies", .integer(options.copies)),
            ("scoreFrom", .integer(scoreFrom)),
            ("trainingSeeds", .laidOut(.array(trainingSeeds.map(JSONValue.unsigned)), .spaced)),
            ("models", .laidOut(.array(options.models.map(JSONValue.string)), .spaced)),
            ("tasks", .laidOut(.array(options.tasks.map(JSONValue.string)), .spaced)),
            ("training", .laidOut(training, .spaced)),
            ("interval", .string("95% two-level percentile bootstrap over trained copies and scenes, \(BenchmarkBootstrap.resamples) resamples")),
        ])
        let document = JSONValue.object([
            ("manifest", manifest),
            ("metrics", .array(metrics.map { m in
                let cells = m.cells.map { c in
                    JSONValue.laidOut(.object([
                        ("model", .string(c.contender)), ("mean", .number(c.mean)),
                        ("lower", c.lower.map(JSONValue.number) ?? .null), ("upper", c.upper.map(JSONValue.number) ?? .null),
                        ("scenes", .integer(c.scenes)), ("copies", .integer(c.copies)),
                        ("status", c.status.map(JSONValue.string) ?? .null), ("note", c.note.map(JSONValue.string) ?? .null),
                    ]), .spaced)
                }
                // The metric's header on one line, its cells one per line below it.
                return .laidOut(.object([
                    ("name", .string(m.name)), ("unit", .string(m.unit)), ("higherIsBetter", .bool(m.higherIsBetter)),
                    ("cells", .laidOut(.array(cells), Self.jsonLayout)),
                ]), .spaced)
            })),
        ])
        return document.text(Self.jsonLayout) + "\n"
    }

    /// Two spaces per level; an empty list opens a blank line.
    static let jsonLayout = JSONLayout(indent: 2, opensEmptyContainers: true)

    /// The table: one row per metric, one column per contender, `mean [lower, upper] ×copies`
    /// (the copies mark only when the cell stands on more than one trained copy).
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
        if let status = c.status { return status }
        guard c.mean.isFinite else { return "n/a" }
        var text = short(c.mean)
        if let lo = c.lower, let hi = c.upper { text += " [\(short(lo)), \(short(hi))]" }
        if c.copies > 1 { text += " ×\(c.copies)" }
        if let note = c.note { text += " (\(note))" }
        return text
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
