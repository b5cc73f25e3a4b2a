import Foundation

/// Numbers as people read them in a table: thousands separators, as many decimals as
/// the magnitude deserves.
public enum NumberFormat {
    /// Decimals that show about four significant digits of a value of this magnitude.
    public static func decimals(forMagnitude magnitude: Double) -> Int {
        let m = abs(magnitude)
        if !m.isFinite || m >= 1000 { return 0 }
        if m >= 100 { return 1 }
        if m >= 1 { return 2 }
        if m == 0 { return 2 }
        return min(8, Int((-log10(m)).rounded(.down)) + 3)
    }

    public static func grouped(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "n/a" : (x > 0 ? "inf" : "-inf") }
        let text = String(format: "%.\(decimals)f", abs(x))
        let parts = text.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        var groups: [String] = []
        while integer.count > 3 {
            groups.insert(String(integer.suffix(3)), at: 0)
            integer.removeLast(3)
        }
        groups.insert(integer, at: 0)
        let sign = x < 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "-" : ""
        return sign + groups.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// Whole numbers without decimals (an effort of 5 reads "5"), others by magnitude.
    public static func auto(_ x: Double) -> String {
        grouped(x, decimals: x == x.rounded() && abs(x) < 1e15 ? 0 : decimals(forMagnitude: x))
    }

    /// With an explicit plus for positive values: a change, a contribution.
    public static func signed(_ x: Double, decimals: Int) -> String {
        let text = grouped(x, decimals: decimals)
        return x > 0 && text.contains(where: { $0 != "0" && $0 != "." && $0 != "," }) ? "+" + text : text
    }

    /// A probability as a percentage: "23.4%", "<0.1%", ">99.9%".
    public static func percent(_ p: Double) -> String {
        guard p.isFinite else { return "n/a" }
        if p > 0 && p < 0.001 { return "<0.1%" }
        if p < 1 && p > 0.999 { return ">99.9%" }
        return String(format: "%.1f%%", p * 100)
    }

    /// Plain machine-readable text for CSV: full precision, no separators.
    public static func plain(_ x: Double) -> String {
        guard x.isFinite else { return "" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return "\(x)"
    }
}
