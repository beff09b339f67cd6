// MARK: - Violations over time, as a plot

extension ViolationReport {
    /// What a violations plot shows on its y axis.
    public enum PlotQuantity: String, Hashable, Sendable {
        /// Number of violations per step.
        case count
        /// Total magnitude per step.
        case magnitude
    }

    /// A line plot of each prior's violations per step (one series per prior, in the report's order).
    public func plot(_ quantity: PlotQuantity = .magnitude, title: String = "violations over time") -> LinePlot {
        let series = allPriors.map { p in
            LinePlot.Series(name: p, values: quantity == .count ? countSeries(of: p) : magnitudeSeries(of: p))
        }
        return LinePlot(title: title, xLabel: "step", yLabel: quantity == .count ? "violations" : "magnitude", series: series)
    }
}
