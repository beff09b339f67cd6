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

// The integer path (`Builtins.fixedExactly`: up to 3 decimals, |x| < 2^53) must print
// what the C library prints, ties included: exact halves round to even on the binary value.
@Test func fixedDecimalsInIntegersAgreeWithTheCLibrary() {
    var values: [Double] = [0, -0.0, 0.5, 1.5, 2.5, 3.5, -0.5, -2.5, 0.125, 0.375, 0.0625, 1.0005, 2.675, 0.045,
                            -0.004, -0.0004, 4503599627370495.5, 4503599627370497, 9007199254740991, -9007199254740991,
                            5e-324, 2.2250738585072014e-308, 1e-5, 999.9995, 0.9995, 9.9995]
    // Exact ties at every scale: k / 2^j for small k and j.
    for j in 1...12 {
        for k in stride(from: -64, through: 64, by: 1) { values.append(Double(k) / Double(1 << j)) }
    }
    var stream = RandomStream(seed: 11)
    for _ in 0..<3000 { values.append((stream.nextUnit() - 0.5) * pow(10, stream.uniform(-8, 16))) }
    for i in 0..<2000 { values.append(Double(i) * 0.37) }
    for x in values {
        for digits in 0...3 {
            #expect(Builtins.fixedExactly(x, digits: digits) == String(format: "%.\(digits)f", x), "\(x) with \(digits)")
        }
    }
    #expect(Builtins.fixedExactly(1e16, digits: 2) == nil)
    #expect(Builtins.fixedExactly(0.5, digits: 4) == nil)
    #expect(Builtins.fixedExactly(.nan, digits: 2) == nil)
}
