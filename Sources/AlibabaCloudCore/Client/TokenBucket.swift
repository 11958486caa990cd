import NIOConcurrencyHelpers

/// A client-side rate limit (`--aliyun.rate-limit`): at most `rate` requests
/// a second, evenly spaced, so many pages or a burst of retries never hit the
/// API in a clump. Capacity is one token: after a quiet spell the next
/// request goes at once, the one after waits a full `1 / rate`.
///
/// Each caller reserves its slot under the lock and then sleeps outside it,
/// so concurrent callers queue up in order without holding the lock.
/// Time comes from the injected clock (through `ClockAdapter`), so tests
/// see the waits without waiting.
final class TokenBucket: Sendable {
    let rate: Double
    private let interval: Duration
    private let elapsed: @Sendable () -> Duration
    private let sleep: @Sendable (Duration) async throws -> Void
    /// The earliest time (as `elapsed()`) the next request may go.
    private let nextFree = NIOLockedValueBox<Duration>(.zero)

    /// `rate` in requests per second, more than 0.
    init(rate: Double, clock: ClockAdapter) {
        self.rate = rate
        // 1 / rate in whole nanoseconds; a tiny rate is capped at one request a day.
        let nanoseconds = min(1e9 / rate, 86_400e9)
        interval = .nanoseconds(Int64(nanoseconds.rounded(.up)))
        elapsed = clock.startStopwatch()
        sleep = clock.sleep
    }

    /// Waits for this request's slot. Throws only when cancelled while waiting.
    func acquire() async throws {
        let wait = reserve()
        if wait > .zero { try await sleep(wait) }
    }

    /// Takes the next free slot; returns how long until it comes.
    func reserve() -> Duration {
        let now = elapsed()
        return nextFree.withLockedValue { nextFree in
            let slot = max(nextFree, now)
            nextFree = slot + interval
            return now.duration(to: slot)
        }
    }
}

extension Duration {
    /// `other - self`, so a `Duration` since a fixed start reads like an instant.
    fileprivate func duration(to other: Duration) -> Duration { other - self }
}
