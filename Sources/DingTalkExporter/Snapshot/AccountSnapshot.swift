import Foundation
import SecurityCenter

/// What one successful poll of one account saw. Immutable once built; the
/// poller publishes it whole, so a scrape never sees half a poll.
public struct AccountSnapshot: Sendable {
    /// The account's name from the config (`default` without a config file).
    public var account: String
    /// Every notification listed, duplicates across pages already removed.
    public var notifications: [DingTalkNotification]
    /// `PageInfo.TotalCount` as the API reported it; nil when it did not.
    public var reportedTotal: Int?
    /// When the poll ended.
    public var completedAt: Date

    public init(account: String, notifications: [DingTalkNotification], reportedTotal: Int?, completedAt: Date) {
        self.account = account
        self.notifications = notifications
        self.reportedTotal = reportedTotal
        self.completedAt = completedAt
    }

    /// True if `other` renders to the same bytes: the same account, reported
    /// total and notifications; `completedAt` is not rendered. Keep in step
    /// with what `SnapshotRenderer` reads.
    public func rendersLike(_ other: AccountSnapshot) -> Bool {
        account == other.account && reportedTotal == other.reportedTotal && notifications == other.notifications
    }
}
