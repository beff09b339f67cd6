import Testing
@testable import OrreryLang
@testable import OrreryWorld

/// Every host object lists the members it answers (`memberNames`, the candidates of
/// "did you mean" after `r.finall`): each listed name must be one it answers.
@Suite struct MemberNamesTests {
    @Test func everyListedMemberIsAnswered() throws {
        var collected: [Value] = []
        var domains = world
        domains.append { interp in
            interp.define(NativeFunction("collect", parameters: ["value"]) { args in
                collected.append(args.value(at: 1))
                return .null
            })
        }
        let source = """
            import "std/priors"
            let w = scene "w" {
              ground at 0
              ball a at (0, 0.5) velocity (2, 0)
              box b at (3, 0.5)
              region goal at (6, 1) size (2, 2)
            }
            let r = rollout(physics, w, steps: 20)
            collect(w); collect(w.a); collect(r); collect(r.final); collect(r.final.a); collect(contact(a, b))
            collect(frame(r)); collect(rng(1)); collect(no_overlap)
            collect(counterfactual(r, at: 5) { remove b })
            let kept = rollout(physics, w, steps: 10, priors: [no_overlap])
            collect(kept); collect(kept.report)
            collect(window(k: 2, hidden: 4)); collect(dataset([w], n: 2, steps: 5)); collect(plot([1, 2, 3]))
            """
        let engine = Engine(output: CollectingOutput(), extensions: domains)
        let report = engine.run(path: "t.orr", source: source)
        guard case .success = report.outcome else {
            Issue.record("the script failed: \(report.outcome)")
            return
        }
        #expect(collected.count == 15)
        for value in collected {
            guard case .object(let o) = value else { continue }
            #expect(!o.memberNames.isEmpty, "\(o.typeName) lists no members")
            for name in o.memberNames {
                #expect(try o.member(name) != nil, "\(o.typeName) lists '\(name)' but does not answer it")
            }
        }
    }
}
