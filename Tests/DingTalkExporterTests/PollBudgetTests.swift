import AlibabaCloudCore
@testable import DingTalkExporter
import Foundation
import Logging
import SecurityCenter
import NIOConcurrencyHelpers
import Testing

/// The poller gives each poll a retry budget of one interval, on its own clock.
@Suite("Poll budget")
struct PollBudgetTests {
    /// A clock that only moves when told.
    final class ManualClock: Clock, Sendable {
        struct Instant: InstantProtocol {
            var offset: Duration
            func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
            func duration(to other: Instant) -> Duration { other.offset - offset }
            static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
        }
        private let current = NIOLockedValueBox(Instant(offset: .seconds(1000)))
        var now: Instant { current.withLockedValue { $0 } }
        var minimumResolution: Duration { .nanoseconds(1) }
        func advance(by duration: Duration) { current.withLockedValue { $0 = $0.advanced(by: duration) } }
        func sleep(until deadline: Instant, tolerance: Duration?) async throws {
            current.withLockedValue { $0 = max($0, deadline) }
        }
    }

    @Test(arguments: [Duration.seconds(60), .seconds(5), .milliseconds(100)])
    func eachPollHasOneIntervalOfBudget(interval: Duration) async throws {
        let clock = ManualClock()
        let seen = NIOLockedValueBox<[Duration?]>([])
        let metrics = ExporterMetrics(includeBuildInfo: false)
        let poller = AccountPoller(
            account: "a", interval: interval, jitter: 0,
            fetch: {
                seen.withLockedValue { $0.append(RetryBudget.current?.remaining()) }
                clock.advance(by: .milliseconds(30))
                seen.withLockedValue { $0.append(RetryBudget.current?.remaining()) }
                return DingTalkListing(notifications: [], reportedTotal: 0, pages: 1, skippedItems: 0, duplicates: 0)
            },
            state: ExporterState(accounts: [("a", "-")], renderer: SnapshotRenderer()), metrics: metrics,
            tracker: AttemptErrorTracker(downstream: metrics.observer(forAccount: "a")), clock: clock,
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        #expect(await poller.pollOnce())
        #expect(await poller.pollOnce())
        // A fresh budget per poll, spent as the poll's clock moves.
        let spent = interval - .milliseconds(30)
        #expect(seen.withLockedValue { $0 } == [interval, spent, interval, spent])
        #expect(RetryBudget.current?.remaining() == nil)
    }
}
