/// Removes credentials from text the service sends back.
///
/// `SignatureDoesNotMatch` messages quote the server's string to sign (worth
/// keeping: it is how a signing mismatch is debugged), and with STS and V1
/// that string holds the security token. Such messages reach logs and errors,
/// so the secret and the token are replaced in every encoding they can
/// appear in: raw, percent-encoded once (query) and twice (V1 string to sign).
struct SecretRedactor: Sendable {
    static let placeholder = "<redacted>"
    private let needles: [String]

    init(credentials: Credentials?) {
        self.init(secrets: [credentials?.accessKeySecret, credentials?.securityToken].compactMap { $0 })
    }

    /// Any other secret text, such as an OIDC token.
    init(secrets: [String]) {
        var needles: [String] = []
        for secret in secrets where secret.count >= 4 {
            let once = PercentEncoding.encode(secret)
            needles += [secret, once, PercentEncoding.encode(once)]
        }
        // Longest first, so an encoded form is not half-replaced by a shorter one.
        self.needles = Array(Set(needles)).sorted { $0.count > $1.count }
    }

    func redact(_ text: String) -> String {
        var text = text
        for needle in needles where text.contains(needle) {
            text = text.replacingOccurrences(of: needle, with: Self.placeholder)
        }
        return text
    }

    func redact(_ error: APIError) -> APIError {
        var error = error
        error.message = redact(error.message)
        return error
    }
}

extension SecretRedactor: CustomStringConvertible, CustomReflectable {
    // It holds the very secrets it hides: printing or dumping it shows only how many.
    var description: String { "SecretRedactor(\(needles.count) needles)" }
    var customMirror: Mirror { Mirror(self, children: ["needles": needles.count], displayStyle: .struct) }
}
