import EntenteCore
import EntenteFormats
import EntenteStore
import Foundation
import Synchronization

struct CameoCountryTable: Sendable {
    private var codes = [Int16](repeating: 0, count: 26 * 26 * 26)

    init(reference: ReferenceData) {
        for (cameo, code) in reference.cameoCountries {
            guard let code, let slot = Self.slot(PackedCode(cameo)) else { continue }
            codes[slot] = Int16(code.rawValue)
        }
    }

    private static func slot(_ code: PackedCode) -> Int? {
        let raw = code.raw
        let a = Int(raw & 0xFF) - 65, b = Int((raw >> 8) & 0xFF) - 65, c = Int((raw >> 16) & 0xFF) - 65
        guard raw >> 24 == 0, (0..<26).contains(a), (0..<26).contains(b), (0..<26).contains(c) else { return nil }
        return (a * 26 + b) * 26 + c
    }

    subscript(code: PackedCode) -> CountryCode? {
        guard let slot = Self.slot(code), codes[slot] != 0 else { return nil }
        return CountryCode(Int(codes[slot]))
    }
}
