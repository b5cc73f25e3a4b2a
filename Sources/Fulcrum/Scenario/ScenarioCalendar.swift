import Foundation

/// `start: 2027-01-01`: when period 1 begins, so that every period has a date and actual
/// values can be given by date. Periods are calendar units from the start (the month from
/// 15 January to 14 February, say), in UTC.
public struct ScenarioCalendar: Sendable, Equatable {
    public enum Unit: String, CaseIterable, Sendable {
        case day, week, month, quarter, year
    }

    public var start: Date
    public var unit: Unit

    static let gregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// A strict ISO date, `YYYY-MM-DD`, that exists (no 31 April).
    public static func date(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = gregorian.date(from: components),
              gregorian.dateComponents([.year, .month, .day], from: date) == components else { return nil }
        return date
    }

    /// The first day of period `k` (k = 1 is the start).
    public func beginning(ofPeriod k: Int) -> Date {
        let (component, count): (Calendar.Component, Int) = switch unit {
        case .day: (.day, 1)
        case .week: (.day, 7)
        case .month: (.month, 1)
        case .quarter: (.month, 3)
        case .year: (.year, 1)
        }
        return Self.gregorian.date(byAdding: component, value: (k - 1) * count, to: start)!
    }

    /// The period a date falls in (0 or less before the start), searched up to `limit`; nil
    /// when it falls after period `limit`.
    public func period(of date: Date, limit: Int) -> Int? {
        guard date >= start else { return 0 }
        var (low, high) = (1, limit + 1)
        guard date < beginning(ofPeriod: high) else { return nil }
        while high - low > 1 {
            let middle = (low + high) / 2
            if date < beginning(ofPeriod: middle) { high = middle } else { low = middle }
        }
        return low
    }

    public static func text(_ date: Date) -> String {
        let c = gregorian.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
