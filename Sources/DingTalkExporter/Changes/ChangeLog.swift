import Foundation
import SecurityCenter
import NIOConcurrencyHelpers

/// The change events' memory, shared by every poller and kept across
/// reloads: each account's baseline (its last successful poll, by `Id`) and
/// a bounded history of the newest events of all accounts.
///
/// It lives outside the pollers because a reload rebuilds a changed
/// account's poller; only `removeAccount` (a removed account) and a change
/// of what the account lists (`source`: endpoint, filter) drop a baseline.
public final class ChangeLog: Sendable {
    private struct Baseline: Sendable {
        var source: String
        var notifications: [DingTalkNotification]
    }

    private struct Inner: Sendable {
        var baselines: [String: Baseline] = [:]
        var history: ChangeHistory
    }

    private let inner: NIOLockedValueBox<Inner>

    /// - Parameter historySize: events kept for `/api/v1/changes` (`--changes.history-size`).
    public init(historySize: Int = 200) {
        inner = NIOLockedValueBox(Inner(history: ChangeHistory(capacity: historySize)))
    }

    /// A successful poll of `account`: compares it with the account's
    /// baseline, makes it the new baseline and keeps the events. The first
    /// poll of an account (or the first from a new `source`) has nothing to
    /// compare with and records nothing.
    ///
    /// - Parameter source: what the poll listed from (endpoint and filter);
    ///   a poll of another source is a new baseline, not a mass of changes.
    public func record(
        account: String, source: String, notifications: [DingTalkNotification], at time: Date
    ) -> [ChangeEvent] {
        let previous = inner.withLockedValue { inner in
            inner.baselines.updateValue(Baseline(source: source, notifications: notifications), forKey: account)
        }
        guard let previous, previous.source == source else { return [] }
        // Compared outside the lock (an account's polls never overlap), so a
        // large account does not hold up scrapes of the history or other accounts.
        let events = ChangeDetector.changes(
            from: previous.notifications, to: notifications, account: account, at: time)
        if !events.isEmpty { inner.withLockedValue { $0.history.append(contentsOf: events) } }
        return events
    }

    /// Forgets a removed account's baseline; its events stay in the history.
    public func removeAccount(_ account: String) {
        _ = inner.withLockedValue { $0.baselines.removeValue(forKey: account) }
    }

    /// Whether `account` has a baseline (a successful poll to compare with).
    public func hasBaseline(_ account: String) -> Bool {
        inner.withLockedValue { $0.baselines[account] != nil }
    }

    /// The kept events, newest first, of one account or all, at or after
    /// `since` (to the second, the resolution of the served `time`), at most `limit`.
    public func events(account: String? = nil, since: Date? = nil, limit: Int = .max) -> [ChangeEvent] {
        let since = since.map { Date(timeIntervalSince1970: $0.timeIntervalSince1970.rounded(.down)) }
        return inner.withLockedValue { inner in
            var selected: [ChangeEvent] = []
            for event in inner.history.newestFirst() where selected.count < limit {
                if let account, event.account != account { continue }
                if let since, event.time.timeIntervalSince1970.rounded(.down) < since.timeIntervalSince1970 { continue }
                selected.append(event)
            }
            return selected
        }
    }
}
