import EntenteCore
import EntenteRendering
import Foundation

extension Briefing {
    /// The chance that a pair at risk in the model's data forms a defence pact within `years`, from the yearly
    /// base rate of the rows the model was fitted on.
    public func baseRate(within years: Int) -> Double {
        let yearly = inputs.ensemble?.model.baseRate ?? Double(inputs.model.fit.events) / Double(inputs.model.fit.observations)
        return 1 - pow(1 - yearly, Double(years))
    }

    /// The first year of the dyad's history with a consultation pact in force, if one is in force at the origin.
    var consultationSince: Int? {
        guard origin.values[.atop(.consul)] == 1 else { return nil }
        let years = inputs.history.keys.sorted()
        var since: Int?
        for year in years {
            if inputs.history[year]?[.atop(.consul)] == 1 { since = since ?? year } else { since = nil }
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
        case (_, 0.5..<2): verdict = "About as likely as for a typical pair of states without a pact (within a factor of two), and unlikely."
        default: verdict = "Less likely than for a typical pair of states without a pact."
        }
        var lines = ["Is a formal \(pair) alliance likelier than we think? \(verdict) Entente puts the chance of a defence pact "
            + "(a treaty obliging each to defend the other) at \(NumberText.percent(five.cumulative, digits: 1)) within five years "
            + "(plausible range \(range(five))) and \(NumberText.percent(ten.cumulative, digits: 1)) within ten years, by \(ten.year) "
            + "(\(range(ten))). A typical pair of states without a pact forms one within ten years with a chance of "
            + "\(NumberText.percent(typical, digits: 1)); this pair's figure is \(String(format: "%.1f", ratio)) times that."]
        if let bilateral = bilateralForecast?.within(10) {
            lines.append("Most new defence pacts come from states joining a bloc; a treaty of the two alone, the kind two powers outside "
                + "any bloc would sign, is a narrower question. Trained on such treaties only, the same models put it at "
                + "\(NumberText.percent(bilateral.cumulative, digits: 1)) within ten years (\(range(bilateral)))."
                + (bilateralRecalibrated.map { " In back-tests such figures ran high: forecasts of that size were followed by such a treaty "
                    + "about \(NumberText.percent($0, digits: 1)) of the time." } ?? ""))
        }
        if let disagreement = memberDisagreement { lines.append(disagreement) }
        if let outside = outsideView(ten.cumulative) { lines.append(outside) }
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
                + "\(NumberText.percent(shocked.cumulative, digits: 1)) by \(shocked.year) against \(NumberText.percent(baseline.cumulative, digits: 1))"
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

    /// The reference class in plain words: how many of the pairs most like this one formed a defence pact within
    /// ten years, named, and whether the forecast sits in line with that record.
    func outsideView(_ forecast: Double) -> String? {
        guard let reference = inputs.referenceClass, !reference.analogues.isEmpty else { return nil }
        let pacts = reference.analogues.filter { $0.pactYear != nil }
        let named = pacts.map { "\($0.name1)–\($0.name2) (\($0.pactYear!))" }
        let interval = reference.widerInterval
        let comparison = forecast < interval.lowerBound ? "below what that record suggests"
            : forecast > interval.upperBound ? "above what that record suggests" : "within what that record allows"
        let bounds = "\(NumberText.percent(interval.lowerBound, digits: 0))–\(NumberText.percent(interval.upperBound, digits: 0))"
        let pairs = "pairs of states\(Self.powerWords[reference.majorPowers ?? -1] ?? "")"
        let everyPair = reference.analogues.count == reference.candidates
        return "The outside view: "
            + (everyPair ? "of all \(reference.candidates) \(pairs) without a defence pact at some point since \(reference.firstYear), "
                : "of the \(reference.analogues.count) \(pairs) since \(reference.firstYear) most like \(dyadName) as the data last measured it (\(reference.year)), ")
            + (pacts.isEmpty ? "none formed a defence pact within ten years" : "\(pacts.count) formed a defence pact within ten years: \(named.joined(separator: "; "))")
            + (everyPair ? ". With so few pairs, that record is consistent with any rate from \(bounds.replacingOccurrences(of: "–", with: " to "))"
                : ". Among the \(reference.widerSize) most alike, \(NumberText.percent(reference.widerRate, digits: 0)) did (plausible range \(bounds))")
            + "; Entente's \(NumberText.percent(forecast, digits: 1)) is \(comparison). The pairs are listed under \"Pairs most like this one\"."
    }

    /// How the reference class's shared number of major powers reads in a sentence.
    static let powerWords = [2: " that were both major powers", 1: " with one major power", 0: " without a major power"]

    /// When the ensemble's members differ by more than a factor of three at ten years: who says what, and what
    /// drives the outlier, so the reader sees that the average hides a split.
    var memberDisagreement: String? {
        let members = forecast.members.filter { $0.cumulative.count >= 10 }
        guard let high = members.max(by: { $0.cumulative[9] < $1.cumulative[9] }),
              let low = members.min(by: { $0.cumulative[9] < $1.cumulative[9] }), high.cumulative[9] > 3 * low.cumulative[9] else { return nil }
        let others = members.filter { $0.name != high.name }.map(\.cumulative[9])
        let reason = high.contributions.first.map { factor in
            let observed = OnsetForecaster.inputs(ModelTerm(factor.factor)).compactMap { origin.observedIn[$0] }.max()
            return " Most of that comes from one factor: \(factor.label)"
                + (observed.map { ", as last measured in \($0), the final year of its data" } ?? "") + "."
        } ?? ""
        return "The \(members.count) models behind the figure disagree. \(others.count == 1 ? "One puts" : "\(others.count) put") the ten-year chance at "
            + "\(NumberText.percent(others.min()!, digits: 1))\(others.count > 1 ? "–\(NumberText.percent(others.max()!, digits: 1))" : ""); the one that looks at "
            + "\(high.summary) puts it at \(NumberText.percent(high.cumulative[9], digits: 1)).\(reason) The headline is their weighted average, "
            + "with weights earned by past forecasting, and the plausible range spans the split."
    }

    /// How forecasts made the same way have done, in plain words: the backtest's skill at ten years and one
    /// against the typical-pair rate, with ranges, the years they did worse, and what the model cannot see.
    var backtestRecord: [String] {
        guard let backtest = inputs.backtest, let ensemble = inputs.ensemble, let ten = backtest.horizon(10) else { return [] }
        // Year by year on each score the pooled sentence names, so a clean record on one is not read as one on both.
        let misses = [("the log score", BacktestSummary.Score.log), ("squared error", .brier)].map { name, score in
            (name, backtest.misses(at: 10, by: score).map(\.origin))
        }
        var lines = ["How forecasts made this way have done: Entente was re-run as of every year from \(backtest.firstOrigin) to \(backtest.lastOrigin), "
            + "each time learning only from the years before, and its ten-year figures for every pair without a defence pact "
            + "(\(NumberText.grouped(ten.pairs)) forecasts, \(NumberText.grouped(ten.events)) of which were followed by a pact) were checked against what happened. "
            + Self.scores(ten, pact: "a pact") + " "
            + (misses.allSatisfy(\.1.isEmpty) ? "They did no worse than that rate in any single year tested, on either score."
                : "Year by year, they did worse than that rate " + misses.map { name, years in
                    "on \(name) in " + (years.isEmpty ? "none of the \(ten.origins) years"
                        : "\(years.count) of the \(ten.origins) years (\(years.map(String.init).joined(separator: ", ")))")
                }.joined(separator: " and ") + ".")
            + (backtest.horizon(1).map { " One-year figures: log-score skill \(Self.skill($0, "log_skill"))." } ?? "")]
        // The term is left out by the separation rule or by the screening; either way the data cannot price it.
        if ensemble.model.members.contains(where: { member in
            member.fit.transform.dropped.contains { $0.name == "lag(major_both)" } || member.screening?.dropped.contains("lag(major_both)") == true
        }) {
            lines.append("What the model cannot see: too few pairs of major powers formed a new defence pact in the training years for it to "
                + "estimate what being two major powers does, so that part of this pair's story is outside the numbers; so is any decision "
                + "without precedent in the record of past treaties.")
        }
        return lines
    }

    /// How the bilateral-treaty figure's forecasts have done, in plain words: its backtest at ten years and, read
    /// through that backtest's calibration line, what this pair's figure has corresponded to.
    public var bilateralRecord: String {
        guard let backtest = inputs.bilateralBacktest, let ten = backtest.horizon(10) else {
            return "Unlike the headline, this narrower figure has not been back-tested; with few such treaties since the Cold War, treat it as a rough guide."
        }
        var text = "Back-tested as the headline is, re-run as of every year from \(backtest.firstOrigin) to \(backtest.lastOrigin) "
            + "(\(NumberText.grouped(ten.pairs)) ten-year forecasts, \(NumberText.grouped(ten.events)) followed by a treaty of the two alone). "
            + Self.scores(ten, pact: "such a treaty")
        if let figure = bilateralForecast?.within(10)?.cumulative, let recalibrated = bilateralRecalibrated {
            text += " Read through that test's calibration line, forecasts of \(NumberText.percent(figure, digits: 1)) were followed by such a "
                + "treaty about \(NumberText.percent(recalibrated, digits: 1)) of the time."
        }
        return text
    }

    /// The pair's ten-year bilateral figure read through its backtest's ten-year calibration line
    /// (logit q = a + b·logit p): how often forecasts of that size were followed by such a treaty.
    var bilateralRecalibrated: Double? {
        guard let line = inputs.bilateralBacktest?.horizon(10)?.calibration, let figure = bilateralForecast?.within(10)?.cumulative,
              figure > 0, figure < 1 else { return nil }
        return 1 / (1 + exp(-(line.intercept + line.slope * log(figure / (1 - figure)))))
    }

    /// How a backtest's forecasts at one horizon scored against the typical-pair rate, in a sentence: each skill
    /// worded by its sign, then how often they ranked the pairs that went on to form `pact` above the rest.
    static func scores(_ horizon: BacktestSummary.Horizon, pact: String) -> String {
        let named = [("the log score", "log_skill"), ("squared error", "brier_skill")].compactMap { label, key in
            horizon.intervals[key].map { (label, $0.estimate) }
        }
        let beat = named.filter { $0.1 > 0 }.map(\.0), lost = named.filter { $0.1 <= 0 }.map(\.0)
        let verdict = [beat.isEmpty ? nil : "beat the typical-pair rate on " + beat.joined(separator: " and on "),
                       lost.isEmpty ? nil : "did no better than \(beat.isEmpty ? "the typical-pair rate" : "it") on " + lost.joined(separator: " and on ")]
            .compactMap { $0 }.joined(separator: ", but ")
        return "They \(verdict) (log-score skill \(skill(horizon, "log_skill")), squared-error skill \(skill(horizon, "brier_skill")); "
            + "0 would be no better than that rate), and ranked the pairs that went on to form \(pact) above those that did not "
            + "\(NumberText.percent(horizon.skills.rocAUC, digits: 0)) of the time."
    }

    /// A skill score with its 90% range, or a dash when the backtest lacks it.
    static func skill(_ horizon: BacktestSummary.Horizon, _ name: String) -> String {
        guard let interval = horizon.intervals[name] else { return "–" }
        return String(format: "%.2f (plausible range %.2f to %.2f)", interval.estimate, interval.lower, interval.upper)
    }

    private func range(_ year: OnsetForecast.Year) -> String {
        "\(NumberText.percent(year.lower, digits: 1))–\(NumberText.percent(year.upper, digits: 1))"
    }

    /// Whether every model term a scenario shocks has a coefficient the data cannot tell apart from zero.
    private func restsOnUnclearTerms(_ scenario: ScenarioForecast) -> Bool {
        let shocked = Set(scenario.scenario.shocks.map(\.column))
        if inputs.ensemble != nil {
            let touched = forecast.contributions.filter { contribution in
                contribution.terms.contains { !shocked.isDisjoint(with: OnsetForecaster.inputs(ModelTerm($0, logOnePlus: false))) }
            }
            return !touched.isEmpty && touched.allSatisfy { !$0.clear }
        }
        let fit = inputs.model.fit
        let terms = inputs.model.specification.terms.filter { !shocked.isDisjoint(with: OnsetForecaster.inputs($0)) }
        return !terms.isEmpty && terms.allSatisfy { term in fit.names.firstIndex(of: term.description).map { fit.pValues[$0] >= 0.05 } ?? true }
    }

    private func change(_ scenario: ScenarioForecast) -> Double {
        (scenario.shocked.last?.cumulative ?? 0) - (scenario.baseline.last?.cumulative ?? 0)
    }
}
