import Foundation

/// What authentication established about a request that passed it.
struct AuthenticatedRequest: Sendable {
    enum Algorithm: String, Sendable {
        case v3 = "ACS3-HMAC-SHA256"
        case v1 = "HMAC-SHA1"
    }

    var algorithm: Algorithm
    var accessKeyId: String
    var action: String
    var version: String
    /// The request's decoded parameters (the query, and for V1 a form body).
    var parameters: [(String, String)]
    var nonce: String
    var date: Date

    func parameter(_ name: String) -> String? {
        parameters.first { $0.0 == name }?.1
    }
}
