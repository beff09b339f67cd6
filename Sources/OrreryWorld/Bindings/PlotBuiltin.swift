import OrreryLang
import WorldKit

// MARK: - plot(…)

/// Installs `plot(ys, title:, x:, label:)` and `plot([{name:, values:}…], title:, x:)`.
public enum PlotBuiltin {
    public static func install(into interp: Interpreter) {
        interp.define(NativeFunction("plot", parameters: ["data", "title", "x", "label"]) { args in
            let title = args.has(2) ? try args.string(at: 2) : ""
            let xLabel = args.has(3) ? try args.string(at: 3) : ""
            let label = args.has(4) ? try args.string(at: 4) : "y"
            let items = try args.list(at: 1)
            guard !items.isEmpty else { throw args.bad(1, "nothing to plot") }
            var series: [LinePlot.Series] = []
            if items.allSatisfy({ if case .number = $0 { return true }; return false }) {
                series = [LinePlot.Series(name: label, values: try args.numbers(at: 1))]
            } else {
                for (i, item) in items.enumerated() {
                    guard case .record(let fields) = item else {
                        throw args.bad(1, "expected a list of numbers or of {name:, values:} records; item \(i + 1) is a \(item.typeName)")
                    }
                    guard case .string(let name)? = fields["name"] else {
                        throw args.bad(1, "item \(i + 1) has no string 'name'")
                    }
                    guard case .list(let raw)? = fields["values"] else {
                        throw args.bad(1, "item \(i + 1) has no list 'values'")
                    }
                    var ys: [Double] = []
                    for v in raw {
                        guard case .number(let y) = v else {
                            throw args.bad(1, "values of '\(name)' must be numbers, got a \(v.typeName)")
                        }
                        ys.append(y)
                    }
                    series.append(LinePlot.Series(name: name, values: ys))
                }
            }
            guard !series.isEmpty else { throw args.bad(1, "nothing to plot") }
            return .object(PlotObject(LinePlot(title: title, xLabel: xLabel, yLabel: series.count == 1 ? label : "", series: series)))
        })
    }
}
