/// A chart as data: what it shows, in the reader's units, independent of how it is drawn.
/// Built from an analysis result (never from numbers computed again), and drawn by
/// `SVGChart`; the same numbers appear in text beside it in every report.
public struct Chart: Sendable {
    /// How an axis labels its ticks.
    public enum Scale: Sendable, Equatable {
        /// Grouped digits and the unit after the axis title.
        case number(unit: String?)
        /// Shares shown as percentages.
        case percent
        /// Whole periods ("month 3").
        case period
    }

    public struct Axis: Sendable {
        public var title: String
        public var low: Double
        public var high: Double
        public var scale: Scale

        public init(title: String, low: Double, high: Double, scale: Scale) {
            self.title = title
            (self.low, self.high) = Self.padded(low, high)
            self.scale = scale
        }

        /// A range with room in it: a constant gets a visible span around itself.
        static func padded(_ low: Double, _ high: Double) -> (Double, Double) {
            guard low.isFinite, high.isFinite else { return (0, 1) }
            if high > low { return (low, high) }
            let half = max(abs(low) * 0.05, 1e-9)
            return (low - half, high + half)
        }
    }

    /// A legend entry: its colour, dash and marker come from its position (`ChartStyle`).
    public struct Series: Sendable {
        public var name: String
        public init(_ name: String) { self.name = name }
    }

    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public init(_ x: Double, _ y: Double) { (self.x, self.y) = (x, y) }
    }

    public enum Mark: Sendable {
        /// A line through points, in its series' colour and dash.
        case line(series: Int, points: [Point])
        /// The area between two curves over the same x, lighter for `outer`.
        case band(series: Int, low: [Point], high: [Point], outer: Bool)
        /// A histogram: shares between consecutive edges, filled or as an outline.
        case histogram(series: Int, edges: [Double], heights: [Double], filled: Bool)
        /// A vertical line at x (a target, a crossover) with lines of text beside it.
        case rule(x: Double, labels: [String], role: String)
        /// A horizontal line at y (zero, a reference share).
        case level(y: Double)
        /// Markers, each with a short label placed where it overlaps nothing (or left out;
        /// the numbers are in the text beside the chart).
        case points(series: Int, points: [Point], labels: [String], ids: [String])
        /// Per row: an interval with a marker at `middle` (a forest plot).
        case interval(row: Int, low: Double, middle: Double, high: Double, series: Int)
        /// Per row: a bar from `from` to `to` (a tornado, an index).
        case bar(row: Int, from: Double, to: Double, series: Int)
        /// A vertical reference line across the rows.
        case center(x: Double, label: String)
    }

    /// What the chart is, for tests and styles: `distribution`, `forest`, `frontier`...
    public var kind: String
    public var title: String
    public var x: Axis
    /// Nil when the chart has rows (`rows` names them, top to bottom) instead of a y axis.
    public var y: Axis?
    public var rows: [Row]
    public var series: [Series]
    public var marks: [Mark]

    /// A row of a row chart: shown by `label`, identified by `id` for whoever checks the order.
    public struct Row: Sendable {
        public var label: String
        public var id: String
        public init(label: String, id: String) { (self.label, self.id) = (label, id) }
    }

    public init(kind: String, title: String, x: Axis, y: Axis?, rows: [Row] = [], series: [Series], marks: [Mark]) {
        self.kind = kind
        self.title = title
        self.x = x
        self.y = y
        self.rows = rows
        self.series = series
        self.marks = marks
    }
}
