// MARK: - The report as a document
//
// `orrery bench --report FILE` writes the results as a Markdown or HTML page: the
// manifest (seed, trained copies and their training seeds, the scoring start, the
// interval's method), then per task a table and a plot. The plot is an SVG of each
// metric's cells as a dot (the mean) and a whisker (the 95% interval), one row per
// metric with its own scale, one colour per contender, so the spread across training
// seeds is visible beside the means. All text goes through `MarkupText`, the project's
// one escaper for markup.

extension BenchmarkReport {
    /// The report as Markdown (with an inline SVG plot per task, which Markdown viewers
    /// that render HTML show as a picture).
    public var markdown: String { document(html: false) }

    /// The report as a standalone HTML page.
    public var html: String {
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>orrery bench</title>\n"
            + "<style>body{font-family:sans-serif;max-width:70em;margin:2em auto}table{border-collapse:collapse}"
            + "td,th{border:1px solid #ccc;padding:2px 6px;font-size:90%}</style></head><body>\n"
            + document(html: true) + "</body></html>\n"
    }

    static let plotColors = ["#222222", "#888888", "#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"]

    func document(html: Bool) -> String {
        let e = { (s: String) in MarkupText.escaped(s) }
        var out = ""
        func heading(_ level: Int, _ text: String) {
            out += html ? "<h\(level)>\(e(text))</h\(level)>\n" : String(repeating: "#", count: level) + " " + text + "\n\n"
        }
        func paragraph(_ text: String) { out += html ? "<p>\(e(text))</p>\n" : text + "\n\n" }
        heading(1, "Functional benchmark")
        let seeds = trainingSeeds.map(String.init).joined(separator: ", ")
        paragraph("orrery bench \(version), seed \(options.seed)\(options.quick ? " (quick)" : ""); "
            + (trainingSeeds.isEmpty ? "no learned model" : "\(options.copies) trained copies per learned model, training seeds \(seeds)")
            + "; every model scored from step \(scoreFrom). Cells: mean over copies [95% interval over scenes and training seeds, "
            + "two-level percentile bootstrap with \(BenchmarkBootstrap.resamples) resamples] ×copies.")
        var tasks: [String] = []
        for m in metrics where !tasks.contains(m.task) { tasks.append(m.task) }
        for task in tasks {
            let rows = metrics.filter { $0.task == task }
            heading(2, task)
            out += html ? htmlTable(rows) : markdownTable(rows)
            out += plot(rows) + "\n\n"
            if let curves = curvePlot(rows) { out += curves + "\n\n" }
        }
        heading(2, "Survey predictions")
        for c in BenchmarkClaim.survey {
            paragraph("\(c.verdict(self).rawValue): \(c.text) (\(c.better.model) \(c.better.metric) vs \(c.worse.model) \(c.worse.metric))")
        }
        return out
    }

    func markdownTable(_ rows: [BenchmarkMetric]) -> String {
        var out = "| metric | unit | " + contenders.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
        out += "|---|---|" + String(repeating: "---|", count: contenders.count) + "\n"
        for m in rows {
            out += "| \(m.name) \(m.higherIsBetter ? "↑" : "↓") | \(m.unit) | "
            out += contenders.map { name in m.cells.first { $0.contender == name }.map(Self.cellText) ?? "-" }.joined(separator: " | ")
            out += " |\n"
        }
        return out + "\n"
    }

    func htmlTable(_ rows: [BenchmarkMetric]) -> String {
        let e = { (s: String) in MarkupText.escaped(s) }
        var out = "<table><tr><th>metric</th><th>unit</th>" + contenders.map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
        for m in rows {
            out += "<tr><td>\(e(m.name + (m.higherIsBetter ? " ↑" : " ↓")))</td><td>\(e(m.unit))</td>"
            out += contenders.map { name in "<td>\(e(m.cells.first { $0.contender == name }.map(Self.cellText) ?? "-"))</td>" }.joined()
            out += "</tr>\n"
        }
        return out + "</table>\n"
    }

    /// Dot-and-whisker plot of the task's metrics: a row per metric on its own scale.
    func plot(_ rows: [BenchmarkMetric]) -> String {
        let e = { (s: String) in MarkupText.escaped(s) }
        let label = 230.0, width = 720.0, rowHeight = 16.0 + 9.0 * Double(contenders.count), legend = 22.0
        let height = legend + rowHeight * Double(rows.count) + 6
        let plotLeft = label + 10, plotWidth = width - plotLeft - 60
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"11\">\n"
        for (k, name) in contenders.enumerated() {
            let x = 10.0 + Double(k) * 95
            svg += "<circle cx=\"\(x + 4)\" cy=\"10\" r=\"4\" fill=\"\(Self.plotColors[k % Self.plotColors.count])\"/>"
            svg += "<text x=\"\(x + 12)\" y=\"14\">\(e(name))</text>\n"
        }
        for (r, m) in rows.enumerated() {
            let top = legend + rowHeight * Double(r)
            let numbers = m.cells.flatMap { c -> [Double] in c.status == nil ? [c.mean, c.lower ?? c.mean, c.upper ?? c.mean] : [] }
                .filter(\.isFinite)
            var lo = min(0, numbers.min() ?? 0), hi = numbers.max() ?? 1
            if hi - lo < 1e-12 { hi = lo + 1 }
            lo = min(lo, hi - 1e-12)
            func x(_ v: Double) -> Double { plotLeft + (v - lo) / (hi - lo) * plotWidth }
            svg += "<text x=\"4\" y=\"\(top + 12)\">\(e(m.name + (m.higherIsBetter ? " ↑" : " ↓")))</text>"
            svg += "<text x=\"\(plotLeft + plotWidth + 6)\" y=\"\(top + 12)\" fill=\"#666\">\(e(Self.short(hi)))</text>"
            svg += "<line x1=\"\(plotLeft)\" y1=\"\(top + rowHeight - 4)\" x2=\"\(plotLeft + plotWidth)\" y2=\"\(top + rowHeight - 4)\" stroke=\"#ddd\"/>\n"
            for (k, name) in contenders.enumerated() {
                guard let c = m.cells.first(where: { $0.contender == name }) else { continue }
                let y = top + 8 + 9 * Double(k), color = Self.plotColors[k % Self.plotColors.count]
                guard c.status == nil, c.mean.isFinite else {
                    svg += "<text x=\"\(plotLeft)\" y=\"\(y + 4)\" fill=\"\(color)\" font-size=\"9\">\(e(Self.cellText(c)))</text>\n"
                    continue
                }
                if let l = c.lower, let u = c.upper {
                    svg += "<line x1=\"\(x(l))\" y1=\"\(y)\" x2=\"\(x(u))\" y2=\"\(y)\" stroke=\"\(color)\" stroke-width=\"2\"/>"
                }
                svg += "<circle cx=\"\(x(c.mean))\" cy=\"\(y)\" r=\"3.5\" fill=\"\(color)\"/>\n"
            }
        }
        return svg + "</svg>"
    }
}
