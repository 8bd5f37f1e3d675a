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

            Slow and idle clients cannot hold it: a request's head must arrive within --header-timeout seconds and its \
            body within --body-timeout (past either, 408 and the connection is closed), a kept-alive connection is \
            closed after --idle-timeout unused, and beyond --max-connections open connections the one that has \
            waited longest on its client is closed to make room (a new one is answered 503 when all are busy).
            """)

    @OptionGroup var global: GlobalOptions

    @Flag(name: .customLong("print-openapi"), help: "Print the OpenAPI document of the JSON API (Docs/openapi.json is this output) and exit.")
    var printOpenAPI = false

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

    @Option(help: ArgumentHelp("The most evidence items, and the most forecasts, one analyst may add to one dyad.",
                               discussion: "Past it a new item is refused with 422 (code limit-reached); a repeat of a stored one is still answered. It keeps each page's rendering short however much one token posts."))
    var itemsPerAnalyst = TeamWorkspace.standardItemLimit

    @Option(help: ArgumentHelp("Seconds a client has to send a request's head, from connecting or from the first byte of a later request.", valueName: "seconds"))
    var headerTimeout = ServerLimits.standard.headerTimeout.seconds

    @Option(help: ArgumentHelp("Seconds a client has to send a request's body once its head has arrived.", valueName: "seconds"))
    var bodyTimeout = ServerLimits.standard.bodyTimeout.seconds

    @Option(help: ArgumentHelp("Seconds a kept-alive connection may wait for its next request.", valueName: "seconds"))
    var idleTimeout = ServerLimits.standard.idleTimeout.seconds

    @Option(help: ArgumentHelp("Open connections at most.",
                               discussion: "Lowered to leave \(ServerLimits.reservedDescriptors) of the process's file descriptors free (the soft limit is raised towards the hard one first)."))
    var maxConnections = ServerLimits.standard.maximumConnections

    func validate() throws {
        guard (1...65535).contains(port) || port == 0 else { throw ValidationError("--port must be between 0 and 65535") }
        for (name, value) in [("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout), ("--idle-timeout", idleTimeout)] {
            guard value > 0, value <= 3600 else { throw ValidationError("\(name) must be more than 0 and at most 3600 seconds") }
        }
        guard (1...1_000_000).contains(maxConnections) else { throw ValidationError("--max-connections must be between 1 and 1000000") }
        guard (1...100_000).contains(itemsPerAnalyst) else { throw ValidationError("--items-per-analyst must be between 1 and 100000") }
    }

    func run() async throws {
        if printOpenAPI {
            FileHandle.standardOutput.write(Data(OpenAPIDocument.bytes))
            return
        }
        let reference = try ReferenceData()
        let store = try await TeamStoreLocation.open(global.database ?? global.databasePath)
        let tokenPath = tokens ?? ProcessInfo.processInfo.environment["ENTENTE_TOKENS"].flatMap { $0.isEmpty ? nil : $0 }
        let access = try tokenPath.map { try AccessTokens.load(URL(fileURLWithPath: $0)) } ?? .none
        let workspace = TeamWorkspace(snapshot: try Snapshot.load(from: ShippedData.snapshotDirectory()), reference: reference,
                                      cases: try ShippedData.casesDirectory(), store: store, draws: draws.value,
                                      freshness: .milliseconds(Int((max(0, freshness) * 1000).rounded())), itemLimit: itemsPerAnalyst)
        let site = EntenteSite(workspace: workspace, tokens: access)
        for dyad in workspace.watchList {
            let codes = workspace.codes(dyad)
            FileHandle.standardError.write(Data("briefing \(codes.first)-\(codes.second)\n".utf8))
            _ = try await workspace.view(dyad)
        }
        let mode = access.isEmpty ? "read-only, no tokens" : "writes with a bearer token"
        func duration(_ seconds: Double) -> Duration { .milliseconds(Int((seconds * 1000).rounded())) }
        let connections = GuardedConnections(limits: ServerLimits(headerTimeout: duration(headerTimeout), bodyTimeout: duration(bodyTimeout),
                                                                  idleTimeout: duration(idleTimeout), maximumConnections: maxConnections))
        let app = Application(router: site.router(), server: connections.server,
                              configuration: .init(address: .hostname(host, port: port), serverName: "Entente"),
                              onServerRunning: { channel in
                                  // The bound address, not the asked one: with --port 0 the system picks the port.
                                  let address = channel.localAddress
                                  let bound = "\(address?.ipAddress ?? host):\(address?.port ?? port)"
                                  // Unbuffered, so that a script waiting for this line sees it at once.
                                  FileHandle.standardOutput.write(Data("Entente serving http://\(bound)/ (team store: \(store.description); \(mode); at most \(connections.capacity) connections)\n".utf8))
                              })
        try await app.runService()
    }
}

extension Duration {
    /// The duration in seconds, as a command-line option shows it.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
