import Testing
@testable import OrreryLang
@testable import OrreryWorld

@Test func smoke() {
    #expect(sexpr("let x = 1 + 2 * 3") == "(let x (+ 1 (* 2 3)))")
}
