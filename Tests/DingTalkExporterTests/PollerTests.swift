import AlibabaCloudCore
@testable import DingTalkExporter
import Foundation
import Logging
import SecurityCenter
import SecurityCenterSimulator
import ServiceLifecycle
import NIOConcurrencyHelpers
import Testing

@Suite("Poller")
struct PollerTests {
    /// Counts fetches and the most that ran at once.
    final class FetchProbe: Sendable {
        private let state = NIOLockedValueBox((running: 0, maxRunning: 0, calls: 0))
        var calls: Int { state.withLockedValue { $0.calls } }
        var maxRunning: Int { state.withLockedValue { $0.maxRunning } }

        func fetch() async throws -> DingTalkListing {
            state.withLockedValue { s in
                s.running += 1
                s.calls += 1
                s.maxRunning = max(s.maxRunning, s.running)
            }
            defer { state.withLockedValue { $0.running -= 1 } }
            try await Task.sleep(for: .milliseconds(20))
            return DingTalkListing(notifications: [DingTalkNotification(id: 1, name: "n", status: 1)], reportedTotal: 1, pages: 1, skippedItems: 0, duplicates: 0)
        }
    }

    static func makePoller(interval: Duration, random: @escaping @Sendable () -> Double = { 0.5 }, fetch: @escaping AccountPoller<ContinuousClock>.Fetch)
        -> (AccountPoller<ContinuousClock>, ExporterState, ExporterMetrics)
    {
        let metrics = ExporterMetrics(includeBuildInfo: false)
        metrics.registerAccount("a")
        let state = ExporterState(accounts: [("a", "http://127.0.0.1:1")], renderer: SnapshotRenderer())
        let poller = AccountPoller(
            account: "a", interval: interval, jitter: 0.1, fetch: fetch, state: state, metrics: metrics,
            tracker: AttemptErrorTracker(downstream: metrics.observer(forAccount: "a")), clock: ContinuousClock(),
            random: random, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        return (poller, state, metrics)
    }

    @Test("the first poll runs at start, later ones follow, and polls never overlap")
    func pollsNeverOverlap() async throws {
        let probe = FetchProbe()
        // An interval far shorter than a poll: a loop that did not await each poll would overlap.
        let (poller, state, _) = Self.makePoller(interval: .milliseconds(1)) { try await probe.fetch() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await poller.run() }
            while probe.calls < 5 { try await Task.sleep(for: .milliseconds(5)) }
            group.cancelAll()
        }
        #expect(probe.maxRunning == 1)
        #expect(state.statuses.first?.pollsFinished ?? 0 >= 4)
    }

    @Test("the delay between polls is the interval plus or minus the jitter", arguments: [
        (0.0, Duration.seconds(54)), (0.5, .seconds(60)), (1.0, .seconds(66)),
    ])
    func jitter(random: Double, expected: Duration) {
        let (poller, _, _) = Self.makePoller(interval: .seconds(60), random: { random }) { throw CancellationError() }
        #expect(poller.nextDelay() == expected)
    }

    @Test("graceful shutdown stops the loop")
    func gracefulShutdown() async throws {
        let probe = FetchProbe()
        let (poller, _, _) = Self.makePoller(interval: .seconds(3600)) { try await probe.fetch() }
        let group = ServiceGroup(configuration: .init(services: [.init(service: poller)], logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            while probe.calls < 1 { try await Task.sleep(for: .milliseconds(5)) }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(probe.calls == 1)
    }

    @Test("a poll cut short by shutdown is neither a failure nor an API error")
    func cancelledPollIsNotAFailure() async throws {
        try await ExporterHarness.withExporter(dataSet: .generate(count: 5, seed: 1), configure: { $0.accounts[0].requestTimeout = .seconds(30) }) { simulator, exporter in
            simulator.inject(.slow(.seconds(2)), times: 1)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await exporter.pollers[0].pollOnce() }
                while simulator.requestCount < 1 { try? await Task.sleep(for: .milliseconds(5)) }
                group.cancelAll()
            }
            let (_, metrics) = try await ExporterHarness.scrape(exporter)
            #expect(metrics.value("aliyun_sas_dingtalk_poll_failures_total", ["account": "default"]) == 0)
            #expect(metrics.values("aliyun_sas_dingtalk_api_errors_total").allSatisfy { $0.value == 0 })
            #expect(metrics.values("aliyun_sas_dingtalk_api_errors_total", ["code": "Cancelled"]).isEmpty)
            #expect(exporter.state.statuses.first?.lastError == nil)
        }
    }
}
