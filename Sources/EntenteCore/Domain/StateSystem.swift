/// A calendar date without time, as datasets record starts and ends.
public struct CalendarDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// Creates a date; callers validate ranges where they parse.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// ISO 8601 form, `YYYY-MM-DD`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Whether the date exists in the proleptic Gregorian calendar.
    public var isValid: Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}

/// One continuous period in which a state was a member of the COW state system.
public struct MembershipPeriod: Hashable, Sendable, Codable {
    public var code: CountryCode
    public var start: CalendarDate
    public var end: CalendarDate

    /// Creates a membership period.
    public init(code: CountryCode, start: CalendarDate, end: CalendarDate) {
        self.code = code
        self.start = start
        self.end = end
    }
}

/// The COW state system: which states were members in which years.
///
/// A state still a member on the last day of the release (`releaseEnd`) is treated as a member in every later
/// year, as peacesciencer does, so that panels can run past the last COW release.
public struct StateSystem: Sendable {
    /// All membership periods.
    public let periods: [MembershipPeriod]
    /// The last day the release covers (COW v2016: 2016-12-31).
    public let releaseEnd: CalendarDate

    /// Creates the system from its periods.
    public init(periods: [MembershipPeriod], releaseEnd: CalendarDate) {
        self.periods = periods
        self.releaseEnd = releaseEnd
    }

    /// Whether the state was a member at any time in the year.
    public func isMember(_ code: CountryCode, in year: Int) -> Bool {
        periods.contains { period in
            guard period.code == code, period.start.year <= year else { return false }
            return period.end.year >= year || period.end >= releaseEnd
        }
    }

    /// The members in a year, in code order.
    public func members(in year: Int) -> [CountryCode] {
        Array(Set(periods.lazy.map(\.code).filter { isMember($0, in: year) })).sorted()
    }

    /// The pairs of members of the year that were never members on the same day of it (the German Federal
    /// Republic, to 2 October 1990, and Germany, from 3 October): peacesciencer's dyad-years leave them out.
    /// Each pair is in code order.
    public func pairsWithoutACommonDay(in year: Int) -> [(CountryCode, CountryCode)] {
        let spans = spans(in: year)
        // Only members absent for part of the year can miss one another.
        let partial = spans.filter { $0.value != [Self.wholeYear(year)] }.keys.sorted()
        var pairs: [(CountryCode, CountryCode)] = []
        for (index, a) in partial.enumerated() {
            for b in partial[(index + 1)...] where !Self.overlap(spans[a]!, spans[b]!) { pairs.append((a, b)) }
        }
        return pairs
    }

    /// Whether both states were members on a common day of the year, so that the pair has a dyad-year.
    public func shareADay(_ a: CountryCode, _ b: CountryCode, in year: Int) -> Bool {
        let spans = spans(in: year) { $0 == a || $0 == b }
        guard let x = spans[a], let z = spans[b] else { return false }
        return Self.overlap(x, z)
    }

    /// The parts of the year in which each member (of those `keep` accepts) was one.
    private func spans(in year: Int, of keep: (CountryCode) -> Bool = { _ in true }) -> [CountryCode: [ClosedRange<CalendarDate>]] {
        let whole = Self.wholeYear(year)
        var spans: [CountryCode: [ClosedRange<CalendarDate>]] = [:]
        for period in periods where keep(period.code) && period.start <= whole.upperBound
            && (period.end >= whole.lowerBound || period.end >= releaseEnd) {
            let end = period.end >= releaseEnd ? whole.upperBound : min(period.end, whole.upperBound)
            spans[period.code, default: []].append(max(period.start, whole.lowerBound)...end)
        }
        return spans
    }

    private static func wholeYear(_ year: Int) -> ClosedRange<CalendarDate> {
        CalendarDate(year: year, month: 1, day: 1)...CalendarDate(year: year, month: 12, day: 31)
    }

    private static func overlap(_ x: [ClosedRange<CalendarDate>], _ z: [ClosedRange<CalendarDate>]) -> Bool {
        x.contains { span in z.contains { span.overlaps($0) } }
    }
}
