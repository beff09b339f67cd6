
// MARK: - Seeded randomness
//
// There is no global random function: `rng(seed)` returns a generator object, so
// every draw in a script comes from a seed the script names.

/// A seeded random generator: `g.uniform(a, b)`, `g.normal(m, s)`, `g.choice(list)`.
final class RandomGenerator: HostObject {
    var stream: RandomStream
    let seed: UInt64

    init(seed: UInt64) {
        self.seed = seed
        stream = RandomStream(seed: seed)
    }

    var typeName: String { "rng" }
    var description: String { "<rng seed \(seed)>" }
    func isEqual(to other: any HostObject) -> Bool { self === other }

    var memberNames: [String] { ["uniform", "normal", "choice", "int", "seed"] }

    func member(_ name: String) throws -> Value? {
        switch name {
        case "uniform":
            return .native(NativeFunction("uniform", parameters: ["low", "high"]) { args in
                let a = args.has(1) ? try args.number(at: 1) : 0
                let b = args.has(2) ? try args.number(at: 2) : 1
                return .number(self.stream.uniform(a, b))
            })
        case "normal":
            return .native(NativeFunction("normal", parameters: ["mean", "sd"]) { args in
                let m = args.has(1) ? try args.number(at: 1) : 0
                let s = args.has(2) ? try args.number(at: 2) : 1
                if s < 0 { throw args.bad(2, "standard deviation must not be negative") }
                return .number(self.stream.normal(m, s))
            })
        case "choice":
            return .native(NativeFunction("choice", parameters: ["list"]) { args in
                let items = try args.list(at: 1)
                if items.isEmpty { throw args.bad(1, "empty list") }
                return items[self.stream.index(below: items.count)]
            })
        case "int":
            return .native(NativeFunction("int", parameters: ["low", "high"]) { args in
                let lo = try args.integer(at: 1), hi = try args.integer(at: 2)
                if hi < lo { throw args.bad(2, "high is below low") }
                let (span, overflow) = (hi - lo).addingReportingOverflow(1)
                if overflow { throw args.bad(2, "range too large") }
                return .number(Double(lo + self.stream.index(below: span)))
            })
        case "seed":
            return .seed(seed)
        default:
            return nil
        }
    }
}

extension Builtins {
    static func installRandom(in interp: Interpreter) {
        interp.define(NativeFunction("rng", parameters: ["seed"]) { args in
            .object(RandomGenerator(seed: try args.seed(at: 1)))
        })
    }
}
