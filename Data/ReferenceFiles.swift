import Foundation

/// The authored reference tables that ship with the Entente library (crosswalk, state system, CAMEO tables,
/// Western senders), in `Data/reference`.
public enum ReferenceFiles {
    /// The folder that holds the shipped reference files.
    public static func directory() throws -> URL {
        try BundledFolder.locate("reference", in: .module)
    }
}

/// A folder a resource bundle was built to hold could not be found: the installation is incomplete.
public struct MissingBundledFolder: Error, CustomStringConvertible {
    /// The folder's name inside its bundle.
    public var folder: String
    /// Where the bundle was looked for.
    public var bundlePath: String

    public var description: String {
        "the shipped folder '\(folder)' is missing from \(bundlePath); reinstall Entente or build it again"
    }
}

/// Finds a copied resource folder in a bundle, as an error rather than a crash when it is absent.
public enum BundledFolder {
    /// The URL of `name` inside `bundle`.
    public static func locate(_ name: String, in bundle: Bundle) throws -> URL {
        guard let url = bundle.url(forResource: name, withExtension: nil) else {
            throw MissingBundledFolder(folder: name, bundlePath: bundle.bundlePath)
        }
        return url
    }
}
