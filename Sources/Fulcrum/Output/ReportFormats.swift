/// The output formats of every report, from its document (terminal or Markdown), JSON, CSV
/// and chart builders: provenance ends the text as a line, the JSON as its last key and the
/// picture as a footer, and CSV stays one row per record. One place, so that no report can
/// forget it.
enum ReportFormats {
    /// `charts` is nil for a report that draws none; the command line refuses `--format svg`
    /// for those before any work is done.
    static func render(_ format: OutputFormat, provenance: Provenance?, document: () -> ReportDocument,
                       json: () -> JSONValue, csv: () -> String, charts: (() -> [Chart])? = nil) -> String {
        switch format {
        case .svg:
            guard let charts else { preconditionFailure("the command line offers --format svg only where there are charts") }
            return SVGChart.document(charts(), footer: provenance?.sentence)
        case .table: return ended(document().render(markdown: false), provenance?.line(markdown: false))
        case .markdown: return ended(document().render(markdown: true), provenance?.line(markdown: true))
        case .json: return json().with(provenance).serialized() + "\n"
        case .csv: return csv()
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
