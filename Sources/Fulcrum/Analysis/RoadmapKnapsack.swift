/// The best set of features within a budget when values add up: a 0/1 knapsack with
/// precedence (`requires`) and exclusion constraints and up to two limits (effort, and
/// money when features have a cost), solved exactly by branch and bound.
///
/// Greedy value per effort is wrong under constraints (a cheap prerequisite of no value of
/// its own unlocks a valuable feature), so every branch propagates the constraints, and a
/// branch is cut only when a fractional-knapsack bound over its undecided features of
/// positive value cannot beat the best set found. Each limit alone gives such a bound
/// (dropping the other limit and the constraints only adds options); the smaller is used.
///
/// Near-equal values per effort can make the search exponential (hundreds of features never
/// finished), so it stops after `nodeLimit` branches with the best set found and a proven
/// upper bound on the optimum: the largest bound of the branches it did not explore.
struct RoadmapKnapsack {
    /// Branches explored before the search settles for its best set and a bound.
    static let nodeLimit = 200_000

    struct Solution {
        var items: [Int]
        var value: Double
        var effort: Double
        /// No feasible set is worth more; equal to `value` when the search finished.
        var upperBound: Double
        var isProvenOptimal: Bool
    }

    struct Item {
        var value: Double
        var effort: Double
        var cost: Double = 0
        /// Items that must be taken with this one (transitively closed by the solver).
        var requires: [Int]
        var excludes: [Int]
    }

    let items: [Item]
    let budget: Double
    let costBudget: Double
    let nodeLimit: Int
    private let closure: [[Int]]
    /// The items whose closure holds each item: refusing it refuses them.
    private let dependents: [[Int]]
    /// The items each item excludes or is excluded by.
    private let conflicts: [[Int]]
    private let order: [Int]
    private let costOrder: [Int]

    typealias State = (value: Double, effort: Double, cost: Double)

    init(items: [Item], budget: Double, costBudget: Double = .infinity, nodeLimit: Int = Self.nodeLimit) {
        self.items = items
        self.nodeLimit = nodeLimit
        self.budget = budget
        self.costBudget = costBudget
        closure = items.indices.map { start in
            var seen: Set<Int> = [start], pending = [start]
            while let next = pending.popLast() {
                for required in items[next].requires where seen.insert(required).inserted { pending.append(required) }
            }
            return seen.sorted()
        }
        var dependents = [[Int]](repeating: [], count: items.count)
        for (item, members) in closure.enumerated() { for member in members { dependents[member].append(item) } }
        self.dependents = dependents
        var conflicts = [Set<Int>](repeating: [], count: items.count)
        for (item, excluded) in items.enumerated() {
            for other in excluded.excludes where other != item && items.indices.contains(other) {
                conflicts[item].insert(other)
                conflicts[other].insert(item)
            }
        }
        self.conflicts = conflicts.map { $0.sorted() }
        order = Self.byRatio(items, \.effort)
        costOrder = Self.byRatio(items, \.cost)
    }

    private static func byRatio(_ items: [Item], _ weight: KeyPath<Item, Double>) -> [Int] {
        func ratio(_ item: Item) -> Double {
            let w = item[keyPath: weight]
            return w > 0 ? item.value / w : (item.value > 0 ? .infinity : (item.value == 0 ? 0 : -.infinity))
        }
        return items.indices.sorted { a, b in
            let (ra, rb) = (ratio(items[a]), ratio(items[b]))
            return ra != rb ? ra > rb : a < b
        }
    }

    private func fits(_ state: State) -> Bool {
        state.effort <= budget + 1e-9 * max(1, budget) && state.cost <= costBudget + 1e-9 * max(1, costBudget)
    }

    private enum Status { case open, taken, refused }

    /// The branches explored, the best set found, and the largest bound of a branch cut
    /// short by the node limit.
    private struct Search {
        var nodes = 0
        var best: (items: [Int], value: Double, effort: Double)
        var unexplored = -Double.infinity
    }

    /// The best feasible set, taking every item of `forced` and none of `forbidden`, or nil
    /// when those demands cannot be met within the budget.
    func solve(forced: Set<Int> = [], forbidden: Set<Int> = []) -> Solution? {
        var status = [Status](repeating: .open, count: items.count)
        var state: State = (0, 0, 0)
        for index in forbidden.sorted() where !refuse(index, &status) { return nil }
        for index in forced.sorted() where !take(index, &status, &state) { return nil }
        guard fits(state) else { return nil }
        var search = Search(best: (items.indices.filter { status[$0] == .taken }, state.value, state.effort))
        explore(status, state, &search)
        let best = search.best
        return Solution(items: best.items.sorted(), value: best.value, effort: best.effort,
                        upperBound: max(best.value, search.unexplored), isProvenOptimal: search.unexplored <= best.value + 1e-12)
    }

    private func explore(_ status: [Status], _ state: State, _ search: inout Search) {
        if state.value > search.best.value + 1e-12 || (abs(state.value - search.best.value) <= 1e-12 && state.effort < search.best.effort) {
            search.best = (items.indices.filter { status[$0] == .taken }, state.value, state.effort)
        }
        guard let next = order.first(where: { status[$0] == .open }) else { return }
        let bound = min(bound(status, state.value, room: budget - state.effort, order, \.effort),
                        bound(status, state.value, room: costBudget - state.cost, costOrder, \.cost))
        guard bound > search.best.value + 1e-12 else { return }
        guard search.nodes < nodeLimit else {
            search.unexplored = max(search.unexplored, bound)
            return
        }
        search.nodes += 1
        var taking = status, taken = state
        if take(next, &taking, &taken), fits(taken) {
            explore(taking, taken, &search)
        }
        var refusing = status
        if refuse(next, &refusing) {
            explore(refusing, state, &search)
        }
    }

    /// Current value plus the fractional knapsack over open items of positive value, for
    /// one limit (`order` sorts by value per unit of `weight`).
    private func bound(_ status: [Status], _ current: Double, room: Double, _ order: [Int], _ weight: KeyPath<Item, Double>) -> Double {
        var value = current, room = room
        for index in order where status[index] == .open && items[index].value > 0 {
            let item = items[index], w = item[keyPath: weight]
            if w <= room {
                value += item.value
                room -= w
            } else {
                value += item.value * room / w
                break
            }
        }
        return value
    }

    /// Takes an item with everything it requires; false if that breaks a constraint.
    private func take(_ index: Int, _ status: inout [Status], _ state: inout State) -> Bool {
        for member in closure[index] {
            switch status[member] {
            case .refused: return false
            case .taken: continue
            case .open:
                status[member] = .taken
                state.value += items[member].value
                state.effort += items[member].effort
                state.cost += items[member].cost
            }
        }
        for member in closure[index] {
            for other in conflicts[member] {
                if status[other] == .taken { return false }
                if status[other] == .open, !refuse(other, &status) { return false }
            }
        }
        return true
    }

    /// Refuses an item and everything that requires it; false if one of those is taken.
    private func refuse(_ index: Int, _ status: inout [Status]) -> Bool {
        for other in dependents[index] {
            if status[other] == .taken { return false }
            status[other] = .refused
        }
        return true
    }
}
