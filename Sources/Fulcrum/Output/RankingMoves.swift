/// How features moved between two rankings, as "id 2 -> 5" (1-based), in the later order;
/// features absent from either ranking are left out.
enum RankingMoves {
    static func between(_ before: [String], _ after: [String]) -> [String] {
        after.enumerated().compactMap { now, id in
            guard let then = before.firstIndex(of: id), then != now else { return nil }
            return "\(id) \(then + 1) -> \(now + 1)"
        }
    }
}
