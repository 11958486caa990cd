@testable import DingTalkExporter
import Foundation
import HTTPTypes
import NIOCore
import SecurityCenterSimulator
import Testing

/// The per-poll render cache: each form is rendered once at publish, a
/// scrape writes it as cached plus the live part (a second gzip member).
@Suite("Scrape cache")
struct ScrapeCacheTests {
    static let accounts = (0..<16).map { (name: "account-\($0)", endpoint: "http://127.0.0.1:1") }

    static func snapshot(_ account: String, ids: ClosedRange<Int>) -> AccountSnapshot {
        AccountSnapshot(
            account: account,
            notifications: ids.map { DingTalkNotification(id: Int64($0), name: "n\($0)", status: 1, language: "zh", alertTypes: ["vul"]) },
            reportedTotal: ids.count, completedAt: Date(timeIntervalSince1970: 1_795_600_800))
    }

    @Test("each cached gzip member unzips to its section; the OpenMetrics section leaves # EOF to the live part")
    func renderedForms() throws {
        let text = SnapshotRenderer().render([RenderTests.prod, RenderTests.intl])
        let rendered = RenderedSnapshot(text: text)
        #expect(Array(buffer: rendered.plain) == text)
        let openMetrics = String(buffer: rendered.openMetrics)
        #expect(openMetrics.hasPrefix("# HELP aliyun_sas_dingtalk_notifications "))
        #expect(!openMetrics.contains("# EOF"))
        for (member, section) in [(rendered.plainGzip, rendered.plain), (rendered.openMetricsGzip, rendered.openMetrics)] {
            let member = try #require(member)
            #expect(try Gzip.memberCount(member) == 1)
            #expect(try Gzip.gunzipMembers(member) == section)
        }
    }

    @Test("a gzip scrape is two members that unzip to the uncompressed scrape", arguments: [
        ("text/plain", "# HELP aliyun_sas_dingtalk_up"),
        ("application/openmetrics-text;version=1.0.0", "# EOF\n"),
    ])
    func gzipMembers(accept: String, tail: String) async throws {
        try await ExporterHarness.withExporter(dataSet: .generate(count: 30, seed: 11), configure: { $0.disableExporterMetrics = false }) { _, exporter in
            #expect(await exporter.pollers[0].pollOnce())
            let (_, plain, _) = try await ExporterHarness.get(exporter, "/metrics", headers: [.accept: accept])
            let (_, compressed, headers) = try await ExporterHarness.getBytes(exporter, "/metrics", headers: [.accept: accept, .acceptEncoding: "gzip"])
            #expect(headers[.contentEncoding] == "gzip")
            #expect(try Gzip.memberCount(compressed) == 2)
            let unzipped = String(buffer: try Gzip.gunzipMembers(compressed))
            #expect(GoldenOutputTests.normalise(unzipped) == GoldenOutputTests.normalise(plain))
            #expect(unzipped.contains("aliyun_sas_dingtalk_notification_info{"))
            #expect(unzipped.contains(tail))
            #expect(unzipped.components(separatedBy: "# EOF").count <= 2)
        }
    }

    @Test("before the first poll a gzip scrape is the live part alone, one member")
    func gzipBeforeFirstPoll() async throws {
        try await ExporterHarness.withExporter(dataSet: .generate(count: 5, seed: 3)) { _, exporter in
            let (_, plain, _) = try await ExporterHarness.get(exporter, "/metrics")
            let (status, compressed, headers) = try await ExporterHarness.getBytes(exporter, "/metrics", headers: [.acceptEncoding: "gzip"])
            #expect(status == .ok)
            #expect(headers[.contentEncoding] == "gzip")
            #expect(try Gzip.memberCount(compressed) == 1)
            let unzipped = String(buffer: try Gzip.gunzipMembers(compressed))
            #expect(!plain.isEmpty)
            #expect(!unzipped.contains("aliyun_sas_dingtalk_notification_info{"))
            #expect(GoldenOutputTests.normalise(unzipped) == GoldenOutputTests.normalise(plain))
        }
    }

    @Test("publications racing each other leave the newest rendering in place", .timeLimit(.minutes(1)))
    func racingPublications() async {
        let state = ExporterState(accounts: Self.accounts, renderer: SnapshotRenderer())
        await withTaskGroup(of: Void.self) { group in
            for (index, account) in Self.accounts.enumerated() {
                group.addTask { state.publish(Self.snapshot(account.name, ids: 1...(50 + index)), duration: .seconds(1)) }
            }
        }
        let text = String(buffer: state.rendered.plain)
        for (index, account) in Self.accounts.enumerated() {
            #expect(text.contains(#"aliyun_sas_dingtalk_notifications{account="\#(account.name)"} \#(50 + index).0"#))
        }
    }

    @Test("a new poll of an account replaces its cached section")
    func republish() {
        let state = ExporterState(accounts: Array(Self.accounts.prefix(1)), renderer: SnapshotRenderer())
        #expect(state.rendered.plain.readableBytes == 0)
        state.publish(Self.snapshot("account-0", ids: 1...3), duration: .seconds(1))
        state.publish(Self.snapshot("account-0", ids: 1...2), duration: .seconds(1))
        let text = String(buffer: state.rendered.plain)
        #expect(text.contains(#"aliyun_sas_dingtalk_notifications{account="account-0"} 2.0"#))
        #expect(!text.contains(#"id="3""#))
    }
}
