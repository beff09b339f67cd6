import OrreryLang
import WorldKit

// MARK: - plot(…)

/// Installs `plot(ys, title:, x:, label:, y:, xs:)` and
/// `plot([{name:, values:, x:}…], title:, x:, y:)`: `x` and `y` title the axes (say with
/// units: `x: "time (s)"`), `xs` (or a series' `x`) gives the x values, 0, 1, 2, … when absent.
public enum PlotBuiltin {
    public static func install(into interp: Interpreter) {
        interp.define(NativeFunction("plot", parameters: ["data", "title", "x", "label", "y", "xs"]) { args in
            let title = args.has(2) ? try args.string(at: 2) : ""
            let xLabel = args.has(3) ? try args.string(at: 3) : ""
            let label = args.has(4) ? try args.string(at: 4) : "y"
            let items = try args.list(at: 1)
            guard !items.isEmpty else { throw args.bad(1, "nothing to plot") }
            var series: [LinePlot.Series] = []
            if items.allSatisfy({ if case .number = $0 { return true }; return false }) {
                let ys = try args.numbers(at: 1)
                let xs = args.has(6) ? try args.numbers(at: 6) : nil
                if let xs, xs.count != ys.count {
                    throw args.bad(6, "xs has \(xs.count) numbers for \(ys.count) values")
                }
                series = [Self.series(label, ys, xs)]
            } else {
                if args.has(6) { throw args.bad(6, "xs goes with a list of numbers; give each series its own 'x'") }
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
                    let ys = try numbers(raw, of: "values", name, args)
                    var xs: [Double]?
                    if let x = fields["x"] {
                        guard case .list(let rawX) = x else { throw args.bad(1, "'x' of '\(name)' must be a list, got a \(x.typeName)") }
                        xs = try numbers(rawX, of: "x", name, args)
                        if xs?.count != ys.count {
                            throw args.bad(1, "'x' of '\(name)' has \(rawX.count) numbers for \(ys.count) values")
                        }
                    }
                    series.append(Self.series(name, ys, xs))
                }
            }
            guard !series.isEmpty else { throw args.bad(1, "nothing to plot") }
            let yLabel = args.has(5) ? try args.string(at: 5) : (series.count == 1 ? label : "")
            return .object(PlotObject(LinePlot(title: title, xLabel: xLabel, yLabel: yLabel, series: series)))
        })
    }

    static func series(_ name: String, _ ys: [Double], _ xs: [Double]?) -> LinePlot.Series {
        guard let xs else { return LinePlot.Series(name: name, values: ys) }
        return LinePlot.Series(name: name, points: zip(xs, ys).map { Vec2($0, $1) })
    }

    static func numbers(_ raw: [Value], of field: String, _ name: String, _ args: Arguments) throws -> [Double] {
        try raw.map { v in
            guard case .number(let n) = v else { throw args.bad(1, "\(field) of '\(name)' must be numbers, got a \(v.typeName)") }
            return n
        }
    }
}
