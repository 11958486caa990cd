import Foundation

/// Remembers the signature nonces each key used, for as long as a request
/// carrying them could still pass the time-stamp check, so that replays are
/// refused. Memory is bounded: past `capacity` the oldest entries go first
/// (a replay of one of those would then pass, a trade-off the real service
/// makes too with its own, much larger, window store).
public struct NonceCache: Sendable {
    private struct Entry: Sendable {
        var key: String
        var expires: Date
    }

    let capacity: Int
    /// How long after the request's own time stamp a nonce is kept.
    let window: TimeInterval
    private var expiryByKey: [String: Date] = [:]
    /// Insertion order, for eviction; `head` is the oldest live position.
    private var order: [Entry] = []
    private var head = 0

    public static let defaultCapacity = 100_000

    init(capacity: Int = NonceCache.defaultCapacity, window: TimeInterval = 15 * 60) {
        self.capacity = max(capacity, 1)
        self.window = window
    }

    var count: Int { expiryByKey.count }

    /// Records `nonce` for `accessKeyId`. Returns false when it was already
    /// used within its window.
    mutating func use(nonce: String, accessKeyId: String, requestDate: Date, now: Date) -> Bool {
        evict(now: now)
        // The key id cannot contain a NUL byte (it came from a header or a
        // query parameter we compare with configured ids), so this is unambiguous.
        let key = accessKeyId + "\u{0}" + nonce
        if let expires = expiryByKey[key], expires >= now {
            return false
        }
        // Keep it until the request could no longer pass the time-stamp check,
        // whichever of its own date or our clock is later.
        let expires = max(requestDate, now).addingTimeInterval(window)
        expiryByKey[key] = expires
        order.append(Entry(key: key, expires: expires))
        return true
    }

    private mutating func evict(now: Date) {
        while head < order.count, order[head].expires < now || expiryByKey.count > capacity - 1 {
            let entry = order[head]
            // Only forget it if this queue entry is the one that set the current expiry.
            if expiryByKey[entry.key] == entry.expires { expiryByKey[entry.key] = nil }
            head += 1
        }
        // Compact once the dead prefix is large, so `order` stays O(capacity).
        if head > 1_024 && head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
