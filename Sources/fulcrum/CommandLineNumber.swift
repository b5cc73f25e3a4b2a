import ArgumentParser
import Fulcrum

/// Numbers on the command line are written as in a scenario file (`16_000_000`, `1e5`,
/// `2.5%`), so that a value copied from one to the other means the same; NaN and infinity
/// are refused, as the file refuses them.
enum CommandLineNumber {
    static func real(_ text: String) throws -> Double {
        guard let value = Scalar.number(text) else {
            throw ValidationError("'\(text)' is not a number; write it as in a scenario file, for example 16_000_000, 1e5 or 2.5%")
        }
        guard value.isFinite else { throw ValidationError("'\(text)' is not a finite number") }
        return value
    }

    static func whole(_ text: String) throws -> Int {
        let value = try real(text)
        guard value == value.rounded(), abs(value) < 0x1p62 else { throw ValidationError("'\(text)' is not a whole number") }
        return Int(value)
    }

    static func seed(_ text: String) throws -> UInt64 {
        guard let seed = Seed.parse(text) else { throw ValidationError("a seed is \(Seed.range), got '\(text)'") }
        return seed
    }
}
