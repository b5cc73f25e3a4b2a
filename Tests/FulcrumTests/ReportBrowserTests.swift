import Foundation
import Testing

/// Every shipped scenario's report opened in headless Chromium (Debian's `chromium`, which
/// `make test` installs): no script or console error, no request leaving the page, every
/// label inside its chart and clear of the others, and the drawing agreeing with the
/// numbers the commands print. A screenshot of each is kept in `.build/report-screenshots`.
@Suite(.serialized) struct ReportBrowserTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let samples = "20000"

    struct Findings: Decodable {
        struct Text: Decodable { var text: String; var box: [Double] }
        struct Tick: Decodable { var text: String; var value: Double; var x: Double }
        struct Rule: Decodable { var role: String; var value: Double; var x: Double }
        struct Point: Decodable { var x: Double; var y: Double; var cx: Double; var cy: Double }
        struct Chart: Decodable {
            var kind: String
            var frame: [Double]
            var texts: [Text]
            var ticksX: [Tick]
            var rules: [Rule]
            var rows: [String]
            var points: [Point]
        }
        var errors: [String]
        var requests: [String]
        var charts: [Chart]
    }

    static func chromium() throws -> String {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"] where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        throw TestFailure("no Chromium: install Debian's 'chromium' package ('make test' does)")
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Chromium, bounded in time, with a throwaway profile.
    static func browse(_ arguments: [String], in directory: URL) throws -> Binary.Run {
        try Binary.launch(URL(fileURLWithPath: "/usr/bin/timeout"),
                          ["120", try chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                           "--user-data-dir=\(directory.appendingPathComponent("profile").path)", "--window-size=1280,2000"] + arguments)
    }

    static func findings(_ report: String, in directory: URL) throws -> Findings {
        let checker = try String(contentsOf: root.appendingPathComponent("Tests/Browser/report-check.js"), encoding: .utf8)
        // Before the page's own security policy, so that it runs and sees what the policy blocks.
        let probed = report.replacingOccurrences(of: "<head>", with: "<head>\n<script>\(checker)</script>")
        let page = directory.appendingPathComponent("probed.html")
        try probed.write(to: page, atomically: true, encoding: .utf8)
        let run = try browse(["--virtual-time-budget=3000", "--dump-dom", page.absoluteString], in: directory)
        // The last one: the checker's own text mentions the element too.
        guard let start = run.stdout.range(of: "<pre id=\"fulcrum-check\">", options: .backwards),
              let end = run.stdout.range(of: "</pre>", range: start.upperBound..<run.stdout.endIndex) else {
            throw TestFailure("the checker wrote nothing (exit \(run.status)): \(run.stderr.suffix(2000))")
        }
        let json = run.stdout[start.upperBound..<end.lowerBound]
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        return try JSONDecoder().decode(Findings.self, from: Data(json.utf8))
    }

    /// "20M" as 20,000,000, "1.5k" as 1,500, "45%" as 0.45.
    static func number(_ label: String) -> Double? {
        var text = label.replacingOccurrences(of: ",", with: "")
        var scale = 1.0
        for (suffix, factor) in [("k", 1e3), ("M", 1e6), ("B", 1e9), ("%", 0.01)] where text.hasSuffix(suffix) {
            text.removeLast()
            scale = factor
        }
        return Double(text).map { $0 * scale }
    }

    static func json(_ arguments: [String]) throws -> [String: Any] {
        let run = try Binary.run(arguments + ["--format", "json", "--samples", samples])
        guard run.status == 0 else { throw TestFailure("fulcrum \(arguments.joined(separator: " ")) failed: \(run.stderr)") }
        return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
    }

    @Test(arguments: ScenarioFiles.all)
    func reportOpensCleanAndDrawsTheNumbers(_ file: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fulcrum-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scenario = ScenarioFiles.directory + "/" + file
        let output = directory.appendingPathComponent("report.html")
        let made = try Binary.run(["report", scenario, "--samples", Self.samples, "--output", output.path])
        #expect(made.status == 0, "\(made.stderr)")
        let report = try String(contentsOf: output, encoding: .utf8)

        // Self-contained: no script, and the only URL is SVG's namespace name, never fetched.
        #expect(!report.contains("<script"))
        #expect(report.components(separatedBy: "://").count == report.components(separatedBy: "http://www.w3.org/2000/svg").count)
        #expect(report.contains("Content-Security-Policy\" content=\"default-src 'none'"))

        let found = try Self.findings(report, in: directory)
        #expect(found.errors.isEmpty, "\(found.errors)")
        #expect(found.requests.isEmpty, "\(found.requests)")
        #expect(found.charts.count >= 8, "only \(found.charts.count) charts")

        for chart in found.charts {
            let frame = chart.frame
            for text in chart.texts {
                let b = text.box
                #expect(b[0] >= frame[0] - 0.5 && b[1] >= frame[1] - 0.5 && b[2] <= frame[2] + 0.5 && b[3] <= frame[3] + 0.5,
                        "'\(text.text)' leaves the \(chart.kind) chart: \(b) outside \(frame)")
            }
            for (i, a) in chart.texts.enumerated() {
                for b in chart.texts[(i + 1)...] {
                    let width = min(a.box[2], b.box[2]) - max(a.box[0], b.box[0])
                    let height = min(a.box[3], b.box[3]) - max(a.box[1], b.box[1])
                    #expect(width <= 0.5 || height <= 0.5, "'\(a.text)' and '\(b.text)' overlap in the \(chart.kind) chart")
                }
            }
            // Every tick says the value it stands at.
            for tick in chart.ticksX {
                let read = try #require(Self.number(tick.text), "tick label '\(tick.text)'")
                #expect(abs(read - tick.value) <= 1e-9 * max(1, abs(tick.value)), "tick '\(tick.text)' stands at \(tick.value)")
            }
        }

        // The target on the histogram's axis, where the ticks put it.
        let simulated = try Self.json(["simulate", scenario])
        let primary = simulated["primary"] as! [String: Any]
        if let target = primary["target"] as? Double {
            let histogram = try #require(found.charts.first { $0.kind == "distribution" })
            let rule = try #require(histogram.rules.first { $0.role == "target" })
            #expect(rule.value == target)
            let (first, last) = (histogram.ticksX.first!, histogram.ticksX.last!)
            let expected = first.x + (target - first.value) / (last.value - first.value) * (last.x - first.x)
            #expect(abs(rule.x - expected) < 1.5, "target drawn at \(rule.x) px, the ticks put \(target) at \(expected) px")
        }

        // The forest plot in the ranking's order.
        let ranked = try Self.json(["rank", scenario])
        let ids = (ranked["features"] as! [[String: Any]]).map { $0["id"] as! String }
        let forest = try #require(found.charts.first { $0.kind == "forest" })
        #expect(forest.rows == ids)

        // The frontier rises with effort, on paper as in the numbers.
        if let frontier = found.charts.first(where: { $0.kind == "frontier" }) {
            let points = frontier.points.sorted { $0.x < $1.x }
            #expect(points.count >= 2)
            for (a, b) in zip(points, points.dropFirst()) {
                #expect(b.x > a.x && b.y >= a.y, "frontier falls from \(a) to \(b)")
                #expect(b.cx > a.cx && b.cy <= a.cy + 0.01, "frontier drawn falling from \(a) to \(b)")
            }
        }

        let shots = Self.root.appendingPathComponent(".build/report-screenshots")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        let shot = shots.appendingPathComponent(file.replacingOccurrences(of: ".yaml", with: ".png"))
        try? FileManager.default.removeItem(at: shot)
        _ = try Self.browse(["--screenshot=\(shot.path)", output.absoluteString], in: directory)
        let png = try Data(contentsOf: shot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 10_000)

        // It prints: Chromium's PDF of it has pages.
        let pdf = directory.appendingPathComponent("report.pdf")
        _ = try Self.browse(["--no-pdf-header-footer", "--print-to-pdf=\(pdf.path)", output.absoluteString], in: directory)
        let printed = try Data(contentsOf: pdf)
        #expect(printed.starts(with: Array("%PDF".utf8)))
        #expect(String(decoding: printed, as: UTF8.self).components(separatedBy: "/Type /Page").count > 2)
    }
}
