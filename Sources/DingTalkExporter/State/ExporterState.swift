import AlibabaCloudCore
import Foundation
import NIOConcurrencyHelpers

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
        /// What `rendered` was made from, and what it dropped over the caps:
        /// a publication whose snapshots render alike reuses it.
        var renderedFrom: [AccountSnapshot] = []
        var renderedOverflow: [String: LabelOverflow] = [:]
        /// Generation of the last change to what is rendered, and of the one in `rendered`.
        var generation = 0
        var renderedGeneration = 0
        /// Set once every account had finished its first poll; an account
        /// added by a reload does not take readiness away again.
        var wasReady = false

        /// Takes a generation for a change just made; returns what to render.
        mutating func nextGeneration() -> (ordered: [AccountSnapshot], generation: Int) {
            generation += 1
            return (order.compactMap { snapshots[$0] }, generation)
        }
    }

    private let inner: NIOLockedValueBox<Inner>
    private let renderer: SnapshotRenderer

    /// `accounts` are (name, endpoint) pairs in config order.
    public init(accounts: [(name: String, endpoint: String)], renderer: SnapshotRenderer) {
        var inner = Inner()
        for account in accounts {
            inner.order.append(account.name)
            inner.statuses[account.name] = AccountStatus(account: account.name, endpoint: account.endpoint)
        }
        self.inner = NIOLockedValueBox(inner)
        self.renderer = renderer
    }

    /// A reload's new list of accounts, in config order: new accounts get a
    /// pending status, changed endpoints are updated, and accounts no longer
    /// listed stop being rendered at once (`removeAccount` forgets them once
    /// their poller has ended).
    public func setAccounts(_ accounts: [(name: String, endpoint: String)]) {
        render(inner.withLockedValue { inner in
            inner.order = accounts.map(\.name)
            for account in accounts {
                var status = inner.statuses[account.name] ?? AccountStatus(account: account.name, endpoint: account.endpoint)
                status.endpoint = account.endpoint
                inner.statuses[account.name] = status
            }
            return inner.nextGeneration()
        })
    }

    /// Forgets a removed account: its snapshot, status and rendered series.
    public func removeAccount(_ name: String) {
        render(inner.withLockedValue { inner in
            inner.order.removeAll { $0 == name }
            inner.snapshots[name] = nil
            inner.statuses[name] = nil
            return inner.nextGeneration()
        })
    }

    /// A successful poll: replace the account's snapshot (vanished
    /// notifications drop out here) and re-render. Returns what the
    /// rendering of this account dropped over the caps.
    @discardableResult
    public func publish(_ snapshot: AccountSnapshot, duration: Duration) -> LabelOverflow {
        let overflow = render(inner.withLockedValue { inner in
            inner.snapshots[snapshot.account] = snapshot
            return inner.nextGeneration()
        })
        // The status, and with it readiness, changes only once a rendering
        // that holds this snapshot is served: a scrape right after /-/ready
        // answers 200 sees the first poll's data (with 10,000 notifications
        // the render takes long enough for a scrape to fall in between).
        inner.withLockedValue { inner in
            // Removed (by a reload) in between: nothing to report any more.
            guard inner.snapshots[snapshot.account] != nil else { return }
            var status = inner.statuses[snapshot.account] ?? AccountStatus(account: snapshot.account, endpoint: "")
            status.pollsFinished += 1
            status.lastPollEnded = snapshot.completedAt
            status.lastPollDuration = duration
            status.lastSuccess = snapshot.completedAt
            status.lastError = nil
            status.notificationCount = snapshot.notifications.count
            inner.statuses[snapshot.account] = status
        }
        return overflow[snapshot.account] ?? LabelOverflow()
    }

    /// Renders outside the lock, then swaps the result in unless a later
    /// change's rendering is already in. Returns what each account's
    /// rendering dropped over the caps.
    ///
    /// Most polls find nothing changed: when every snapshot renders alike
    /// (`AccountSnapshot.rendersLike`), the rendering in place is kept, and
    /// with it its compressed forms (with 10,000 notifications the render
    /// and the deflate are most of a poll's CPU and its memory peak).
    @discardableResult
    private func render(_ change: (ordered: [AccountSnapshot], generation: Int)) -> [String: LabelOverflow] {
        let previous = inner.withLockedValue { ($0.renderedFrom, $0.rendered, $0.renderedOverflow) }
        let rendered: RenderedSnapshot
        let overflow: [String: LabelOverflow]
        if previous.0.count == change.ordered.count, zip(previous.0, change.ordered).allSatisfy({ $0.rendersLike($1) }) {
            (rendered, overflow) = (previous.1, previous.2)
        } else {
            let result = renderer.renderCountingOverflow(change.ordered)
            (rendered, overflow) = (RenderedSnapshot(text: result.bytes), result.overflow)
        }
        inner.withLockedValue { inner in
            guard change.generation > inner.renderedGeneration else { return }
            inner.rendered = rendered
            inner.renderedGeneration = change.generation
            // The new snapshots, not the old: they are the ones `snapshots` holds.
            inner.renderedFrom = change.ordered
            inner.renderedOverflow = overflow
        }
        return overflow
    }

    /// A failed poll: the previous snapshot stays published.
    public func recordFailure(account: String, error: APIError, at date: Date, duration: Duration) {
        inner.withLockedValue { inner in
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
        inner.withLockedValue { inner in
            inner.statuses[account]?.credentials = "\(provider) (\(maskedAccessKeyId))"
        }
    }

    /// Every account's notification metrics, rendered by the last change.
    public var rendered: RenderedSnapshot { inner.withLockedValue { $0.rendered } }

    public var statuses: [AccountStatus] { inner.withLockedValue { inner in inner.order.compactMap { inner.statuses[$0] } } }

    /// True once every account has finished its first poll, successful or not.
    public var isReady: Bool {
        inner.withLockedValue { inner in
            if !inner.wasReady {
                inner.wasReady = inner.order.allSatisfy { inner.statuses[$0]?.hasFinishedFirstPoll ?? false }
            }
            return inner.wasReady
        }
    }

    public func snapshot(account: String) -> AccountSnapshot? { inner.withLockedValue { $0.snapshots[account] } }
}
