import Crypto

/// A keyed hash of a secret (HMAC-SHA256), for telling whether a secret
/// changed without keeping it: the webhook URLs of DingTalk notifications
/// carry the chatbot's access token, and nothing but "did it change" needs them.
///
/// The key is random per process, so a hash means nothing outside it: it
/// cannot be looked up, or tested against a guessed URL, from a log, a heap
/// dump or a scrape. Two hashes compare equal exactly when the secrets did
/// (up to HMAC collisions), within one process.
public struct SecretHash: Sendable, Hashable, CustomStringConvertible {
    /// The 32 bytes of the HMAC.
    public let digest: [UInt8]

    /// The key of this process, made once, as bytes (`SymmetricKey` is not `Sendable`).
    private static let processKey: [UInt8] = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }

    public init(of secret: String) {
        self.init(of: secret, key: SymmetricKey(data: Self.processKey))
    }

    init(of secret: String, key: SymmetricKey) {
        digest = Array(HMAC<SHA256>.authenticationCode(for: Array(secret.utf8), using: key))
    }

    /// The first 8 bytes in hex: enough to tell hashes apart by eye.
    public var description: String { "hmac-sha256:" + HexEncoding.lowercase(digest.prefix(8)) }
}
