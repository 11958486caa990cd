import AlibabaCloudCore

/// Walks `DescribeDingTalk` pages from page 1.
///
/// Stops when it holds `TotalCount` items (unique ones plus skipped ones), on
/// an empty page, or — when the service gives no `TotalCount` — on a short
/// page. It never trusts `TotalCount` to end the walk: a service that keeps
/// answering (a looping cursor, a `TotalCount` larger than the truth with
/// repeated pages) runs into `maxPages` and `PaginationLimit`. A `TotalCount`
/// smaller than the truth just ends the walk early.
public struct DingTalkPager: Sendable {
    public var pageSize: Int
    public var maxPages: Int

    public init(pageSize: Int = 20, maxPages: Int = 1000) {
        self.pageSize = max(1, pageSize)
        self.maxPages = max(1, maxPages)
    }

    public func listAll(
        fetch: @Sendable (_ page: Int) async throws -> DescribeDingTalkPage
    ) async throws -> DingTalkListing {
        var notifications: [DingTalkNotification] = []
        var seen = Set<Int64>()
        var reportedTotal: Int?
        var pages = 0
        var skipped = 0
        var duplicates = 0

        while true {
            guard pages < maxPages else {
                throw APIError(
                    code: APIError.Code.paginationLimit,
                    message: "DescribeDingTalk still had pages after \(maxPages) pages (\(notifications.count) notifications, TotalCount \(reportedTotal.map(String.init) ?? "absent"))")
            }
            let page = try await fetch(pages + 1)
            pages += 1

            if let total = page.totalCount { reportedTotal = total }
            skipped += page.skippedItems
            for notification in page.notifications {
                if seen.insert(notification.id).inserted {
                    notifications.append(notification)
                } else {
                    duplicates += 1
                }
            }

            let itemsOnPage = page.notifications.count + page.skippedItems
            if itemsOnPage == 0 { break }
            if let total = page.totalCount {
                if notifications.count + skipped >= total { break }
            } else if itemsOnPage < (page.pageSize ?? pageSize) {
                break
            }
        }
        return DingTalkListing(
            notifications: notifications, reportedTotal: reportedTotal ?? 0, pages: pages, skippedItems: skipped,
            duplicates: duplicates)
    }
}
