import AlibabaCloudCore
import Foundation
import Synchronization

/// The published state every scrape reads: the last successful snapshot of
/// each account, already rendered to exposition bytes, and each account's
/// poll status.
///
/// Rendering happens here, once per successful poll and outside the lock (a
/// scrape never waits for a render), so a scrape only writes cached buffers.
/// Each publication takes a generation number under the lock; a rendering
/// is swapped in only if no later one is already in, so two accounts
/// publishing at once cannot leave the older rendering in place.
public final class ExporterState: Sendable {
    private struct Inner: Sendable {
        var snapshots: [String: AccountSnapshot] = [:]
        var statuses: [String: AccountStatus] = [:]
        var order: [String] = []
        var rendered = RenderedSnapshot.empty
        /// Generation of the last publication, and of the one in `rendered`.
        var generation = 0
        var renderedGeneration = 0
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

    /// A successful poll: replace the account's snapshot (vanished
    /// notifications drop out here) and re-render.
    public func publish(_ snapshot: AccountSnapshot, duration: Duration) {
        let (ordered, generation): ([AccountSnapshot], Int) = inner.withLock { inner in
            inner.snapshots[snapshot.account] = snapshot
            var status = inner.statuses[snapshot.account] ?? AccountStatus(account: snapshot.account, endpoint: "")
            status.pollsFinished += 1
            status.lastPollEnded = snapshot.completedAt
            status.lastPollDuration = duration
            status.lastSuccess = snapshot.completedAt
            status.lastError = nil
            status.notificationCount = snapshot.notifications.count
            inner.statuses[snapshot.account] = status
            inner.generation += 1
            return (inner.order.compactMap { inner.snapshots[$0] }, inner.generation)
        }
        let rendered = RenderedSnapshot(text: renderer.render(ordered))
        inner.withLock { inner in
            guard generation > inner.renderedGeneration else { return }
            inner.rendered = rendered
            inner.renderedGeneration = generation
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

    /// Every account's notification metrics, rendered by the last publication.
    public var rendered: RenderedSnapshot { inner.withLock { $0.rendered } }

    public var statuses: [AccountStatus] { inner.withLock { inner in inner.order.compactMap { inner.statuses[$0] } } }

    /// True once every account has finished its first poll, successful or not.
    public var isReady: Bool { inner.withLock { inner in inner.statuses.values.allSatisfy(\.hasFinishedFirstPoll) } }

    public func snapshot(account: String) -> AccountSnapshot? { inner.withLock { $0.snapshots[account] } }
}
