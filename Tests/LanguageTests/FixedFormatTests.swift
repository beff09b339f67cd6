import Foundation
import Testing
@testable import OrreryLang

// `fmt(x, digits)` writes through the C library into a stack buffer; it must agree
// with Foundation's `String(format: "%.Nf")`, which it replaced, on every input.
@Test func fixedDecimalsAgreeWithFoundationsFormatting() {
    var values: [Double] = [0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.375, 73999.625, 1e-300, 5e-324, 1e15 + 0.3,
                            123456789.987654321, 1e21, -1e21, 1.7976931348623157e308, -1.7976931348623157e308,
                            0.1, 0.2, 0.3, 1.005, 2.675, 9.995, -9.995]
    var stream = RandomStream(seed: 7)
    for _ in 0..<500 { values.append((stream.nextUnit() - 0.5) * pow(10, stream.uniform(-12, 20))) }
    for x in values {
        for digits in 0...20 {
            #expect(Builtins.fixed(x, digits: digits) == String(format: "%.\(digits)f", x), "\(x) with \(digits)")
        }
    }
}
