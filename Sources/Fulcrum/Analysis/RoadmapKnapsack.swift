/// The best set of features within a budget when values add up: a 0/1 knapsack with
/// precedence (`requires`) and exclusion constraints, solved exactly by branch and bound.
///
/// Greedy value per effort is wrong under constraints (a cheap prerequisite of no value of
/// its own unlocks a valuable feature), so every branch propagates the constraints, and a
/// branch is cut only when the fractional-knapsack bound over its undecided features of
/// positive value (an upper bound, since constraints only remove options) cannot beat the
/// best set found.
struct RoadmapKnapsack {
    struct Item {
        var value: Double
        var effort: Double
        /// Items that must be taken with this one (transitively closed by the solver).
        var requires: [Int]
        var excludes: [Int]
    }

    let items: [Item]
    let budget: Double
    private let closure: [[Int]]
    private let order: [Int]

    init(items: [Item], budget: Double) {
        self.items = items
        self.budget = budget
        closure = items.indices.map { start in
            var seen: Set<Int> = [start], pending = [start]
            while let next = pending.popLast() {
                for required in items[next].requires where seen.insert(required).inserted { pending.append(required) }
            }
            return seen.sorted()
        }
        order = items.indices.sorted { a, b in
            let (ra, rb) = (Self.ratio(items[a]), Self.ratio(items[b]))
            return ra != rb ? ra > rb : a < b
        }
    }

    private static func ratio(_ item: Item) -> Double {
        item.effort > 0 ? item.value / item.effort : (item.value > 0 ? .infinity : (item.value == 0 ? 0 : -.infinity))
    }

    private enum Status { case open, taken, refused }

    /// The best feasible set, taking every item of `forced` and none of `forbidden`, or nil
    /// when those demands cannot be met within the budget.
    func solve(forced: Set<Int> = [], forbidden: Set<Int> = []) -> (items: [Int], value: Double, effort: Double)? {
        var status = [Status](repeating: .open, count: items.count)
        var state = (value: 0.0, effort: 0.0)
        for index in forbidden where !refuse(index, &status) { return nil }
        for index in forced where !take(index, &status, &state) { return nil }
        guard state.effort <= budget + 1e-9 else { return nil }
        var best: (items: [Int], value: Double, effort: Double) = (items.indices.filter { status[$0] == .taken }, state.value, state.effort)
        search(status, state, &best)
        return (best.items.sorted(), best.value, best.effort)
    }

    private func search(_ status: [Status], _ state: (value: Double, effort: Double), _ best: inout (items: [Int], value: Double, effort: Double)) {
        if state.value > best.value + 1e-12 || (abs(state.value - best.value) <= 1e-12 && state.effort < best.effort) {
            best = (items.indices.filter { status[$0] == .taken }, state.value, state.effort)
        }
        guard let next = order.first(where: { status[$0] == .open }) else { return }
        guard bound(status, state) > best.value + 1e-12 else { return }
        var taking = status, taken = state
        if take(next, &taking, &taken), taken.effort <= budget + 1e-9 {
            search(taking, taken, &best)
        }
        var refusing = status
        if refuse(next, &refusing) {
            search(refusing, state, &best)
        }
    }

    /// Current value plus the fractional knapsack over open items of positive value.
    private func bound(_ status: [Status], _ state: (value: Double, effort: Double)) -> Double {
        var value = state.value, room = budget - state.effort
        for index in order where status[index] == .open && items[index].value > 0 {
            let item = items[index]
            if item.effort <= room {
                value += item.value
                room -= item.effort
            } else {
                value += item.value * room / item.effort
                break
            }
        }
        return value
    }

    /// Takes an item with everything it requires; false if that breaks a constraint.
    private func take(_ index: Int, _ status: inout [Status], _ state: inout (value: Double, effort: Double)) -> Bool {
        for member in closure[index] {
            switch status[member] {
            case .refused: return false
            case .taken: continue
            case .open:
                status[member] = .taken
                state.value += items[member].value
                state.effort += items[member].effort
            }
        }
        for member in closure[index] {
            for other in items.indices where items[member].excludes.contains(other) || items[other].excludes.contains(member) {
                if status[other] == .taken { return false }
                if status[other] == .open, !refuse(other, &status) { return false }
            }
        }
        return true
    }

    /// Refuses an item and everything that requires it; false if one of those is taken.
    private func refuse(_ index: Int, _ status: inout [Status]) -> Bool {
        for other in items.indices where closure[other].contains(index) {
            if status[other] == .taken { return false }
            status[other] = .refused
        }
        return true
    }
}
