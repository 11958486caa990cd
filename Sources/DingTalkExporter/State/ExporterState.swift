import AlibabaCloudCore
import Foundation
import Synchronization

/// The published state every scrape reads: the last successful snapshot of
/// each account, already rendered to exposition bytes, and each account's
/// poll status.
///
/// Rendering happens here, once per successful poll, so a scrape only copies
/// bytes; it runs under the lock so two accounts publishing at once cannot
/// swap in each other's stale rendering.
public final class ExporterState: Sendable {
    private struct Inner: Sendable {
        var snapshots: [String: AccountSnapshot] = [:]
        var statuses: [String: AccountStatus] = [:]
        var order: [String] = []
        var rendered: [UInt8] = []
        /// Set once every account had finished its first poll; an account
        /// added by a reload does not take readiness away again.
        var wasReady = false
    }

    private let inner: Mutex<Inner>
    private let renderer: SnapshotRenderer

    /// `accounts` are (name, endpoint) pairs in config order.
    public init(accounts: [(name: String, endpoint: String)], renderer: SnapshotRenderer) {
        var inner = Inner()
        for account in accounts {
            inner.order.append(account.name)
            inner.statuses[account.name] = AccountStatus(account: account.name, endpoint: account.endpoint)
        }
        self.inner = Mutex(inner)
        self.renderer = renderer
    }

    /// A reload's new list of accounts, in config order: new accounts get a
    /// pending status, changed endpoints are updated, and accounts no longer
    /// listed stop being rendered at once (`removeAccount` forgets them once
    /// their poller has ended).
    public func setAccounts(_ accounts: [(name: String, endpoint: String)]) {
        inner.withLock { inner in
            inner.order = accounts.map(\.name)
            for account in accounts {
                var status = inner.statuses[account.name] ?? AccountStatus(account: account.name, endpoint: account.endpoint)
                status.endpoint = account.endpoint
                inner.statuses[account.name] = status
            }
            inner.rendered = renderer.render(inner.order.compactMap { inner.snapshots[$0] })
        }
    }

    /// Forgets a removed account: its snapshot, status and rendered series.
    public func removeAccount(_ name: String) {
        inner.withLock { inner in
            inner.order.removeAll { $0 == name }
            inner.snapshots[name] = nil
            inner.statuses[name] = nil
            inner.rendered = renderer.render(inner.order.compactMap { inner.snapshots[$0] })
        }
    }

    /// A successful poll: replace the account's snapshot (vanished
    /// notifications drop out here) and re-render. Returns what the
    /// rendering of this account dropped over the caps.
    @discardableResult
    public func publish(_ snapshot: AccountSnapshot, duration: Duration) -> LabelOverflow {
        inner.withLock { inner in
            inner.snapshots[snapshot.account] = snapshot
            var status = inner.statuses[snapshot.account] ?? AccountStatus(account: snapshot.account, endpoint: "")
            status.pollsFinished += 1
            status.lastPollEnded = snapshot.completedAt
            status.lastPollDuration = duration
            status.lastSuccess = snapshot.completedAt
            status.lastError = nil
            status.notificationCount = snapshot.notifications.count
            inner.statuses[snapshot.account] = status
            let ordered = inner.order.compactMap { inner.snapshots[$0] }
            let rendered = renderer.renderCountingOverflow(ordered)
            inner.rendered = rendered.bytes
            return rendered.overflow[snapshot.account] ?? LabelOverflow()
        }
    }

    /// A failed poll: the previous snapshot stays published.
    public func recordFailure(account: String, error: APIError, at date: Date, duration: Duration) {
        inner.withLock { inner in
            var status = inner.statuses[account] ?? AccountStatus(account: account, endpoint: "")
            status.pollsFinished += 1
            status.lastPollEnded = date
            status.lastPollDuration = duration
            status.lastError = error
            inner.statuses[account] = status
        }
    }

    /// Which credentials provider answered last, and its key id masked (never a secret).
    public func recordCredentials(account: String, provider: String, maskedAccessKeyId: String) {
        inner.withLock { inner in
            inner.statuses[account]?.credentials = "\(provider) (\(maskedAccessKeyId))"
        }
    }

    /// Exposition bytes of every account's notification metrics.
    public var renderedNotifications: [UInt8] { inner.withLock { $0.rendered } }

    public var statuses: [AccountStatus] { inner.withLock { inner in inner.order.compactMap { inner.statuses[$0] } } }

    /// True once every account has finished its first poll, successful or not.
    public var isReady: Bool {
        inner.withLock { inner in
            if !inner.wasReady {
                inner.wasReady = inner.order.allSatisfy { inner.statuses[$0]?.hasFinishedFirstPoll ?? false }
            }
            return inner.wasReady
        }
    }

    public func snapshot(account: String) -> AccountSnapshot? { inner.withLock { $0.snapshots[account] } }
}
