import Crypto
import Foundation

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
    fileprivate static let processKey: [UInt8] = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }

    public init(of secret: String) {
        self = KeyedHasher().hash(secret)
    }

    init(of secret: String, key: SymmetricKey) {
        self = KeyedHasher(key: key).hash(secret)
    }

    fileprivate init(digest: [UInt8]) {
        self.digest = digest
    }

    /// The first 8 bytes in hex: enough to tell hashes apart by eye.
    public var description: String { "hmac-sha256:" + HexEncoding.lowercase(digest.prefix(8)) }
}

/// HMAC keyed once, for hashing many secrets in a row (every webhook URL of
/// a page): the key's set-up (two padded blocks hashed into two states) is
/// then done once per page, not per secret; each hash continues a copy of
/// the keyed states. It was a tenth of a page's decoding (perf). Not
/// `Sendable` because swift-crypto's `HMAC` is not: make one where it is used.
public struct KeyedHasher {
    private let keyed: HMAC<SHA256>

    public init() {
        self.init(key: SymmetricKey(data: SecretHash.processKey))
    }

    init(key: SymmetricKey) {
        keyed = HMAC(key: key)
    }

    public func hash(_ secret: String) -> SecretHash {
        var mac = keyed
        var secret = secret
        secret.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        return SecretHash(digest: Array(mac.finalize()))
    }
}
