// MARK: - Records

extension Builtins {
    static func installRecords(in interp: Interpreter) {
        interp.define(NativeFunction("keys", parameters: ["record"]) { args in
            .list(try args.record(at: 1).keys.map { .string($0) })
        })
        interp.define(NativeFunction("values", parameters: ["record"]) { args in
            .list(try args.record(at: 1).values)
        })
        interp.define(NativeFunction("has", parameters: ["record", "key"]) { args in
            let r = try args.record(at: 1)
            return .bool(r[try args.string(at: 2)] != nil)
        })
    }
}
