import Foundation
import Testing

/// The golden signing vectors (`Fixtures/signing-vectors.json`), computed with
/// the official SDK's own signing functions.
struct SigningFixture: Decodable, Sendable {
    struct FixedInputs: Decodable, Sendable {
        let access_key_id: String
        let access_key_secret: String
    }

    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        struct Inputs: Decodable, Sendable {
            let method: String
            let path: String
            let access_key_id: String
            let access_key_secret: String
            let security_token: String?
            /// V1 only: every query parameter but `Signature`.
            let params: [String: String]?
            /// V3 only.
            let query: [String: String]?
            let headers: [String: String]?
            let body: String?
        }

        struct Expected: Decodable, Sendable {
            // V1
            let canonicalized_query_string: String?
            let hmac_key: String?
            let signature_url_encoded: String?
            // V3
            let hashed_payload: String?
            let canonical_query_string: String?
            let canonical_headers: String?
            let signed_headers: String?
            let canonical_request: String?
            let hashed_canonical_request: String?
            let authorization: String?
            // both
            let string_to_sign: String
            let signature: String
        }

        let name: String
        let algorithm: String
        let inputs: Inputs
        let expected: Expected

        var isV1: Bool { algorithm.hasPrefix("HMAC-SHA1") }
        var isV3: Bool { algorithm.hasPrefix("ACS3-HMAC-SHA256") }
        var testDescription: String { name }
    }

    struct CapturedRequest: Decodable, Sendable {
        let method: String
        let pathname: String
        let query: [String: String]
        let headers: [String: String]
    }

    struct CapturePair: Decodable, Sendable {
        let default_config_v3_request: CapturedRequest
        let signature_algorithm_v2_request: CapturedRequest
    }

    struct NamedCapture: Sendable, CustomTestStringConvertible {
        let name: String
        let capture: CapturePair
        var testDescription: String { name }
    }

    let fixed_inputs: FixedInputs
    let vectors: [Vector]
    let sdk_end_to_end_capture: [String: CapturePair]

    var captures: [NamedCapture] {
        sdk_end_to_end_capture.keys.sorted().compactMap { key in
            sdk_end_to_end_capture[key].map { NamedCapture(name: key, capture: $0) }
        }
    }

    struct Missing: Error {}

    static func load() throws -> SigningFixture {
        guard let url = Bundle.module.url(forResource: "signing-vectors", withExtension: "json", subdirectory: "Fixtures")
        else { throw Missing() }
        return try JSONDecoder().decode(SigningFixture.self, from: Data(contentsOf: url))
    }
}

extension Dictionary where Key == String, Value == String {
    /// Fixture maps as the signer's ordered pairs (the signer sorts anyway).
    var pairs: [(String, String)] { map { ($0.key, $0.value) } }
}
