import AlibabaCloudCore
import DingTalkExporter
import Foundation
import SecurityCenterSimulator
import Testing

/// The exporter against the live simulator: every number in `/metrics` is
/// checked against the simulator's own data set.
@Suite("End to end against the simulator")
struct EndToEndTests {
    static let dataSet = SimulatorDataSet.generate(count: 137, seed: 20_261_125)

    /// What the exporter must say about a data set, derived here from the
    /// simulator's records, independently of the exporter's code.
    struct Expected {
        var total = 0
        var byStatus: [String: Int] = ["enabled": 0, "disabled": 0]
        var byLanguage: [String: Int] = ["zh": 0, "en": 0]
        /// The six kinds always, by short name (DESIGN section 5).
        var byAlertType: [String: Int] = ["vul": 0, "hc": 0, "suspicious": 0, "ak_leakage": 0, "honeypot": 0, "rasp": 0]

        init(_ notifications: [SimulatedNotification]) {
            total = notifications.count
            for n in notifications {
                let status = n.status == 1 ? "enabled" : n.status == 0 ? "disabled" : "unknown"
                byStatus[status, default: 0] += 1
                byLanguage[Self.language(n.language), default: 0] += 1
                for type in Set((n.alertTypes ?? []).map(Self.alertType)) {
                    byAlertType[type, default: 0] += n.status == 1 ? 1 : 0
                }
            }
        }

        /// The simulator's long types (`sas_analysis_online-sas-operation-log-sas-event-ak-leakage`)
        /// as their short kind; a type of no known kind as sent.
        static func alertType(_ raw: String) -> String {
            for prefix in ["sas_analysis_online-sas-operation-log-sas-event-", "sas_analysis_pre-sas-operation-log-sas-event-"]
            where raw.hasPrefix(prefix) {
                let kind = raw.dropFirst(prefix.count).replacingOccurrences(of: "-", with: "_")
                if shortKinds.contains(kind) { return kind }
            }
            return raw
        }
        static let shortKinds: Set = ["vul", "hc", "suspicious", "ak_leakage", "honeypot", "rasp"]

        static func language(_ raw: String) -> String { raw.isEmpty ? "unknown" : raw.lowercased() }
        static func name(_ raw: String) -> String { raw.count > 256 ? String(raw.prefix(256)) : raw }
    }

    @Test("every total, status, language, alert type and per-notification series matches the data set")
    func metricsMatchDataSet() async throws {
        try await ExporterHarness.withExporter(dataSet: Self.dataSet) { _, exporter in
            #expect(await exporter.pollers[0].pollOnce())
            let (_, metrics) = try await ExporterHarness.scrape(exporter)
            let account = ["account": "default"]
            let expected = Expected(Self.dataSet.notifications)

            #expect(metrics.value("aliyun_sas_dingtalk_up", account) == 1)
            #expect(metrics.value("aliyun_sas_dingtalk_notifications", account) == Double(expected.total))
            #expect(metrics.value("aliyun_sas_dingtalk_notifications_reported", account) == Double(expected.total))
            for (status, count) in expected.byStatus {
                #expect(metrics.value("aliyun_sas_dingtalk_notifications_by_status", ["account": "default", "status": status]) == Double(count), "status \(status)")
            }
            #expect(metrics.values("aliyun_sas_dingtalk_notifications_by_status").count == expected.byStatus.count)
            for (language, count) in expected.byLanguage {
                #expect(metrics.value("aliyun_sas_dingtalk_notifications_by_language", ["account": "default", "language": language]) == Double(count), "language \(language)")
            }
            #expect(metrics.values("aliyun_sas_dingtalk_notifications_by_language").count == expected.byLanguage.count)
            #expect(!expected.byAlertType.isEmpty)
            for (type, count) in expected.byAlertType {
                #expect(metrics.value("aliyun_sas_dingtalk_notifications_by_alert_type", ["account": "default", "type": type]) == Double(count), "type \(type)")
            }
            #expect(metrics.values("aliyun_sas_dingtalk_notifications_by_alert_type").count == expected.byAlertType.count)

            #expect(metrics.values("aliyun_sas_dingtalk_notification_info").count == expected.total)
            for n in Self.dataSet.notifications {
                let id = ["account": "default", "id": String(n.id)]
                #expect(
                    metrics.value("aliyun_sas_dingtalk_notification_info", id.merging(["name": Expected.name(n.name), "language": Expected.language(n.language)]) { a, _ in a }) == 1,
                    "info of \(n.id) \(n.name.debugDescription)")
                #expect(metrics.value("aliyun_sas_dingtalk_notification_enabled", id) == (n.status == 1 ? 1 : 0))
                #expect(metrics.value("aliyun_sas_dingtalk_notification_interval_seconds", id) == Double(n.intervalMinutes * 60))
                #expect(metrics.value("aliyun_sas_dingtalk_notification_groups", id) == Double(n.groupIds.count))
                #expect(metrics.value("aliyun_sas_dingtalk_notification_modified_timestamp_seconds", id) == Double(n.gmtModifiedMilliseconds) / 1000)
            }
        }
    }

    @Test("the data set exercises the hostile cases")
    func dataSetIsHostile() {
        let names = Self.dataSet.notifications.map(\.name)
        #expect(names.contains { $0.hasSuffix("\n") })
        #expect(names.contains { $0.contains("\"") && $0.contains("\\") })
        #expect(names.contains { $0.utf8.count >= 1000 })
        #expect(Self.dataSet.notifications.contains { $0.status != 0 && $0.status != 1 })
        #expect(Self.dataSet.notifications.contains { $0.alertTypes == nil })
    }

    @Test("notifications that vanish disappear at the next successful poll")
    func vanishedSeriesDisappear() async throws {
        try await ExporterHarness.withExporter(dataSet: Self.dataSet) { simulator, exporter in
            #expect(await exporter.pollers[0].pollOnce())
            let kept = Array(Self.dataSet.notifications.prefix(10))
            simulator.setDataSet(SimulatorDataSet(notifications: kept))
            #expect(await exporter.pollers[0].pollOnce())
            let (_, metrics) = try await ExporterHarness.scrape(exporter)
            #expect(metrics.value("aliyun_sas_dingtalk_notifications", ["account": "default"]) == 10)
            #expect(Set(metrics.values("aliyun_sas_dingtalk_notification_enabled").compactMap { $0.labels["id"] }) == Set(kept.map { String($0.id) }))
        }
    }

    @Test("per-notification series can be switched off")
    func detailsOff() async throws {
        try await ExporterHarness.withExporter(dataSet: Self.dataSet, configure: { $0.notificationDetails = false }) { _, exporter in
            #expect(await exporter.pollers[0].pollOnce())
            let (text, metrics) = try await ExporterHarness.scrape(exporter)
            #expect(metrics.value("aliyun_sas_dingtalk_notifications", ["account": "default"]) == Double(Self.dataSet.notifications.count))
            #expect(!text.contains("aliyun_sas_dingtalk_notification_info"))
            #expect(!text.contains("aliyun_sas_dingtalk_notification_enabled"))
        }
    }
}
