/// The name of one segment's value, `orders[de]` or `orders[de, mobile]`: how expressions
/// read it, how outputs show it, and the name of its node once segments are flattened.
enum SegmentName {
    /// `orders[de, mobile]` as ("orders", ["de", "mobile"]); a plain name has no selectors.
    static func parse(_ name: String) -> (base: String, selectors: [String]) {
        guard let open = name.firstIndex(of: "["), name.hasSuffix("]") else { return (name, []) }
        let inner = name[name.index(after: open)..<name.index(before: name.endIndex)]
        return (String(name[..<open]), inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    /// `base[s1, s2]` with segments in the order of their dimensions.
    static func make(_ base: String, _ segments: [String]) -> String {
        segments.isEmpty ? base : "\(base)[\(segments.joined(separator: ", "))]"
    }

    /// The same name written the way outputs write it (`traffic[de,mobile]` -> `traffic[de, mobile]`).
    static func canonical(_ name: String) -> String {
        let (base, selectors) = parse(name)
        return make(base, selectors)
    }
}
