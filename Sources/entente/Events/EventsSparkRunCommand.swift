import ArgumentParser
import Entente
import EntenteFormats
import Foundation

struct EventsSparkRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spark-run",
        abstract: "Run the GDELT roll-up on Apache Spark (spark-submit or Spark Connect) and show its progress.",
        discussion: """
            Writes the job (as `events spark-job` does) into OUT/_job unless --job names one, then runs it on the inputs \
            (files, folders or globs, in any filesystem Spark reads) into OUT. Examples:
              entente events spark-run '/data/gdelt/*.export.CSV.zip' --out /data/rollup --submit "spark-submit --master local[2]"
              entente events spark-run /shared/gdelt --out /shared/rollup --remote sc://spark-host:15002
            Then `entente events import-rollup OUT` merges the roll-up into the database. The 15-minute refresh stays \
            with `events sync`.
            """)

    @Argument(help: "Input files, folders or globs (quote globs so that Spark, not the shell, expands them).")
    var inputs: [String]
    @Option(help: ArgumentHelp("The output folder.", valueName: "dir")) var out: String
    @Option(help: ArgumentHelp("A submit command line; the script and its arguments are appended.", valueName: "command"))
    var submit: String?
    @Option(help: ArgumentHelp("A Spark Connect server; the script runs here as its client.", valueName: "sc://host:port"))
    var remote: String?
    @Option(help: ArgumentHelp("A job folder written by `events spark-job` (default: write one into OUT/_job); its job.json fixes "
                               + "the selection.", valueName: "dir"))
    var job: String?
    @Option(help: "The Python that runs the script as a Spark Connect client.") var python = "python3"
    @OptionGroup var selection: EventSelectionOptions
    @Flag(help: "Set malformed lines aside instead of failing the job.") var keepGoing = false
    @Option(help: ArgumentHelp("The most bytes one line may have.", valueName: "bytes"))
    var maxRecordBytes = DelimitedReader.defaultMaxRecordLength
    @Flag(help: "Print Spark's own log lines too.") var verbose = false

    func validate() throws {
        guard (submit == nil) != (remote == nil) else { throw ValidationError("give exactly one of --submit and --remote") }
        guard maxRecordBytes > 0 else { throw ValidationError("--max-record-bytes must be at least 1") }
        if job != nil, selection.selection != EventSelection() || keepGoing || maxRecordBytes != DelimitedReader.defaultMaxRecordLength {
            throw ValidationError("--job already fixes the selection and reading options (its job.json): leave them out, or drop --job")
        }
    }

    func run() throws {
        let jobFolder = job ?? (out as NSString).appendingPathComponent("_job")
        if job == nil {
            let description = SparkJobDescription(selection: selection.selection, keepGoing: keepGoing, maxRecordBytes: maxRecordBytes)
            try SparkJobWriter(description: description, reference: try ReferenceData()).write(to: jobFolder)
        }
        var runner = SparkRunner(job: jobFolder, inputs: inputs, output: out, target: submit.map(SparkTarget.submit) ?? .remote(remote!))
        runner.python = python
        let terminal = isatty(STDERR_FILENO) != 0
        let verbose = self.verbose
        let started = Date()
        do {
            try runner.run { event in
                let elapsed = String(format: "%6.1fs", Date().timeIntervalSince(started))
                switch event {
                case .progress(let phase, let done, let total):
                    let line = total.map { "\(elapsed)  \(phase): \(done ?? 0)/\($0) tasks" } ?? "\(elapsed)  \(phase)"
                    FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[2K" + line : line + "\n").utf8))
                case .message(let text):
                    FileHandle.standardError.write(Data(((terminal ? "\r\u{1B}[2K" : "") + "\(elapsed)  \(text)\n").utf8))
                case .log(let text):
                    if verbose { FileHandle.standardError.write(Data((text + "\n").utf8)) }
                }
            }
        } catch let failure as SparkRunFailure {
            throw CommandFailure(description: failure.description)
        }
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        print("roll-up written to \(out); merge it with: entente events import-rollup \(out)")
    }
}
