import OrreryLang

// MARK: - JUnit XML

/// Test results in the JUnit XML format CI systems read: one `<testsuite>` per
/// script file, one `<testcase>` per test, a `<failure>` for each failed one.
struct JUnitReport {
    struct Case {
        var name: String
        /// nil when the test passed.
        var failureMessage: String?
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
            lines.append(#"  <testsuite name="\#(MarkupText.escaped(suite.name, inAttribute: true))" tests="\#(suite.cases.count)" failures="\#(suite.failures)">"#)
            for testCase in suite.cases {
                let open = #"    <testcase name="\#(MarkupText.escaped(testCase.name, inAttribute: true))" classname="\#(MarkupText.escaped(suite.name, inAttribute: true))""#
                guard let message = testCase.failureMessage else {
                    lines.append(open + "/>")
                    continue
                }
                let headline = message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? "failed"
                lines.append(open + ">")
                lines.append(#"      <failure message="\#(MarkupText.escaped(headline, inAttribute: true))">\#(MarkupText.escaped(message))</failure>"#)
                lines.append("    </testcase>")
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }
}
