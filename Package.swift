// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Entente",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "entente", targets: ["entente"]),
        .library(name: "Entente", targets: ["Entente", "EntenteCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // The web edge. Its default traits pull in swift-configuration, which nothing here uses.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // The team server's database.
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Pure domain values and statistics: no IO, no dependencies.
        .target(name: "EntenteCore"),
        // zlib from the system, for .gz inputs.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // OpenSSL's libcrypto from the system, for file checksums.
        .systemLibrary(name: "CCrypto", providers: [.apt(["libssl-dev"])]),
        // Bytes to core values: CSV splitting, gzip, one reader per source format.
        .target(name: "EntenteFormats", dependencies: ["EntenteCore", "CZlib", "CCrypto"]),
        // Authored reference data the library needs (crosswalk, state system, CAMEO tables), in Data/reference.
        .target(name: "EntenteData", path: "Data", exclude: ["README.md", "cases", "snapshot", "Shipped"],
                sources: ["ReferenceFiles.swift"], resources: [.copy("reference")]),
        // What the tool ships beside the library: case files and the snapshot of derived data (`entente snapshot
        // build`). Same folder, disjoint files: a library consumer does not carry them.
        .target(name: "EntenteShipped", dependencies: ["EntenteData"], path: "Data",
                exclude: ["README.md", "reference", "ReferenceFiles.swift"], sources: ["Shipped/ShippedData.swift"],
                resources: [.copy("cases"), .copy("snapshot")]),
        // Charts (SVG) and HTML documents: presentation, kept out of the core.
        .target(name: "EntenteRendering", dependencies: ["EntenteCore"]),
        // Schema, migrations, import ledger, bulk loading.
        .target(name: "EntenteStore", dependencies: [
            "EntenteCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // The team store on a PostgreSQL server, with the schema and behaviour of the SQLite one.
        .target(name: "EntentePostgres", dependencies: [
            "EntenteCore", "EntenteStore", .product(name: "PostgresNIO", package: "postgres-nio"),
            // The pool's error type, to tell "gave up connecting" from a failed statement.
            .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
        ]),
        // Application services composing the layers above.
        // The Spark job's script and SQL (Events/Spark/Job) are resources, written out by `events spark-job`.
        .target(name: "Entente", dependencies: ["EntenteCore", "EntenteFormats", "EntenteStore", "EntenteData", "EntenteRendering"],
                resources: [.copy("Events/Spark/Job")]),
        // The web edge: server-rendered pages, the JSON API and its OpenAPI document (generated from the API's types).
        .target(name: "EntenteWeb", dependencies: [
            "EntenteCore", "Entente", "EntenteFormats", "EntenteRendering", "EntenteStore", .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        // The command-line edge.
        .executableTarget(name: "entente", dependencies: [
            "Entente", "EntenteShipped", "EntenteRendering", "EntenteWeb", "EntentePostgres", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // What the test targets share: running the Python reference scripts, finding the repository, temporary paths.
        .target(name: "EntenteTestSupport", path: "Tests/Support"),
        .testTarget(name: "EntenteCoreTests", dependencies: ["EntenteCore", "EntenteTestSupport"]),
        .testTarget(name: "EntenteRenderingTests", dependencies: ["EntenteRendering", "EntenteCore", "EntenteTestSupport"]),
        .testTarget(name: "EntenteFormatsTests", dependencies: ["EntenteFormats", "EntenteTestSupport"]),
        .testTarget(name: "EntenteStoreTests", dependencies: ["EntenteStore", "EntenteTestSupport"]),
        .testTarget(name: "EntenteTests", dependencies: [
            "Entente", "EntenteShipped", "EntenteRendering", "EntenteStore", "EntenteFormats", "EntenteTestSupport",
        ]),
        .testTarget(name: "EntentePostgresTests", dependencies: [
            "EntenteStore", "EntentePostgres", "EntenteTestSupport", .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
        .testTarget(name: "EntenteWebTests", dependencies: [
            "EntenteWeb", "Entente", "EntenteShipped", "EntenteCore", "EntenteStore", "EntenteTestSupport",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            // The site over PostgreSQL while the server goes away and comes back.
            "EntentePostgres", .product(name: "PostgresNIO", package: "postgres-nio"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
