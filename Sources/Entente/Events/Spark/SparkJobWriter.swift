import EntenteFormats
import Foundation

/// Writes a self-contained Spark job folder for the GDELT roll-up: the PySpark script (`entente_rollup.py`), its
/// SQL (`rollup.sql`), the CAMEO→COW table the native import uses (`cameo-cow.csv`) and `job.json` (Entente's
/// version, the selection, the reading options). Anyone can hand the folder to their Spark platform; nothing in
/// it refers back to this machine.
public struct SparkJobWriter: Sendable {
    public let description: SparkJobDescription
    public let reference: ReferenceData

    /// The files a job folder holds.
    public static let scriptName = "entente_rollup.py"
    public static let files = [scriptName, "rollup.sql", "cameo-cow.csv", "job.json"]

    /// Creates a writer for a job with this description.
    public init(description: SparkJobDescription, reference: ReferenceData) {
        self.description = description
        self.reference = reference
    }

    /// The CAMEO country codes that name COW states, as the native import reads them: three letters A–Z.
    public func cameoTable() -> String {
        let rows = reference.cameoCountries.compactMap { cameo, code -> (String, Int)? in
            guard let code, cameo.utf8.count == 3, cameo.utf8.allSatisfy({ (0x41...0x5A).contains($0) }) else { return nil }
            return (cameo, code.rawValue)
        }.sorted { $0.0 < $1.0 }
        return "cameo,ccode\n" + rows.map { "\($0.0),\($0.1)\n" }.joined()
    }

    /// Writes the job into `folder` (created if needed; the job's files in it are replaced) and returns the paths
    /// written.
    @discardableResult
    public func write(to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let contents: [(String, Data)] = [
            (Self.scriptName, try SparkJobResources.text("entente_rollup.py")),
            ("rollup.sql", try SparkJobResources.text("rollup.sql")),
            ("cameo-cow.csv", Data(cameoTable().utf8)),
            ("job.json", try encoder.encode(description) + Data("\n".utf8)),
        ]
        var written: [String] = []
        for (name, data) in contents {
            let path = (folder as NSString).appendingPathComponent(name)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
            written.append(path)
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o755],
                                              ofItemAtPath: (folder as NSString).appendingPathComponent(Self.scriptName))
        return written
    }
}

/// The job's script and SQL, shipped as resources of this module (`Events/Spark/Job`).
enum SparkJobResources {
    static func text(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Job") else {
            throw InputError(path: name, message: "the Spark job's \(name) is missing from Entente's resources")
        }
        return try Data(contentsOf: url)
    }
}
