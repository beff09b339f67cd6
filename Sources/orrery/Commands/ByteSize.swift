import ArgumentParser
import OrreryLang

/// A size on the command line (`--max-output`, `--max-memory`): bytes, or with a
/// binary suffix `512K`, `512M`, `1G` (also `KiB`/`MiB`/`GiB`, any case), read by the
/// language's one size parser, `ByteCount.parse`.
struct ByteSize: ExpressibleByArgument, CustomStringConvertible {
    var bytes: Int

    init(_ bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        guard let bytes = ByteCount.parse(argument) else { return nil }
        self.bytes = bytes
    }

    var description: String {
        for (suffix, power) in [("G", 3), ("M", 2), ("K", 1)] where bytes > 0 && bytes % (1 << (10 * power)) == 0 {
            return "\(bytes >> (10 * power))\(suffix)"
        }
        return "\(bytes)"
    }

    var defaultValueDescription: String { description }
}
