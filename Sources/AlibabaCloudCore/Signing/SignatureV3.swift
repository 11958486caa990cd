/// Every intermediate of an ACS3-HMAC-SHA256 signature, so tests (and the
/// simulator) can compare each step with the official SDK's output.
public struct SignatureV3: Sendable, Equatable {
    public var canonicalQueryString: String
    public var canonicalHeaders: String
    public var signedHeaders: String
    public var canonicalRequest: String
    public var hashedCanonicalRequest: String
    public var stringToSign: String
    /// Lower-case hex HMAC-SHA256.
    public var signature: String
    /// The full `Authorization` header value.
    public var authorization: String

    public init(
        canonicalQueryString: String, canonicalHeaders: String, signedHeaders: String, canonicalRequest: String,
        hashedCanonicalRequest: String, stringToSign: String, signature: String, authorization: String
    ) {
        self.canonicalQueryString = canonicalQueryString
        self.canonicalHeaders = canonicalHeaders
        self.signedHeaders = signedHeaders
        self.canonicalRequest = canonicalRequest
        self.hashedCanonicalRequest = hashedCanonicalRequest
        self.stringToSign = stringToSign
        self.signature = signature
        self.authorization = authorization
    }
}

extension SignatureV3: CustomStringConvertible {
    // Signatures are replayable within their time window: keep them out of logs.
    public var description: String { "SignatureV3(signedHeaders: \(signedHeaders), signature: <redacted>)" }
}
