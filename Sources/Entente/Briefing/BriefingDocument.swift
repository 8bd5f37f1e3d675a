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
        guard !rows.isEmpty else { return }
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        markdown += "| " + header.map(cell).joined(separator: " | ") + " |\n|" + header.map { _ in "---" }.joined(separator: "|") + "|\n"
        markdown += rows.map { "| " + $0.map(cell).joined(separator: " | ") + " |" }.joined(separator: "\n") + "\n\n"
        body += HTMLPage.table(header, rows)
    }

    /// An SVG chart: inline in HTML, a data-URI image in Markdown.
    mutating func figure(_ svg: String, caption: String) {
        markdown += "![\(caption)](data:image/svg+xml;base64,\(Data(svg.utf8).base64EncodedString()))\n\n*\(caption)*\n\n"
        body += "<figure>\(svg)<figcaption>\(escape(caption))</figcaption></figure>\n"
    }

    func html(title: String) -> String { HTMLPage.page(title: title, body: body) }

    private func escape(_ text: String) -> String { HTMLPage.escape(text) }
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
        let model = inputs.model
        doc.heading(1, "Entente briefing: \(dyadName)")
        doc.paragraph("Forecast origin \(origin.year) (datasets to \(origin.dataYear)\(origin.entered.isEmpty ? "" : "; later years from \(origin.entered.count) sourced case-file entries")). "
            + "Data: \(inputs.dataSource). Model: \(inputs.modelSource). Entente \(EntenteVersion.current).")

        doc.heading(2, "How likely is a formal defence pact?", id: "forecast")
        if forecast.alreadyAllied {
            doc.paragraph("A defence pact is already in force in \(origin.year); the onset forecast below is not meaningful for this pair.")
        }
        let baseRate = Double(model.fit.events) / Double(model.fit.observations)
        doc.table(["within", "by the end of", "probability", "90% interval", "median of draws"],
                  [1, 5, 10].compactMap { horizon in
                      forecast.within(horizon).map { ["\(horizon) year\(horizon == 1 ? "" : "s")", "\($0.year)", percent($0.cumulative),
                                                      "\(percent($0.lower)) – \(percent($0.upper))", percent($0.median)] }
                  })
        doc.paragraph("The annual hazard in \(origin.year + 1) is \(percent(forecast.within(1)?.hazard ?? 0)), against \(percent(baseRate)) for the average pair at risk in the model's data "
            + "(\(model.fit.events) onsets in \(model.fit.observations) dyad-years, \(model.specification.firstYear)–\(model.specification.lastYear)). "
            + "Cumulative probabilities compound the yearly hazards with the covariates held at their \(origin.year) values and the years without a pact counting on; "
            + "the interval comes from \(NumberText.grouped(draws)) draws of the coefficients from their estimated (dyad-clustered) covariance.")
        doc.figure(forecastChart, caption: "Cumulative probability of a defence-pact onset with its 90% interval.")

        doc.heading(2, "What pushes it, and what holds it back", id: "drivers")
        doc.paragraph("Each group's contribution is β·(x − x̄): the dyad's value against the mean of all pairs at risk, in log-odds of an onset in \(origin.year + 1).")
        doc.table(["", "factor", "terms", "dyad", "system mean", "log-odds"],
                  (forecast.drivers.map { ("driver", $0) } + forecast.barriers.map { ("barrier", $0) }).map { kind, contribution in
                      [kind, contribution.label, contribution.terms.joined(separator: ", "),
                       contribution.values.map { number($0) }.joined(separator: ", "), contribution.baseline.map { number($0) }.joined(separator: ", "),
                       String(format: "%+.3f", contribution.logOdds)]
                  })
        doc.figure(driverChart, caption: "From the system baseline to this dyad: drivers in green, barriers in red.")
        if !origin.stale.isEmpty {
            doc.paragraph("Empty in \(min(origin.year, origin.dataYear)) and taken from the last year observed: " + origin.stale.joined(separator: ", ") + ".")
        }
        if !origin.carried.isEmpty && origin.year > origin.dataYear {
            doc.paragraph("Held at their \(origin.dataYear) values (no newer data): " + origin.carried.filter { name in model.specification.terms.contains { OnsetForecaster.inputs($0).contains(name) } }.joined(separator: ", ") + ".")
        }

        if let chart = alignmentChart {
            doc.heading(2, "How close are they? The alignment index", id: "alignment")
            doc.figure(chart, caption: "Alignment index (percentile among all dyads each year) with its 90% bootstrap band and components; 1989 and 2014 marked.")
            doc.table(["year", "composite", "90% band", "diplomatic", "military", "economic", "event"],
                      inputs.alignment.suffix(6).map { year in
                          ["\(year.year)", number(year.composite), "\(number(year.lower)) – \(number(year.upper))", number(year.diplomatic),
                           number(year.military), number(year.economic), number(year.event)]
                      })
        }
        if let chart = pressureChart {
            doc.heading(2, "Western pressure and the pressure test", id: "pressure")
            doc.figure(chart, caption: "Western pressure on each state and shared, against the alignment composite.")
            doc.list(inputs.pressureTest)
        }

        if !scenarios.isEmpty {
            doc.heading(2, "What would change it: scenarios", id: "scenarios")
            doc.table(["scenario", "what it assumes", "direction through the model", "by \(scenarios[0].shocked.last?.year ?? 0) (median)", "baseline", "paths above baseline"],
                      scenarios.map { scenario in
                          [scenario.scenario.name, scenario.scenario.description,
                           scenario.impliedDirection > 0 ? "raises" : scenario.impliedDirection < 0 ? "lowers" : "no effect",
                           percent(scenario.shocked.last?.median ?? 0), percent(scenario.baseline.last?.median ?? 0),
                           NumberText.percent(scenario.shareHigher, digits: 0)]
                      })
            if let chart = scenarioChart { doc.figure(chart, caption: "Median cumulative probability under each scenario, beside the baseline (same coefficient draws).") }
        }

        if let signposts {
            doc.heading(2, "What to watch: signposts", id: "signposts")
            doc.paragraph(signposts.headline + ". The prior is the model's 10-year probability; each signpost seen multiplies the odds by its likelihood ratio.")
            doc.table(signposts.signpostReport.columns, signposts.signpostReport.rows.map { $0.map(Self.text) })
            doc.figure(signposts.chart(title: "Signpost trajectory: \(dyadName)"), caption: "Posterior probability as evidence arrives; the prior dashed.")
            doc.list(signposts.warnings.map(\.message))
            doc.table(signposts.questionReport.columns, signposts.questionReport.rows.map { $0.map(Self.text) })
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
            doc.table(["date", "kind", "direction", "item", "sources"],
                      file.evidence.filter { cutoff == nil || $0.date.year <= cutoff! }.sorted { $0.date < $1.date }.map { item in
                          ["\(item.date)", item.kind.rawValue, item.direction.rawValue, item.title, item.sources.joined(separator: ", ")]
                      })
        }

        doc.heading(2, "Appendix: sources, data and model", id: "appendix")
        doc.paragraph("Model: \(model.specification.outcome.rawValue) on dyad-years at risk \(model.specification.firstYear)–\(model.specification.lastYear), "
            + "\(model.fit.observations) rows, \(model.fit.events) onsets, log-likelihood \(String(format: "%.2f", model.fit.logLikelihood)), "
            + "McFadden R² \(String(format: "%.3f", model.fit.pseudoR2)), \(model.fit.covarianceKind.rawValue) errors; fitted by Entente \(model.ententeVersion).")
        doc.table(AllianceModel.coefficientReport(model.fit).columns, AllianceModel.coefficientReport(model.fit).rows.map { $0.map(Self.text) })
        doc.table(["dataset", "file", "SHA-256", "citation"],
                  model.data.map { [$0.dataset, $0.file, $0.sha256, inputs.citations[$0.dataset] ?? ""] })
        if let file = inputs.caseFile {
            doc.table(["source", "title", "publisher", "link or symbol"],
                      file.sources.sorted { $0.key < $1.key }.map { id, source in [id, source.title, source.publisher, source.url ?? source.symbol ?? ""] })
        }
        return doc
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
