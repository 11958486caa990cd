/// Every intermediate of an RPC signature 1.0 (HMAC-SHA1).
public struct SignatureV1: Sendable, Equatable {
    public var canonicalizedQueryString: String
    public var stringToSign: String
    /// Base64 HMAC-SHA1, not yet percent-encoded.
    public var signature: String

    public init(canonicalizedQueryString: String, stringToSign: String, signature: String) {
        self.canonicalizedQueryString = canonicalizedQueryString
        self.stringToSign = stringToSign
        self.signature = signature
    }
}

extension SignatureV1: CustomStringConvertible {
    // Signatures are replayable within their time window: keep them out of logs.
    public var description: String { "SignatureV1(signature: <redacted>)" }
}
