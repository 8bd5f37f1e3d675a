import Entente
import EntenteCore
import EntenteTestSupport
import Foundation
import Testing

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct ModelTests {
    static let service = Result { AllianceModelService(database: try TestData.database(), reference: TestData.reference) }
    /// The panel over the default model's years (and the year before, for the lag).
    static let panel = Result { try service.get().panel(for: .default) }
    static let fitted = Result { try service.get().fit(.default, panel: try panel.get()) }

    /// The shipped default specification fitted here equals statsmodels' Logit on the exported design, clustered by
    /// dyad, to 1e-6 relative (Tests/Scripts/logit_check.py).
    @Test func coefficientsAndClusteredErrorsEqualStatsmodels() throws {
        let (model, design) = try Self.fitted.get()
        let python = ProcessInfo.processInfo.environment["ENTENTE_PYTHON"] ?? "python3"
        guard pythonCanImport(python, "statsmodels") else {
            #expect(!TestData.required, "statsmodels is needed for this comparison (pip install statsmodels)")
            return
        }
        let folder = temporaryPath("model")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("design.csv").path
        try design.exportCSV(to: path)
        let (output, status) = try runScript(python, "logit_check.py", [path])
        #expect(status == 0)
        let theirs = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
        let coefficients = theirs?["coefficients"] as? [String: Double] ?? [:]
        let errors = theirs?["standard_errors"] as? [String: Double] ?? [:]
        #expect(theirs?["observations"] as? Int == model.fit.observations)
        #expect(coefficients.count == model.fit.names.count)
        for (index, name) in model.fit.names.enumerated() {
            let beta = try #require(coefficients[name], "statsmodels has no \(name)")
            let se = try #require(errors[name])
            #expect(abs(model.fit.coefficients[index] - beta) <= 1e-6 * max(1, abs(beta)), "\(name): \(model.fit.coefficients[index]) vs \(beta)")
            #expect(abs(model.fit.standardErrors[index] - se) <= 1e-6 * se, "\(name) se: \(model.fit.standardErrors[index]) vs \(se)")
        }
        let logLikelihood = try #require(theirs?["log_likelihood"] as? Double)
        #expect(abs(model.fit.logLikelihood - logLikelihood) < 1e-6)
    }

    /// Onset models use only the dyad-years at risk: China–Russia is out in the Sino-Soviet treaty's years (the tie
    /// held the year before) and in from 1981; no row has a missing predictor.
    @Test func onsetDesignKeepsTheYearsAtRisk() throws {
        let (model, design) = try Self.fitted.get()
        func has(_ year: Int32) -> Bool {
            design.year.indices.contains { design.ccode1[$0] == 365 && design.ccode2[$0] == 710 && design.year[$0] == year }
        }
        #expect(!has(1955) && !has(1979))
        #expect(has(1990) && has(2001) && has(2014))
        #expect(!design.tiedBefore.contains(true))
        #expect(design.regression.values.allSatisfy { !$0.isNaN })
        #expect(design.regression.count == model.fit.observations)
        #expect(model.excludedRows.values.reduce(0, +) > 0)
        // Every onset in the design is a dyad-year whose defence pact is new.
        let panel = try Self.panel.get()
        let onsets = panel.column("atop_defense_onset")!.values
        let expected = (0..<panel.count).filter { panel.year[$0] >= 1950 && onsets[$0] == 1 }.count
        #expect(model.fit.events <= expected && model.fit.events > expected / 2)
    }

    /// A model file keeps the fit and the checksums of the data it was fitted on, and reads back equal; fitting
    /// the same data twice writes the same bytes.
    @Test func modelFileRoundTripsAndIsReproducible() throws {
        let (model, _) = try Self.fitted.get()
        let url = temporaryPath("model", suffix: ".json")
        defer { try? FileManager.default.removeItem(at: url) }
        try model.write(to: url)
        #expect(try AllianceModel.load(url) == model)
        let atop = try #require(model.data.first { $0.dataset == "atop-ddy" })
        let ledger = try TestData.database().ledger().first { $0.dataset == "atop-ddy" }
        #expect(atop.sha256 == ledger?.sha256)
        let again = try Self.service.get().fit(.default, panel: try Self.panel.get()).0
        #expect(try again.encoded() == model.encoded())
        #expect(throws: ModelError.self) { try AllianceModel.load(URL(fileURLWithPath: "/nonexistent/model.json")) }
    }

    /// The split fixed in advance: train to 1980, test 1981–2018, scored on all dyad-years and on new ties only.
    @Test func validationBeatsTheBaselinesOnNewTies() throws {
        let specification = ModelSpecification.historical
        let panel = try Self.service.get().panel(for: specification)
        let split = try ModelValidation(specification: specification, panel: panel).split(trainThrough: 1980)
        #expect(split.trainYears == 1816...1980 && split.testYears == 1981...2018)
        func scores(_ population: ModelValidation.Population, _ forecaster: ModelValidation.Forecaster) throws -> ForecastScores {
            try #require(split.evaluations.first { $0.population == population && $0.forecaster == forecaster }?.scores)
        }
        let model = try scores(.newTies, .model), base = try scores(.newTies, .baseRate), persistence = try scores(.newTies, .persistence)
        #expect(model.count == base.count && model.events == base.events && model.events > 50)
        // Constant forecasts cannot rank: both baselines have AUC 0.5 on new ties.
        #expect(base.rocAUC == 0.5 && persistence.rocAUC == 0.5)
        #expect(try #require(model.rocAUC) > 0.75)
        let precision = try #require(model.averagePrecision), basePrecision = try #require(base.averagePrecision)
        #expect(precision > basePrecision)
        // On all dyad-years persistence gains from the pairs already tied (no onset possible there); on new ties it
        // is the base rate: the inflation that reporting both guards against.
        let allPersistence = try scores(.all, .persistence)
        #expect(try #require(allPersistence.rocAUC) > 0.5)
        #expect(try scores(.all, .model).count > model.count)
        #expect(try scores(.all, .model).events == model.events, "every onset is a new tie")
        // The log score rewards the model over the base rate out of sample.
        #expect(try #require(model.logScore) < (try #require(base.logScore)))
    }

    /// A yearly forecast for China–Russia: probabilities inside their 90% intervals, years after 1980 at risk.
    @Test func chinaRussiaForecast() throws {
        let (model, _) = try Self.fitted.get()
        let forecasts = try DyadForecast.yearly(model, panel: try Self.panel.get(), 710, 365, years: 1990...2014)
        #expect(forecasts.count == 25)
        for forecast in forecasts {
            let p = try #require(forecast.probability, "\(forecast.year): \(forecast.missing ?? "")")
            #expect(p > 0 && p < 1 && forecast.lower! < p && p < forecast.upper!)
            #expect(!forecast.tiedBefore && forecast.observed == 0)
        }
    }

    @Test func formulasAndUnknownTerms() throws {
        let (outcome, terms) = try ModelSpecification.parse(formula: "atop_consul_onset ~ un_agree + log1p(arms_tiv) + land_contiguity")
        #expect(outcome == .consulOnset)
        #expect(terms == [ModelTerm("un_agree"), ModelTerm("arms_tiv", logOnePlus: true), ModelTerm("land_contiguity")])
        #expect(throws: ModelError.self) { try ModelSpecification.parse(formula: "alliance ~ x") }
        #expect(throws: ModelError.self) { try ModelSpecification.parse(formula: "defense ~ a * b") }
        let specification = ModelSpecification(outcome: .defense, predictors: [ModelTerm("no_such_column")])
        #expect(throws: ModelError.self) { try ModelDesign(panel: try Self.panel.get(), specification: specification) }
    }
}

@Suite(.enabled(if: TestData.enabled, "real data not found; set ENTENTE_DATA"))
struct ReplicationTests {
    /// Gibler & Wolford's point reproduces: joint democracy's sign flips between formation and presence. Each
    /// finding's verdict follows from its own numbers.
    @Test func formationVersusPresenceFlipsJointDemocracy() throws {
        let panel = try PanelBuilder(database: TestData.database(), reference: TestData.reference)
            .build(PanelRequest(firstYear: 1815, lastYear: 2018))
        let results = try Replication.run(panel: panel)
        #expect(results.count == Replication.findings.count)
        let gibler = results.filter { $0.finding.study.hasPrefix("Gibler") }
        #expect(gibler.count == 2)
        #expect(gibler[0].finding.specification.outcome == .defenseOnset && gibler[0].coefficient < 0)
        #expect(gibler[1].finding.specification.outcome == .defense && gibler[1].coefficient > 0)
        for result in results {
            let significant = result.pValue < 0.05
            switch result.finding.claim {
            case .positive: #expect(result.holds == (significant && result.coefficient > 0))
            case .negative: #expect(result.holds == (significant && result.coefficient < 0))
            case .none: #expect(result.holds == !significant)
            }
            #expect(result.events > 500 && result.standardError > 0)
        }
        // Distance keeps pairs apart in any era: the most robust finding of the alliance literature.
        let distance = try #require(results.first { $0.finding.term == "capital_distance_ln" })
        #expect(distance.holds)
    }
}
