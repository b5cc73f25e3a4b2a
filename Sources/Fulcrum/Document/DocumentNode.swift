/// A YAML node with the source positions that every later diagnostic points at.
///
/// Scenario loading reads this tree rather than Yams' own so that types are checked by
/// the scenario layer (with the key named in the error), not coerced by a YAML resolver.
public indirect enum DocumentNode: Sendable {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence([DocumentNode], SourceLocation)

    public struct Scalar: Sendable {
        public var text: String
        public var location: SourceLocation
        /// Where character 0 of `text` stands, when the scalar sits on one line as written;
        /// nil for block and multi-line scalars, whose characters do not map to one line.
        public var textStart: SourceLocation?
        /// True for quoted and block scalars: `""` is an empty value, where a bare key with
        /// nothing after it is an empty section.
        public var isQuoted: Bool

        /// The location of the character at `offset` in `text`, as precisely as known.
        public func location(ofOffset offset: Int) -> SourceLocation {
            textStart?.advanced(by: offset) ?? location
        }
    }

    public struct Mapping: Sendable {
        public struct Entry: Sendable {
            public var key: String
            public var keyLocation: SourceLocation
            public var value: DocumentNode
        }

        public var entries: [Entry]
        public var location: SourceLocation

        public subscript(key: String) -> Entry? {
            entries.first { $0.key == key }
        }
    }

    public var location: SourceLocation {
        switch self {
        case .scalar(let scalar): scalar.location
        case .mapping(let mapping): mapping.location
        case .sequence(_, let location): location
        }
    }

    /// What a user calls this kind of node in an error message.
    public var kindName: String {
        switch self {
        case .scalar: "a value"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}
