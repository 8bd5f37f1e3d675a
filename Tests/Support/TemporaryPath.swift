import Foundation

/// A path under the temporary directory that nothing else uses: `entente-<label>-<UUID><suffix>`. Nothing is
/// created there. The test that asks for it removes it when done, after any process it was handed to has exited:
///
///     let folder = temporaryPath("import")
///     defer { try? FileManager.default.removeItem(at: folder) }
///
/// Prefer one folder per test holding its files: removing the folder takes them all, SQLite's `-wal` and `-shm`
/// side files included.
public func temporaryPath(_ label: String, suffix: String = "") -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("entente-\(label)-\(UUID().uuidString)\(suffix)")
}
