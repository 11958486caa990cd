import AlibabaCloudCore
import DingTalkExporter
import Foundation
import SecurityCenter
import SecurityCenterSimulator
import Testing

/// `--collector.max-notifications` and the label caps, each counted in
/// `aliyun_sas_dingtalk_label_overflow_total` and logged once per poll: a
/// hostile or broken API cannot make one poll publish millions of series.
@Suite("Caps and the overflow counter")
struct CapsTests {
    static let prefix = "aliyun_sas_dingtalk_"

    static func snapshot(count: Int, languages: [String] = ["zh"], types: [String] = ["vul"]) -> AccountSnapshot {
        // Ids in descending order: the cap must keep the lowest ids, not the first listed.
        let notifications = (0..<count).map { index in
            DingTalkNotification(
                id: Int64(count - index), name: "n\(index)", status: 1, language: languages[index % languages.count],
                alertTypes: [types[index % types.count]])
        }
        return AccountSnapshot(account: "a", notifications: notifications, reportedTotal: count, completedAt: Date())
    }

    /// (notifications, cap)
    @Test(arguments: [(10, 3), (10, 10), (10, 0), (5, 100), (0, 0)])
    func perNotificationSeriesStopAtTheCapAggregatesCountAll(count: Int, cap: Int) throws {
        let renderer = SnapshotRenderer(maxNotifications: cap)
        let (bytes, overflow) = renderer.renderCountingOverflow([Self.snapshot(count: count)])
        let exposition = try Exposition(parsing: String(decoding: bytes, as: UTF8.self))
        let kept = min(count, cap)
        #expect(exposition.value(Self.prefix + "notifications", ["account": "a"]) == Double(count))
        #expect(exposition.value(Self.prefix + "notifications_by_status", ["account": "a", "status": "enabled"]) == Double(count))
        // vul is one of the six kinds always published (0 when none covers it).
        #expect(exposition.value(Self.prefix + "notifications_by_alert_type", ["account": "a", "type": "vul"]) == Double(count))
        let infoIds = exposition.values(Self.prefix + "notification_info").compactMap { $0.labels["id"] }
        #expect(infoIds == (0..<kept).map { String($0 + 1) })
        #expect(exposition.values(Self.prefix + "notification_enabled").count == kept)
        #expect(exposition.values(Self.prefix + "notification_groups").count == kept)
        #expect(overflow["a"] == LabelOverflow(notification: count - kept))
    }

    @Test func switchedOffDetailsAreNotAnOverflow() {
        let renderer = SnapshotRenderer(notificationDetails: false, maxNotifications: 2)
        #expect(renderer.renderCountingOverflow([Self.snapshot(count: 10)]).overflow["a"] == LabelOverflow())
    }

    @Test func foldedLanguagesAndTypesAreCountedByDistinctValue() {
        let languages = ["zh", "en", "unknown", "fr", "de", "ja", "ko", "it"]
        let types = (0..<9).map { "type\($0)" }
        let renderer = SnapshotRenderer(limits: LabelLimits(maxValuesPerLabel: 2))
        let overflow = renderer.renderCountingOverflow([Self.snapshot(count: 90, languages: languages, types: types)]).overflow
        // Reserved zh, en, unknown stay; 2 of the 5 others are kept, 3 fold.
        #expect(overflow["a"] == LabelOverflow(language: 3, type: 7))
    }

    @Test func foldedErrorCodesAreCounted() {
        // 11 well-known codes are named already: one more fits, the rest fold.
        let metrics = ExporterMetrics(limits: LabelLimits(maxValuesPerLabel: 12))
        metrics.registerAccount("a")
        for code in ["Hostile.1", "Hostile.2", "Hostile.3", "Hostile.2", "NoPermission"] {
            metrics.recordError(account: "a", code: code)
        }
        var buffer: [UInt8] = []
        metrics.emit(into: &buffer)
        let exposition = try? Exposition(parsing: String(decoding: buffer, as: UTF8.self))
        let overflow = { (label: String) in exposition?.value(Self.prefix + "label_overflow_total", ["account": "a", "label": label]) }
        #expect(overflow("code") == 3)
        #expect(overflow("language") == 0 && overflow("type") == 0 && overflow("notification") == 0)
        #expect(exposition?.value(Self.prefix + "api_errors_total", ["account": "a", "code": "Other"]) == 3)
    }

    @Test("the live exporter drops series past the cap every poll, counts them, and logs once per poll")
    func liveExporter() async throws {
        let capture = LogCapture()
        let dataSet = SimulatorDataSet.generate(count: 45, seed: 5)
        try await ExporterHarness.withExporter(
            dataSet: dataSet, logger: capture.logger(), configure: { $0.maxNotifications = 10 }
        ) { _, exporter in
            #expect(await exporter.pollers[0].pollOnce())
            #expect(await exporter.pollers[0].pollOnce())
            let (_, metrics) = try await ExporterHarness.scrape(exporter)
            let account = ["account": "default"]
            #expect(metrics.value(Self.prefix + "notifications", account) == 45)
            #expect(metrics.values(Self.prefix + "notification_info").count == 10)
            #expect(metrics.value(Self.prefix + "label_overflow_total", ["account": "default", "label": "notification"]) == 70)
            let lines = capture.all.filter { $0.contains("over their caps") }
            #expect(lines.count == 2)
            #expect(lines.allSatisfy { $0.contains("notification=35") })
        }
    }
}
