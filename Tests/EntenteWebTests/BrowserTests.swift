import EntenteTestSupport
import EntenteWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The pages in a real browser: Chromium and chromedriver from Debian's packages, selenium from PyPI, driven by
/// Tests/Scripts/browser_check.py against a live server on a free port. Skipped, saying so, where the browser
/// is not installed, unless `ENTENTE_REQUIRE_BROWSER=1` (set by .ci/run).
@Suite struct BrowserTests {
    static let required = ProcessInfo.processInfo.environment["ENTENTE_REQUIRE_BROWSER"] == "1"
    static var installed: Bool {
        ["/usr/bin/chromium", "/usr/bin/chromedriver"].allSatisfy(FileManager.default.fileExists) && pythonCanImport("python3", "selenium")
    }

    @Test func overviewAndDyadPagesRenderTheirChartsInChromium() async throws {
        guard Self.installed || Self.required else {
            print("BrowserTests skipped: needs /usr/bin/chromium, /usr/bin/chromedriver (apt chromium chromium-driver) and selenium (pip)")
            return
        }
        let fixture = try SiteFixture()
        defer { fixture.removeFiles() }
        let (output, status) = try await Application(router: fixture.site.router(), configuration: .init(address: .hostname("127.0.0.1", port: 0)))
            .test(.live) { client in
                let port = try #require(client.port)
                // The script blocks until the browser is done; on its own thread it leaves the server's threads free.
                return try await withCheckedThrowingContinuation { continuation in
                    Thread {
                        continuation.resume(with: Result { try runScript("python3", "browser_check.py", ["http://127.0.0.1:\(port)"]) })
                    }.start()
                }
            }
        #expect(status == 0, "browser_check.py failed:\n\(output)")
        #expect(output.contains("\"dyad_charts\""), "\(output)")
    }
}
