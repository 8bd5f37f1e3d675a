import EntenteCore
import EntenteRendering
import Foundation

/// A document written once and produced as both Markdown and self-contained HTML, so the two versions of a
/// briefing never drift apart.
struct DocumentWriter {
    private(set) var markdown = ""
    private(set) var body = ""

    mutating func heading(_ level: Int, _ text: String, id: String? = nil) {
        markdown += String(repeating: "#", count: level) + " " + text + "\n\n"
        body += "<h\(level)\(id.map { " id=\"\($0)\"" } ?? "")>\(escape(text))</h\(level)>\n"
    }

    mutating func paragraph(_ text: String) {
        markdown += text + "\n\n"
        body += "<p>\(escape(text))</p>\n"
    }

    mutating func list(_ items: [String]) {
        guard !items.isEmpty else { return }
        markdown += items.map { "- " + $0 }.joined(separator: "\n") + "\n\n"
        body += "<ul>\n" + items.map { "<li>\(escape($0))</li>" }.joined(separator: "\n") + "\n</ul>\n"
    }

    mutating func table(_ header: [String], _ rows: [[String]]) {
        table(header, rows.map { $0.map { DocumentCell($0) } })
    }

    /// A table whose cells may link.
    mutating func table(_ header: [String], _ rows: [[DocumentCell]]) {
        guard !rows.isEmpty else { return }
        // Checked first: Foundation's replacing is slow on Linux and almost no cell holds either character.
        func cell(_ text: String) -> String {
            guard text.utf8.contains(where: { $0 == UInt8(ascii: "|") || $0 == UInt8(ascii: "\n") }) else { return text }
            return text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        }
        markdown += "| " + header.map(cell).joined(separator: " | ") + " |\n|" + header.map { _ in "---" }.joined(separator: "|") + "|\n"
        markdown += rows.map { "| " + $0.map { cell($0.markdown) }.joined(separator: " | ") + " |" }.joined(separator: "\n") + "\n\n"
        body += HTMLPage.table(header, rows.map { $0.map(\.html) })
    }

    /// An SVG chart: inline in HTML, a data-URI image in Markdown.
    mutating func figure(_ svg: String, caption: String) {
        markdown += "![\(caption)](data:image/svg+xml;base64,\(Data(svg.utf8).base64EncodedString()))\n\n*\(caption)*\n\n"
        body += "<figure>\(svg)<figcaption>\(escape(caption))</figcaption></figure>\n"
    }

    func html(title: String) -> String { HTMLPage.page(title: title, body: body) }

    private func escape(_ text: String) -> String { HTMLPage.escape(text) }
}

/// A table cell of a briefing: text, or links (a source's title to its address), written for both Markdown
/// and HTML.
struct DocumentCell {
    let markdown: String
    let html: HTMLText

    init(_ text: String, link: String? = nil) {
        self.init(links: [(text, link)])
    }

    init(links: [(text: String, address: String?)]) {
        markdown = links.map { link in link.address.map { "[\(link.text)](\($0))" } ?? link.text }.joined(separator: "; ")
        html = .trusted(links.map { link in link.address.map { HTMLText.link(link.text, to: $0).markup } ?? HTMLPage.escape(link.text) }
            .joined(separator: "; "))
    }
}

extension Briefing {
    /// The briefing as Markdown.
    public var markdown: String { document.markdown }

    /// The briefing as one self-contained HTML page (inline SVG, no scripts, no external files).
    public var html: String { document.html(title: "Entente briefing: \(dyadName)") }

    /// The briefing's HTML body, for pages that put it inside their own (`HTMLPage`).
    public var htmlBody: String { document.body }

    private func percent(_ value: Double) -> String { NumberText.percent(value) }
    private func number(_ value: Double?) -> String { NumberText.decimal(value) }

    private var document: DocumentWriter {
        var doc = DocumentWriter()
        doc.heading(1, "Entente briefing: \(dyadName)")
        doc.heading(2, "Bottom line", id: "bottom-line")
        for line in bottomLine { doc.paragraph(line) }

        doc.heading(2, "The article's claims, tested", id: "claims")
        doc.paragraph("Each claim of the argument that a formal alliance is likelier than most think, set against what the data show for this pair.")
        doc.table(["claim", "what Entente measured", "verdict", "see"], claimFindings.map { finding in
            [DocumentCell(finding.claim), DocumentCell(finding.measured), DocumentCell(finding.verdict),
             DocumentCell(Self.sectionNames[finding.section] ?? finding.section, link: "#\(finding.section)")]
        })

        doc.heading(2, "How likely is a defence pact?", id: "forecast")
        if forecast.alreadyAllied {
            doc.paragraph("A defence pact is already in force, so there is no onset to forecast.")
        } else {
            doc.table(["within", "by the end of", "probability", "plausible range (90%)"],
                      [1, 5, 10].compactMap { horizon in
                          forecast.within(horizon).map { ["\(horizon) year\(horizon == 1 ? "" : "s")", "\($0.year)", percent($0.cumulative),
                                                          "\(percent($0.lower)) – \(percent($0.upper))"] }
                      })
            if forecast.members.isEmpty {
                doc.paragraph("The figures assume that the conditions of \(origin.year) hold over the years ahead, while the years without a pact count on. "
                    + "The range shows how much the figure depends on the uncertainty in the model's estimates (\(NumberText.grouped(draws)) simulations); "
                    + "it does not include the chance that the model itself is wrong, so treat it as a lower bound on the uncertainty.")
            } else {
                doc.paragraph("The figures assume that the conditions of \(origin.year) hold over the years ahead, while the years without a pact count on. "
                    + "Each is the weighted average of \(forecast.members.count) models that read the evidence differently; the weights come from how well "
                    + "each forecast the years before \(inputs.ensemble?.model.trainThrough ?? origin.dataYear), never from later years. The range combines "
                    + "the uncertainty in each model's estimates with the disagreement between them (\(NumberText.grouped(draws)) simulations); "
                    + "it cannot include what none of the models sees.")
                doc.table(["model", "what it looks at", "weight", "within 1 year", "within 5 years", "within 10 years", "weighs most in it"],
                          forecast.members.map { member in
                              [member.name, member.summary, NumberText.percent(member.weight, digits: 0)]
                                  + [1, 5, 10].map { member.cumulative.indices.contains($0 - 1) ? percent(member.cumulative[$0 - 1]) : "–" }
                                  + [member.contributions.prefix(2).map { "\($0.label) (\($0.logOdds > 0 ? "raises" : "lowers"))" }.joined(separator: "; ")]
                          })
            }
            if let bilateral = bilateralForecast, let ensemble = inputs.ensemble, let members = inputs.bilateralEnsemble {
                doc.paragraph("A treaty of the two alone. Of the \(NumberText.grouped(ensemble.model.trainEvents)) new defence ties in the years "
                    + "\(ensemble.model.firstYear)–\(ensemble.model.trainThrough), \(NumberText.grouped(members.model.trainEvents)) came from treaties signed by "
                    + "two states alone; the rest from states joining or founding pacts of several. "
                    + "The same models trained on bilateral treaties only give the chance of such a treaty between the two:")
                doc.table(["within", "by the end of", "probability", "plausible range (90%)"],
                          [1, 5, 10].compactMap { horizon in
                              bilateral.within(horizon).map { ["\(horizon) year\(horizon == 1 ? "" : "s")", "\($0.year)", percent($0.cumulative),
                                                               "\(percent($0.lower)) – \(percent($0.upper))"] }
                          })
                doc.paragraph(bilateralRecord + " How both are made: Docs/forecast-model.md.")
            }
            for line in backtestRecord { doc.paragraph(line) }
            doc.figure(forecastChart, caption: "Chance of a defence pact by each year, with its plausible range.")
        }

        if let reference = inputs.referenceClass, !forecast.alreadyAllied {
            doc.heading(2, "Pairs most like this one", id: "reference-class")
            let pairs = "pairs of states\(Self.powerWords[reference.majorPowers ?? -1] ?? "")"
            doc.paragraph((reference.analogues.count == reference.candidates
                ? "All \(reference.candidates) \(pairs) without a defence pact in \(reference.firstYear)–\(reference.lastYear), each in its year most like \(dyadName) in \(reference.year), closest first. "
                : "The \(reference.analogues.count) \(pairs) most like \(dyadName) in \(reference.year), from \(NumberText.grouped(reference.candidates)) such pairs "
                    + "without a defence pact in \(reference.firstYear)–\(reference.lastYear), each in its year most alike. ")
                + "Likeness weighs \(ReferenceClass.traitNames.joined(separator: ", ")) equally; a pair must have as many major powers as this one. "
                + "\(NumberText.percent(reference.rate, digits: 0)) of them formed a defence pact within ten years"
                + (reference.widerSize > reference.analogues.count ? ", and \(NumberText.percent(reference.widerRate, digits: 0)) of the \(reference.widerSize) most alike." : "."))
            doc.table(["pair", "year most alike", "likeness", "defence pact within ten years"], reference.analogues.map { analogue in
                ["\(analogue.name1)–\(analogue.name2)", "\(analogue.year)", NumberText.percent(1 - analogue.distance, digits: 0),
                 analogue.pactYear.map { "yes, \($0)" } ?? "no"]
            })
        }

        if !forecast.alreadyAllied, let ten = forecast.within(10) {
            doc.heading(2, "What pushes it, and what holds it back", id: "drivers")
            doc.paragraph("For each factor: this pair's value, a typical pair's, and what the ten-year chance would be if this pair were typical in that respect alone "
                + "(now \(percent(ten.cumulative))). Factors whose effect the data cannot tell apart from none are marked.")
            doc.table(["factor", "this pair", "typical pair", "10-year chance without it", "clear effect?"],
                      forecast.contributions.filter { !$0.terms.allSatisfy { $0.hasPrefix(PanelColumnName.defenseYears.rawValue) } }
                          .sorted { abs($0.logOdds) > abs($1.logOdds) }.map { contribution in
                              [contribution.label, shown(contribution.values.first), shown(contribution.baseline.first),
                               percent(withoutContribution(contribution.logOdds)),
                               contribution.clear ? (contribution.logOdds > 0 ? "yes, raises it" : "yes, lowers it") : "no: not distinguishable from zero"]
                          })
            if let readings = inputs.ensemble?.systemReadings(originYear: origin.year), !readings.isEmpty {
                let everyFloored = readings.allSatisfy(\.atTrainingFloor)
                doc.paragraph("The world's recent rate of new pacts is the same for every pair, so the table gives it no value of its own. "
                    + readings.map { Self.systemSentence($0, floorNote: !everyFloored) }.joined(separator: " ")
                    + (everyFloored ? (readings.count == 1 ? " That rate is" : readings.count == 2 ? " Both rates are" : " All \(readings.count) rates are")
                        + " no higher than the lowest the training years saw, so the model reads \(readings.count == 1 ? "it" : "them") at that lowest." : ""))
            }
            doc.figure(driverChart, caption: "From a typical pair's ten-year chance to this pair's, factor by factor (percentage points).")
        }

        if !scenarios.isEmpty && !forecast.alreadyAllied {
            doc.heading(2, "What would change it: scenarios", id: "scenarios")
            doc.table(["scenario", "what it assumes", "chance by \(scenarios[0].shocked.last?.year ?? 0)", "without it", "simulations above the baseline"],
                      scenarios.map { scenario in
                          [scenario.scenario.name, scenario.scenario.description, percent(scenario.shocked.last?.cumulative ?? 0),
                           percent(scenario.baseline.last?.cumulative ?? 0), NumberText.percent(scenario.shareHigher, digits: 0)]
                      })
            if let chart = scenarioChart { doc.figure(chart, caption: "Chance of a defence pact under each scenario, beside the baseline.") }
        }

        if let signposts, let file = inputs.caseFile, !forecast.alreadyAllied {
            doc.heading(2, "What to watch: signposts", id: "signposts")
            doc.paragraph("Developments that would be much more likely if a pact were coming. Each one seen multiplies the odds by its weight; "
                + "together those seen so far move the ten-year chance from \(percent(signposts.update.prior)) to \(percent(signposts.update.posterior)).")
            let seen = Set(signposts.update.steps.filter(\.observation.observed).map(\.observation.signpost))
            doc.table(["signpost", "what it is", "seen?", "weight if seen"],
                      file.signposts.map { [$0.title, $0.description, seen.contains($0.id) ? "yes" : "not yet", String(format: "×%.1f", $0.likelihoodRatio)] })
            doc.figure(signposts.chart(title: "Signposts: \(dyadName)"), caption: "The ten-year chance as evidence arrives; the starting point dashed.")
        }

        if let chart = alignmentChart {
            doc.heading(2, "How close are they? The alignment index", id: "alignment")
            doc.figure(chart, caption: "Alignment index: where the pair ranks among all pairs of states each year (0–100%), with its plausible range and its parts"
                + ((inputs.alignment.first?.year ?? 9999) <= 2014 ? "; 2014 marked." : "."))
            doc.table(["year", "overall", "plausible range", "diplomatic", "military", "economic", "events"],
                      inputs.alignment.suffix(6).map { year in
                          ["\(year.year)", share(year.composite), "\(share(year.lower)) – \(share(year.upper))", share(year.diplomatic),
                           share(year.military), share(year.economic), share(year.event)]
                      })
        }
        if let chart = pressureChart {
            doc.heading(2, "Western pressure", id: "pressure")
            doc.figure(chart, caption: "Western pressure on each state and on both (the smaller), against the alignment index.")
            doc.list(inputs.pressureTest)
        }

        if let file = inputs.caseFile, !file.judgements.isEmpty {
            doc.heading(2, "Published judgements", id: "judgements")
            doc.table(["date", "who", "judgement", "stance", "source"], file.judgements.sorted { $0.date < $1.date }.map { judgement in
                [DocumentCell("\(judgement.date)"), DocumentCell(judgement.who), DocumentCell(judgement.judgement),
                 DocumentCell(judgement.stance == .noPosition ? "no position" : judgement.stance.rawValue)] + [sourceCell(judgement.sources, in: file)]
            })
        }

        if let asOf = inputs.asOf {
            doc.heading(2, "Back-test: what happened after \(asOf)", id: "backtest")
            let happened = afterwards.isEmpty ? ["no new ATOP tie between them in the data after \(asOf)"]
                : afterwards.map { "\($0.year): a new \($0.provision) tie (ATOP)" }
            doc.list(happened)
        }

        if let file = inputs.caseFile {
            doc.heading(2, "Evidence log", id: "evidence")
            let cutoff = inputs.asOf
            doc.table(["date", "kind", "effect", "item", "sources"],
                      file.evidence.filter { cutoff == nil || $0.date.year <= cutoff! }.sorted { $0.date < $1.date }.map { item in
                          [DocumentCell("\(item.date)"), DocumentCell(item.kind.rawValue), DocumentCell(Self.directionWords[item.direction] ?? ""),
                           DocumentCell(item.title), sourceCell(item.sources, in: file)]
                      })
        }

        doc.heading(2, "Glossary", id: "glossary")
        doc.table(["term", "meaning"], Self.glossary)

        doc.heading(2, "Appendix: method, data and model", id: "appendix")
        doc.paragraph("Forecast origin \(origin.year) (datasets to \(origin.dataYear)\(origin.entered.isEmpty ? "" : "; later years from \(origin.entered.count) sourced case-file entries")). "
            + "Data: \(inputs.dataSource). Model: \(inputs.modelSource). Entente \(EntenteVersion.current).")
        if let ensemble = inputs.ensemble {
            let model = ensemble.model
            doc.paragraph("Model: an ensemble of \(model.members.count) logistic regressions of defence-pact onset on dyad-years at risk, trained on "
                + "\(model.firstYear)–\(model.trainThrough) (\(NumberText.grouped(model.trainRows)) dyad-years, \(NumberText.grouped(model.trainEvents)) onsets). "
                + "Every predictor is read as of the year before; counts enter as ln(1 + x), and every value is clamped to its training range and "
                + "standardised; a missing value takes its training median and a missing-value flag. Each member's penalty and use of the system's "
                + "recent rate of new pacts, "
                + (model.members.contains { $0.screening != nil }
                    ? "the terms it keeps (its author's list, changed only where dropping one of them or adding one of "
                        + "\(EnsembleMember.candidatePool.count) candidates improves its forecasts of those blocks by more than a standard error), "
                    : "")
                + "its recalibration and its weight come from \(model.blocks.count) forward-chaining blocks inside the training years "
                + "(\(model.blocks.first.map { "\($0.testYears.lowerBound)" } ?? "")–\(model.trainThrough)). Yearly hazards compound into the cumulative probability, "
                + "1 − Π(1 − h_t), with the covariates held at the origin and the clock moving on; the pool is Σ w·p. The range is the 5th–95th percentile "
                + "of simulations in which each member contributes its weight's share of coefficient draws from N(β̂, V) (dyad-clustered). A factor's "
                + "contribution is Σ w·b·β·z over the members (z the standardised value, b the recalibration slope); the \"without it\" figure removes it "
                + "from every year's pooled log-odds. A factor is marked unclear unless the members holding most of its weight estimate it at p < 0.05.")
            let members = ForecastReport.membersTable(model)
            doc.table(members.columns, members.rows.map { $0.map(Self.text) })
            let dropped = ForecastReport.droppedLines(model)
            if !dropped.isEmpty { doc.list(dropped) }
        } else {
            let model = inputs.model
            doc.paragraph("Model: logistic regression of \(model.specification.outcome.rawValue) on dyad-years at risk \(model.specification.firstYear)–\(model.specification.lastYear), "
                + "\(model.fit.observations) rows, \(model.fit.events) onsets, log-likelihood \(String(format: "%.2f", model.fit.logLikelihood)), "
                + "McFadden R² \(String(format: "%.3f", model.fit.pseudoR2)), \(model.fit.covarianceKind.rawValue) errors; fitted by Entente \(model.ententeVersion). "
                + "Yearly hazards compound into the cumulative probability, 1 − Π(1 − h_t), with the covariates held at the origin and the clock moving on; the range is the 5th–95th "
                + "percentile over coefficient draws from N(β̂, V). A factor's contribution is β·(x − x̄) against the mean pair at risk; the \"without it\" figure removes "
                + "that contribution from every year's log-odds. A factor is marked unclear when none of its terms has p < 0.05.")
        }
        if !origin.stale.isEmpty {
            doc.paragraph("Empty in \(min(origin.year, origin.dataYear)) and taken from the last year observed: " + origin.stale.joined(separator: ", ") + ".")
        }
        if !origin.carried.isEmpty && origin.year > origin.dataYear {
            doc.paragraph("Held at their \(origin.dataYear) values (no newer data): " + origin.carried.filter(modelReads).joined(separator: ", ") + ".")
        }
        if inputs.ensemble == nil {
            doc.table(AllianceModel.coefficientReport(inputs.model.fit).columns, AllianceModel.coefficientReport(inputs.model.fit).rows.map { $0.map(Self.text) })
        }
        doc.table(["dataset", "file", "SHA-256", "citation"],
                  inputs.model.data.map { [$0.dataset, $0.file, $0.sha256, inputs.citations[$0.dataset] ?? ""] })
        if let signposts {
            doc.table(signposts.questionReport.columns, signposts.questionReport.rows.map { $0.map(Self.text) })
        }
        if let file = inputs.caseFile {
            doc.table(["source", "title", "publisher", "link or symbol"],
                      file.sources.sorted { $0.key < $1.key }.map { id, source in
                          [DocumentCell(id), DocumentCell(source.title), DocumentCell(source.publisher),
                           DocumentCell(source.url ?? source.symbol ?? "", link: source.address)]
                      })
        }
        return doc
    }

    /// Section anchors by the names a reader sees.
    static let sectionNames = ["pressure": "Western pressure", "alignment": "Alignment index", "claims": "Appendix data",
                               "evidence": "Evidence log", "signposts": "Signposts", "forecast": "Forecast", "judgements": "Published judgements",
                               "reference-class": "Pairs most like this one"]

    static let directionWords: [EvidenceDirection: String] = [.closer: "draws them closer", .apart: "pushes them apart", .neutral: "neither"]

    static let glossary: [[String]] = [
        ["defence pact", "a treaty in which each promises to defend the other if attacked (ATOP's highest rung)"],
        ["consultation pact", "a treaty in which the parties promise to consult each other in a crisis; ATOP counts it as a formal alliance"],
        ["ATOP", "the Alliance Treaty Obligations and Provisions project, which codes every formal alliance since 1815"],
        ["at risk", "a pair of states without a defence pact the year before, which could form one"],
        ["outside view", "how often pairs of states most like this one went on to form a defence pact (the reference class)"],
        ["likeness", "how close a past pair was to this one, averaged over the traits compared; 100% is identical in each"],
        ["typical pair", "the average of all pairs at risk in the years the model learned from"],
        ["plausible range", "the 5th to 95th percentile of the simulated probabilities (a 90% interval)"],
        ["signpost", "a development much more likely to be seen if a pact were coming than if not"],
        ["weight", "how many times a signpost multiplies the odds of a pact when it is seen"],
        ["alignment index", "where the pair ranks among all pairs each year on UN voting, military ties, trade and the tone of events"],
    ]

    /// Whether the forecasting model reads a panel column.
    private func modelReads(_ column: String) -> Bool {
        if let ensemble = inputs.ensemble {
            return ensemble.usedTerms.contains { $0.kind == .lagged && OnsetForecaster.inputs(ModelTerm($0.base, logOnePlus: false)).contains(column) }
        }
        return inputs.model.specification.terms.contains { OnsetForecaster.inputs($0).contains(column) }
    }

    /// A contribution's value for the reader: a count without decimals, a share or small number with two.
    private func shown(_ value: Double?) -> String {
        guard let value, !value.isNaN else { return "–" }
        return value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
    }

    private func share(_ value: Double?) -> String { value.map { NumberText.percent($0, digits: 0) } ?? "–" }

    /// One system-rate term in plain words: the world's count over its window, per 10,000 pairs a year, against a
    /// typical training year's, and with `floorNote` whether the model holds it at the training years' lowest.
    static func systemSentence(_ reading: EnsembleForecaster.SystemReading, floorNote: Bool) -> String {
        let what = reading.term.systemCount == .bilateralTreaties
            ? "New two-state defence treaties that made a new tie" : "New defence ties between pairs of states"
        func per10k(_ rate: Double) -> String { String(format: "%.2f", rate * 10_000) }
        return "\(what) in \(reading.years.lowerBound)–\(reading.years.upperBound): \(NumberText.grouped(reading.events)), "
            + "or \(per10k(reading.rate)) per 10,000 pairs a year, against \(per10k(reading.typicalRate)) in a typical year of the training data"
            + (floorNote && reading.atTrainingFloor ? " (no higher than the lowest the training years saw, so the model reads it at that lowest)." : ".")
    }

    /// The ten-year probability with one contribution removed from every year's log-odds.
    func withoutContribution(_ logOdds: Double) -> Double {
        var survival = 1.0
        for year in forecast.years.prefix(10) {
            let hazard = min(max(year.hazard, 1e-12), 1 - 1e-12)
            survival *= 1 - 1 / (1 + exp(-(log(hazard / (1 - hazard)) - logOdds)))
        }
        return 1 - survival
    }

    /// The sources of an item as links (their titles), for the reader.
    private func sourceCell(_ ids: [String], in file: CaseFile) -> DocumentCell {
        let sources = ids.compactMap { file.sources[$0] }
        return DocumentCell(links: sources.map { ($0.title, $0.address) })
    }

    private static func text(_ value: FieldValue) -> String {
        switch value {
        case .null: ""
        case .integer(let number): String(number)
        case .real(let number): String(format: "%.4g", number)
        case .text(let text): text
        }
    }
}
