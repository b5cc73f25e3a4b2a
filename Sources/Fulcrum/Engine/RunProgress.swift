import Synchronization

/// How far a long run is, for whoever shows it (the command line, on a terminal). A command
/// may make several passes over the samples (rank, stress, optimize); each is numbered.
public enum RunProgress {
    public typealias Observer = @Sendable (_ pass: Int, _ fraction: Double) -> Void

    private static let state = Mutex<(observer: Observer?, pass: Int)>((nil, 0))

    public static func observe(_ observer: Observer?) {
        state.withLock { $0 = (observer, 0) }
    }

    static func beginPass() -> Int {
        state.withLock { current in
            current.pass += 1
            return current.pass
        }
    }

    static func report(pass: Int, fraction: Double) {
        let observer = state.withLock { $0.observer }
        observer?(pass, fraction)
    }
}
