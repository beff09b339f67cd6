import OrreryLang
import WorldKit

// MARK: - The benchmark native
//
// A thin door from the language to WorldKit's functional benchmark, so scripts (the
// tour, `Stdlib/bench/suite.orr`) can run a small benchmark and work with its results
// as data. The heavy lifting stays native; task definitions may move into
// `Stdlib/bench/*.orr` once models and causal operations are in the language.

/// Installs `benchmark(models:, tasks:, seed:, quick:, copies:)`.
public enum BenchmarkBindings {
    public static func install(into interp: Interpreter) {
        let defaultSeed = interp.seed
        interp.define(NativeFunction("benchmark", parameters: ["models", "tasks", "seed", "quick", "copies"]) { args in
            let models = args.has(1) ? try strings(args, at: 1, what: "model") : BenchmarkOptions.defaultModels
            let tasks = args.has(2) ? try strings(args, at: 2, what: "task") : BenchmarkTasks.names
            let seed = try args.seed(at: 3, default: defaultSeed)
            let quick = args.has(4) ? try args.bool(at: 4) : false
            var copies = BenchmarkOptions.defaultCopies
            if args.has(5) {
                let n = try args.number(at: 5)
                guard n == n.rounded(), n >= 1, n <= Double(BenchmarkOptions.maximumCopies) else {
                    throw args.bad(5, "copies must be a whole number in 1...\(BenchmarkOptions.maximumCopies)")
                }
                copies = Int(n)
            }
            for name in tasks where BenchmarkTasks.named(name) == nil {
                throw args.bad(2, "unknown task '\(name)'; known: \(BenchmarkTasks.names.joined(separator: ", "))")
            }
            do {
                let interpreter = args.interpreter
                // Ctrl-C in the REPL stops the benchmark between trainings and tasks.
                let report = try Benchmark.run(BenchmarkOptions(models: models, tasks: tasks, seed: seed, quick: quick, copies: copies),
                                               version: "orrery", progress: { _ in try interpreter.checkInterrupt() })
                return table(report)
            } catch let e as ModelError {
                throw NativeError("benchmark failed: \(e.message)")
            }
        })
    }

    /// A list of strings (model or task names).
    static func strings(_ args: Arguments, at position: Int, what: String) throws -> [String] {
        try args.list(at: position).map { v -> String in
            guard case .string(let s) = v else { throw args.bad(position, "every \(what) must be a string, got \(v.typeName)") }
            return s
        }
    }

    /// One record per (metric, model): `{metric, task, model, unit, mean, lower, upper, scenes, copies,
    /// status, note, higher_is_better}`.
    static func table(_ report: BenchmarkReport) -> Value {
        var rows: [Value] = []
        for m in report.metrics {
            for c in m.cells {
                func num(_ x: Double?) -> Value { x.map { $0.isFinite ? .number($0) : .null } ?? .null }
                rows.append(.record([
                    "metric": .string(m.name), "task": .string(m.task), "model": .string(c.contender), "unit": .string(m.unit),
                    "mean": num(c.mean), "lower": num(c.lower), "upper": num(c.upper), "scenes": .number(Double(c.scenes)),
                    "copies": .number(Double(c.copies)), "status": c.status.map(Value.string) ?? .null,
                    "note": c.note.map(Value.string) ?? .null, "higher_is_better": .bool(m.higherIsBetter),
                ]))
            }
        }
        return .list(rows)
    }
}
