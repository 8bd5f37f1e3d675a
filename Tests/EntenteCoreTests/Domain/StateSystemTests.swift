import EntenteCore
import Testing

@Suite struct StateSystemTests {
    @Test func membershipCountsPartialYearsAndExtendsPastTheRelease() {
        let end = CalendarDate(year: 2016, month: 12, day: 31)
        let system = StateSystem(periods: [
            MembershipPeriod(code: CountryCode(255), start: CalendarDate(year: 1816, month: 1, day: 1),
                             end: CalendarDate(year: 1945, month: 5, day: 8)),
            MembershipPeriod(code: CountryCode(255), start: CalendarDate(year: 1990, month: 10, day: 3), end: end),
            MembershipPeriod(code: CountryCode(265), start: CalendarDate(year: 1954, month: 3, day: 25),
                             end: CalendarDate(year: 1990, month: 10, day: 2)),
        ], releaseEnd: end)
        #expect(system.isMember(CountryCode(255), in: 1945))
        #expect(!system.isMember(CountryCode(255), in: 1946))
        #expect(system.isMember(CountryCode(255), in: 1990))
        #expect(system.isMember(CountryCode(255), in: 2024), "a member at the release's end stays a member")
        #expect(!system.isMember(CountryCode(265), in: 1991))
        #expect(system.members(in: 1990) == [CountryCode(255), CountryCode(265)])
    }

    @Test func calendarDatesValidateAndPrintInISOForm() {
        #expect(CalendarDate(year: 2000, month: 2, day: 29).isValid)
        #expect(!CalendarDate(year: 1900, month: 2, day: 29).isValid)
        #expect(!CalendarDate(year: 2001, month: 13, day: 1).isValid)
        #expect(CalendarDate(year: 1946, month: 1, day: 5).description == "1946-01-05")
        #expect(Dyad(CountryCode(710), CountryCode(365)) == Dyad(CountryCode(365), CountryCode(710)))
        #expect(Dyad(directed: CountryCode(710), CountryCode(365)).first == CountryCode(710))
    }
}
