import Synchronization

/// `--web.max-requests`: at most `limit` requests in flight, from arrival
/// until their body is written. A request past it is answered 503 at once
/// instead of queueing, so a scrape storm cannot pile up memory or bcrypt work.
final class ConcurrencyLimiter: Sendable {
    let limit: Int
    private let inFlight = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// A slot, or nil when `limit` requests are already in flight.
    func tryAcquire() -> Slot? {
        if inFlight.add(1, ordering: .acquiringAndReleasing).newValue > limit {
            inFlight.subtract(1, ordering: .acquiringAndReleasing)
            return nil
        }
        return Slot(limiter: self)
    }

    var current: Int { inFlight.load(ordering: .acquiring) }

    fileprivate func release() {
        inFlight.subtract(1, ordering: .acquiringAndReleasing)
    }

    /// Held by a request. Released once, explicitly or when dropped (a
    /// response whose body is never written must not leak its slot).
    final class Slot: Sendable {
        private let limiter: ConcurrencyLimiter
        private let released = Atomic<Bool>(false)

        fileprivate init(limiter: ConcurrencyLimiter) {
            self.limiter = limiter
        }

        func release() {
            if !released.exchange(true, ordering: .acquiringAndReleasing) { limiter.release() }
        }

        deinit { release() }
    }
}
