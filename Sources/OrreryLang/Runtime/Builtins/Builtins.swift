import Foundation

// The natives every script sees. Each group lives in its own file (`Builtins+Math`,
// `+Lists`, `+Strings`, `+Records`, `+Random`); the rest of the standard library is
// written in the language itself (Stdlib/prelude.orr).

enum Builtins {
    static func install(in interp: Interpreter) {
        installCore(in: interp)
        installMath(in: interp)
        installLists(in: interp)
        installStrings(in: interp)
        installRecords(in: interp)
        installRandom(in: interp)
    }

    // MARK: - Core

    static func installCore(in interp: Interpreter) {
        // The run's seed (`--seed`), so scripts can derive their generators from it.
        interp.define("seed", .seed(interp.seed))
        interp.define(NativeFunction("print", parameters: [], variadic: true) { args in
            args.interpreter.printLine(args.values.map { $0.description }.joined(separator: " "))
            return .null
        })
        interp.define(NativeFunction("type", parameters: ["value"]) { args in
            guard args.count >= 1 else { throw args.bad(1, expected: "value") }
            return .string(args.value(at: 1).typeName)
        })
        interp.define(NativeFunction("str", parameters: ["value"]) { args in
            guard args.count >= 1 else { throw args.bad(1, expected: "value") }
            return .string(args.value(at: 1).description)
        })
        interp.define(NativeFunction("num", parameters: ["string"]) { args in
            let s = try args.string(at: 1)
            let trimmed = s.trimmingCharacters(in: .whitespaces)
            if let d = Double(trimmed.replacingOccurrences(of: "_", with: "")) { return .number(d) }
            return .null
        })
    }
}
