import Foundation

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
                    lines.append(#"      <failure message="\#(Self.escape(message))">\#(Self.escape(text))</failure>"#)
                case .error(let type, let message, let text):
                    lines.append(open + ">")
                    lines.append(#"      <error type="\#(type)" message="\#(Self.escape(message))">\#(Self.escape(text))</error>"#)
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

    /// Escapes text for an XML attribute or element, dropping control characters
    /// XML 1.0 cannot carry at all.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            case "\r": out += "&#13;"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
