import AlibabaCloudCore
import DingTalkExporter
import Foundation
import Logging
import SecurityCenterSimulator
import Testing

/// Several accounts in one exporter, each on its own simulator: one healthy,
/// one denied (`NoPermission`), one hanging. Their metrics stay right and
/// independent, and the hanging account never holds up the healthy one.
@Suite("Many accounts")
struct MultiAccountTests {
    static let key = ExporterHarness.key

    @Test("three accounts on three simulators: healthy, NoPermission and hanging, each independent", .timeLimit(.minutes(2)))
    func threeSimulators() async throws {
        let healthyData = SimulatorDataSet.generate(count: 45, seed: 7)
        let otherData = SimulatorDataSet.generate(count: 5, seed: 8)
        try await SecurityCenterSimulator.withRunning(dataSet: healthyData, accessKeys: [Self.key]) { _, healthyEndpoint in
            try await SecurityCenterSimulator.withRunning(dataSet: otherData, accessKeys: [Self.key]) { denied, deniedEndpoint in
                try await SecurityCenterSimulator.withRunning(dataSet: otherData, accessKeys: [Self.key]) { hanging, hangingEndpoint in
                    denied.inject(.noPermission, times: 10_000)
                    // Long enough to outlast the test body; short, as the simulator finishes it before stopping.
                    hanging.inject(.slow(.seconds(20)), times: 10_000)
                    var accounts = [
                        ExporterHarness.account(healthyEndpoint, name: "healthy"),
                        ExporterHarness.account(deniedEndpoint, name: "denied"),
                        ExporterHarness.account(hangingEndpoint, name: "hanging"),
                    ]
                    for index in accounts.indices { accounts[index].pollInterval = .milliseconds(100) }
                    accounts[2].requestTimeout = .seconds(60)
                    let exporter = Exporter(
                        config: ExporterConfig(accounts: accounts, disableExporterMetrics: true), httpClient: ExporterHarness.httpClient,
                        environment: [:], logger: .init(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
                    try await Self.whileRunning(exporter) {
                        // Wait for the healthy account to poll five times while the hanging one's first poll is in flight.
                        var metrics = try await ExporterHarness.scrape(exporter).exposition
                        while (metrics.value("aliyun_sas_dingtalk_polls_total", ["account": "healthy"]) ?? 0) < 5
                            || (metrics.value("aliyun_sas_dingtalk_polls_total", ["account": "denied"]) ?? 0) < 2
                        {
                            try await Task.sleep(for: .milliseconds(50))
                            metrics = try await ExporterHarness.scrape(exporter).exposition
                        }
                        let healthy = ["account": "healthy"], deniedAccount = ["account": "denied"], hangingAccount = ["account": "hanging"]
                        #expect(metrics.value("aliyun_sas_dingtalk_up", healthy) == 1)
                        #expect(metrics.value("aliyun_sas_dingtalk_notifications", healthy) == Double(healthyData.notifications.count))
                        #expect(metrics.value("aliyun_sas_dingtalk_poll_failures_total", healthy) == 0)
                        #expect(metrics.value("aliyun_sas_dingtalk_api_errors_total", ["account": "healthy", "code": "NoPermission"]) == 0)

                        #expect(metrics.value("aliyun_sas_dingtalk_up", deniedAccount) == 0)
                        #expect((metrics.value("aliyun_sas_dingtalk_api_errors_total", ["account": "denied", "code": "NoPermission"]) ?? 0) >= 2)
                        #expect((metrics.value("aliyun_sas_dingtalk_poll_failures_total", deniedAccount) ?? 0) >= 2)
                        #expect(metrics.values("aliyun_sas_dingtalk_notifications", deniedAccount).isEmpty)

                        // The hanging account's first poll never ended, and only one request of it was ever sent.
                        #expect(metrics.value("aliyun_sas_dingtalk_polls_total", hangingAccount) == 0)
                        #expect(metrics.value("aliyun_sas_dingtalk_up", hangingAccount) == 0)
                        #expect(metrics.values("aliyun_sas_dingtalk_notifications", hangingAccount).isEmpty)
                        #expect(hanging.requestCount == 1)
                        #expect(hanging.pendingFaults.count == 10_000 - 1)

                        // The landing page lists all three; readiness waits for the hanging one.
                        let (_, page, _) = try await ExporterHarness.get(exporter, "/")
                        for name in ["healthy", "denied", "hanging"] { #expect(page.contains("<td>\(name)</td>")) }
                        #expect(try await ExporterHarness.get(exporter, "/-/ready").0 == .serviceUnavailable)
                    }
                }
            }
        }
    }

    @Test("max_concurrent_polls bounds the polls running at one moment over all accounts", .timeLimit(.minutes(1)))
    func concurrencyLimit() async throws {
        let limiter = AsyncSemaphore(permits: 2)
        let inFlight = PeakCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    try await limiter.withPermit {
                        inFlight.enter()
                        defer { inFlight.leave() }
                        try await Task.sleep(for: .milliseconds(20))
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(inFlight.peak == 2)
        #expect(inFlight.entries == 12)
    }

    @Test("a waiter cancelled while queued for a permit leaves the queue and throws", .timeLimit(.minutes(1)))
    func cancelledWaiter() async throws {
        let limiter = AsyncSemaphore(permits: 1)
        try await limiter.acquire()
        await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await limiter.acquire() }
            while limiter.waiting == 0 { await Task.yield() }
            group.cancelAll()
            await #expect(throws: CancellationError.self) { try await group.next() }
        }
        #expect(limiter.waiting == 0)
        limiter.release()
        // The permit is free again: the cancelled waiter did not take it.
        try await limiter.acquire()
        limiter.release()
    }

    /// Runs the exporter's pollers (the supervisor) around `body`, then stops them.
    static func whileRunning(_ exporter: Exporter, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await exporter.supervisor.run() }
            do {
                try await body()
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }
}
