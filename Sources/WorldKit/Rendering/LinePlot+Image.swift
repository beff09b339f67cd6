// MARK: - LinePlot as an image

extension LinePlot {
    /// The plot drawn into an image with the same layout as `svg()`: grid, axes, tick
    /// labels, axis titles, series and legend, text in the 5×7 bitmap font. Notebooks
    /// send it beside the SVG, because JupyterLab does not draw the SVG of an untrusted
    /// notebook. Deterministic: the same plot gives the same pixels.
    public func image() throws -> Image {
        let (w, h, frame) = layout
        // Image pixels as world units, y flipped: pixel (x, y) is world (x, −y).
        let camera = try Camera(minCorner: Vec2(0, -Double(h)), maxCorner: Vec2(Double(w), 0), imageWidth: w)
        func at(_ x: Double, _ y: Double) -> Vec2 { Vec2(x, -y) }
        let ink = RGB(hex: 0x333333), grid = RGB(hex: 0xE5E5E5)
        let lines = series.map(screenSegments)
        let xAxis = PlotAxis(values: lines.flatMap { $0.flatMap { $0.map(\.x) } }, logarithmic: false)
        let yAxis = PlotAxis(values: lines.flatMap { $0.flatMap { $0.map(\.y) } }, logarithmic: logarithmicY)
        func place(_ p: Vec2) -> Vec2 {
            at(frame.left + xAxis.fraction(p.x) * frame.width, frame.bottom - yAxis.fraction(p.y) * frame.height)
        }
        func text(_ s: String, x: Double, y: Double, anchor: Double, scale: Int = 1) -> DrawCommand {
            let width = Double(BitmapFont.size(of: s, scale: scale).width)
            return .text(s, at: .image(x: Int((x - width * anchor).rounded()), y: Int(y.rounded())), color: ink, scale: scale)
        }

        var commands: [DrawCommand] = []
        for t in xAxis.ticks {
            let x = frame.left + xAxis.fraction(t) * frame.width
            commands.append(.segment(from: at(x, frame.top), to: at(x, frame.bottom), width: 1, color: grid))
            commands.append(.segment(from: at(x, frame.bottom), to: at(x, frame.bottom + 4), width: 1, color: ink))
            commands.append(text(xAxis.label(t), x: x, y: frame.bottom + 7, anchor: 0.5))
        }
        for t in yAxis.ticks {
            let y = frame.bottom - yAxis.fraction(t) * frame.height
            commands.append(.segment(from: at(frame.left, y), to: at(frame.right, y), width: 1, color: grid))
            commands.append(.segment(from: at(frame.left - 4, y), to: at(frame.left, y), width: 1, color: ink))
            commands.append(text(yAxis.label(t), x: frame.left - 7, y: y - 3, anchor: 1))
        }
        commands.append(.rectangle(min: at(frame.left, frame.bottom), max: at(frame.right, frame.top), color: ink,
                                   outline: 1))
        if !title.isEmpty { commands.append(text(title, x: Double(w) / 2, y: 8, anchor: 0.5, scale: 2)) }
        if !xLabel.isEmpty { commands.append(text(xLabel, x: (frame.left + frame.right) / 2, y: Double(h) - 16, anchor: 0.5)) }
        // The bitmap font does not turn: the y title sits above the axis, at its left.
        if !yLabel.isEmpty { commands.append(text(yLabel, x: 4, y: frame.top - 11, anchor: 0)) }

        for (index, segments) in lines.enumerated() {
            let color = series[index].color ?? LinePlot.palette[index % LinePlot.palette.count]
            for segment in segments {
                commands += DrawCommand.path(segment.map(place), width: 1.5, color: color)
            }
            let all = segments.flatMap { $0 }
            if all.count <= LinePlot.markerLimit {
                commands += all.map { DrawCommand.circle(center: place($0), radius: 2.5, color: color) }
            }
        }
        let named = series.enumerated().filter { !$0.element.name.isEmpty }
        if !named.isEmpty {
            let rowHeight = 16.0
            let longest = named.map { BitmapFont.size(of: $0.element.name).width }.max() ?? 0
            let boxWidth = min(Double(longest) + 42, frame.width)
            let x = frame.right - boxWidth - 8, y = frame.top + 8
            let boxHeight = Double(named.count) * rowHeight + 8
            commands.append(.rectangle(min: at(x, y + boxHeight), max: at(x + boxWidth, y), color: .white, opacity: 0.85))
            commands.append(.rectangle(min: at(x, y + boxHeight), max: at(x + boxWidth, y), color: RGB(hex: 0xCCCCCC),
                                       outline: 1))
            for (row, entry) in named.enumerated() {
                let color = entry.element.color ?? LinePlot.palette[entry.offset % LinePlot.palette.count]
                let ly = y + 4 + Double(row) * rowHeight + rowHeight / 2
                commands.append(.segment(from: at(x + 6, ly), to: at(x + 24, ly), width: 2, color: color))
                commands.append(text(entry.element.name, x: x + 30, y: ly - 3, anchor: 0))
            }
        }
        return Rasterizer(camera: camera).render(commands)
    }
}
