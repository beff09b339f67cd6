// MARK: - LinePlot

/// A line chart rendered to a standalone SVG document: one or more series of (x, y)
/// points, axis ticks with labels, axis titles and a legend. Used for training loss,
/// error against horizon and violations over time in notebook reports.
///
/// Output is deterministic text: numbers are formatted without locale, series keep their
/// order, and non-finite points break a line instead of corrupting it.
public struct LinePlot: Sendable {
    /// One named line.
    public struct Series: Sendable, Hashable {
        public var name: String
        public var points: [Vec2]
        /// The line colour; nil picks from the default palette by position.
        public var color: RGB?

        public init(name: String, points: [Vec2], color: RGB? = nil) {
            self.name = name
            self.points = points
            self.color = color
        }

        /// A series over x = 0, 1, 2, ... (epochs, steps).
        public init(name: String, values: [Double], color: RGB? = nil) {
            self.init(name: name, points: values.enumerated().map { Vec2(Double($0.offset), $0.element) }, color: color)
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// Document size in SVG user units (pixels), clamped to 160...4096 when drawn.
    public var width: Int
    public var height: Int
    /// Plot y on a log10 axis (points with y ≤ 0 are then skipped).
    public var logarithmicY: Bool

    public init(title: String = "", xLabel: String = "", yLabel: String = "", series: [Series] = [],
                width: Int = 640, height: Int = 400, logarithmicY: Bool = false) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.width = width
        self.height = height
        self.logarithmicY = logarithmicY
    }

    /// Colours for series without their own, cycled in order.
    public static let palette: [RGB] = [
        RGB(hex: 0x1F77B4), RGB(hex: 0xD62728), RGB(hex: 0x2CA02C), RGB(hex: 0xFF7F0E),
        RGB(hex: 0x9467BD), RGB(hex: 0x8C564B), RGB(hex: 0xE377C2), RGB(hex: 0x7F7F7F),
    ]

    /// Series with at most this many points also get a dot at each point.
    static let markerLimit = 40

    // MARK: Layout

    struct Frame {
        let left: Double, top: Double, right: Double, bottom: Double
        var width: Double { right - left }
        var height: Double { bottom - top }
    }

    /// The drawn size (the requested one, clamped) and the plotting area inside it.
    var layout: (width: Int, height: Int, frame: Frame) {
        let w = min(max(width, 160), 4096), h = min(max(height, 120), 4096)
        return (w, h, Frame(left: 64, top: title.isEmpty ? 16 : 36, right: Double(w) - 16,
                            bottom: Double(h) - (xLabel.isEmpty ? 32 : 48)))
    }

    /// The SVG document.
    public func svg() -> String {
        let (w, h, frame) = layout
        let lines = series.map(screenSegments)
        let xAxis = PlotAxis(values: lines.flatMap { $0.flatMap { $0.map(\.x) } }, logarithmic: false)
        let yAxis = PlotAxis(values: lines.flatMap { $0.flatMap { $0.map(\.y) } }, logarithmic: logarithmicY)
        func place(_ p: Vec2) -> Vec2 {
            Vec2(frame.left + xAxis.fraction(p.x) * frame.width, frame.bottom - yAxis.fraction(p.y) * frame.height)
        }

        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(w)" height="\(h)" viewBox="0 0 \(w) \(h)" \
            font-family="sans-serif" font-size="11">

            """
        svg += "<rect class=\"background\" x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>\n"
        if !title.isEmpty {
            svg += "<text class=\"title\" x=\"\(SVGText.coordinate(Double(w) / 2))\" y=\"22\" text-anchor=\"middle\" "
                + "font-size=\"14\">\(MarkupText.escaped(title))</text>\n"
        }
        svg += ticksAndGrid(frame: frame, xAxis: xAxis, yAxis: yAxis)
        svg += axisTitles(frame: frame, width: w, height: h)

        for (index, segments) in lines.enumerated() {
            let color = (series[index].color ?? LinePlot.palette[index % LinePlot.palette.count]).cssHex
            svg += "<g class=\"series\" stroke=\"\(color)\" fill=\"\(color)\">\n"
            for segment in segments {
                let points = segment.map(place).map { "\(SVGText.coordinate($0.x)),\(SVGText.coordinate($0.y))" }
                if points.count > 1 {
                    svg += "<polyline fill=\"none\" stroke-width=\"1.5\" points=\"\(points.joined(separator: " "))\"/>\n"
                }
            }
            let all = segments.flatMap { $0 }
            if all.count <= LinePlot.markerLimit {
                for p in all.map(place) {
                    svg += "<circle cx=\"\(SVGText.coordinate(p.x))\" cy=\"\(SVGText.coordinate(p.y))\" r=\"2.5\" stroke=\"none\"/>\n"
                }
            }
            svg += "</g>\n"
        }
        svg += legend(frame: frame)
        svg += "</svg>\n"
        return svg
    }

    /// A series as runs of plottable points in axis units (log10 y on a log axis); a
    /// non-finite (or, on a log axis, non-positive) point ends a run.
    func screenSegments(_ series: Series) -> [[Vec2]] {
        var segments: [[Vec2]] = [], current: [Vec2] = []
        for p in series.points {
            let y = logarithmicY ? PlotAxis.logValue(p.y) : (p.y.isFinite ? p.y : nil)
            if let y, p.x.isFinite {
                current.append(Vec2(p.x, y))
            } else if !current.isEmpty {
                segments.append(current)
                current = []
            }
        }
        if !current.isEmpty { segments.append(current) }
        return segments
    }

    // MARK: Parts

    private func ticksAndGrid(frame: Frame, xAxis: PlotAxis, yAxis: PlotAxis) -> String {
        let c = SVGText.coordinate
        var out = "<g class=\"grid\" stroke=\"#e5e5e5\" stroke-width=\"1\">\n"
        for t in xAxis.ticks {
            let x = frame.left + xAxis.fraction(t) * frame.width
            out += "<line x1=\"\(c(x))\" y1=\"\(c(frame.top))\" x2=\"\(c(x))\" y2=\"\(c(frame.bottom))\"/>\n"
        }
        for t in yAxis.ticks {
            let y = frame.bottom - yAxis.fraction(t) * frame.height
            out += "<line x1=\"\(c(frame.left))\" y1=\"\(c(y))\" x2=\"\(c(frame.right))\" y2=\"\(c(y))\"/>\n"
        }
        out += "</g>\n"
        out += "<rect class=\"axes\" x=\"\(c(frame.left))\" y=\"\(c(frame.top))\" width=\"\(c(frame.width))\" "
            + "height=\"\(c(frame.height))\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>\n"
        out += "<g class=\"ticks\" fill=\"#333333\">\n"
        for t in xAxis.ticks {
            let x = frame.left + xAxis.fraction(t) * frame.width
            out += "<line x1=\"\(c(x))\" y1=\"\(c(frame.bottom))\" x2=\"\(c(x))\" y2=\"\(c(frame.bottom + 4))\" stroke=\"#333333\"/>\n"
            out += "<text x=\"\(c(x))\" y=\"\(c(frame.bottom + 16))\" text-anchor=\"middle\">\(xAxis.label(t))</text>\n"
        }
        for t in yAxis.ticks {
            let y = frame.bottom - yAxis.fraction(t) * frame.height
            out += "<line x1=\"\(c(frame.left - 4))\" y1=\"\(c(y))\" x2=\"\(c(frame.left))\" y2=\"\(c(y))\" stroke=\"#333333\"/>\n"
            out += "<text x=\"\(c(frame.left - 6))\" y=\"\(c(y + 4))\" text-anchor=\"end\">\(yAxis.label(t))</text>\n"
        }
        out += "</g>\n"
        return out
    }

    private func axisTitles(frame: Frame, width: Int, height: Int) -> String {
        let c = SVGText.coordinate
        var out = ""
        if !xLabel.isEmpty {
            out += "<text class=\"x-label\" x=\"\(c((frame.left + frame.right) / 2))\" y=\"\(c(Double(height) - 10))\" "
                + "text-anchor=\"middle\">\(MarkupText.escaped(xLabel))</text>\n"
        }
        if !yLabel.isEmpty {
            let cy = c((frame.top + frame.bottom) / 2)
            out += "<text class=\"y-label\" x=\"14\" y=\"\(cy)\" text-anchor=\"middle\" "
                + "transform=\"rotate(-90 14 \(cy))\">\(MarkupText.escaped(yLabel))</text>\n"
        }
        return out
    }

    private func legend(frame: Frame) -> String {
        let named = series.enumerated().filter { !$0.element.name.isEmpty }
        guard !named.isEmpty else { return "" }
        let c = SVGText.coordinate
        let rowHeight = 16.0
        // Width from the longest name at a rough 6.5 units per character of 11-unit text.
        let longest = named.map { $0.element.name.count }.max() ?? 0
        let boxWidth = min(Double(longest) * 6.5 + 36, frame.width)
        let x = frame.right - boxWidth - 8, y = frame.top + 8
        var out = "<g class=\"legend\">\n"
        out += "<rect x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(boxWidth))\" height=\"\(c(Double(named.count) * rowHeight + 8))\" "
            + "fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#cccccc\"/>\n"
        for (row, entry) in named.enumerated() {
            let color = (entry.element.color ?? LinePlot.palette[entry.offset % LinePlot.palette.count]).cssHex
            let ly = y + 4 + Double(row) * rowHeight + rowHeight / 2
            out += "<line x1=\"\(c(x + 6))\" y1=\"\(c(ly))\" x2=\"\(c(x + 24))\" y2=\"\(c(ly))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            out += "<text x=\"\(c(x + 30))\" y=\"\(c(ly + 4))\">\(MarkupText.escaped(entry.element.name))</text>\n"
        }
        out += "</g>\n"
        return out
    }
}
