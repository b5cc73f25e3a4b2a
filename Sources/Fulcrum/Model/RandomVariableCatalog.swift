/// Stable identities of a scenario's random variables.
///
/// A variable's id is a hash of where it stands ("inputs.traffic#0"), not of its position
/// in the file, so adding or editing one assumption leaves every other draw unchanged:
/// two versions of a scenario in git compare without extra sampling noise.
struct RandomVariableCatalog {
    private(set) var used: Set<UInt32> = []
    private var shared: [String: UInt32] = [:]

    /// The id for the `occurrence`-th random call in the formula at `path`. With `sharing`,
    /// formulas compiled under the same path get the same ids: one draw that several nodes
    /// use, as an effect on every segment of a name.
    mutating func identity(path: String, occurrence: Int, sharing: Bool = false) -> UInt32 {
        let key = "\(path)#\(occurrence)"
        if sharing, let id = shared[key] { return id }
        var id = Self.fnv1a(key)
        while !used.insert(id).inserted { id &+= 0x9E37_79B9 }
        if sharing { shared[key] = id }
        return id
    }

    static func fnv1a(_ text: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash &*= 0x0100_0193
        }
        return hash
    }

    /// True for an expression that is one distribution call or one `A to B`.
    static func isSingleDistribution(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .interval: true
        case .call(let name, _): DistributionFamily(rawValue: name) != nil
        default: false
        }
    }
}
