import Foundation
import OrreryLang

// MARK: - JUnit XML

/// Test results in the JUnit XML format CI systems read: one `<testsuite>` per script
/// file, sorted by path (the same report whatever order the files were given in), one
/// `<testcase>` per test with its `time` in seconds, and in it a `<failure>` for a failed
/// expect or a missed rate, an `<error>` for a runtime or syntax error, or `<skipped>`
/// for a shard's part of a statistical test.
struct JUnitReport {
    struct Case {
        enum Outcome {
            case passed
            /// `message` is the headline (a statistical test's rate, interval and threshold);
            /// `text` everything that says why.
            case failure(message: String, text: String)
            /// `type` is `runtime error` or `syntax error`.
            case error(type: String, message: String, text: String)
            case skipped(message: String)
        }

        var name: String
        var seconds: Double
        var outcome: Outcome
    }

    struct Suite {
        var name: String
        var cases: [Case] = []

        func count(_ kind: (Case.Outcome) -> Bool) -> Int { cases.filter { kind($0.outcome) }.count }
        var failures: Int { count { if case .failure = $0 { true } else { false } } }
        var errors: Int { count { if case .error = $0 { true } else { false } } }
        var skipped: Int { count { if case .skipped = $0 { true } else { false } } }
        var seconds: Double { cases.reduce(0) { $0 + $1.seconds } }
    }

    var suites: [Suite]
    /// The `<testsuites>` name; a partial merge says what it lacks there.
    var name = "orrery"

    func xml() -> String {
        let ordered = suites.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        func sum(_ count: (Suite) -> Int) -> Int { ordered.reduce(0) { $0 + count($1) } }
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<testsuites name="\#(Self.escape(name))" tests="\#(sum { $0.cases.count })" failures="\#(sum(\.failures))" errors="\#(sum(\.errors))" skipped="\#(sum(\.skipped))" time="\#(Self.time(ordered.reduce(0) { $0 + $1.seconds }))">"#,
        ]
        for suite in ordered {
            lines.append(#"  <testsuite name="\#(Self.escape(suite.name))" tests="\#(suite.cases.count)" failures="\#(suite.failures)" errors="\#(suite.errors)" skipped="\#(suite.skipped)" time="\#(Self.time(suite.seconds))">"#)
            for testCase in suite.cases {
                let open = #"    <testcase name="\#(Self.escape(testCase.name))" classname="\#(Self.escape(suite.name))" time="\#(Self.time(testCase.seconds))""#
                switch testCase.outcome {
                case .passed:
                    lines.append(open + "/>")
                    continue
                case .failure(let message, let text):
                    lines.append(open + ">")
                    lines.append(#"      <failure message="\#(Self.escape(message))">\#(MarkupText.escaped(text))</failure>"#)
                case .error(let type, let message, let text):
                    lines.append(open + ">")
                    lines.append(#"      <error type="\#(type)" message="\#(Self.escape(message))">\#(MarkupText.escaped(text))</error>"#)
                case .skipped(let message):
                    lines.append(open + ">")
                    lines.append(#"      <skipped message="\#(Self.escape(message))"/>"#)
                }
                lines.append("    </testcase>")
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Seconds with millisecond precision, as JUnit readers expect (`0.125`).
    static func time(_ seconds: Double) -> String { String(format: "%.3f", seconds) }

    /// An attribute value through the one markup escaper (newlines as character references).
    static func escape(_ text: String) -> String { MarkupText.escaped(text, inAttribute: true) }
}
