import ArgumentParser
import Foundation

/// A number of bytes on the command line: `1048576`, or with a binary suffix `512K`,
/// `512M`, `1G` (also `KiB`/`MiB`/`GiB`, any case).
struct ByteCount: ExpressibleByArgument, CustomStringConvertible {
    var bytes: Int

    init(_ bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        var text = argument.trimmingCharacters(in: .whitespaces).uppercased()
        for suffix in ["IB", "B"] where text.hasSuffix(suffix) && text.count > suffix.count {
            text.removeLast(suffix.count)
            break
        }
        var scale = 1
        if let last = text.last, let power = ["K": 1, "M": 2, "G": 3, "T": 4][String(last)] {
            scale = 1 << (10 * power)
            text.removeLast()
        }
        guard let number = Int(text), number >= 0 else { return nil }
        let (product, overflow) = number.multipliedReportingOverflow(by: scale)
        guard !overflow else { return nil }
        bytes = product
    }

    var description: String {
        for (suffix, power) in [("G", 3), ("M", 2), ("K", 1)] where bytes > 0 && bytes % (1 << (10 * power)) == 0 {
            return "\(bytes >> (10 * power))\(suffix)"
        }
        return "\(bytes)"
    }

    var defaultValueDescription: String { description }
}
