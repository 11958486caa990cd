import Crypto
import Foundation
import NIOPosix
import NIOConcurrencyHelpers

/// Checks basic-auth credentials against `basic_auth_users` the way
/// exporter-toolkit does (web/handler.go): an unknown user is compared with a
/// fixed dummy hash so that it costs the same bcrypt as a known one, and each
/// outcome is cached, keyed by a hash of user, stored hash and password, so a
/// scrape every few seconds does not cost a bcrypt each time.
public final class BasicAuthVerifier: Sendable {
    /// bcrypt of "fakepassword", cost 10: the toolkit's own dummy.
    static let dummyHash = "$2y$10$QOauhQNbBCuQDKes6eFzPeMqBSjb7Mr5DUmpZ/VcEd00UAV/LDeSi"
    /// As the toolkit: 100 outcomes, a tenth evicted at random when full.
    static let capacity = 100

    private let cache = NIOLockedValueBox<[[UInt8]: Bool]>([:])

    public init() {}

    /// Whether `user` and `password` are valid for `users` (name -> bcrypt hash).
    public func verify(user: String, password: String, users: [String: String]) async -> Bool {
        let known = users[user]
        let hash = known ?? Self.dummyHash
        let key = Self.cacheKey(user: user, hash: hash, password: password)
        if let cached = cache.withLockedValue({ $0[key] }) { return cached && known != nil }
        // bcrypt takes tens of milliseconds of CPU: not on the cooperative pool.
        let matches = (try? await NIOThreadPool.singleton.runIfActive { BcryptHash.verify(password, hash: hash) }) ?? false
        let outcome = matches && known != nil
        cache.withLockedValue { cache in
            if cache.count >= Self.capacity {
                for _ in 0...max(cache.count / 10, 1) {
                    if let victim = cache.keys.randomElement() { cache.removeValue(forKey: victim) }
                }
            }
            cache[key] = outcome
        }
        return outcome
    }

    /// Outcomes cached so far (for tests).
    var cachedCount: Int { cache.withLockedValue { $0.count } }

    /// The password never sits in the cache as text: only in this digest.
    private static func cacheKey(user: String, hash: String, password: String) -> [UInt8] {
        var hasher = SHA256()
        for part in [user, hash, password] {
            let bytes = Array(part.utf8)
            withUnsafeBytes(of: UInt64(bytes.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: bytes)
        }
        return Array(hasher.finalize())
    }
}
