/// Removes credentials from text the service sends back.
///
/// `SignatureDoesNotMatch` messages quote the server's string to sign, and
/// with STS that string contains the security token (V1 query, V3 header).
/// Such messages reach logs and errors, so the secret and token are replaced
/// in every encoding they can appear in, and anything after "string to sign"
/// is dropped.
struct SecretRedactor: Sendable {
    static let placeholder = "<redacted>"
    private let needles: [String]

    init(credentials: Credentials?) {
        var needles: [String] = []
        for secret in [credentials?.accessKeySecret, credentials?.securityToken].compactMap({ $0 }) where secret.count >= 4 {
            let once = PercentEncoding.encode(secret)
            needles += [secret, once, PercentEncoding.encode(once)]
        }
        // Longest first, so an encoded form is not half-replaced by a shorter one.
        self.needles = Array(Set(needles)).sorted { $0.count > $1.count }
    }

    func redact(_ text: String) -> String {
        var text = text
        if let range = text.range(of: "string to sign", options: .caseInsensitive) {
            text = String(text[..<range.upperBound]) + " " + Self.placeholder
        }
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
