/// The four output formats of every report, from its text (terminal or Markdown), JSON and
/// CSV builders: provenance ends the text as a line and the JSON as its last key, and CSV
/// stays one row per record. One place, so that no report can forget it.
enum ReportFormats {
    static func render(_ format: OutputFormat, provenance: Provenance?, text: (_ markdown: Bool) -> String,
                       json: () -> JSONValue, csv: () -> String) -> String {
        switch format {
        case .table: text(false) + (provenance?.line(markdown: false) ?? "")
        case .markdown: text(true) + (provenance?.line(markdown: true) ?? "")
        case .json: json().with(provenance).serialized() + "\n"
        case .csv: csv()
        }
    }
}
