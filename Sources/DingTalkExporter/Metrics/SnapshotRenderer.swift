import Foundation
import Prometheus
import SecurityCenter

/// Turns the last successful snapshot of every account into the
/// notification-derived families of DESIGN section 5, as exposition text.
///
/// Each call fills a fresh `PrometheusCollectorRegistry`, so label escaping is
/// the library's and vanished notifications simply are not there any more.
/// Family names, help texts and label names are constants here: nothing from
/// the API reaches the registry's fatal paths (help or type mismatch); API
/// text only ever becomes label values, after `LabelLimits`.
///
/// The webhook URL is never read.
public struct SnapshotRenderer: Sendable {
    /// Whether the per-notification families are rendered
    /// (`--collector.notification-details`).
    public var notificationDetails: Bool
    public var limits: LabelLimits

    public init(notificationDetails: Bool = true, limits: LabelLimits = .init()) {
        self.notificationDetails = notificationDetails
        self.limits = limits
    }

    /// Every family once, covering all `snapshots`. A second snapshot with an
    /// account name already seen is ignored: one account, one set of series.
    public func render(_ snapshots: [AccountSnapshot]) -> [UInt8] {
        let registry = PrometheusCollectorRegistry()
        var accounts = Set<String>()
        for snapshot in snapshots where accounts.insert(snapshot.account).inserted {
            render(snapshot, into: registry)
        }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }

    private func render(_ snapshot: AccountSnapshot, into registry: PrometheusCollectorRegistry) {
        let account = snapshot.account
        let notifications = Self.uniqueByID(snapshot.notifications)
        let perAccount = [("account", account)]

        registry.gauge(.notifications, perAccount).set(to: Double(notifications.count))
        registry.gauge(.reported, perAccount).set(to: Double(snapshot.reportedTotal))

        // Status: enabled and disabled always, unknown only when seen.
        var byStatus: [String: Int] = ["enabled": 0, "disabled": 0]
        for notification in notifications {
            byStatus[Self.statusValue(notification.status), default: 0] += 1
        }
        for (status, count) in byStatus {
            registry.gauge(.byStatus, perAccount + [("status", status)]).set(to: Double(count))
        }

        // Language: zh and en always, others lowercased and capped.
        let languages = notifications.map { normalizedLanguage($0.language) }
        let languageLabel = limits.capped(languages, reserved: Self.reservedLanguages)
        var byLanguage: [String: Int] = ["zh": 0, "en": 0]
        for language in languages {
            byLanguage[languageLabel[language] ?? LabelLimits.overflowValue, default: 0] += 1
        }
        for (language, count) in byLanguage {
            registry.gauge(.byLanguage, perAccount + [("language", language)]).set(to: Double(count))
        }

        // Alert types: every type any notification of the account lists
        // (enabled or not) is a series, so switching the last notification
        // of a type off shows as 0 rather than as a vanished series; the value
        // counts enabled notifications only. An unparsable ConfigList
        // (alertTypes nil) contributes to no type.
        let typesPerNotification = notifications.map { notification in
            notification.alertTypes.map { $0.map(normalizedAlertType) } ?? []
        }
        let typeLabel = limits.capped(typesPerNotification.joined())
        var byType: [String: Int] = [:]
        for label in Set(typeLabel.values) { byType[label] = 0 }
        for (notification, types) in zip(notifications, typesPerNotification) where notification.isEnabled {
            // A notification counts once per published type, even when
            // several of its types fold into `Other`.
            for label in Set(types.map { typeLabel[$0] ?? LabelLimits.overflowValue }) {
                byType[label, default: 0] += 1
            }
        }
        for (type, count) in byType {
            registry.gauge(.byAlertType, perAccount + [("type", type)]).set(to: Double(count))
        }

        guard notificationDetails else { return }
        for (notification, language) in zip(notifications, languages) {
            let perNotification = perAccount + [("id", String(notification.id))]
            let info = perNotification + [
                ("name", limits.truncate(notification.name)),
                ("language", languageLabel[language] ?? LabelLimits.overflowValue),
            ]
            registry.gauge(.info, info).set(to: 1)
            registry.gauge(.enabled, perNotification).set(to: notification.isEnabled ? 1 : 0)
            registry.gauge(.groups, perNotification).set(to: Double(notification.groupIds.count))
            // Doubles: a hostile IntervalTime must not overflow Int64 arithmetic.
            if let minutes = notification.intervalMinutes {
                registry.gauge(.intervalSeconds, perNotification).set(to: Double(minutes) * 60)
            }
            if let milliseconds = notification.gmtModifiedMilliseconds {
                registry.gauge(.modified, perNotification).set(to: Double(milliseconds) / 1000)
            }
        }
    }

    /// `Status` 1 and 0 by name; anything else, or none, is `unknown`.
    static func statusValue(_ status: Int?) -> String {
        switch status {
        case 1: "enabled"
        case 0: "disabled"
        default: "unknown"
        }
    }

    static let reservedLanguages: Set<String> = ["zh", "en", "unknown"]

    /// Lowercased and trimmed; empty or absent is `unknown`.
    func normalizedLanguage(_ language: String?) -> String {
        let trimmed = (language ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return trimmed.isEmpty ? "unknown" : limits.truncate(trimmed)
    }

    /// As sent, truncated; an empty type would read as a missing label, so it is `unknown`.
    func normalizedAlertType(_ type: String) -> String {
        type.isEmpty ? "unknown" : limits.truncate(type)
    }

    /// The first notification of each `Id`: the poller already drops
    /// duplicates, but two series with one `id` would break every join.
    static func uniqueByID(_ notifications: [DingTalkNotification]) -> [DingTalkNotification] {
        var seen = Set<Int64>()
        return notifications.filter { seen.insert($0.id).inserted }
    }
}

/// The families this renderer writes. Names and help are fixed here, never
/// derived from input.
private struct NotificationFamily: Sendable {
    let name: String
    let help: String

    static let suffix = " (from the last successful poll)."
    static let notifications = Self(
        "aliyun_sas_dingtalk_notifications", "DingTalk notifications listed by DescribeDingTalk")
    static let reported = Self(
        "aliyun_sas_dingtalk_notifications_reported", "Total count of notifications reported by the API (PageInfo.TotalCount)")
    static let byStatus = Self(
        "aliyun_sas_dingtalk_notifications_by_status", "DingTalk notifications by status: enabled, disabled, unknown")
    static let byLanguage = Self(
        "aliyun_sas_dingtalk_notifications_by_language", "DingTalk notifications by message language")
    static let byAlertType = Self(
        "aliyun_sas_dingtalk_notifications_by_alert_type", "Enabled DingTalk notifications that send alerts of each type")
    static let info = Self(
        "aliyun_sas_dingtalk_notification_info", "Information about a DingTalk notification, value always 1")
    static let enabled = Self(
        "aliyun_sas_dingtalk_notification_enabled", "Whether a DingTalk notification is enabled (1) or not (0)")
    static let intervalSeconds = Self(
        "aliyun_sas_dingtalk_notification_interval_seconds", "Minimum interval between two messages of a DingTalk notification, in seconds")
    static let groups = Self(
        "aliyun_sas_dingtalk_notification_groups", "Number of group ids in the GroupIdList of a DingTalk notification")
    static let modified = Self(
        "aliyun_sas_dingtalk_notification_modified_timestamp_seconds", "Last modification time of a DingTalk notification, seconds since the epoch")

    private init(_ name: String, _ help: String) {
        self.name = name
        self.help = help + Self.suffix
    }
}

extension PrometheusCollectorRegistry {
    fileprivate func gauge(_ family: NotificationFamily, _ labels: [(String, String)]) -> Gauge {
        makeGauge(
            descriptor: MetricNameDescriptor(metricName: family.name, unitName: "", helpText: family.help),
            labels: labels)
    }
}
