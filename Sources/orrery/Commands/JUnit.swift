// MARK: - JUnit XML

/// Test results in the JUnit XML format CI systems read: one `<testsuite>` per
/// script file, one `<testcase>` per test, a `<failure>` for each failed one.
struct JUnitReport {
    struct Case {
        var name: String
        /// nil when the test passed.
        var failureMessage: String?
        /// Why the case has no verdict here (a shard's part of a statistical test).
        var skippedMessage: String? = nil
    }

    struct Suite {
        var name: String
        var cases: [Case] = []
        var failures: Int { cases.filter { $0.failureMessage != nil }.count }
    }

    var suites: [Suite]

    func xml() -> String {
        let tests = suites.reduce(0) { $0 + $1.cases.count }
        let failures = suites.reduce(0) { $0 + $1.failures }
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<testsuites name="orrery" tests="\#(tests)" failures="\#(failures)">"#,
        ]
        for suite in suites {
            lines.append(#"  <testsuite name="\#(Self.escape(suite.name))" tests="\#(suite.cases.count)" failures="\#(suite.failures)">"#)
            for testCase in suite.cases {
                let open = #"    <testcase name="\#(Self.escape(testCase.name))" classname="\#(Self.escape(suite.name))""#
                if let skipped = testCase.skippedMessage {
                    lines.append(open + ">")
                    lines.append(#"      <skipped message="\#(Self.escape(skipped))"/>"#)
                    lines.append("    </testcase>")
                    continue
                }
                guard let message = testCase.failureMessage else {
                    lines.append(open + "/>")
                    continue
                }
                let headline = message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? "failed"
                lines.append(open + ">")
                lines.append(#"      <failure message="\#(Self.escape(headline))">\#(Self.escape(message))</failure>"#)
                lines.append("    </testcase>")
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

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
