#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - Math and vectors

extension Builtins {
    static func installMath(in interp: Interpreter) {
        interp.define("pi", .number(Double.pi))
        interp.define("inf", .number(Double.infinity))
        // One call per function, not a table: a closure kept in an array of tuples is
        // stored generically, and every `sqrt(x)` would go through reabstraction thunks.
        func unary(_ name: String, _ f: @escaping (Double) -> Double) {
            interp.define(NativeFunction(name, number: f))
        }
        unary("sqrt") { $0.squareRoot() }
        unary("sin") { sin($0) }
        unary("cos") { cos($0) }
        unary("tan") { tan($0) }
        unary("exp") { exp($0) }
        unary("log") { log($0) }
        unary("floor") { $0.rounded(.down) }
        unary("ceil") { $0.rounded(.up) }
        unary("round") { $0.rounded(.toNearestOrAwayFromZero) }
        interp.define(NativeFunction("abs", parameters: ["x"]) { args in
            if case .vector(let v) = args.value(at: 1) { return .vector(Vec2(abs(v.x), abs(v.y))) }
            return .number(abs(try args.number(at: 1)))
        })
        interp.define(NativeFunction("atan2", parameters: ["y", "x"]) { args in
            .number(atan2(try args.number(at: 1), try args.number(at: 2)))
        })
        interp.define(NativeFunction("clamp", parameters: ["x", "low", "high"]) { args in
            let x = try args.number(at: 1), lo = try args.number(at: 2), hi = try args.number(at: 3)
            if lo > hi { throw args.bad(3, "high is below low") }
            return .number(min(max(x, lo), hi))
        })
        interp.define(extremum("min", <))
        interp.define(extremum("max", >))
        interp.define(NativeFunction("dot", parameters: ["a", "b"]) { args in
            .number(try args.vector(at: 1).dot(try args.vector(at: 2)))
        })
        interp.define(NativeFunction("cross", parameters: ["a", "b"]) { args in
            .number(try args.vector(at: 1).cross(try args.vector(at: 2)))
        })
        interp.define(NativeFunction("length", parameters: ["v"]) { args in
            .number(try args.vector(at: 1).length)
        })
        interp.define(NativeFunction("normalized", parameters: ["v"]) { args in
            .vector(try args.vector(at: 1).normalized)
        })
        interp.define(NativeFunction("distance", parameters: ["a", "b"]) { args in
            .number((try args.point(at: 1) - (try args.point(at: 2))).length)
        })
    }

    /// `min`/`max`: two or more numbers, or one list of numbers.
    static func extremum(_ name: String, _ better: @escaping (Double, Double) -> Bool) -> NativeFunction {
        NativeFunction(name, parameters: [], variadic: true) { args in
            var numbers: [Double]
            if args.count == 1, case .list = args.value(at: 1) {
                numbers = try args.numbers(at: 1)
                if numbers.isEmpty { throw args.bad(1, "empty list") }
            } else {
                numbers = []
                for i in 1...max(1, args.count) { numbers.append(try args.number(at: i)) }
            }
            var best = numbers[0]
            for x in numbers.dropFirst() where better(x, best) || x.isNaN { best = x }
            return .number(best)
        }
    }
}
