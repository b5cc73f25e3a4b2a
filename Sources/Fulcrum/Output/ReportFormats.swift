/// The four output formats of every report, from its document (terminal or Markdown), JSON
/// and CSV builders: provenance ends the text as a line and the JSON as its last key, and CSV
/// stays one row per record. One place, so that no report can forget it.
enum ReportFormats {
    static func render(_ format: OutputFormat, provenance: Provenance?, document: () -> ReportDocument,
                       json: () -> JSONValue, csv: () -> String) -> String {
        switch format {
        case .table: ended(document().render(markdown: false), provenance?.line(markdown: false))
        case .markdown: ended(document().render(markdown: true), provenance?.line(markdown: true))
        case .json: json().with(provenance).serialized() + "\n"
        case .csv: csv()
        }
    }

    /// The report and its provenance one blank line apart, however the report ended.
    private static func ended(_ report: String, _ provenance: String?) -> String {
        guard let provenance else { return report }
        var trimmed = Substring(report)
        while trimmed.hasSuffix("\n\n") { trimmed = trimmed.dropLast() }
        return trimmed + provenance
    }
}
