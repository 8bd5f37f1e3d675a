import ArgumentParser
import Entente
import EntenteShipped
import EntenteCore
import EntenteStore
import Foundation

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot", abstract: "Build or show the snapshot of derived data that ships with Entente.",
        discussion: """
            The snapshot lets a fresh clone forecast and brief with nothing imported: the default model and the \
            consultation-onset model, the latest two panel years of every dyad (the columns the models need), the \
            history of the watch-list dyads (panel rows, alignment, pressure, pressure test, ICEWS events by quad \
            class), the out-of-sample validation of the default and historical specifications (as `model validate` \
            reports it) and its provenance \
            (dataset files and SHA-256, version, the command that rebuilds it). Derived data only, never the \
            datasets; the same data gives the same bytes.
            """,
        subcommands: [SnapshotBuildCommand.self, SnapshotShowCommand.self])
}

struct SnapshotBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Import the shared data into a temporary database and build the snapshot from it.")

    @Option(help: ArgumentHelp("The shared data folder to import (as `import all` does) into a temporary database.", valueName: "dir"))
    var from: String?
    @Option(help: ArgumentHelp("The folder to write.", valueName: "dir")) var out = "Data/snapshot"
    @Option(help: ArgumentHelp("Build from this already imported database instead of importing --from.", valueName: "file"))
    var database: String?

    func validate() throws {
        guard (from == nil) != (database == nil) else { throw ValidationError("give --from DIR or --database FILE (one of them)") }
        if let database, !FileManager.default.fileExists(atPath: database) { throw ValidationError("no database at \(database)") }
    }

    func run() throws {
        let started = Date()
        let reference = try ReferenceData()
        let temporary = from.map { _ in FileManager.default.temporaryDirectory.appendingPathComponent("entente-snapshot-\(UUID().uuidString)") }
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        let database: EntenteDatabase
        if let from, let temporary {
            // On disk rather than in memory, so that the panel's column groups read through connections of their own.
            database = try EntenteDatabase(path: temporary.appendingPathComponent("entente.sqlite").path)
            try importAll(from, into: database, reference: reference)
        } else {
            database = try EntenteDatabase(path: self.database!)
        }
        let output = URL(fileURLWithPath: out)
        try SnapshotBuilder(database: database, reference: reference).build(to: output) { stage in
            FileHandle.standardError.write(Data("\(stage)\n".utf8))
        }
        print(try fileTable(output).render(.table), terminator: "")
        print(String(format: "snapshot written to %@ in %.0f s", out, Date().timeIntervalSince(started)))
    }

    /// Imports every dataset found under `directory`, a progress bar per file on standard error; any failure stops
    /// the build, since a snapshot of partial data would misstate its provenance.
    private func importAll(_ directory: String, into database: EntenteDatabase, reference: ReferenceData) throws {
        var bar: ProgressBar?
        let items = ImportService(database: database, reference: reference).importAll(from: directory, willStart: { definition, path in
            bar?.finish()
            FileHandle.standardError.write(Data("importing \(definition.id) from \(path)\n".utf8))
            bar = ProgressBar(label: definition.id)
        }, progress: { bar?.update($0) })
        bar?.finish()
        guard !items.isEmpty else { throw CommandFailure(description: "no known dataset files under \(directory)") }
        let failures = items.compactMap { item -> String? in
            if case .failure(let error) = item.result { "\(item.dataset): \(error)" } else { nil }
        }
        if !failures.isEmpty {
            throw CommandFailure(description: "import failed, no snapshot written:\n" + failures.joined(separator: "\n"))
        }
    }
}

struct SnapshotShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a snapshot's provenance, validation and files' sizes (the shipped snapshot by default).")

    @Option(help: ArgumentHelp("A snapshot folder instead of the shipped one.", valueName: "dir")) var snapshot: String?

    func run() throws {
        let directory = try snapshot.map { URL(fileURLWithPath: $0) } ?? ShippedData.snapshotDirectory()
        let snapshot = try Snapshot.load(from: directory)
        let provenance = snapshot.provenance
        func text(_ value: String?) -> FieldValue { value.map(FieldValue.text) ?? .null }
        let years = provenance.years
        print(ReportTable(columns: ["property", "value"], rows: [
            [.text("format"), .text(provenance.format)],
            [.text("entente_version"), .text(provenance.ententeVersion)],
            [.text("rebuild"), .text(provenance.command)],
            [.text("model_panel_years"), span(years.modelPanel)],
            [.text("latest_years"), .text(years.latest.map(String.init).joined(separator: ", "))],
            [.text("dyad_panel_years"), span(years.dyadPanel)],
            [.text("alignment_years"), span(years.alignment)],
            [.text("pressure_test_years"), span(years.pressureTest)],
            [.text("event_years"), years.events.map(span) ?? .null],
            [.text("watch_list"), .text(provenance.watchList.map { "\($0.iso1)-\($0.iso2)" }.joined(separator: ", "))],
        ]).render(.table))
        print(ReportTable(columns: ["model", "outcome", "years", "observations", "events", "omitted"], rows: provenance.models.map { model in
            [text(model.file), .text(model.outcome), span(model.years), model.observations.map { .integer(Int64($0)) } ?? .null,
             model.events.map { .integer(Int64($0)) } ?? .null, text(model.omitted)]
        }).render(.table))
        if let validation = snapshot.validation { print(validationTable(validation).render(.table)) }
        print(ReportTable(columns: ["dataset", "file", "sha256", "source"], rows: provenance.datasets.map { dataset in
            [.text(dataset.dataset), .text(dataset.path ?? dataset.file), .text(dataset.sha256), text(dataset.source)]
        }).render(.table))
        print(try fileTable(directory).render(.table), terminator: "")
    }
}

/// A `[first, last]` span of years as `first–last`.
private func span(_ years: [Int]) -> FieldValue { .text(years.map(String.init).joined(separator: "–")) }

/// The model's out-of-sample scores in each split of the snapshot's validation, beside the base rate's Brier
/// score (the full table, with persistence and calibration, is in validation.json); a failed run in one row.
private func validationTable(_ validation: SnapshotValidation) -> ReportTable {
    func real(_ value: Double?) -> FieldValue { value.map(FieldValue.real) ?? .null }
    var rows: [[FieldValue]] = []
    for run in validation.runs {
        if let failure = run.failure {
            rows.append([.text(run.specification), .null, .null, .text("failed: \(failure)")] + Array(repeating: .null, count: 7))
        }
        for split in run.splits {
            for population in ModelValidation.Population.allCases {
                guard let model = split.scores(population, .model) else { continue }
                rows.append([.text(run.specification), span(split.trainYears), span(split.testYears), .text(population.rawValue),
                             .integer(Int64(model.count)), .integer(Int64(model.events)), real(model.rocAUC),
                             real(model.averagePrecision), real(model.brierScore), real(split.scores(population, .baseRate)?.brierScore),
                             real(model.logScore)])
            }
        }
    }
    return ReportTable(columns: ["validation", "train", "test", "population", "rows", "events", "roc_auc", "pr_auc", "brier",
                                 "brier_base_rate", "log_score"], rows: rows)
}

/// A snapshot folder's files and their sizes.
private func fileTable(_ directory: URL) throws -> ReportTable {
    ReportTable(columns: ["file", "bytes"], rows: try Snapshot.files(in: directory).map { [.text($0.path), .integer(Int64($0.bytes))] })
}
