/// Orders nodes so that each comes after the nodes it depends on, or finds a cycle.
enum DependencyOrder {
    /// `dependencies[i]` lists the nodes node i reads. Returns an order of all nodes, or the
    /// nodes of one cycle in dependency order (a -> b -> a is returned as [a, b]).
    static func sort(count: Int, dependencies: [[Int]]) -> Result<[Int], CycleError> {
        enum Mark { case unvisited, active, done }
        var marks = [Mark](repeating: .unvisited, count: count)
        var order: [Int] = []
        order.reserveCapacity(count)
        for root in 0..<count where marks[root] == .unvisited {
            // Iterative depth-first search: a long chain of metrics must not exhaust the stack.
            var stack: [(node: Int, next: Int)] = [(root, 0)]
            marks[root] = .active
            while let top = stack.last {
                let deps = dependencies[top.node]
                if top.next < deps.count {
                    stack[stack.count - 1].next += 1
                    let dep = deps[top.next]
                    switch marks[dep] {
                    case .unvisited:
                        marks[dep] = .active
                        stack.append((dep, 0))
                    case .active:
                        let start = stack.firstIndex { $0.node == dep }!
                        return .failure(CycleError(nodes: stack[start...].map(\.node)))
                    case .done:
                        break
                    }
                } else {
                    marks[top.node] = .done
                    order.append(top.node)
                    stack.removeLast()
                }
            }
        }
        return .success(order)
    }

    struct CycleError: Error {
        var nodes: [Int]
    }
}
