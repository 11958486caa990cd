/// Which request signature the RPC client uses. V3 is the SDK's default and ours.
public enum SignatureVersion: String, Sendable, CaseIterable {
    /// `ACS3-HMAC-SHA256`, signed headers.
    case v3
    /// RPC signature 1.0, `HMAC-SHA1` over the query.
    case v1
}
