import ArgumentParser
import Entente
import EntenteShipped
import EntenteStore
import EntenteWeb
import Foundation
import Hummingbird

/// `entente serve`: the team server.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the watch list, dyad pages and the JSON API to a team.",
        discussion: """
            Pages: / (watch list), /dyads/CHN-RUS, /model, /data. API: /api/..., described at /openapi.json.
            Briefings read the shipped snapshot. What analysts add (POST /api/evidence, \
            /api/dyads/{dyad}/signposts/{id}/evidence, /api/forecasts) goes to --database: the SQLite file, or a \
            PostgreSQL server given as postgres://user:password@host:port/database. Writes need a bearer token from \
            --tokens (lines of `analyst token`); without it the server is read-only. It binds 127.0.0.1 unless told \
            otherwise: put it behind a TLS proxy before binding anything else.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "The address to bind.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8080

    @Option(help: ArgumentHelp("The tokens file that allows writes.", discussion: "Default: $ENTENTE_TOKENS, if set.", valueName: "file"))
    var tokens: String?

    @Option(help: "Coefficient draws per forecast interval (\(DrawCount.range.lowerBound)–\(DrawCount.range.upperBound)).")
    var draws = DrawCount.standard

    @Option(help: ArgumentHelp("Seconds a dyad's count of team records is trusted before the store is asked again.",
                               discussion: "This server's own writes show at once; with several servers on one PostgreSQL database, another server's write shows within this time. 0 asks the store on every request."))
    var freshness = 0.5

    func run() async throws {
        let reference = try ReferenceData()
        let store = try await TeamStoreLocation.open(global.database ?? global.databasePath)
        let tokenPath = tokens ?? ProcessInfo.processInfo.environment["ENTENTE_TOKENS"].flatMap { $0.isEmpty ? nil : $0 }
        let access = try tokenPath.map { try AccessTokens.load(URL(fileURLWithPath: $0)) } ?? .none
        let workspace = TeamWorkspace(snapshot: try Snapshot.load(from: ShippedData.snapshotDirectory()), reference: reference,
                                      cases: try ShippedData.casesDirectory(), store: store, draws: draws.value,
                                      freshness: .milliseconds(Int((max(0, freshness) * 1000).rounded())))
        let site = EntenteSite(workspace: workspace, tokens: access)
        for dyad in workspace.watchList {
            let codes = workspace.codes(dyad)
            FileHandle.standardError.write(Data("briefing \(codes.first)-\(codes.second)\n".utf8))
            _ = try await workspace.view(dyad)
        }
        let mode = access.isEmpty ? "read-only, no tokens" : "writes with a bearer token"
        let app = Application(router: site.router(), configuration: .init(address: .hostname(host, port: port), serverName: "Entente"),
                              onServerRunning: { channel in
                                  // The bound address, not the asked one: with --port 0 the system picks the port.
                                  let address = channel.localAddress
                                  let bound = "\(address?.ipAddress ?? host):\(address?.port ?? port)"
                                  // Unbuffered, so that a script waiting for this line sees it at once.
                                  FileHandle.standardOutput.write(Data("Entente serving http://\(bound)/ (team store: \(store.description); \(mode))\n".utf8))
                              })
        try await app.runService()
    }
}
