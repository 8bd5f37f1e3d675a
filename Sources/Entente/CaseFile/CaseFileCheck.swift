import EntenteCore
import Foundation

/// One pass over a case file that collects every problem rather than stopping at the first.
final class CaseFileCheck {
    let reference: ReferenceData
    /// The columns a covariate or shock may name.
    let columns = Set(PanelColumnName.dyadYearCovariates)
    private(set) var problems: [CaseFileProblem] = []

    init(reference: ReferenceData) {
        self.reference = reference
    }

    func report(_ item: String?, _ field: String?, _ message: String) {
        problems.append(CaseFileProblem(item: item, field: field, message: message))
    }

    /// The whole file, or nil when a problem was found (the problems say which).
    func caseFile(_ root: JSONValue) -> CaseFile? {
        guard case .object(let values) = root else {
            report(nil, nil, "the file must hold one JSON object, found \(root.typeName)")
            return nil
        }
        let top = Fields(values: values, item: nil, check: self)
        top.rejectUnknown(["format", "dyad", "title", "summary", "updated", "sources", "evidence", "covariates",
                           "signposts", "scenarios", "questions", "judgements"])
        if let format = top.string("format"), format != CaseFile.format {
            report(nil, "format", "expected \"\(CaseFile.format)\", found \"\(format)\"")
        }
        let dyad = self.dyad(top)
        let title = top.string("title"), summary = top.string("summary"), updated = top.date("updated")

        let sources = self.sources(top)
        // Citations are checked against every id present, even one whose entry has its own problems, so that a
        // broken entry is reported once rather than again at each item citing it. Evidence cites signposts that come
        // later in the file, so their ids are gathered first.
        var sourceIDs: Set<String> = []
        if case .object(let object)? = values["sources"] { sourceIDs = Set(object.keys) }
        var signpostIDs: Set<String> = []
        if case .array(let list)? = values["signposts"] {
            for case .object(let object) in list {
                if case .string(let id)? = object["id"] { signpostIDs.insert(id) }
            }
        }
        let references = References(sources: sourceIDs, signposts: signpostIDs)
        let evidence = items(top, "evidence", required: true) { self.evidence($0, references, updated) }
        var seenCovariates: [String: String] = [:]
        let covariates = items(top, "covariates", required: false) { fields -> CovariateEntry? in
            guard let entry = self.covariate(fields, references, dyad) else { return nil }
            let key = "\(entry.year) \(entry.column)"
            if let earlier = seenCovariates[key] {
                self.report(fields.item, "column", "\(key) is entered twice (also \(earlier))")
            } else {
                seenCovariates[key] = fields.item
            }
            return entry
        }
        let signposts = items(top, "signposts", required: false) { self.signpost($0, references) }
        let scenarios = items(top, "scenarios", required: false) { self.scenario($0, dyad) }
        let questions = items(top, "questions", required: false) { self.question($0) }
        let judgements = items(top, "judgements", required: false) { self.judgement($0, references, updated) }

        guard let dyad, let title, let summary, let updated else { return nil }
        return CaseFile(dyad: dyad, title: title, summary: summary, updated: updated, sources: sources,
                        evidence: evidence, covariates: covariates, signposts: signposts, scenarios: scenarios,
                        questions: questions, judgements: judgements)
    }

    /// The ids items may cite.
    struct References {
        var sources: Set<String>
        var signposts: Set<String>
    }

    /// A state written as ISO3, COW abbreviation or COW number.
    func state(_ value: JSONValue) -> CountryCode? {
        switch value {
        case .string(let text):
            return reference.crosswalk.code(written: text)
        case .number(let number):
            return Int(exactly: number).flatMap { reference.crosswalk.countries[CountryCode($0)]?.code }
        default:
            return nil
        }
    }

    func dyad(_ top: Fields) -> Dyad? {
        guard let values = top.array("dyad") else { return nil }
        guard values.count == 2 else {
            report(nil, "dyad", "expected two states, such as [\"CHN\", \"RUS\"], found \(values.count)")
            return nil
        }
        var codes: [CountryCode] = []
        for (index, value) in values.enumerated() {
            guard let code = state(value) else {
                report(nil, "dyad", "dyad[\(index)] \(Self.show(value)) is not an ISO3 code or COW code the crosswalk knows")
                continue
            }
            codes.append(code)
        }
        guard codes.count == 2 else { return nil }
        guard codes[0] != codes[1] else {
            report(nil, "dyad", "the two states are the same (\(codes[0]))")
            return nil
        }
        return Dyad(codes[0], codes[1])
    }

    func sources(_ top: Fields) -> [String: CaseSource] {
        guard let values = top.object("sources") else { return [:] }
        if values.isEmpty { report(nil, "sources", "at least one source is required") }
        var result: [String: CaseSource] = [:]
        for (id, value) in values.sorted(by: { $0.key < $1.key }) {
            let item = "sources[\"\(id)\"]"
            if !Self.isSlug(id) { report(item, nil, "the id must be lower-case letters and digits joined by hyphens") }
            guard case .object(let object) = value else {
                report(item, nil, "expected an object, found \(value.typeName)")
                continue
            }
            let fields = Fields(values: object, item: item, check: self)
            fields.rejectUnknown(["title", "publisher", "url", "symbol", "date", "accessed"])
            let title = fields.string("title"), publisher = fields.string("publisher")
            let url = fields.string("url", required: false), symbol = fields.string("symbol", required: false)
            let date = fields.date("date", required: false), accessed = fields.date("accessed", required: false)
            if let url {
                let parsed = URL(string: url)
                if !["http", "https"].contains(parsed?.scheme?.lowercased() ?? "") || (parsed?.host ?? "").isEmpty {
                    report(item, "url", "\"\(url)\" is not an http or https address with a host")
                }
            }
            if !fields.has("url") && !fields.has("symbol") {
                report(item, "url", "a source needs a url or a document symbol")
            }
            if let date, let accessed, accessed < date {
                report(item, "accessed", "accessed \(accessed) is before the source's date \(date)")
            }
            if let title, let publisher {
                result[id] = CaseSource(id: id, title: title, publisher: publisher, url: url, symbol: symbol, date: date,
                                        accessed: accessed)
            }
        }
        return result
    }

    /// Checks each element of an array field as an object, labels it for messages and reports duplicate ids.
    func items<T>(_ top: Fields, _ name: String, required: Bool, _ make: (Fields) -> T?) -> [T] {
        guard let values = top.array(name, required: required) else { return [] }
        var result: [T] = []
        var seen: [String: Int] = [:]
        for (index, value) in values.enumerated() {
            var item = "\(name)[\(index)]"
            guard case .object(let object) = value else {
                report(item, nil, "expected an object, found \(value.typeName)")
                continue
            }
            if case .string(let id)? = object["id"] {
                item += " (id \"\(id)\")"
                if let earlier = seen[id] { report(item, "id", "the id is also used by \(name)[\(earlier)]") }
                seen[id] = seen[id] ?? index
            } else if name == "covariates", case .number(let year)? = object["year"], case .string(let column)? = object["column"] {
                item += " (\(Self.format(year)) \(column))"
            }
            if let made = make(Fields(values: object, item: item, check: self)) { result.append(made) }
        }
        return result
    }

    func evidence(_ fields: Fields, _ references: References, _ updated: CalendarDate?) -> CaseEvidence? {
        fields.rejectUnknown(["id", "date", "kind", "title", "summary", "direction", "actors", "sources", "signposts", "claim"])
        let id = fields.id()
        let date = fields.evidenceDate("date")
        let kind = fields.choice("kind", EvidenceKind.self)
        let title = fields.string("title"), summary = fields.string("summary")
        let direction = fields.choice("direction", EvidenceDirection.self)
        let claim = fields.choice("claim", ArticleClaim.self, required: false)
        let actors = fields.strings("actors", required: false) ?? []
        for actor in actors where actor.count == 3 && actor.allSatisfy({ $0.isASCII && $0.isUppercase }) {
            // Three capitals read as a state code, so a mistyped code is caught; the few organisations the crosswalk
            // knows by three capitals (EEC, OIC) pass, and others are written by name ("Shanghai Cooperation Organisation").
            guard reference.crosswalk.code(iso3: actor) == nil, reference.crosswalk.code(abbreviation: actor) == nil else { continue }
            if case .nonState = reference.crosswalk.resolve(name: actor) { continue }
            report(fields.item, "actors", "\"\(actor)\" is not an ISO3 or COW code the crosswalk knows (write organisations by name)")
        }
        let sources = fields.citations("sources", known: references.sources, what: "source", required: true)
        let signposts = fields.citations("signposts", known: references.signposts, what: "signpost", required: false)
        if let date, let updated, date.firstDay > updated {
            report(fields.item, "date", "\(date) is after the file's `updated` date \(updated)")
        }
        guard let id, let date, let kind, let title, let summary, let direction, let sources else { return nil }
        return CaseEvidence(id: id, date: date, kind: kind, title: title, summary: summary, direction: direction,
                            actors: actors, sources: sources, signposts: signposts ?? [], claim: claim)
    }

    func covariate(_ fields: Fields, _ references: References, _ dyad: Dyad?) -> CovariateEntry? {
        fields.rejectUnknown(["year", "column", "side", "value", "sources", "note"])
        let year = fields.integer("year", in: 1816...2200)
        let column = self.column(fields, dyad)
        let value = fields.number("value")
        let sources = fields.citations("sources", known: references.sources, what: "source", required: true)
        let note = fields.string("note")
        guard let year, let column, let value, let sources, let note else { return nil }
        return CovariateEntry(year: year, column: column, value: value, sources: sources, note: note)
    }

    /// The panel column a covariate or shock names: `column` as it stands, or with `side` a base name resolved to the
    /// side's suffixed column (`west_sanctions` + CHN → `west_sanctions2`, `polity2` + RUS → `polity2_1`).
    func column(_ fields: Fields, _ dyad: Dyad?) -> String? {
        guard let name = fields.string("column") else { return nil }
        let measure = PanelColumnName.perSideMeasures.first { $0.rawValue == name }
        guard let sideValue = fields.values["side"] else {
            if let column = PanelColumnName(rawValue: name), columns.contains(column) { return name }
            let hint = measure.map { " (give `side` with a base name, or write \($0.side(.first)) or \($0.side(.second)))" } ?? ""
            fields.report("column", "\"\(name)\" is not a panel column (Docs/panel-columns.md)\(hint)")
            return nil
        }
        guard let measure else {
            fields.report("column", "\"\(name)\" has no per-side panel columns (\(name)1 and \(name)2) for `side` to choose from")
            return nil
        }
        guard let state = state(sideValue) else {
            fields.report("side", "\(Self.show(sideValue)) is not an ISO3 code or COW code the crosswalk knows")
            return nil
        }
        guard let dyad else { return nil }
        guard let side = dyad.side(of: state) else {
            fields.report("side", "\(Self.show(sideValue)) is not one of the dyad's two states")
            return nil
        }
        return measure.side(side == 1 ? .first : .second).rawValue
    }

    func signpost(_ fields: Fields, _ references: References) -> Signpost? {
        fields.rejectUnknown(["id", "title", "description", "p_if_alliance", "p_if_no_alliance", "rationale", "sources"])
        let id = fields.id()
        let title = fields.string("title"), description = fields.string("description")
        let pAlliance = fields.probability("p_if_alliance"), pNoAlliance = fields.probability("p_if_no_alliance")
        let rationale = fields.string("rationale")
        let sources = fields.citations("sources", known: references.sources, what: "source", required: false)
        guard let id, let title, let description, let pAlliance, let pNoAlliance, let rationale else { return nil }
        return Signpost(id: id, title: title, description: description, pIfAlliance: pAlliance, pIfNoAlliance: pNoAlliance,
                        rationale: rationale, sources: sources ?? [])
    }

    func judgement(_ fields: Fields, _ references: References, _ updated: CalendarDate?) -> PublishedJudgement? {
        fields.rejectUnknown(["id", "date", "who", "judgement", "stance", "probability", "sources"])
        let id = fields.id()
        let date = fields.evidenceDate("date")
        let who = fields.string("who"), judgement = fields.string("judgement")
        let stance = fields.choice("stance", PublishedJudgement.Stance.self)
        let probability = fields.has("probability") ? fields.probability("probability") : nil
        let sources = fields.citations("sources", known: references.sources, what: "source", required: true)
        if let date, let updated, date.firstDay > updated {
            fields.report("date", "\(date) is after the file's `updated` date \(updated)")
        }
        guard let id, let date, let who, let judgement, let stance, let sources,
              !fields.has("probability") || probability != nil else { return nil }
        return PublishedJudgement(id: id, date: date, who: who, judgement: judgement, stance: stance,
                                  probability: probability, sources: sources)
    }

    func scenario(_ fields: Fields, _ dyad: Dyad?) -> Scenario? {
        fields.rejectUnknown(["id", "name", "description", "horizon_years", "shocks"])
        let id = fields.id()
        let name = fields.string("name"), description = fields.string("description")
        let horizon = fields.integer("horizon_years", in: 1...100)
        var shocks: [ScenarioShock] = []
        if let values = fields.array("shocks") {
            if values.isEmpty { fields.report("shocks", "a scenario needs at least one shock") }
            for (index, value) in values.enumerated() {
                let item = "\(fields.item ?? "scenario").shocks[\(index)]"
                guard case .object(let object) = value else {
                    report(item, nil, "expected an object, found \(value.typeName)")
                    continue
                }
                if let shock = self.shock(Fields(values: object, item: item, check: self), dyad, horizon) { shocks.append(shock) }
            }
        }
        guard let id, let name, let description, let horizon else { return nil }
        return Scenario(id: id, name: name, description: description, horizonYears: horizon, shocks: shocks)
    }

    func shock(_ fields: Fields, _ dyad: Dyad?, _ horizon: Int?) -> ScenarioShock? {
        fields.rejectUnknown(["column", "side", "change", "set", "from_year", "years", "sd"])
        let column = self.column(fields, dyad)
        let change = fields.number("change", required: false), set = fields.number("set", required: false)
        let effect: ScenarioShock.Effect?
        switch (fields.values["change"], fields.values["set"]) {
        case (nil, nil):
            fields.report("change", "a shock needs `change` (added to the baseline) or `set` (replaces it)")
            effect = nil
        case (.some, .some):
            fields.report("set", "a shock takes `change` or `set`, not both")
            effect = nil
        default:
            effect = change.map { .change($0) } ?? set.map { .set($0) }
        }
        let fromYear = fields.integer("from_year", in: 1816...2200, required: false)
        let years = fields.integer("years", in: 1...100, required: false)
        if let years, let horizon, years > horizon {
            fields.report("years", "the shock lasts \(years) years, longer than the scenario's horizon of \(horizon)")
        }
        let sd = fields.number("sd", required: false)
        if let sd, sd < 0 { fields.report("sd", "a standard deviation cannot be negative (\(Self.format(sd)))") }
        guard let column, let effect else { return nil }
        return ScenarioShock(column: column, effect: effect, fromYear: fromYear, years: years, sd: sd)
    }

    func question(_ fields: Fields) -> ForecastQuestion? {
        fields.rejectUnknown(["id", "text", "closes", "resolution", "resolved_on", "forecasts"])
        let id = fields.id()
        let text = fields.string("text")
        let closes = fields.date("closes")
        var resolution: Bool?
        if let value = fields.values["resolution"] {
            switch value {
            case .null: break
            case .bool(let flag): resolution = flag
            default: fields.report("resolution", "expected null, true or false, found \(value.typeName)")
            }
        }
        let resolvedOn = fields.date("resolved_on", required: false)
        if fields.has("resolved_on") && !fields.has("resolution") {
            fields.report("resolved_on", "a resolution date is given but `resolution` is null")
        }
        if resolution != nil && !fields.has("resolved_on") {
            fields.report("resolved_on", "a resolved question needs the date it resolved")
        }
        if resolution == true, let resolvedOn, let closes, resolvedOn > closes {
            fields.report("resolved_on", "resolved true on \(resolvedOn), after the question closed on \(closes)")
        }
        var forecasts: [AnalystForecast] = []
        let values = fields.array("forecasts", required: false) ?? []
        for (index, value) in values.enumerated() {
            let item = "\(fields.item ?? "question").forecasts[\(index)]"
            guard case .object(let object) = value else {
                report(item, nil, "expected an object, found \(value.typeName)")
                continue
            }
            let forecast = Fields(values: object, item: item, check: self)
            forecast.rejectUnknown(["analyst", "date", "probability"])
            let analyst = forecast.string("analyst"), date = forecast.date("date"), probability = forecast.probability("probability")
            if let date, let closes, date > closes {
                forecast.report("date", "the forecast (\(date)) is after the question closed (\(closes))")
            }
            if let date, let resolvedOn, date > resolvedOn {
                forecast.report("date", "the forecast (\(date)) is after the question resolved (\(resolvedOn))")
            }
            if let analyst, let date, let probability {
                forecasts.append(AnalystForecast(analyst: analyst, date: date, probability: probability))
            }
        }
        guard let id, let text, let closes else { return nil }
        return ForecastQuestion(id: id, text: text, closes: closes, resolution: resolution, resolvedOn: resolvedOn,
                                forecasts: forecasts)
    }

    /// Lower-case letters and digits in hyphen-joined runs, such as `2014-05-gas-deal`.
    static func isSlug(_ text: String) -> Bool {
        !text.isEmpty && text.split(separator: "-", omittingEmptySubsequences: false).allSatisfy { run in
            !run.isEmpty && run.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
        }
    }

    /// A value as it might appear in the file, for messages.
    static func show(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .number(let number): format(number)
        case .bool(let flag): String(flag)
        default: value.typeName
        }
    }

    /// A number without a needless ".0".
    static func format(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
