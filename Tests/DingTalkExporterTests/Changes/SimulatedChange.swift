import DingTalkExporter
import SecurityCenterSimulator
import Testing

/// A change a user makes in the console, done to the simulator's data, and
/// the event kind the exporter should report for it.
struct SimulatedChange: Sendable, CustomTestStringConvertible {
    var kind: ChangeKind
    /// Done to the watched notification before the baseline poll.
    var setup: @Sendable (inout SimulatedNotification) -> Void = { _ in }
    /// Edits the data set; `id` is the notification the tests watch.
    var apply: @Sendable (inout SimulatorDataSet, Int64) -> Void

    var testDescription: String { kind.rawValue }

    /// The watched notification, made plain so every edit below is a change
    /// of exactly one kind: enabled, `zh`, 10 minutes, one group, `vul`; then `setup`.
    func prepare(_ dataSet: inout SimulatorDataSet) -> Int64 {
        dataSet.notifications[0].status = 1
        dataSet.notifications[0].language = "zh"
        dataSet.notifications[0].intervalMinutes = 10
        dataSet.notifications[0].groupIds = [111]
        Self.setAlertTypes(["vul"], in: &dataSet.notifications[0])
        setup(&dataSet.notifications[0])
        return dataSet.notifications[0].id
    }

    static func setAlertTypes(_ types: [String], in notification: inout SimulatedNotification) {
        notification.alertTypes = types
        notification.configListJSON = SimulatedNotification.configListJSON(alertTypes: types)
    }

    static func edit(_ change: @escaping @Sendable (inout SimulatedNotification) -> Void)
        -> @Sendable (inout SimulatorDataSet, Int64) -> Void
    {
        { dataSet, watched in
            if let index = dataSet.notifications.firstIndex(where: { $0.id == watched }) { change(&dataSet.notifications[index]) }
        }
    }

    static let newWebhook = "https://oapi.dingtalk.com/robot/send?access_token=NEW-SECRET-TOKEN-0123456789"
    static let createdId: Int64 = 9_999_999

    /// One of each of the ten kinds.
    static let all: [SimulatedChange] = [
        SimulatedChange(kind: .created) { dataSet, watched in
            guard var copy = dataSet.notifications.first(where: { $0.id == watched }) else { return }
            copy.id = createdId
            copy.name = "Created in the console"
            dataSet.notifications.append(copy)
        },
        SimulatedChange(kind: .deleted) { dataSet, watched in dataSet.notifications.removeAll { $0.id == watched } },
        SimulatedChange(kind: .enabled, setup: { $0.status = 0 }, apply: edit { $0.status = 1 }),
        SimulatedChange(kind: .disabled, apply: edit { $0.status = 0 }),
        SimulatedChange(kind: .renamed, apply: edit { $0.name = "改名 \"renamed\"\n" }),
        SimulatedChange(kind: .languageChanged, apply: edit { $0.language = "en" }),
        SimulatedChange(kind: .intervalChanged, apply: edit { $0.intervalMinutes = 60 }),
        SimulatedChange(kind: .groupsChanged, apply: edit { $0.groupIds = [111, 222] }),
        SimulatedChange(kind: .alertTypesChanged, apply: edit { setAlertTypes(["vul", "sas-event-suspicious"], in: &$0) }),
        SimulatedChange(kind: .webhookChanged, apply: edit { $0.webhookURL = newWebhook }),
    ]
}
