import ArgumentParser
import Entente
import EntenteFormats
import Foundation

struct EventsSparkJobCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spark-job",
        abstract: "Write the GDELT roll-up as a self-contained Apache Spark job (PySpark script, SQL, CAMEO table, job.json).",
        discussion: """
            The job computes exactly what `events import` stores (same layouts, plain or zipped input, selection, duplicate \
            control by GLOBALEVENTID in file-name and line order, dyad-day tallies and source hosts) on files Spark can \
            read. Run it on your platform in client mode, for example
              spark-submit --master yarn DIR/entente_rollup.py --out s3a://bucket/rollup s3a://bucket/gdelt/*.export.CSV.zip
              python3 DIR/entente_rollup.py --remote sc://spark-host:15002 --out /shared/rollup /shared/gdelt
            or with `entente events spark-run`; then `entente events import-rollup OUT` merges the result. The job needs \
            PySpark 4 with pyarrow.
            """)

    @Option(help: ArgumentHelp("The folder to write the job into.", valueName: "dir")) var out: String
    @OptionGroup var selection: EventSelectionOptions
    @Flag(help: "Set malformed lines aside (they are reported in the roll-up's rejects) instead of failing the job.")
    var keepGoing = false
    @Option(help: ArgumentHelp("The most bytes one line may have.", valueName: "bytes"))
    var maxRecordBytes = DelimitedReader.defaultMaxRecordLength

    func validate() throws {
        guard maxRecordBytes > 0 else { throw ValidationError("--max-record-bytes must be at least 1") }
    }

    func run() throws {
        let description = SparkJobDescription(selection: selection.selection, keepGoing: keepGoing, maxRecordBytes: maxRecordBytes)
        let written = try SparkJobWriter(description: description, reference: try ReferenceData()).write(to: out)
        print("wrote the Spark job (selection: \(description.selectionSummary)):")
        for path in written { print("  \(path)") }
        print("run it with: spark-submit --master local[2] \((out as NSString).appendingPathComponent(SparkJobWriter.scriptName)) --out ROLLUP INPUT...")
    }
}
