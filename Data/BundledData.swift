import Foundation

/// Locates the reference files that ship inside the Entente tool (crosswalk, state system, CAMEO tables).
public enum BundledData {
    /// The folder that holds the shipped reference files.
    public static var referenceDirectory: URL {
        Bundle.module.url(forResource: "reference", withExtension: nil)!
    }

    /// The URL of one shipped reference file, such as `countries.csv`.
    public static func url(_ name: String) -> URL {
        referenceDirectory.appendingPathComponent(name)
    }
}
