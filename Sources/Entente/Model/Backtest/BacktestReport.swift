import EntenteCore
import Foundation

/// Tables, JSON and CSV for fixed splits and backtests.
public enum ForecastReport {
    /// The export columns: one row per scored pair, then `member_<name>` for each member named.
    public static let exportColumns = ["ccode1", "ccode2", "year", "origin", "horizon", "outcome", "probability", "base_probability"]

    /// Scored forecasts as CSV (`--export-predictions`): `year` is the year forecast (fixed splits) or the first
    /// year of the window (backtests, with origin and horizon); `outcome` is 1 for an onset in the year or window.
    /// With `memberNames` (the model's member order), each member's own probability follows, so a reader can rescore
    /// the members or try other weights.
    public static func predictionsCSV(_ forecasts: [ScoredForecast], memberNames: [String] = []) -> String {
        precondition(memberNames.isEmpty || forecasts.allSatisfy { $0.members.count == memberNames.count }, "one probability per member named")
        var text = (exportColumns + memberNames.map { "member_\($0)" }).joined(separator: ",") + "\n"
        text.reserveCapacity(forecasts.count * (48 + 20 * memberNames.count))
        for f in forecasts {
            text += "\(f.ccode1),\(f.ccode2),\(f.year),\(f.origin.map(String.init) ?? ""),\(f.horizon.map(String.init) ?? ""),"
            text += "\(f.outcome ? 1 : 0),\(f.probability.description),\(f.reference.description)"
            if !memberNames.isEmpty { for p in f.members { text += ",\(p.description)" } }
            text += "\n"
        }
        return text
    }

    /// One row per forecaster: count, events, ROC-AUC, PR-AUC, Brier, log score and the skills against the
    /// training base rate.
    public static func splitTable(_ split: EnsembleSplit) -> ReportTable {
        let scores = split.scores
        guard let base = scores.last?.scores else { return ReportTable(columns: [], rows: []) }
        func value(_ x: Double?) -> FieldValue { x.map { $0.isFinite ? .real($0) : .null } ?? .null }
        let rows: [[FieldValue]] = scores.map { name, s in
            let brierSkill = s.brierScore.flatMap { b in base.brierScore.map { 1 - b / $0 } }
            let logSkill = s.logScore.flatMap { l in base.logScore.map { 1 - l / $0 } }
            return [.text("\(split.model.firstYear)-\(split.model.trainThrough)"),
                    .text("\(split.testYears.lowerBound)-\(split.testYears.upperBound)"), .text(name),
                    .integer(Int64(s.count)), .integer(Int64(s.events)), value(s.rocAUC), value(s.averagePrecision),
                    value(s.brierScore), value(s.logScore), value(brierSkill), value(logSkill),
                    value(CalibrationLine(predictions: splitPredictions(split, name), outcomes: split.forecasts.map(\.outcome))?.slope)]
        }
        return ReportTable(columns: ["train", "test", "forecaster", "rows", "events", "roc_auc", "pr_auc", "brier", "log_score",
                                     "brier_skill", "log_skill", "calibration_slope"], rows: rows)
    }

    private static func splitPredictions(_ split: EnsembleSplit, _ name: String) -> [Double] {
        if name == "ensemble" { return split.forecasts.map(\.probability) }
        if let m = split.model.members.firstIndex(where: { "member \($0.name)" == name }) { return split.forecasts.map { $0.members[m] } }
        return split.forecasts.map(\.reference)
    }

    /// Each member's configuration, weight, inner log score, what screening changed in its terms and the columns
    /// it dropped.
    public static func membersTable(_ model: EnsembleModel) -> ReportTable {
        ReportTable(columns: ["member", "years", "weight", "inner_log_score", "configuration", "recalibration", "terms_screened",
                              "columns_dropped"],
                    rows: model.members.map { member in
                        let fit = member.fit
                        return [.text(member.name), .text("\(fit.trainYears.lowerBound)-\(fit.trainYears.upperBound)"), .real(member.weight),
                                .real(member.innerLogScore), .text(fit.configuration.description),
                                .text(String(format: "a=%.3f b=%.3f", fit.recalibration.intercept, fit.recalibration.slope)),
                                member.screening.map { .text($0.summary) } ?? .null,
                                .integer(Int64(fit.transform.dropped.count + member.missingOptional.count))]
                    })
    }

    /// Every column a member left out, with the rule that left it out: one line per member and reason.
    public static func droppedLines(_ model: EnsembleModel) -> [String] {
        model.members.flatMap { member in
            var reasons: [(reason: String, names: [String])] = []
            let all = member.fit.transform.dropped.map { ($0.name, $0.reason) } + member.missingOptional.map { ($0, "not in the panel") }
            for (name, reason) in all {
                if let index = reasons.firstIndex(where: { $0.reason == reason }) { reasons[index].names.append(name) } else { reasons.append((reason, [name])) }
            }
            return reasons.map { "\(member.name): \($0.names.joined(separator: ", ")): \($0.reason)" }
        }
    }

    /// Each trial of the term screening that changed a member, and the nearest misses: the gain in inner log score
    /// (per dyad-year) against its standard error.
    public static func screeningLines(_ model: EnsembleModel) -> [String] {
        model.members.flatMap { member -> [String] in
            guard let screening = member.screening else { return [] }
            let ranked = screening.trials.filter { $0.difference != nil }.sorted { $0.difference!.gain > $1.difference!.gain }
            let shown = ranked.filter(\.accepted) + ranked.filter { !$0.accepted }.prefix(2)
            let failed = screening.trials.filter { $0.difference == nil }.map(\.term)
            return ["\(member.name): \(screening.summary)" + (screening.combinedRejected ? " (the changes together scored worse than the best alone)" : "")]
                + shown.map { trial in
                    let d = trial.difference!
                    return String(format: "  %@ %@ %@: gain %.2e ± %.2e", trial.accepted ? "✓" : "·", trial.change.rawValue, trial.term, d.gain, d.standardError)
                }
                + (failed.isEmpty ? [] : ["  not scored (a block's fit failed): " + failed.joined(separator: ", ")])
        }
    }

    /// One row per horizon: the skills with 90% intervals, the base values and the calibration line.
    public static func backtestTable(_ results: [Backtest.HorizonResult]) -> ReportTable {
        func cell(_ r: Backtest.HorizonResult, _ name: String) -> FieldValue {
            guard let i = r.intervals[name] else { return .null }
            return .text(String(format: "%.4f [%.4f, %.4f]", i.estimate, i.lower, i.upper))
        }
        return ReportTable(
            columns: ["horizon", "origins", "pairs", "events", "roc_auc", "pr_auc", "brier_skill", "log_skill", "base_pr_auc",
                      "brier", "base_brier", "log_score", "base_log_score", "calibration_intercept", "calibration_slope"],
            rows: results.map { r in
                [.integer(Int64(r.horizon)), .integer(Int64(r.origins)), .integer(Int64(r.pairs)), .integer(Int64(r.events)),
                 cell(r, "roc_auc"), cell(r, "pr_auc"), cell(r, "brier_skill"), cell(r, "log_skill"),
                 .real(r.point.referenceAveragePrecision), .real(r.point.brier), .real(r.point.referenceBrier),
                 .real(r.point.logScore), .real(r.point.referenceLogScore),
                 r.calibration.map { .real($0.intercept) } ?? .null, r.calibration.map { .real($0.slope) } ?? .null]
            })
    }

    /// The backtest as JSON: per horizon, every score with its interval, the calibration line and the origins'
    /// weights.
    public static func backtestJSON(_ backtest: Backtest, _ results: [Backtest.HorizonResult]) throws -> String {
        struct Interval: Encodable { var estimate: Double?, lower: Double?, upper: Double? }
        struct Horizon: Encodable {
            var horizon: Int, origins: Int, pairs: Int, events: Int
            var scores: [String: Interval]
            var reference: [String: Double]
            var calibration_intercept: Double?, calibration_slope: Double?
        }
        struct OriginOut: Encodable {
            var origin: Int, pairs: Int, base_rate: Double, weights: [String: Double], configurations: [String: String]
            var screening: [String: String]
        }
        struct Output: Encodable { var horizons: [Horizon], origins: [OriginOut], members: [String] }
        func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
        let output = Output(
            horizons: results.map { r in
                Horizon(horizon: r.horizon, origins: r.origins, pairs: r.pairs, events: r.events,
                        scores: r.intervals.mapValues { Interval(estimate: finite($0.estimate), lower: finite($0.lower), upper: finite($0.upper)) },
                        reference: ["roc_auc": r.point.referenceRocAUC, "pr_auc": r.point.referenceAveragePrecision,
                                    "brier": r.point.referenceBrier, "log_score": r.point.referenceLogScore],
                        calibration_intercept: r.calibration?.intercept, calibration_slope: r.calibration?.slope)
            },
            origins: backtest.origins.map { o in
                OriginOut(origin: o.year, pairs: o.pairs, base_rate: o.baseRate,
                          weights: Dictionary(uniqueKeysWithValues: o.weights.map { ($0.member, $0.weight) }),
                          configurations: Dictionary(uniqueKeysWithValues: o.configurations.map { ($0.member, $0.configuration.description) }),
                          screening: Dictionary(uniqueKeysWithValues: o.screenings.map { ($0.member, $0.summary) }))
            },
            members: backtest.memberNames)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(output), as: UTF8.self) + "\n"
    }
}
