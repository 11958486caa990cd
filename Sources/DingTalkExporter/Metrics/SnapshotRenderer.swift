import Foundation
import SecurityCenter

/// Turns the last successful snapshot of every account into the
/// notification-derived families of DESIGN section 5, as text format 0.0.4.
///
/// Hand-rendered rather than through a `PrometheusCollectorRegistry`: the
/// registry copies a family's whole series dictionary for every new label
/// set, so filling it is quadratic (measured: 10,000 notifications took
/// 11.7 s, 50,000 took 485 s, debug build), and this runs once per poll
/// under the state's lock. Writing the text directly is linear and gives a
/// stable order (families as in DESIGN section 5, accounts as given,
/// notifications by id) that diffs well. Label values are escaped exactly as
/// the format and the registry do (`\\`, `\"`, `\n`); names, label names and
/// HELP texts are constants; values are printed as the registry prints them.
///
/// The webhook URL is never read. Of a snapshot it reads the account, the
/// notifications and the reported total only: `ExporterState` keeps a
/// rendering while those are unchanged (`AccountSnapshot.rendersLike`).
public struct SnapshotRenderer: Sendable {
    /// Whether the per-notification families are rendered
    /// (`--collector.notification-details`).
    public var notificationDetails: Bool
    public var limits: LabelLimits
    /// Notifications per account that get per-notification series
    /// (`--collector.max-notifications`); the aggregates count them all.
    public var maxNotifications: Int

    public static let defaultMaxNotifications = 10_000

    public init(
        notificationDetails: Bool = true, limits: LabelLimits = .init(),
        maxNotifications: Int = SnapshotRenderer.defaultMaxNotifications
    ) {
        self.notificationDetails = notificationDetails
        self.limits = limits
        self.maxNotifications = max(0, maxNotifications)
    }

    /// Every family once, covering all `snapshots`. A second snapshot with an
    /// account name already seen is ignored: one account, one set of series.
    public func render(_ snapshots: [AccountSnapshot]) -> [UInt8] {
        renderCountingOverflow(snapshots).bytes
    }

    /// `render`, and what each account's rendering dropped over the caps.
    public func renderCountingOverflow(_ snapshots: [AccountSnapshot]) -> (bytes: [UInt8], overflow: [String: LabelOverflow]) {
        var families = NotificationFamily.all.map(FamilyText.init)
        var overflow: [String: LabelOverflow] = [:]
        for snapshot in snapshots where overflow[snapshot.account] == nil {
            overflow[snapshot.account] = render(snapshot, into: &families)
        }
        var output: [UInt8] = []
        output.reserveCapacity(families.reduce(0) { $0 + $1.samples.count + 200 })
        for family in families where !family.samples.isEmpty {
            family.write(into: &output)
        }
        return (output, overflow)
    }

    private func render(_ snapshot: AccountSnapshot, into families: inout [FamilyText]) -> LabelOverflow {
        var overflow = LabelOverflow()
        func add(_ family: NotificationFamily, _ labels: [(String, String)], _ value: Double) {
            families[family.index].add(labels, value)
        }
        let account = ("account", snapshot.account)
        let notifications = Self.uniqueByID(snapshot.notifications).sorted { $0.id < $1.id }

        add(.notifications, [account], Double(notifications.count))

        // Status: enabled and disabled always, unknown only when seen.
        var byStatus = ["enabled": 0, "disabled": 0]
        for notification in notifications {
            byStatus[Self.statusValue(notification.status), default: 0] += 1
        }
        for status in ["enabled", "disabled", "unknown"] {
            if let count = byStatus[status] { add(.byStatus, [account, ("status", status)], Double(count)) }
        }

        // Language: zh and en always, others lowercased and capped.
        let languages = notifications.map { normalizedLanguage($0.language) }
        let languageLabel = limits.capped(languages, reserved: Self.reservedLanguages)
        overflow.language = LabelLimits.foldedCount(languageLabel)
        var byLanguage = ["zh": 0, "en": 0]
        for language in languages {
            byLanguage[languageLabel[language] ?? LabelLimits.overflowValue, default: 0] += 1
        }
        for language in ["zh", "en"] + byLanguage.keys.filter({ $0 != "zh" && $0 != "en" }).sorted() {
            add(.byLanguage, [account, ("language", language)], Double(byLanguage[language] ?? 0))
        }

        // No TotalCount is no data, not zero.
        if let reported = snapshot.reportedTotal { add(.reported, [account], Double(reported)) }

        // Alert types: the six kinds of DESIGN section 5 always (0 when no
        // enabled notification covers one, so "nobody gets vulnerability
        // alerts" stays a 0 rather than a vanished series), published by
        // their short name; any other type any notification lists (enabled
        // or not) as sent, capped. The value counts enabled notifications
        // only. An unparsable ConfigList (alertTypes nil) covers no type.
        let typesPerNotification = notifications.map { notification in
            notification.alertTypes.map { $0.map(alertTypeLabel) } ?? []
        }
        let typeLabel = limits.capped(typesPerNotification.joined(), reserved: Self.alertKinds)
        overflow.type = LabelLimits.foldedCount(typeLabel)
        var byType = Dictionary(uniqueKeysWithValues: Self.alertKinds.map { ($0, 0) })
        for label in typeLabel.values { byType[label] = 0 }
        for (notification, types) in zip(notifications, typesPerNotification) where notification.isEnabled {
            // A notification counts once per published type, even when
            // several of its types fold into `Other`.
            for label in Set(types.map { typeLabel[$0] ?? LabelLimits.overflowValue }) {
                byType[label, default: 0] += 1
            }
        }
        for (type, count) in byType.sorted(by: { $0.key < $1.key }) {
            add(.byAlertType, [account, ("type", type)], Double(count))
        }

        guard notificationDetails else { return overflow }
        // Past the cap the lowest ids keep their series: stable from poll to poll.
        let detailed = min(notifications.count, maxNotifications)
        overflow.notification = notifications.count - detailed
        // `account="…",id="…"` is rendered once per notification and shared
        // by its five series (no label array per sample: thousands per poll).
        var labels: [UInt8] = []
        for (notification, language) in zip(notifications, languages).prefix(detailed) {
            labels.removeAll(keepingCapacity: true)
            FamilyText.appendLabel(account.0, account.1, to: &labels)
            labels.append(UInt8(ascii: ","))
            FamilyText.appendLabel("id", String(notification.id), to: &labels)
            families[NotificationFamily.info.index].add(rendered: labels, extra: [
                ("name", limits.truncate(notification.name)),
                ("language", languageLabel[language] ?? LabelLimits.overflowValue),
            ], 1)
            families[NotificationFamily.enabled.index].add(rendered: labels, notification.isEnabled ? 1 : 0)
            // Doubles: a hostile IntervalTime must not overflow Int64 arithmetic.
            if let minutes = notification.intervalMinutes {
                families[NotificationFamily.intervalSeconds.index].add(rendered: labels, Double(minutes) * 60)
            }
            families[NotificationFamily.groups.index].add(rendered: labels, Double(notification.groupIds.count))
            if let milliseconds = notification.gmtModifiedMilliseconds {
                families[NotificationFamily.modified.index].add(rendered: labels, Double(milliseconds) / 1000)
            }
        }
        return overflow
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
    package func normalizedLanguage(_ language: String?) -> String {
        let trimmed = (language ?? "").trimmingWhitespace().lowercased()
        return trimmed.isEmpty ? "unknown" : limits.truncate(trimmed)
    }

    static let alertKinds = Set(AlertKind.allCases.map(\.rawValue))

    /// The short kind (`vul`, `ak_leakage`, ...) for the API's long types;
    /// anything else as sent, truncated. An empty type would read as a
    /// missing label, so it is `unknown`.
    func alertTypeLabel(_ type: String) -> String {
        if let kind = AlertKind(configType: type) { return kind.rawValue }
        return type.isEmpty ? "unknown" : limits.truncate(type)
    }

    /// The first notification of each `Id`: the poller already drops
    /// duplicates, but two series with one `id` would break every join.
    static func uniqueByID(_ notifications: [DingTalkNotification]) -> [DingTalkNotification] {
        var seen = Set<Int64>()
        return notifications.filter { seen.insert($0.id).inserted }
    }
}

extension SnapshotRenderer {
    /// `value` as `Double.description` prints it, the registry's format.
    /// Most values are whole numbers (counts, 0 and 1, seconds): their
    /// digits are written directly, without the general conversion and the
    /// string it makes (once per sample: thousands per poll). Below 2^53 a
    /// whole Double prints as its integer digits and `.0`.
    static func appendValue(_ value: Double, to buffer: inout [UInt8]) {
        guard value.rounded(.towardZero) == value, value.magnitude < 9.0e15, !(value == 0 && value.sign == .minus) else {
            buffer.append(contentsOf: value.description.utf8)
            return
        }
        var integer = Int64(value)
        if integer < 0 {
            buffer.append(UInt8(ascii: "-"))
            integer = -integer
        }
        let start = buffer.count
        repeat {
            buffer.append(UInt8(ascii: "0") + UInt8(integer % 10))
            integer /= 10
        } while integer > 0
        buffer[start...].reverse()
        buffer.append(contentsOf: ".0".utf8)
    }
}

/// The families this renderer writes, in output order. Names, types and
/// help are fixed here, never derived from input.
private struct NotificationFamily: Sendable {
    let index: Int
    let name: String
    let help: String

    static let notifications = Self(
        0, "aliyun_sas_dingtalk_notifications", "DingTalk notifications listed by DescribeDingTalk")
    static let byStatus = Self(
        1, "aliyun_sas_dingtalk_notifications_by_status", "DingTalk notifications by status: enabled, disabled, unknown")
    static let byLanguage = Self(
        2, "aliyun_sas_dingtalk_notifications_by_language", "DingTalk notifications by message language")
    static let reported = Self(
        3, "aliyun_sas_dingtalk_notifications_reported",
        "Total count of notifications reported by the API (PageInfo.TotalCount)")
    static let byAlertType = Self(
        4, "aliyun_sas_dingtalk_notifications_by_alert_type", "Enabled DingTalk notifications that send alerts of each type")
    static let info = Self(
        5, "aliyun_sas_dingtalk_notification_info", "Information about a DingTalk notification, value always 1")
    static let enabled = Self(
        6, "aliyun_sas_dingtalk_notification_enabled", "Whether a DingTalk notification is enabled (1) or not (0)")
    static let intervalSeconds = Self(
        7, "aliyun_sas_dingtalk_notification_interval_seconds",
        "Minimum interval between two messages of a DingTalk notification, in seconds")
    static let groups = Self(
        8, "aliyun_sas_dingtalk_notification_groups", "Number of group ids in the GroupIdList of a DingTalk notification")
    static let modified = Self(
        9, "aliyun_sas_dingtalk_notification_modified_timestamp_seconds",
        "Last modification time of a DingTalk notification, seconds since the epoch")

    /// Indexed by `index`.
    static let all = [
        notifications, byStatus, byLanguage, reported, byAlertType, info, enabled, intervalSeconds, groups, modified,
    ]

    private init(_ index: Int, _ name: String, _ help: String) {
        self.index = index
        self.name = name
        self.help = help + " (from the last successful poll)."
    }
}

/// One family's text: its samples accumulate, HELP and TYPE go first on write.
private struct FamilyText {
    let family: NotificationFamily
    var samples: [UInt8] = []

    init(_ family: NotificationFamily) {
        self.family = family
    }

    mutating func add(_ labels: [(String, String)], _ value: Double) {
        add(rendered: [], extra: labels, value)
    }

    /// A sample whose label text starts with `rendered` (labels already
    /// written by `appendLabel`, comma-separated), then `extra`.
    mutating func add(rendered: [UInt8], extra labels: [(String, String)] = [], _ value: Double) {
        samples.append(contentsOf: family.name.utf8)
        samples.append(UInt8(ascii: "{"))
        samples.append(contentsOf: rendered)
        for (index, (name, labelValue)) in labels.enumerated() {
            if index > 0 || !rendered.isEmpty { samples.append(UInt8(ascii: ",")) }
            Self.appendLabel(name, labelValue, to: &samples)
        }
        samples.append(contentsOf: "} ".utf8)
        SnapshotRenderer.appendValue(value, to: &samples)
        samples.append(UInt8(ascii: "\n"))
    }

    /// `name="value"`, the value escaped.
    static func appendLabel(_ name: String, _ value: String, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: name.utf8)
        buffer.append(contentsOf: #"=""#.utf8)
        appendEscaped(value, to: &buffer)
        buffer.append(UInt8(ascii: "\""))
    }

    func write(into output: inout [UInt8]) {
        output.append(contentsOf: "# HELP \(family.name) \(family.help)\n# TYPE \(family.name) gauge\n".utf8)
        output.append(contentsOf: samples)
    }

    /// The text format's label value escapes: backslash, double quote, line feed.
    private static func appendEscaped(_ value: String, to buffer: inout [UInt8]) {
        // Most values need no escape: copied whole.
        if !value.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") }) {
            buffer.append(contentsOf: value.utf8)
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\""): buffer.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\n"): buffer.append(contentsOf: #"\n"#.utf8)
            default: buffer.append(byte)
            }
        }
    }
}
