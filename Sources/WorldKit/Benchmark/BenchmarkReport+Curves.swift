#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - Curves in the report: error against memory budget
//
// A task whose metrics come in pairs `task[.label].bytes` and `task[.label].error`
// (`fidelity`) gets a second plot in `--report`: per contender, each point is (mean
// bytes, mean error) with the error's 95% interval as a vertical whisker; the points of
// one contender are joined in order of bytes (its curve), and its own configuration is
// drawn as a ring. Bytes are on a log axis. Text goes through `MarkupText`.

extension BenchmarkReport {
    /// One contender's point on a curve.
    struct CurvePoint: Hashable {
        var label: String
        var bytes: Double
        var error: Double
        var lower: Double?
        var upper: Double?
    }

    /// The points of each contender (in column order) for a task with bytes/error pairs.
    func curvePoints(_ rows: [BenchmarkMetric]) -> [(contender: String, points: [CurvePoint])] {
        var labels: [String] = []
        for m in rows where m.name.hasSuffix(".bytes") {
            let label = String(m.name.dropLast(".bytes".count))
            if rows.contains(where: { $0.name == label + ".error" }) { labels.append(label) }
        }
        guard !labels.isEmpty else { return [] }
        return contenders.map { name in
            let points = labels.compactMap { label -> CurvePoint? in
                guard let b = rows.first(where: { $0.name == label + ".bytes" })?.cells.first(where: { $0.contender == name }),
                      let e = rows.first(where: { $0.name == label + ".error" })?.cells.first(where: { $0.contender == name }),
                      b.status == nil, e.status == nil, b.mean.isFinite, b.mean > 0, e.mean.isFinite else { return nil }
                return CurvePoint(label: label, bytes: b.mean, error: e.mean, lower: e.lower, upper: e.upper)
            }
            return (name, points)
        }
    }

    /// The curves as SVG, or nil when the task has no bytes/error pairs.
    func curvePlot(_ rows: [BenchmarkMetric]) -> String? {
        let curves = curvePoints(rows)
        let all = curves.flatMap(\.points)
        guard !all.isEmpty, let task = rows.first?.task else { return nil }
        let e = { (s: String) in MarkupText.escaped(s) }
        let width = 720.0, height = 320.0, left = 70.0, right = 20.0, top = 30.0, bottom = 40.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        var loX = all.map(\.bytes).min() ?? 1, hiX = all.map(\.bytes).max() ?? 2
        loX = log10(loX) - 0.1
        hiX = log10(hiX) + 0.1
        let errors = all.flatMap { [$0.error, $0.lower ?? $0.error, $0.upper ?? $0.error] }.filter(\.isFinite)
        let loY = min(0, errors.min() ?? 0)
        var hiY = errors.max() ?? 1
        if hiY - loY < 1e-12 { hiY = loY + 1 }
        func x(_ bytes: Double) -> Double { left + (log10(bytes) - loX) / (hiX - loX) * plotWidth }
        func y(_ error: Double) -> Double { top + plotHeight - (error - loY) / (hiY - loY) * plotHeight }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        svg += "<text x=\"4\" y=\"14\">\(e(task + ".error ↓ against state bytes (log), per model; ring: the model's own configuration"))</text>\n"
        svg += "<line x1=\"\(left)\" y1=\"\(top + plotHeight)\" x2=\"\(left + plotWidth)\" y2=\"\(top + plotHeight)\" stroke=\"#999\"/>"
        svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(top + plotHeight)\" stroke=\"#999\"/>\n"
        svg += "<text x=\"4\" y=\"\(top + 10)\" fill=\"#666\">\(e(Self.short(hiY))) m</text>"
        svg += "<text x=\"4\" y=\"\(top + plotHeight)\" fill=\"#666\">\(e(Self.short(loY))) m</text>\n"
        // Decade ticks on the bytes axis.
        var decade = loX.rounded(.up)
        while decade <= hiX {
            let bx = left + (decade - loX) / (hiX - loX) * plotWidth
            svg += "<line x1=\"\(bx)\" y1=\"\(top + plotHeight)\" x2=\"\(bx)\" y2=\"\(top + plotHeight + 4)\" stroke=\"#999\"/>"
            svg += "<text x=\"\(bx - 10)\" y=\"\(top + plotHeight + 16)\" fill=\"#666\">\(e(Self.short(pow10(decade)))) B</text>\n"
            decade += 1
        }
        for (k, curve) in curves.enumerated() where !curve.points.isEmpty {
            let color = Self.plotColors[k % Self.plotColors.count]
            let own = curve.points.first { $0.label == task }
            let line = curve.points.filter { $0.label != task }.sorted { ($0.bytes, $0.error) < ($1.bytes, $1.error) }
            if line.count >= 2 {
                svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\" points=\""
                    + line.map { "\(x($0.bytes)),\(y($0.error))" }.joined(separator: " ") + "\"/>\n"
            }
            for p in line {
                if let l = p.lower, let u = p.upper {
                    svg += "<line x1=\"\(x(p.bytes))\" y1=\"\(y(l))\" x2=\"\(x(p.bytes))\" y2=\"\(y(u))\" stroke=\"\(color)\"/>"
                }
                svg += "<circle cx=\"\(x(p.bytes))\" cy=\"\(y(p.error))\" r=\"3\" fill=\"\(color)\"/>\n"
            }
            if let p = own {
                if let l = p.lower, let u = p.upper {
                    svg += "<line x1=\"\(x(p.bytes))\" y1=\"\(y(l))\" x2=\"\(x(p.bytes))\" y2=\"\(y(u))\" stroke=\"\(color)\" stroke-dasharray=\"2,2\"/>"
                }
                svg += "<circle cx=\"\(x(p.bytes))\" cy=\"\(y(p.error))\" r=\"5\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            }
            svg += "<circle cx=\"\(left + 10 + Double(k) * 95)\" cy=\"\(height - 8)\" r=\"4\" fill=\"\(color)\"/>"
            svg += "<text x=\"\(left + 18 + Double(k) * 95)\" y=\"\(height - 4)\">\(e(curve.contender))</text>\n"
        }
        return svg + "</svg>"
    }
}

private func pow10(_ x: Double) -> Double { pow(10, x) }
