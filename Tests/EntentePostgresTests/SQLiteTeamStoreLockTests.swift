import EntenteStore
import EntenteTestSupport
import Foundation
import GRDB
import Synchronization
import Testing

/// While an import holds the database's write lock, a team write waits for it (up to the busy timeout); reads must
/// not wait behind that write. They did when both shared one connection, so every page waited out the import.
@Suite(.timeLimit(.minutes(10)))
struct SQLiteTeamStoreLockTests {
    @Test func readsDoNotWaitBehindAWriteWaitingForTheLock() async throws {
        let folder = temporaryPath("lock")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("team.sqlite").path
        let store = try SQLiteTeamStore(database: EntenteDatabase(path: path))
        _ = try await store.addEvidence(evidence("first"))

        // Another process's import, as SQLite sees it: another connection inside a write transaction, on a thread
        // of its own until released.
        let importer = try DatabaseQueue(path: path)
        let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        Thread {
            try? importer.write { db in
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS held (x INTEGER)")
                locked.signal()
                release.wait()
            }
        }.start()
        await withCheckedContinuation { continuation in Thread { locked.wait(); continuation.resume() }.start() }

        let written = Atomic(false)
        let writing = Task {
            let outcome = try await store.addEvidence(evidence("second"))
            written.store(true, ordering: .sequentiallyConsistent)
            return outcome
        }
        // Long enough for the write to be waiting on the lock (it waits up to the 30 s busy timeout).
        try await Task.sleep(for: .milliseconds(300))
        let during = try await store.revision(first: 365, second: 710)
        let writeDoneBeforeRead = written.load(ordering: .sequentiallyConsistent)
        release.signal()
        // On a machine busy enough to hold this task back past the 30 s busy timeout, the waiting write gives up
        // (503 to a client, which retries): retry it once the lock is free. What is tested is the read above.
        let outcome: TeamWrite<TeamEvidence>
        do { outcome = try await writing.value } catch { outcome = try await store.addEvidence(evidence("second")) }
        guard case .created = outcome else {
            Issue.record("the write was not stored")
            return
        }
        #expect(!writeDoneBeforeRead, "the read waited until the write had gone through")
        #expect(during == TeamRevision(evidence: 1, forecasts: 0))
        #expect(try await store.revision(first: 365, second: 710) == TeamRevision(evidence: 2, forecasts: 0))
    }
}
