import EntenteFormats
import Foundation

/// Where a Spark roll-up job runs.
public enum SparkTarget: Sendable, Hashable {
    /// A submit command line, such as `spark-submit --master local[2]` or a platform's own wrapper; the script and
    /// its arguments are appended (the line is read by `/bin/sh`).
    case submit(String)
    /// A Spark Connect server, `sc://host:port`: the script runs here as its client, with `python`.
    case remote(String)
}

/// What a running job reports.
public enum SparkRunEvent: Sendable, Hashable {
    /// A phase began (`parse`, `duplicates`, `roll-up`, `write`) or advanced: tasks done of the stages running.
    case progress(phase: String, done: Int?, total: Int?)
    /// A line the job addressed to the user.
    case message(String)
    /// Any other output (Spark's log).
    case log(String)
}

/// A Spark job that did not finish.
public struct SparkRunFailure: Error, CustomStringConvertible, Sendable {
    public var status: Int32
    /// The job's own explanation (`entente: ...`), or the last lines Spark printed.
    public var message: String
    public var description: String { "the Spark job failed (exit status \(status)): \(message)" }
}

/// Runs a job written by `SparkJobWriter` on inputs, into an output folder, and reports its progress.
public struct SparkRunner: Sendable {
    public var job: String
    public var inputs: [String]
    public var output: String
    public var target: SparkTarget
    /// The Python that runs the script as a Spark Connect client.
    public var python = ProcessInfo.processInfo.environment["ENTENTE_PYTHON"] ?? "python3"

    /// Creates a runner.
    public init(job: String, inputs: [String], output: String, target: SparkTarget) {
        self.job = job
        self.inputs = inputs
        self.output = output
        self.target = target
    }

    /// The process to start: executable and arguments.
    public var commandLine: [String] {
        let script = (job as NSString).appendingPathComponent(SparkJobWriter.scriptName)
        let arguments = [script, "--out", output] + inputs
        switch target {
        case .submit(let command): return ["/bin/sh", "-c", command + " \"$@\"", "sh"] + arguments
        case .remote(let url): return ["/usr/bin/env", python, script, "--remote", url, "--out", output] + inputs
        }
    }

    /// Runs the job to its end, handing each line it prints to `report`; throws `SparkRunFailure` if it fails.
    public func run(report: @escaping @Sendable (SparkRunEvent) -> Void = { _ in }) throws {
        let process = Process()
        let command = commandLine
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let collected = LineCollector()
        let group = DispatchGroup()
        for (handle, isError) in [(out.fileHandleForReading, false), (err.fileHandleForReading, true)] {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                var pending = Data()
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    pending.append(chunk)
                    while let end = pending.firstIndex(of: 0x0A) {
                        let line = String(decoding: pending[pending.startIndex..<end], as: UTF8.self)
                        pending.removeSubrange(pending.startIndex...end)
                        collected.add(line, isError: isError)
                        report(Self.event(line))
                    }
                }
                if !pending.isEmpty {
                    let line = String(decoding: pending, as: UTF8.self)
                    collected.add(line, isError: isError)
                    report(Self.event(line))
                }
            }
            thread.start()
        }
        try process.run()
        process.waitUntilExit()
        group.wait()
        guard process.terminationStatus == 0 else {
            throw SparkRunFailure(status: process.terminationStatus, message: collected.explanation)
        }
    }

    /// How a line of the job's output reads.
    static func event(_ line: String) -> SparkRunEvent {
        if line.hasPrefix("entente-progress\t") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return .progress(phase: fields.count > 1 ? fields[1] : "", done: fields.count > 3 ? Int(fields[2]) : nil,
                             total: fields.count > 3 ? Int(fields[3]) : nil)
        }
        if line.hasPrefix("entente: ") { return .message(String(line.dropFirst("entente: ".count))) }
        return .log(line)
    }
}

/// The lines a job printed, kept to explain a failure.
private final class LineCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    private var tail: [String] = []

    func add(_ line: String, isError: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if line.hasPrefix("entente: ") { messages.append(String(line.dropFirst("entente: ".count))) }
        if isError {
            tail.append(line)
            if tail.count > 30 { tail.removeFirst() }
        }
    }

    /// The job's last message if it explained itself, else the end of Spark's log.
    var explanation: String {
        lock.lock()
        defer { lock.unlock() }
        if let failed = messages.last(where: { $0.contains("failed") || $0.contains("no input files") }) { return failed }
        let lines = tail.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        return lines.suffix(12).joined(separator: "\n")
    }
}
