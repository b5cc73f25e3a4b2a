/// A seed as written in a scenario or on the command line.
///
/// A seed names a stream of draws rather than measuring anything, so it is read exactly:
/// written in digits (grouped with `_` if wanted), every value from 0 to 2^64 - 1 is
/// itself, where reading it as a `Double` would quietly run, and report, a neighbour of any
/// seed above 2^53. Other notations (`1e6`) mean the number they mean everywhere else.
public enum Seed {
    public static let range = "a whole number from 0 to 18_446_744_073_709_551_615"

    /// Nil when `text` is not a number, or not a whole number in `range`.
    public static func parse(_ text: String) -> UInt64? {
        guard let value = Scalar.number(text) else { return nil }
        let digits = text.filter { $0 != "_" }
        if digits.allSatisfy({ $0.isASCII && $0.isNumber }) { return UInt64(digits) }
        guard value == value.rounded(), value >= 0, value < 0x1p64 else { return nil }
        return UInt64(value)
    }
}
