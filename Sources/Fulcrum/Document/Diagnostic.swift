/// One problem in a scenario, reported as `FILE:LINE:COLUMN: error: message`.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): error: \(message)" }
}

/// Every problem found in one pass, so that a user fixes a file in one round trip.
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
    public var all: [Diagnostic]

    public init(_ all: [Diagnostic]) {
        self.all = all.sorted { $0.location < $1.location }
    }

    public var description: String { all.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics while a pass carries on past the first problem.
struct DiagnosticLog {
    private(set) var diagnostics: [Diagnostic] = []

    var isEmpty: Bool { diagnostics.isEmpty }

    mutating func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(message, at: location))
    }

    mutating func record(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    mutating func record(_ other: Diagnostics) {
        diagnostics.append(contentsOf: other.all)
    }

    /// Throws everything collected so far, if anything.
    func check() throws(Diagnostics) {
        if !diagnostics.isEmpty { throw Diagnostics(diagnostics) }
    }
}
