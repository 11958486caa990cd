/// Every notification of one account, gathered over all pages of one poll.
public struct DingTalkListing: Sendable {
    /// Unique by `Id`, first occurrence kept, in the order the pages gave them.
    public var notifications: [DingTalkNotification]
    /// `TotalCount` as last reported by the service; nil if it never said
    /// (then `notifications_reported` is left out rather than shown as 0).
    public var reportedTotal: Int?
    /// Pages requested.
    public var pages: Int
    /// Elements left out for lack of a usable `Id`.
    public var skippedItems: Int
    /// Elements seen again on a later page (or the same page), dropped.
    public var duplicates: Int

    public init(notifications: [DingTalkNotification], reportedTotal: Int?, pages: Int, skippedItems: Int, duplicates: Int) {
        self.notifications = notifications
        self.reportedTotal = reportedTotal
        self.pages = pages
        self.skippedItems = skippedItems
        self.duplicates = duplicates
    }
}
