import DingTalkExporter
import Foundation
import SecurityCenterSimulator
import Testing

/// The full `/metrics` output, sorted line by line so the registry's order
/// does not matter, against a golden file; and `promtool check metrics` on
/// the same real output.
///
/// Regenerate the golden file with `UPDATE_GOLDEN=1 swift test --filter GoldenOutputTests`.
@Suite("Golden /metrics output")
struct GoldenOutputTests {
    static let dataSet = SimulatorDataSet.generate(count: 24, seed: 7)

    /// Values that depend on timing are replaced by a marker; everything else
    /// (names, labels, HELP, TYPE, counts) must match exactly.
    static func normalise(_ text: String) -> String {
        let volatile = [
            "aliyun_sas_dingtalk_api_request_duration_seconds_bucket", "aliyun_sas_dingtalk_api_request_duration_seconds_sum",
            "aliyun_sas_dingtalk_poll_duration_seconds{", "aliyun_sas_dingtalk_last_success_timestamp_seconds{",
        ]
        return text.split(separator: "\n", omittingEmptySubsequences: true).map { line -> String in
            guard !line.hasPrefix("#"), volatile.contains(where: { line.hasPrefix($0) }),
                let space = line.lastIndex(of: " ")
            else { return String(line) }
            return line[..<space] + " <volatile>"
        }.sorted().joined(separator: "\n") + "\n"
    }

    static var goldenURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/metrics.golden.txt")
    }

    static func scrapeAfterOnePoll(exporterMetrics: Bool = false) async throws -> String {
        nonisolated(unsafe) var text = ""
        try await ExporterHarness.withExporter(dataSet: dataSet, configure: { $0.disableExporterMetrics = !exporterMetrics }) { _, exporter in
            #expect(await exporter.pollers[0].pollOnce())
            text = try await ExporterHarness.scrape(exporter).text
        }
        return text
    }

    @Test("sorted /metrics matches the golden file")
    func golden() async throws {
        let actual = Self.normalise(try await Self.scrapeAfterOnePoll())
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: Self.goldenURL, atomically: true, encoding: .utf8)
        }
        let golden = try String(contentsOf: Self.goldenURL, encoding: .utf8)
        #expect(actual == golden, "diff against \(Self.goldenURL.path); regenerate with UPDATE_GOLDEN=1 if the change is intended")
    }

    @Test("promtool check metrics passes with no warnings on real output")
    func promtool() async throws {
        let text = try await Self.scrapeAfterOnePoll(exporterMetrics: true)
        guard let report = try Promtool.checkMetrics(Array(text.utf8)) else { return }
        #expect(report.status == 0, "promtool: \(report.output)")
        #expect(report.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "promtool warnings: \(report.output)")
    }
}
