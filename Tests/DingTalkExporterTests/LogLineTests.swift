import AlibabaCloudCore
import DingTalkExporter
import Logging
import SecurityCenterSimulator
import Testing

/// One line per event, with the same keys wherever the same thing is logged,
/// and durations as `1.25s`.
@Suite("Log lines")
struct LogLineTests {
    static func isDuration(_ value: String?) -> Bool {
        guard let value else { return false }
        return value.wholeMatch(of: /\d+(\.\d{1,3})?s/) != nil
    }

    @Test("a poll logs once: info on the first success and on recovery, debug otherwise, one warning per failure")
    func pollEvents() async throws {
        let capture = LogCapture()
        try await ExporterHarness.withExporter(
            dataSet: SimulatorDataSet.generate(count: 5, seed: 3), logger: capture.logger(level: .debug)
        ) { simulator, exporter in
            let poller = exporter.pollers[0]
            #expect(await poller.pollOnce())
            #expect(await poller.pollOnce())
            simulator.inject(.noPermission, times: 5)
            #expect(await poller.pollOnce() == false)
            simulator.clearFaults()
            #expect(await poller.pollOnce())
        }
        let polls = capture.events.filter { $0.message.hasPrefix("poll ") }
        #expect(polls.map(\.message) == ["poll succeeded", "poll succeeded", "poll failed", "poll succeeded again"])
        #expect(polls.map(\.level) == [.info, .debug, .warning, .info])

        for success in polls where success.message != "poll failed" {
            #expect(Set(success.metadata.keys) == ["account", "notifications", "reported_total", "pages", "duration"])
            #expect(success.metadata["notifications"] == "5")
            #expect(Self.isDuration(success.metadata["duration"]), "duration: \(success.metadata["duration"] ?? "nil")")
        }
        let failure = try #require(polls.first { $0.message == "poll failed" })
        #expect(Set(failure.metadata.keys) == ["account", "code", "error", "http_status", "request_id", "duration"])
        #expect(failure.metadata["code"] == "NoPermission")
        #expect(failure.metadata["http_status"] == "403")
        #expect(failure.metadata["account"] == "default")
        #expect(Self.isDuration(failure.metadata["duration"]))

        // The failure is logged by the poller only: no second line from the RPC client.
        let warnings = capture.events.filter { $0.level >= .warning }
        #expect(warnings.count == 1, "\(capture.all)")
        // No placeholder values for unknown fields.
        for line in capture.all {
            #expect(!line.contains("=-") && !line.contains("=none"), "placeholder in: \(line)")
        }
    }

    @Test("a retried request is one debug line with the error's keys and retry_in as seconds")
    func retryLine() async throws {
        let capture = LogCapture()
        try await ExporterHarness.withExporter(
            dataSet: SimulatorDataSet.generate(count: 3, seed: 4), logger: capture.logger(level: .debug),
            configure: { $0.accounts[0].maxRetries = 2 }
        ) { simulator, exporter in
            simulator.inject(.throttling(retryAfterMilliseconds: 20), times: 1)
            #expect(await exporter.pollers[0].pollOnce())
        }
        let retries = capture.events.filter { $0.message == "API request failed, retrying" }
        try #require(retries.count == 1, "\(capture.all)")
        let retry = retries[0]
        #expect(retry.level == .debug)
        #expect(
            Set(retry.metadata.keys)
                == ["account", "action", "attempt", "code", "error", "http_status", "request_id", "retry_in"])
        #expect(retry.metadata["code"] == "Throttling.User")
        #expect(retry.metadata["attempt"] == "1")
        #expect(Self.isDuration(retry.metadata["retry_in"]), "retry_in: \(retry.metadata["retry_in"] ?? "nil")")
        #expect(capture.events.filter { $0.level >= .warning }.isEmpty, "\(capture.all)")
    }

    @Test("durations in logs", arguments: [
        (Duration.milliseconds(1250), "1.25s"), (.milliseconds(179), "0.179s"), (.seconds(60), "60s"),
        (.zero, "0s"), (.nanoseconds(179_414_202), "0.179s"), (.milliseconds(-1500), "-1.5s"),
    ])
    func durationFormat(_ duration: Duration, _ expected: String) {
        #expect(duration.logDescription == expected)
    }
}
