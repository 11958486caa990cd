import AlibabaCloudCore
import Foundation
import Logging
import SecurityCenter
import ServiceLifecycle

/// Polls one account: a first poll at start, then one every interval (with
/// jitter), never overlapping since each poll is awaited in the same loop.
/// A poll is published only when every page succeeded.
public struct AccountPoller<C: Clock>: Service where C.Duration == Duration {
    public typealias Fetch = @Sendable () async throws -> DingTalkListing

    let account: String
    let interval: Duration
    let jitter: Double
    let fetch: Fetch
    let state: ExporterState
    let metrics: ExporterMetrics
    let tracker: AttemptErrorTracker
    let clock: C
    let now: @Sendable () -> Date
    let random: @Sendable () -> Double
    /// Shared by every account: at most `max_concurrent_polls` polls at once.
    let limiter: AsyncSemaphore?
    let logger: Logger

    init(
        account: String, interval: Duration, jitter: Double, fetch: @escaping Fetch, state: ExporterState,
        metrics: ExporterMetrics, tracker: AttemptErrorTracker, clock: C,
        now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        limiter: AsyncSemaphore? = nil,
        logger: Logger
    ) {
        self.account = account
        self.interval = interval
        self.jitter = jitter
        self.fetch = fetch
        self.state = state
        self.metrics = metrics
        self.tracker = tracker
        self.clock = clock
        self.now = now
        self.random = random
        self.limiter = limiter
        var logger = logger
        logger[metadataKey: "account"] = "\(account)"
        self.logger = logger
    }

    public func run() async throws {
        // Graceful shutdown cancels the in-flight poll and the sleep.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.pollOnce()
                do {
                    try await self.clock.sleep(for: self.nextDelay())
                } catch {
                    return  // cancelled
                }
            }
        }
    }

    /// The wait before the next poll: the interval +/- `jitter` of it.
    func nextDelay() -> Duration {
        let spread = (random() * 2 - 1) * jitter
        return interval + interval * spread
    }

    /// One complete poll. Returns whether it succeeded.
    @discardableResult
    public func pollOnce() async -> Bool {
        if let limiter {
            // The wait for a permit is not part of the poll's duration.
            do { try await limiter.acquire() } catch { return false }
        }
        defer { limiter?.release() }
        tracker.reset()
        let started = clock.now
        do {
            let listing = try await fetch()
            let duration = started.duration(to: clock.now)
            let completedAt = now()
            let snapshot = AccountSnapshot(
                account: account, notifications: listing.notifications,
                reportedTotal: listing.reportedTotal, completedAt: completedAt)
            let previous = state.statuses.first { $0.account == account }
            state.publish(snapshot, duration: duration)
            metrics.pollFinished(account: account, duration: duration, success: true, at: completedAt)
            let metadata: Logger.Metadata = [
                "notifications": "\(listing.notifications.count)", "reported_total": "\(listing.reportedTotal)",
                "pages": "\(listing.pages)", "duration": "\(duration.logDescription)",
            ]
            // Info for the first success and for each recovery, so the
            // operator sees it works; routine successes only at debug.
            let isNews = previous.map { $0.lastSuccess == nil || $0.lastError != nil } ?? true
            logger.log(
                level: isNews ? .info : .debug,
                previous?.lastError != nil ? "poll succeeded again" : "poll succeeded", metadata: metadata)
            if listing.skippedItems > 0 {
                logger.warning("skipped notifications without a usable Id", metadata: ["skipped": "\(listing.skippedItems)"])
            }
            return true
        } catch {
            let duration = started.duration(to: clock.now)
            let apiError = (error as? APIError)
                ?? APIError(code: APIError.Code.invalidResponse, message: "unexpected error: \(type(of: error))")
            if Task.isCancelled || apiError.code == APIError.Code.cancelled {
                // Shutdown interrupted the poll: not a failure of the API.
                logger.debug("poll cancelled")
                return false
            }
            if !tracker.alreadyCounted(apiError) {
                metrics.recordError(account: account, code: apiError.code)
            }
            state.recordFailure(account: account, error: apiError, at: now(), duration: duration)
            metrics.pollFinished(account: account, duration: duration, success: false, at: now())
            var metadata = apiError.logMetadata
            metadata["duration"] = "\(duration.logDescription)"
            logger.warning("poll failed", metadata: metadata)
            return false
        }
    }
}

// ServiceLifecycle logs each service at debug by its description: a name,
// not a dump of the whole struct.
extension AccountPoller: CustomStringConvertible {
    public var description: String { "AccountPoller(account: \(account))" }
}
