import AlibabaCloudCore
@testable import DingTalkExporter
import Foundation
import Logging
import SecurityCenter
import SecurityCenterSimulator
import Testing

/// What an API answer contains cannot reach the landing page, a log line or
/// a snapshot except sanitised, and webhook URLs not at all.
@Suite("Hostile responses")
struct HostileResponseTests {
    static let dataSet = SimulatorDataSet.generate(count: 30, seed: 21)

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var code: String
        var message: String
        var requestId: String
        /// What the error's code and request id must be after sanitising.
        var expectedCode: String
        var expectedRequestId: String?
        var testDescription: String { name }
    }

    static let principal = "acs:ram::1234567890123456:user/alice"

    static let cases: [Case] = [
        Case(name: "message naming the RAM principal", code: "NoPermission",
             message: "You are not authorized, \(principal)", requestId: "R-1",
             expectedCode: "NoPermission", expectedRequestId: "R-1"),
        Case(name: "forged log lines in message and request id", code: "Forbidden.RAM",
             message: "denied\nlevel=info msg=\"poll succeeded\" \(principal)", requestId: "R-2\nlevel=info",
             expectedCode: "Forbidden.RAM", expectedRequestId: nil),
        Case(name: "markup everywhere", code: "<script>alert(1)</script>",
             message: "<img src=x onerror=alert(1)> \(principal)", requestId: "<b>R</b>",
             expectedCode: "<script>alert(1)</script>", expectedRequestId: "<b>R</b>"),
        // Over the 64 KiB an error body is read to; a megabyte takes the debug simulator too long to build.
        Case(name: "a hundred KiB of everything", code: String(repeating: "C", count: 50_000),
             message: String(repeating: "M", count: 50_000) + principal, requestId: String(repeating: "R", count: 4096),
             expectedCode: "HTTP400", expectedRequestId: nil),
    ]

    @Test(arguments: cases)
    func theLandingPageShowsCodeAndRequestIdNotTheMessage(_ testCase: Case) async throws {
        let capture = LogCapture()
        // A generous time-out: under a full parallel test run the debug simulator is slow to build these bodies.
        try await ExporterHarness.withExporter(
            dataSet: Self.dataSet, logger: capture.logger(), configure: { $0.accounts[0].requestTimeout = .seconds(20) }
        ) { simulator, exporter in
            simulator.inject(.hostileError(code: testCase.code, message: testCase.message, requestId: testCase.requestId))
            #expect(await exporter.pollers[0].pollOnce() == false)
            let error = try #require(exporter.state.statuses.first?.lastError)
            #expect(error.code == testCase.expectedCode)
            #expect(error.requestId == testCase.expectedRequestId)
            #expect(error.message.count <= ResponseText.maxMessageLength + 3)
            #expect(!error.message.contains("\n"))

            let (_, page, _) = try await ExporterHarness.get(exporter, "/")
            #expect(page.contains("error: \(LandingPage.escape(testCase.expectedCode))"))
            if let requestId = testCase.expectedRequestId {
                #expect(page.contains("request id \(LandingPage.escape(requestId))"))
            }
            #expect(!page.contains("alice"))
            #expect(!page.contains("<script>") && !page.contains("<img"))
            #expect(page.utf8.count < 16 * 1024)

            let (_, metrics) = try await ExporterHarness.scrape(exporter)
            #expect(metrics.value("aliyun_sas_dingtalk_api_errors_total", ["account": "default", "code": testCase.expectedCode]) == 1)
            // Every log line stays one line without terminal escapes, and none is longer than a few caps.
            for line in capture.all {
                #expect(!line.contains("\n") && !line.contains("\u{1B}"), "in: \(line.prefix(120))")
                #expect(line.utf8.count < 8 * 1024)
            }
        }
    }

    @Test func noSnapshotHoldsAWebhookURL() async throws {
        try await ExporterHarness.withExporter(dataSet: Self.dataSet) { _, exporter in
            #expect(await exporter.pollers[0].pollOnce())
            let snapshot = try #require(exporter.state.snapshot(account: "default"))
            var dumped = ""
            dump(snapshot, to: &dumped)
            let described = "\(snapshot) \(String(reflecting: snapshot))"
            for notification in Self.dataSet.notifications {
                let token = String(notification.webhookURL.split(separator: "=").last ?? "")
                #expect(!dumped.contains(token) && !described.contains(token))
            }
            // The hash is there, and equal to the URL's hash in this process.
            #expect(snapshot.notifications.map(\.webhookHash) == Self.dataSet.notifications.map { SecretHash(of: $0.webhookURL) })
        }
    }

    /// (endpoint, warned)
    @Test(arguments: [
        ("http://10.0.0.1:8080", true), ("http://tds.cn-shanghai.aliyuncs.com", true), ("http://127.0.0.1:1", false),
        ("http://localhost:9", false), ("http://[::1]:9", false), ("https://10.0.0.1", false), ("http://127.0.0.1.evil.com", true),
    ])
    func aPlainHTTPEndpointOffTheMachineIsWarnedAbout(url: String, warned: Bool) throws {
        let capture = LogCapture()
        let endpoint = try #require(Endpoint(url: url))
        let config = ExporterConfig(accounts: [AccountConfig(name: "x", endpoint: endpoint)])
        _ = Exporter(config: config, httpClient: ExporterHarness.httpClient, environment: [:], logger: capture.logger())
        let warnings = capture.all.filter { $0.hasPrefix("warning") && $0.contains("plain http://") }
        #expect(warnings.count == (warned ? 1 : 0))
    }
}
