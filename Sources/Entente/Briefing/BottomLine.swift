import EntenteCore
import EntenteRendering
import Foundation

extension Briefing {
    /// The chance that a pair at risk in the model's data forms a defence pact within `years`, from the yearly
    /// base rate of the rows the model was fitted on.
    public func baseRate(within years: Int) -> Double {
        let yearly = Double(inputs.model.fit.events) / Double(inputs.model.fit.observations)
        return 1 - pow(1 - yearly, Double(years))
    }

    /// The first year of the dyad's history with a consultation pact in force, if one is in force at the origin.
    var consultationSince: Int? {
        guard origin.values["atop_consul"] == 1 else { return nil }
        let years = inputs.history.keys.sorted()
        var since: Int?
        for year in years {
            if inputs.history[year]?["atop_consul"] == 1 { since = since ?? year } else { since = nil }
        }
        return since
    }

    /// The answer to the case's question in plain words, most important first: the probability of a defence
    /// pact within five and ten years against the rate for a typical pair, what "formal alliance" means here,
    /// what published judgements say, what would move the number most, and how far the data reach.
    public var bottomLine: [String] {
        let pair = dyadName
        if forecast.alreadyAllied {
            return ["A defence pact between \(inputs.firstName) and \(inputs.secondName) is in force (ATOP, \(min(origin.year, origin.dataYear))). "
                + "Entente therefore gives no forecast of one forming; whether it lapses or deepens is not something the model forecasts."]
        }
        guard let five = forecast.within(5), let ten = forecast.within(10) else { return [] }
        let typical = baseRate(within: 10), ratio = ten.cumulative / typical
        let verdict: String
        switch (ten.cumulative, ratio) {
        case (0.25..., _): verdict = "Yes: on the data a defence pact is a real possibility within ten years."
        case (0.1..., _): verdict = "Possibly: the data give a defence pact a real but minority chance within ten years."
        case (_, 2...): verdict = "Likelier than for a typical pair of states, but still unlikely in absolute terms."
        case (_, 0.5..<2): verdict = "No likelier than for a typical pair of states without a pact, and unlikely."
        default: verdict = "Less likely than for a typical pair of states without a pact."
        }
        var lines = ["Is a formal \(pair) alliance likelier than we think? \(verdict) Entente puts the chance of a defence pact "
            + "(a treaty obliging each to defend the other) at \(NumberText.percent(five.cumulative, digits: 1)) within five years "
            + "(plausible range \(range(five))) and \(NumberText.percent(ten.cumulative, digits: 1)) within ten years, by \(ten.year) "
            + "(\(range(ten))). A typical pair of states without a pact forms one within ten years with a chance of "
            + "\(NumberText.percent(typical, digits: 1)); this pair's figure is \(String(format: "%.1f", ratio)) times that."]
        if let since = consultationSince {
            lines.append("By the definition of the ATOP alliance data the two are already formally allied: a consultation pact "
                + "(a promise to consult in a crisis) has been in force since \(since). The forecast here is for the next rung, a defence pact; "
                + "an upgraded consultation clause, one reading of the article's \"some form of formal alliance structure\", would not count.")
        }
        if let judgements = inputs.caseFile?.judgements, !judgements.isEmpty {
            let counts = Dictionary(grouping: judgements, by: \.stance).mapValues(\.count)
            let numbers = judgements.compactMap(\.probability)
            lines.append("Of \(judgements.count) published judgements recorded in the case file (listed below), "
                + "\(counts[.unlikely] ?? 0) judge an alliance unlikely, \(counts[.possible] ?? 0) possible and \(counts[.likely] ?? 0) likely "
                + "or already in being; \(counts[.noPosition] ?? 0) take no position. "
                + (numbers.isEmpty ? "None gives a probability, so none can be set against Entente's number directly."
                    : "Those giving a number range from \(NumberText.percent(numbers.min()!, digits: 0)) to \(NumberText.percent(numbers.max()!, digits: 0))."))
        }
        var movers: [String] = []
        if let scenario = scenarios.max(by: { abs(change($0)) < abs(change($1)) }), let shocked = scenario.shocked.last,
           let baseline = scenario.baseline.last, abs(change(scenario)) > 0.0005 {
            movers.append("of the case file's scenarios, \"\(scenario.scenario.name)\" would move it most, to "
                + "\(NumberText.percent(shocked.median, digits: 1)) by \(shocked.year) against \(NumberText.percent(baseline.median, digits: 1))"
                + (restsOnUnclearTerms(scenario) ? ", but only through factors whose effect the data cannot tell apart from none, so this is not a finding" : ""))
        }
        if let signpost = inputs.caseFile?.signposts.max(by: { $0.likelihoodRatio < $1.likelihoodRatio }), signpost.likelihoodRatio > 1 {
            movers.append("of the signposts, \"\(signpost.title)\" would weigh most if seen (it multiplies the odds by "
                + String(format: "%.1f", signpost.likelihoodRatio) + ")")
        }
        if !movers.isEmpty { lines.append("What would move it: " + movers.joined(separator: "; ") + ".") }
        lines.append(origin.year > origin.dataYear
            ? "The datasets end in \(origin.dataYear); \(origin.entered.count) sourced case-file entries carry the figures to \(origin.year), and the rest are held at their last values."
            : "The datasets end in \(origin.dataYear)\(inputs.caseFile == nil ? " and no case file adds later years for this pair" : ""): the forecast starts there.")
        return lines
    }

    private func range(_ year: OnsetForecast.Year) -> String {
        "\(NumberText.percent(year.lower, digits: 1))–\(NumberText.percent(year.upper, digits: 1))"
    }

    /// Whether every model term a scenario shocks has a coefficient the data cannot tell apart from zero.
    private func restsOnUnclearTerms(_ scenario: ScenarioForecast) -> Bool {
        let fit = inputs.model.fit
        let shocked = Set(scenario.scenario.shocks.map(\.column))
        let terms = inputs.model.specification.terms.filter { !shocked.isDisjoint(with: OnsetForecaster.inputs($0)) }
        return !terms.isEmpty && terms.allSatisfy { term in fit.names.firstIndex(of: term.description).map { fit.pValues[$0] >= 0.05 } ?? true }
    }

    private func change(_ scenario: ScenarioForecast) -> Double {
        (scenario.shocked.last?.median ?? 0) - (scenario.baseline.last?.median ?? 0)
    }
}
