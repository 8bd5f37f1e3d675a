// swift-tools-version: 6.1
import Foundation
import PackageDescription

// A package that uses Entente as a library, by path, as another project would by URL. SwiftPM names a path
// dependency after its folder, which is whatever the clone is called, so the name is read off the path.
let entente = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().deletingLastPathComponent()

let package = Package(
    name: "EntenteConsumer",
    platforms: [.macOS(.v14)],
    dependencies: [.package(path: entente.path)],
    targets: [
        .executableTarget(name: "entente-consumer", dependencies: [
            .product(name: "Entente", package: entente.lastPathComponent),
        ]),
    ],
    swiftLanguageModes: [.v6]
)
