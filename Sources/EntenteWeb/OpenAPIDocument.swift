import Foundation

/// The OpenAPI 3.1 description of the JSON API (openapi.json, shipped as a resource), served at /openapi.json.
public enum OpenAPIDocument {
    /// The document's bytes.
    public static let bytes: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
            preconditionFailure("openapi.json is missing from the EntenteWeb bundle: the package was built without its resources")
        }
        return Array(data)
    }()
}
