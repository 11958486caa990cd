@testable import DingTalkExporter
import Foundation
import HTTPTypes
import SecurityCenter
import SecurityCenterSimulator
import Testing

@Suite("OpenMetrics")
struct OpenMetricsTests {
    /// What Prometheus 2.x sends by default.
    static let prometheusAccept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"

    @Test("Accept negotiation", arguments: [
        (prometheusAccept, ExpositionFormat.openMetrics),
        ("application/openmetrics-text", .openMetrics),
        ("application/openmetrics-text; version=1.0.0; charset=utf-8", .openMetrics),
        ("application/openmetrics-text;version=0.0.1", .prometheusText),
        ("text/plain;version=0.0.4;q=0.9,application/openmetrics-text;q=0.5", .prometheusText),
        ("application/openmetrics-text;q=0", .prometheusText),
        ("text/plain", .prometheusText),
        ("*/*", .prometheusText),
        ("", .prometheusText),
    ])
    func negotiation(accept: String, expected: ExpositionFormat) {
        #expect(ExpositionFormat.negotiate(accept: accept) == expected)
    }

    @Test("counters lose _total in HELP and TYPE only, HELP escapes quotes, # EOF ends it")
    func conversion() {
        let text = """
            # HELP a_requests_total Requests "sent".
            # TYPE a_requests_total counter
            a_requests_total{account="x\\"y"} 3
            # HELP a_up Up.
            # TYPE a_up gauge
            a_up{account="x"} 1.0

            """
        let expected = """
            # HELP a_requests Requests \\"sent\\".
            # TYPE a_requests counter
            a_requests_total{account="x\\"y"} 3
            # HELP a_up Up.
            # TYPE a_up gauge
            a_up{account="x"} 1.0
            # EOF

            """
        #expect(String(decoding: OpenMetricsText.convert(Array(text.utf8)), as: UTF8.self) == expected)
    }

    @Test("Prometheus' own Accept header gets valid OpenMetrics")
    func scrapeAsPrometheus() async throws {
        try await ExporterHarness.withExporter(dataSet: .generate(count: 40, seed: 9), configure: { $0.disableExporterMetrics = false }) { _, exporter in
            #expect(await exporter.pollers[0].pollOnce())
            let (status, body, headers) = try await ExporterHarness.get(exporter, "/metrics", headers: [.accept: Self.prometheusAccept])
            #expect(status == .ok)
            #expect(headers[.contentType] == "application/openmetrics-text; version=1.0.0; charset=utf-8")
            #expect(body.hasSuffix("\n# EOF\n"))
            #expect(body.contains("# TYPE aliyun_sas_dingtalk_api_requests counter\n"))
            #expect(body.contains("aliyun_sas_dingtalk_api_requests_total{account=\"default\"} 2"))
            try Self.checkWithReferenceParser(body)
        }
    }

    /// The Python client's strict OpenMetrics parser, when installed (the
    /// test command installs it and sets REQUIRE_OPENMETRICS_PARSER=1).
    static func checkWithReferenceParser(_ body: String) throws {
        let script = """
            import sys
            from prometheus_client.openmetrics.parser import text_string_to_metric_families
            families = list(text_string_to_metric_families(sys.stdin.read()))
            print(len(families))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(body.utf8))
        try input.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let failure = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if failure.contains("No module named 'prometheus_client'") {
            if ProcessInfo.processInfo.environment["REQUIRE_OPENMETRICS_PARSER"] == "1" {
                Issue.record("prometheus_client is required (REQUIRE_OPENMETRICS_PARSER=1) but not installed")
            }
            return
        }
        #expect(process.terminationStatus == 0, "OpenMetrics parser: \(failure)")
        #expect(Int(printed.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > 20)
    }

    @Test("isUnchangedByConversion answers as converting and comparing would", arguments: [
        ("# HELP a_up Up.\n# TYPE a_up gauge\na_up 1\n", true),
        ("", true),
        ("a_up 1\n# comment\n", true),
        ("# HELP a_up Up.\n# TYPE a_up gauge\na_up 1", false),  // no final newline
        ("# HELP a_up Up.\n\n# TYPE a_up gauge\na_up 1\n", false),  // an empty line
        ("# HELP a_total A.\n# TYPE a_total counter\na_total 1\n", false),
        ("# HELP a_up Up \"now\".\n# TYPE a_up gauge\na_up 1\n", false),
        // Conservative: a counter without `_total` converts to itself, but is not claimed.
        ("# TYPE a counter\na 1\n", false),
    ])
    func unchangedByConversion(text: String, expected: Bool) {
        let bytes = Array(text.utf8)
        #expect(OpenMetricsText.isUnchangedByConversion(bytes) == expected)
        if expected { #expect(OpenMetricsText.convert(bytes, endOfFile: false) == bytes) }
    }

    @Test("the notification section of a real poll needs no conversion, and indeed converts to itself")
    func notificationSectionIsOpenMetrics() {
        var notifications: [DingTalkNotification] = []
        for id in 1...60 {
            let name: String = id % 2 == 0 ? "支付团队 \"告警\" \(id)" : "ops\\\(id)\n"
            let status: Int = id % 3 == 0 ? 0 : 1
            let language: String = id % 4 == 0 ? "en" : "zh"
            let modified: Int64 = 1_700_000_000_000 + Int64(id)
            notifications.append(DingTalkNotification(
                id: Int64(id), name: name, status: status, language: language, intervalMinutes: 10, groupIds: ["1", "2"],
                alertTypes: ["sas_analysis_online-sas-operation-log-sas-event-vul", "weird\"type"],
                gmtModifiedMilliseconds: modified))
        }
        let snapshot = AccountSnapshot(
            account: "default", notifications: notifications, reportedTotal: 60, completedAt: Date(timeIntervalSince1970: 0))
        let text = SnapshotRenderer().render([snapshot])
        #expect(text.count > 1_000)
        #expect(OpenMetricsText.isUnchangedByConversion(text))
        #expect(OpenMetricsText.convert(text, endOfFile: false) == text)
    }
}
