import ArgumentParser
import Entente
import EntenteCore
import EntenteFormats
import Foundation

struct EventsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events", abstract: "Event data: import GDELT files, sync new ones, and print dyad series.",
        subcommands: [EventsImportCommand.self, EventsDyadCommand.self, EventsSyncCommand.self, EventsSparkJobCommand.self,
                      EventsSparkRunCommand.self, EventsImportRollupCommand.self])
}

struct EventsImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import GDELT event files (1.0 daily, 1.0 reduced, 2.0 export; plain, .zip or .gz) into dyad-day roll-ups.",
        discussion: """
            Counts events whose two actors carry different country codes that name COW states. An event ID counted \
            before (in any file) is never counted again; a file imported before is skipped. Each file commits whole. \
            The report lists how many rows each rule dropped.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "Files, or folders holding them.")
    var paths: [String]

    @OptionGroup var selectionOptions: EventSelectionOptions
    @Flag(help: "Quarantine malformed lines as rejects instead of stopping.") var keepGoing = false
    @Option(help: ArgumentHelp("The most bytes one line may have; a longer one stops the file.", valueName: "bytes"))
    var maxRecordBytes = DelimitedReader.defaultMaxRecordLength

    func validate() throws {
        guard maxRecordBytes > 0 else { throw ValidationError("--max-record-bytes must be at least 1") }
    }

    func run() throws {
        let selection = selectionOptions.selection
        var service = EventImportService(database: try global.openDatabase(), reference: try ReferenceData())
        service.maxRecordLength = maxRecordBytes
        var bar: ProgressBar?
        let reports: [EventFileReport]
        do {
            reports = try service.importFiles(try EventImportService.expand(paths), selection: selection, keepGoing: keepGoing,
                                              willStart: { path in
                                                  bar?.finish()
                                                  bar = ProgressBar(label: (path as NSString).lastPathComponent)
                                              }, progress: { bar?.update($0) })
        } catch {
            bar?.finish()
            throw CommandFailure(description: "event import failed; that file left nothing behind: \(error)")
        }
        bar?.finish()
        print(Self.report(reports).render(output.format), terminator: "")
    }

    static func report(_ reports: [EventFileReport]) -> ReportTable {
        ReportTable(columns: ["file", "status", "read", "counted", "rejected", "dyad_days", "seconds", "dropped"], rows: reports.map { report in
            let name = (report.path as NSString).lastPathComponent
            guard let record = report.record else {
                return [.text(name), .text("unchanged"), .null, .null, .null, .null, .null,
                        .text("imported before on \(report.previous?.importedAt ?? "?")")]
            }
            let drops = report.drops.filter { $0.rows > 0 }.map { "\($0.rule): \($0.rows)" }.joined(separator: "; ")
            return [.text(name), .text("loaded"), .integer(Int64(record.rowsRead)), .integer(Int64(record.rowsLoaded)),
                    .integer(Int64(record.rowsRejected)), .integer(Int64(record.rowsStored)),
                    .real((record.durationSeconds * 100).rounded() / 100), .text(drops)]
        })
    }
}

extension EventPeriod: ExpressibleByArgument {}
extension EventSource: ExpressibleByArgument {}

struct EventsDyadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dyad", abstract: "Print the event series from one state to another.",
        discussion: "States as COW numbers, ISO3 or COW abbreviations, or names. GDELT by day, month or year; ICEWS by year.")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Argument(help: "The acting state (actor 1).") var source: String
    @Argument(help: "The state acted upon (actor 2).") var target: String
    @Option(help: "Period: day, month or year.") var by: EventPeriod = .month
    @Option(help: "First day, YYYY-MM-DD.") var from: String?
    @Option(help: "Last day, YYYY-MM-DD.") var to: String?
    @Option(help: "gdelt or icews.") var origin: EventSource = .gdelt
    @Flag(help: "Both directions summed.") var undirected = false

    func run() throws {
        let reference = try ReferenceData()
        let a = try reference.state(source), b = try reference.state(target)
        func day(_ text: String?) throws -> Int? {
            guard let text else { return nil }
            let digits = text.replacingOccurrences(of: "-", with: "")
            guard digits.count == 8, let value = Int(digits) else { throw ValidationError("'\(text)' is not a date YYYY-MM-DD") }
            return value
        }
        if origin == .icews && by != .year { throw ValidationError("ICEWS counts are yearly: use --by year") }
        let series = try EventSeries(database: try global.openDatabase())
            .series(from: a, to: b, by: by, origin: origin, undirected: undirected, from: try day(from), to: try day(to))
        print(series.render(output.format), terminator: "")
    }
}
