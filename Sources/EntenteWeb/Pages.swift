import Entente
import EntenteCore
import EntenteRendering
import EntenteStore
import Foundation

/// The server's HTML pages: server-rendered, inline SVG charts, no scripts, readable on a phone.
enum Pages {
    static let style = "nav{display:flex;gap:1rem;flex-wrap:wrap;padding:.5rem 0;border-bottom:1px solid #ccc}.num{text-align:right}"

    static func layout(_ title: String, _ body: String) -> String {
        HTMLPage.page(title: "\(title) · Entente", style: style, body: """
            <nav><a href="/">Watch list</a><a href="/model">Model</a><a href="/data">Data</a><a href="/openapi.json">API</a></nav>
            <main>
            \(body)
            </main>
            """)
    }

    private static func e(_ text: String) -> String { HTMLPage.escape(text) }
    private static func percent(_ value: Double) -> String { NumberText.percent(value) }
    private static func number(_ value: Double?) -> String { NumberText.decimal(value) }
    private static func grouped(_ value: Int) -> String { NumberText.grouped(value) }


    static func overview(_ rows: [DyadSummaryDocument], site: EntenteSite) -> String {
        let origin = rows.map(\.dataOrigin).max() ?? 0
        let table = HTMLPage.table(["dyad", "alignment (year)", "90% band", "data to", "defence pact within 1 y", "5 y", "10 y (90% interval)",
                                    "with the case file's later entries", "team items", "team forecasts"],
                          rows.map { row in
                              let ten = row.dataForecast.first { $0.years == 10 }
                              let link = HTMLText.link(row.states.map(\.name).joined(separator: "–"), to: row.links["page"] ?? "")
                              let alignment = [row.alignment.map { "\(number($0.composite)) (\($0.year))" } ?? "–",
                                               row.alignment.map { "\(number($0.lower)) – \(number($0.upper))" } ?? "–", "\(row.dataOrigin)"]
                              let team = ["\(row.team.evidence)", "\(row.team.forecasts)"]
                              guard !row.alreadyAllied else { return [link] + (alignment + ["pact in force", "–", "–", "–"] + team).map { HTMLText($0) } }
                              let later = row.origin > row.dataOrigin
                                  ? row.forecast.first { $0.years == 10 }.map { "\(percent($0.probability)) within 10 y from \(row.origin)" } ?? "–" : "none"
                              return [link] + (alignment + [
                                  row.dataForecast.first { $0.years == 1 }.map { percent($0.probability) } ?? "–",
                                  row.dataForecast.first { $0.years == 5 }.map { percent($0.probability) } ?? "–",
                                  ten.map { "\(percent($0.probability)) (\(percent($0.lower)) – \(percent($0.upper)))" } ?? "–", later,
                              ] + team).map { HTMLText($0) }
                          })
        return layout("Watch list", """
            <h1>Watch list</h1>
            <p>How closely each pair is aligned (a percentile among all dyads, with its 90% bootstrap band) and how likely a formal defence pact is. To compare like with like, every pair's forecast starts from \(origin), the last year of the shared data, with 90% intervals that include the disagreement between the ensemble's models. Where a pair's case file carries sourced figures to a later year, the forecast from that year is given beside it and on the pair's page. Any other pair: <code>/dyads/ISO-ISO</code>.</p>
            \(table)
            <figure>\(intervalChart(rows))<figcaption>Probability of a defence-pact onset within 10 years from \(origin), with the 90% interval (pairs already allied left out).</figcaption></figure>
            """)
    }

    /// A dot-and-whisker chart of the 10-year probabilities.
    static func intervalChart(_ rows: [DyadSummaryDocument]) -> String {
        let items = rows.filter { !$0.alreadyAllied }.compactMap { row in
            row.dataForecast.first { $0.years == 10 }.map { (row.states.map(\.code).joined(separator: "–"), $0) }
        }
        let width = 480.0, rowHeight = 30.0, left = 96.0, right = 24.0
        let height = Double(items.count) * rowHeight + 50
        let top = max(0.05, (items.map(\.1.upper).max() ?? 0.05) * 1.1)
        func x(_ p: Double) -> Double { left + (width - left - right) * p / top }
        var svg = ["<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" font-family=\"sans-serif\" font-size=\"15\">",
                   "<title>Probability of a defence-pact onset within 10 years</title>"]
        // At most six round ticks, so the labels stay apart on a phone.
        let step = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25].first { top / $0 <= 6 } ?? 0.25
        for tick in stride(from: 0.0, through: top, by: step) {
            svg.append(String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"20\" y2=\"%.1f\" stroke=\"#eee\"/><text x=\"%.1f\" y=\"14\" text-anchor=\"middle\" fill=\"#555\">%.0f%%</text>",
                              x(tick), x(tick), height - 20, x(tick), 100 * tick))
        }
        for (index, (label, horizon)) in items.enumerated() {
            let y = 36 + Double(index) * rowHeight
            svg.append(String(format: "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%@</text>", left - 8, y + 4, e(label)))
            svg.append(String(format: "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#4a78b5\" stroke-width=\"2\"/>",
                              x(horizon.lower), x(horizon.upper), y, y))
            svg.append(String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\" fill=\"#1f4e8c\"><title>%@: %.2f%%</title></circle>",
                              x(horizon.probability), y, e(label), 100 * horizon.probability))
        }
        svg.append("</svg>")
        return svg.joined(separator: "\n")
    }

    static func dyad(_ view: DyadView, site: EntenteSite) -> String {
        let document = DyadDocument(view, events: site.events(view), reference: site.workspace.reference)
        var extra = ""
        if !document.events.isEmpty {
            let chart = LineChart(title: "ICEWS events by quad class, both directions", x: document.events.map(\.year), series: [
                .init(name: "verbal cooperation", values: document.events.map { Double($0.verbalCooperation) }, color: "#2b8a3e"),
                .init(name: "material cooperation", values: document.events.map { Double($0.materialCooperation) }, color: "#1f4e8c"),
                .init(name: "verbal conflict", values: document.events.map { Double($0.verbalConflict) }, color: "#e67700"),
                .init(name: "material conflict", values: document.events.map { Double($0.materialConflict) }, color: "#c92a2a"),
            ], yLabel: "events a year", yRange: 0...roundCeiling(Double(document.events.map { max($0.verbalCooperation, $0.materialCooperation, $0.verbalConflict, $0.materialConflict) }.max() ?? 1)))
            extra += "<h2 id=\"events\">Events by quad class</h2>\n<figure>\(chart.svg())<figcaption>ICEWS dyad-year counts, both directions summed.</figcaption></figure>\n"
        }
        extra += "<h2 id=\"team\">The team's additions</h2>\n"
        if let reason = view.storeUnavailable {
            let shown = view.teamEvidence.isEmpty && view.teamForecasts.isEmpty ? "are left out of this page" : "are shown as last read"
            extra += "<p><strong>The team store cannot be read now</strong> (\(e(reason))): the team's evidence and forecasts \(shown). The briefing itself needs nothing from it.</p>\n"
        }
        if view.teamEvidence.isEmpty && view.teamForecasts.isEmpty {
            extra += "<p>No evidence or forecasts added yet. Analysts with a token add them through the API (<code>POST /api/evidence</code>, <code>POST /api/forecasts</code>); they join the evidence log and the signposts above.</p>\n"
        } else {
            extra += HTMLPage.table(["date", "item", "direction", "signposts", "analyst", "added"], view.teamEvidence.map {
                [$0.date, $0.title, $0.direction, $0.signposts.joined(separator: ", "), $0.analyst, $0.submittedAt]
            })
            extra += HTMLPage.table(["question", "analyst", "date", "probability"], view.teamForecasts.map {
                [$0.question, $0.analyst, $0.date, percent($0.probability)]
            })
        }
        if !view.problems.isEmpty { extra += "<p>Not read into the briefing: \(e(view.problems.joined(separator: "; ")))</p>\n" }
        extra += "<p>As JSON: <a href=\"/api/dyads/\(e(view.slug))\">/api/dyads/\(e(view.slug))</a>.</p>\n"
        return layout(view.briefing.inputs.firstName + "–" + view.briefing.inputs.secondName, view.briefing.htmlBody + extra)
    }

    /// A round top for a count axis of four intervals: 6,946 → 8,000 (ticks every 2,000).
    static func roundCeiling(_ value: Double) -> Double {
        let step = pow(10, (log10(max(value, 4) / 4)).rounded(.down))
        return (value / (4 * step)).rounded(.up) * 4 * step
    }

    static func model(_ snapshot: Snapshot) -> String {
        let model = ModelDocument(snapshot)
        let rows = model.terms.map { term in
            [term.term, String(format: "%+.4f", term.coefficient), String(format: "%.4f", term.standardError),
             String(format: "%.2g", term.pValue), String(format: "%.3f", term.oddsRatio)]
        }
        return layout("Model", """
            <h1>The alliance model</h1>
            \(ensemble(snapshot))
            <h2 id="default-model">One specification: the default model</h2>
            <p>Logistic regression of \(e(model.outcome)) on dyad-years at risk, \(model.firstYear)–\(model.lastYear): \(model.observations) dyad-years, \(model.events) onsets; standard errors clustered by dyad. Log-likelihood \(String(format: "%.1f", model.logLikelihood)), AIC \(String(format: "%.1f", model.aic)), BIC \(String(format: "%.1f", model.bic)), McFadden R² \(String(format: "%.3f", model.pseudoR2)).</p>
            \(HTMLPage.table(["term", "coefficient", "std. error", "p", "odds ratio"], rows))
            \(snapshot.validation.map(validation) ?? "<p>This snapshot records no validation; run <code>entente model validate</code> on imported data.</p>")
            """)
    }

    /// The ensemble the briefings forecast with: each member's weight and choices, and its backtest.
    static func ensemble(_ snapshot: Snapshot) -> String {
        let model = snapshot.ensemble.model
        var html = """
            <p>Briefings forecast with an ensemble of \(model.members.count) logistic regressions trained on \(model.firstYear)–\(model.trainThrough) (\(grouped(model.trainRows)) dyad-years at risk, \(grouped(model.trainEvents)) onsets of a defence pact). Each reads its predictors as of the year before, bounded to their training range; its penalty, its use of the system's recent rate of new pacts\(model.members.contains { $0.screening != nil } ? ", the terms it keeps (its own list, changed only where dropping a term or adding a candidate clearly improves its forecasts of those blocks)" : ""), its recalibration and its weight come from forward-chaining blocks inside the training years. The forecast is the weighted average of the members'.</p>
            """
        html += HTMLPage.table(["member", "what it looks at", "years", "weight", "choices", "terms screened", "recalibration"], model.members.map { member in
            let fit = member.fit
            return [member.name, member.summary, "\(fit.trainYears.lowerBound)–\(fit.trainYears.upperBound)", String(format: "%.2f", member.weight),
                    fit.configuration.description, member.screening?.summary ?? "own terms (not screened)",
                    String(format: "a = %.2f, b = %.2f", fit.recalibration.intercept, fit.recalibration.slope)]
        })
        guard let backtest = snapshot.backtest else { return html }
        func interval(_ horizon: BacktestSummary.Horizon, _ name: String) -> String {
            guard let value = horizon.intervals[name] else { return "–" }
            return String(format: "%.3f [%.3f, %.3f]", value.estimate, value.lower, value.upper)
        }
        html += """
            <h2 id="backtest">How its forecasts have done</h2>
            <p>Re-run as of every year from \(backtest.firstOrigin) to \(backtest.lastOrigin), learning only from the years before, and scored on whether each pair without a defence pact formed one within 1, 5 and 10 years. Skills are against the training base rate (0: no better; higher is better), with 90% intervals from resampling blocks of origin years. <code>\(e(backtest.command))</code></p>
            """
        html += HTMLPage.table(["within", "origins", "pair forecasts", "followed by a pact", "ROC-AUC", "log-score skill", "Brier skill", "calibration slope"],
                               backtest.horizons.map { horizon in
                                   ["\(horizon.horizon) year\(horizon.horizon == 1 ? "" : "s")", "\(horizon.origins)", grouped(horizon.pairs), grouped(horizon.events),
                                    String(format: "%.3f", horizon.skills.rocAUC), interval(horizon, "log_skill"), interval(horizon, "brier_skill"),
                                    horizon.calibration.map { String(format: "%.2f", $0.slope) } ?? "–"]
                               })
        return html
    }

    /// Out-of-sample validation: each split's scores beside the base rate and persistence, reliability charts
    /// of the model on new ties, and rolling origins.
    static func validation(_ validation: SnapshotValidation) -> String {
        func score(_ value: Double?, _ format: String) -> String { value.map { String(format: format, $0) } ?? "–" }
        func years(_ pair: [Int]) -> String { pair.map(String.init).joined(separator: "–") }
        var html = """
            <h2 id="validation">Out of sample</h2>
            <p>Fitted on the training years only, then scored on later years it never saw: discrimination (ROC-AUC, PR-AUC as average precision) and accuracy (Brier score, log score; lower is better), on all dyad-years and on new ties only (pairs without the tie the year before, where persistence cannot help), beside two naive forecasters. A model that ranks well but scores a worse Brier than the base rate is over-confident: read its probabilities as rankings.</p>

            """
        for run in validation.runs {
            html += "<h3>\(e(run.specification)) specification: \(e(run.splits.count == 1 ? "one split" : "rolling origins"))</h3>\n<p><code>\(e(run.command))</code></p>\n"
            if let failure = run.failure { html += "<p>Not validated: \(e(failure))</p>\n"; continue }
            if run.splits.count == 1, let split = run.splits.first {
                html += "<p>Train \(years(split.trainYears)) (\(grouped(split.trainRows)) dyad-years, \(grouped(split.trainEvents)) events), test \(years(split.testYears)).</p>\n"
                html += HTMLPage.table(["population", "forecaster", "dyad-years", "events", "ROC-AUC", "PR-AUC", "Brier", "log score"], split.evaluations.map {
                    [$0.population.rawValue, $0.forecaster.rawValue, grouped($0.count), grouped($0.events), score($0.rocAUC, "%.3f"),
                     score($0.averagePrecision, "%.4f"), score($0.brierScore, "%.6f"), score($0.logScore, "%.5f")]
                })
                if let model = split.scores(.newTies, .model), !model.calibration.isEmpty {
                    let title = "Reliability, \(run.specification) model, new ties, \(years(split.testYears))"
                    html += "<figure>\(model.forecastScores.reliabilitySVG(title: title, axes: .logarithmic))<figcaption>Observed rate against predicted probability in equal-count bins with 95% Wilson intervals; calibrated forecasts lie on the diagonal.</figcaption></figure>\n"
                }
            } else {
                let rows = run.splits.compactMap { split -> [String]? in
                    guard let model = split.scores(.newTies, .model), let base = split.scores(.newTies, .baseRate) else { return nil }
                    return [years(split.trainYears), years(split.testYears), grouped(model.count), grouped(model.events), score(model.rocAUC, "%.3f"),
                            score(model.averagePrecision, "%.4f"), score(base.averagePrecision, "%.4f"), score(model.brierScore, "%.6f"),
                            score(base.brierScore, "%.6f")]
                }
                html += HTMLPage.table(["train", "test", "new-tie dyad-years", "events", "ROC-AUC", "PR-AUC", "PR-AUC base rate", "Brier", "Brier base rate"], rows)
                let points = run.splits.compactMap { split in split.scores(.newTies, .model)?.rocAUC.map { (split.testYears[0], $0) } }
                if points.count > 1 {
                    let chart = LineChart(title: "ROC-AUC on new ties by test decade", x: points.map(\.0),
                                          series: [.init(name: "model", values: points.map(\.1), color: "#1f4e8c"),
                                                   .init(name: "chance", values: points.map { _ in 0.5 }, color: "#999", width: 1)],
                                          yLabel: "ROC-AUC")
                    html += "<figure>\(chart.svg())<figcaption>Discrimination at each rolling origin (first test year on the axis); 0.5 is chance.</figcaption></figure>\n"
                }
            }
        }
        return html
    }

    static func data(_ document: DataDocument) -> String {
        layout("Data", """
            <h1>Where the numbers come from</h1>
            <p>Briefings read the snapshot shipped with Entente \(e(document.ententeVersion)) (\(e(document.snapshotFormat))), derived from these files; rebuild it with <code>\(e(document.rebuild))</code>.</p>
            \(HTMLPage.table(["dataset", "file", "SHA-256", "source"], document.datasets.map { [$0.dataset, $0.file, $0.sha256, [$0.title, $0.source].compactMap { $0 }.joined(separator: ". ")] }))
            <h2>The team's store</h2>
            <p>\(e(document.store))</p>
            \(document.team.isEmpty ? "<p>Nothing added yet.</p>" : HTMLPage.table(["dyad", "evidence items", "forecasts"], document.team.map { [$0.dyad, "\($0.evidence)", "\($0.forecasts)"] }))
            """)
    }

    static func error(_ error: APIError) -> String {
        layout("\(error.status.code) \(error.status.reasonPhrase)", """
            <h1>\(error.status.code) \(e(error.status.reasonPhrase))</h1>
            <p>\(e(error.message))</p>
            <p><a href="/">Back to the watch list</a></p>
            """)
    }
}
