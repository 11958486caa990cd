import Foundation

/// `Authorization: Basic base64(user:password)`, read as Go's
/// `Request.BasicAuth` reads it: the scheme in any case, the user name up to
/// the first colon.
struct BasicCredentials: Sendable {
    var user: String
    var password: String

    init?(authorization: String?) {
        guard let authorization else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let decoded = Data(base64Encoded: String(parts[1])),
            let text = String(data: decoded, encoding: .utf8),
            let colon = text.firstIndex(of: ":")
        else { return nil }
        user = String(text[..<colon])
        password = String(text[text.index(after: colon)...])
    }
}
