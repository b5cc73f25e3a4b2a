import Foundation

/// How a command writes its results.
public enum OutputFormat: String, CaseIterable, Sendable {
    case table, json, csv, markdown
    /// The command's charts as one SVG picture (simulate, rank, compare, optimize, sensitivity, tree).
    case svg
}

/// CSV per RFC 4180: fields with commas, quotes or line breaks are quoted.
enum CSV {
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",")
    }
}
