import Foundation
import SecurityCenter

/// Compares two successful polls of one account by `Id` and names what
/// changed (DESIGN section 9). Pure: no clock, no state, no I/O.
///
/// Several changes of one notification are several events, in the order of
/// `ChangeKind`. Created and changed notifications come in the order of the
/// current listing, deleted ones after them in the order of the previous.
enum ChangeDetector {
    /// The webhook is compared by its keyed hash (`webhookHash`): the URL
    /// itself is never kept, so nothing here can leak it.
    static func changes(
        from previous: [DingTalkNotification], to current: [DingTalkNotification], account: String, at time: Date
    ) -> [ChangeEvent] {
        let before = Dictionary(previous.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let currentIds = Set(current.map(\.id))
        var events: [ChangeEvent] = []
        for new in current {
            func event(_ change: ChangeKind, _ from: String? = nil, _ to: String? = nil) -> ChangeEvent {
                ChangeEvent(time: time, account: account, id: new.id, name: new.name, change: change, before: from, after: to)
            }
            guard let old = before[new.id] else {
                events.append(event(.created))
                continue
            }
            if !old.isEnabled, new.isEnabled { events.append(event(.enabled, status(old), status(new))) }
            if old.isEnabled, !new.isEnabled { events.append(event(.disabled, status(old), status(new))) }
            if old.name != new.name { events.append(event(.renamed, old.name, new.name)) }
            if old.language != new.language { events.append(event(.languageChanged, old.language, new.language)) }
            if old.intervalMinutes != new.intervalMinutes {
                events.append(event(.intervalChanged, old.intervalMinutes.map(String.init), new.intervalMinutes.map(String.init)))
            }
            if Set(old.groupIds) != Set(new.groupIds) {
                events.append(event(.groupsChanged, old.groupIds.joined(separator: ","), new.groupIds.joined(separator: ",")))
            }
            // The same types as sent are the same kinds: only a difference
            // is worth normalising (most polls change nothing).
            if old.alertTypes != new.alertTypes,
                case let (oldKinds, newKinds) = (alertKinds(old), alertKinds(new)),
                oldKinds.map(Set.init) != newKinds.map(Set.init)
            {
                events.append(event(
                    .alertTypesChanged, oldKinds?.joined(separator: ","), newKinds?.joined(separator: ",")))
            }
            // before/after stay empty: even a hash of the URL is not shown.
            if old.webhookHash != new.webhookHash { events.append(event(.webhookChanged)) }
        }
        var deleted = Set<Int64>()
        for old in previous where !currentIds.contains(old.id) && deleted.insert(old.id).inserted {
            events.append(ChangeEvent(time: time, account: account, id: old.id, name: old.name, change: .deleted))
        }
        return events
    }

    /// `Status` as the API sent it; nil when absent.
    private static func status(_ notification: DingTalkNotification) -> String? {
        notification.status.map(String.init)
    }

    /// The alert kinds in their short form (`vul`, `ak_leakage`), others as
    /// sent, so a prefix the console rewrites is not a change; nil when
    /// `ConfigList` was absent or not parsable.
    private static func alertKinds(_ notification: DingTalkNotification) -> [String]? {
        notification.alertTypes.map { types in types.map { AlertKind(configType: $0)?.rawValue ?? $0 } }
    }
}
