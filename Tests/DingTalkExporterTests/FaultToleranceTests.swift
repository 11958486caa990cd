import AlibabaCloudCore
import DingTalkExporter
import Foundation
import SecurityCenterSimulator
import Testing

/// For each fault the simulator can inject: the exporter keeps serving,
/// keeps the previous values, sets `up` 0, counts the error under the right
/// code, and recovers when the fault ends.
@Suite("Fault tolerance")
struct FaultToleranceTests {
    static let dataSet = SimulatorDataSet.generate(count: 45, seed: 99)

    struct Case: Sendable, CustomTestStringConvertible {
        var fault: SimulatorFault
        var code: String
        var testDescription: String { "\(fault) -> \(code)" }
    }

    static let cases: [Case] = [
        Case(fault: .throttling(), code: "Throttling.User"),
        Case(fault: .throttling(code: "Throttling.Api", status: 429, retryAfterMilliseconds: 10), code: "Throttling.Api"),
        Case(fault: .noPermission, code: "NoPermission"),
        Case(fault: .serverErrorHTML(), code: "HTTP500"),
        Case(fault: .malformedJSON, code: "InvalidResponse"),
        Case(fault: .truncatedJSON, code: "InvalidResponse"),
        Case(fault: .emptyBody(), code: "HTTP502"),
        Case(fault: .xmlError(), code: "ServiceUnavailable"),
        Case(fault: .slow(.seconds(9)), code: "Timeout"),
        Case(fault: .dropConnection, code: "ConnectionFailed"),
        Case(fault: .duplicatePages, code: "PaginationLimit"),
    ]

    @Test("a failed poll keeps the previous values, sets up 0, counts the code, then recovers", arguments: cases)
    func faultThenRecovery(_ testCase: Case) async throws {
        try await ExporterHarness.withExporter(dataSet: Self.dataSet) { simulator, exporter in
            let poller = exporter.pollers[0]
            let account = ["account": "default"]
            let errors = ["account": "default", "code": testCase.code]
            #expect(await poller.pollOnce())
            let (_, before) = try await ExporterHarness.scrape(exporter)
            let errorsBefore = before.value("aliyun_sas_dingtalk_api_errors_total", errors) ?? 0

            // Enough entries to cover every page of one poll (retries are off).
            simulator.inject(testCase.fault, times: 50)
            #expect(await poller.pollOnce() == false)
            simulator.clearFaults()

            let (_, during) = try await ExporterHarness.scrape(exporter)
            #expect(during.value("aliyun_sas_dingtalk_up", account) == 0)
            #expect(during.value("aliyun_sas_dingtalk_api_errors_total", errors) == errorsBefore + 1)
            #expect(during.value("aliyun_sas_dingtalk_poll_failures_total", account) == 1)
            #expect(during.value("aliyun_sas_dingtalk_polls_total", account) == 2)
            // The previous poll's values are still served, unchanged.
            #expect(during.value("aliyun_sas_dingtalk_notifications", account) == Double(Self.dataSet.notifications.count))
            #expect(during.values("aliyun_sas_dingtalk_notification_info") == before.values("aliyun_sas_dingtalk_notification_info"))
            #expect(exporter.state.statuses.first?.lastError?.code == testCase.code)

            #expect(await poller.pollOnce())
            let (_, after) = try await ExporterHarness.scrape(exporter)
            #expect(after.value("aliyun_sas_dingtalk_up", account) == 1)
            #expect(after.value("aliyun_sas_dingtalk_poll_failures_total", account) == 1)
            #expect(after.value("aliyun_sas_dingtalk_api_errors_total", errors) == errorsBefore + 1)
            #expect(exporter.state.statuses.first?.lastError == nil)
        }
    }

    @Test("a TotalCount that lies is reported as such, the real items are counted")
    func lyingTotalCount() async throws {
        try await ExporterHarness.withExporter(dataSet: Self.dataSet) { simulator, exporter in
            simulator.inject(.lyingTotalCount(500), times: 50)
            #expect(await exporter.pollers[0].pollOnce())
            let (_, metrics) = try await ExporterHarness.scrape(exporter)
            #expect(metrics.value("aliyun_sas_dingtalk_notifications_reported", ["account": "default"]) == 500)
            #expect(metrics.value("aliyun_sas_dingtalk_notifications", ["account": "default"]) == Double(Self.dataSet.notifications.count))
        }
    }

    @Test("retries ride out a short throttling burst and count every failed attempt")
    func retriesRideOutThrottling() async throws {
        try await ExporterHarness.withExporter(dataSet: Self.dataSet, configure: { $0.accounts[0].maxRetries = 3 }) { simulator, exporter in
            simulator.inject(.throttling(retryAfterMilliseconds: 20), times: 2)
            #expect(await exporter.pollers[0].pollOnce())
            let (_, metrics) = try await ExporterHarness.scrape(exporter)
            #expect(metrics.value("aliyun_sas_dingtalk_up", ["account": "default"]) == 1)
            #expect(metrics.value("aliyun_sas_dingtalk_api_errors_total", ["account": "default", "code": "Throttling.User"]) == 2)
            // 45 items at 20 a page: 3 pages, plus the 2 throttled attempts.
            #expect(metrics.value("aliyun_sas_dingtalk_api_requests_total", ["account": "default"]) == 5)
        }
    }

    @Test("a wrong secret is a SignatureDoesNotMatch error, not a crash, and is not retried")
    func wrongSecret() async throws {
        try await ExporterHarness.withExporter(dataSet: Self.dataSet, configure: { config in
            config.accounts[0].credentials = .fixed(Credentials(accessKeyId: ExporterHarness.key.id, accessKeySecret: "wrong"))
            config.accounts[0].maxRetries = 3
        }) { _, exporter in
            #expect(await exporter.pollers[0].pollOnce() == false)
            let (_, metrics) = try await ExporterHarness.scrape(exporter)
            #expect(metrics.value("aliyun_sas_dingtalk_api_errors_total", ["account": "default", "code": "SignatureDoesNotMatch"]) == 1)
            #expect(metrics.value("aliyun_sas_dingtalk_api_requests_total", ["account": "default"]) == 1)
            #expect(metrics.value("aliyun_sas_dingtalk_up", ["account": "default"]) == 0)
        }
    }

    @Test("no credentials at all: the exporter serves, up is 0, CredentialsUnavailable is counted")
    func noCredentials() async throws {
        try await ExporterHarness.withExporter(dataSet: Self.dataSet, configure: { $0.accounts[0].credentials = .environment }) { _, exporter in
            #expect(await exporter.pollers[0].pollOnce() == false)
            let (_, metrics) = try await ExporterHarness.scrape(exporter)
            #expect(metrics.value("aliyun_sas_dingtalk_api_errors_total", ["account": "default", "code": "CredentialsUnavailable"]) == 1)
            // Nothing was sent.
            #expect(metrics.value("aliyun_sas_dingtalk_api_requests_total", ["account": "default"]) == 0)
            #expect(metrics.value("aliyun_sas_dingtalk_up", ["account": "default"]) == 0)
            #expect(exporter.state.isReady)
        }
    }
}
