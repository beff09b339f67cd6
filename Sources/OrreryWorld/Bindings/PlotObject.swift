import OrreryLang
import WorldKit

// MARK: - Plot values

/// A line plot made by `plot(…)`: `show` draws it as a sparkline in the terminal and as
/// SVG in notebook reports.
public final class PlotObject: HostObject {
    public let plot: LinePlot

    public init(_ plot: LinePlot) {
        self.plot = plot
    }

    public var typeName: String { "plot" }
    public var description: String {
        let title = plot.title.isEmpty ? "" : "\"\(plot.title)\" "
        return "<plot \(title)with \(plot.series.count) series>"
    }
    public func isEqual(to other: any HostObject) -> Bool {
        (other as? PlotObject).map { $0.plot.svg() == plot.svg() } ?? false
    }
    public var memberNames: [String] { ["title", "svg", "series"] }

    public func member(_ name: String) throws -> Value? {
        switch name {
        case "title": return .string(plot.title)
        case "svg": return .string(plot.svg())
        case "series": return .list(plot.series.map { .string($0.name) })
        default: return nil
        }
    }

    /// One line per series: name, a sparkline of its values, and its last value.
    public var summary: String {
        var lines: [String] = [description]
        for s in plot.series {
            let ys = s.points.map(\.y)
            let last = ys.last(where: { $0.isFinite }).map { Value.format(number: ($0 * 10_000).rounded() / 10_000) } ?? "-"
            lines.append("  \(s.name): \(PlotObject.sparkline(ys)) last \(last)")
        }
        return lines.joined(separator: "\n")
    }

    /// Eight-level block characters scaled between the finite minimum and maximum; at
    /// most 60 characters (longer series are sampled evenly), blanks for non-finite points.
    public static func sparkline(_ values: [Double]) -> String {
        let blocks = Array("▁▂▃▄▅▆▇█")
        guard !values.isEmpty else { return "" }
        let width = min(values.count, 60)
        let sampled = (0..<width).map { values[$0 * values.count / width] }
        let finite = sampled.filter(\.isFinite)
        guard let lo = finite.min(), let hi = finite.max() else { return String(repeating: " ", count: width) }
        return String(sampled.map { v -> Character in
            guard v.isFinite else { return " " }
            // Scaled in two halves so extreme ranges (±1e308) cannot overflow to NaN.
            guard hi > lo else { return blocks[3] }
            let fraction = (v / 2 - lo / 2) / (hi / 2 - lo / 2)
            let level = fraction.isFinite ? Int((min(max(fraction, 0), 1) * 7).rounded()) : 3
            return blocks[min(7, max(0, level))]
        })
    }
}
