import AlibabaCloudCore
import Logging

/// Walks `DescribeDingTalk` pages from page 1 (DESIGN section 4).
///
/// Stops when it holds `TotalCount` items (unique ones plus skipped ones) or
/// on an empty page. Without a `TotalCount` it walks on to the first empty
/// page: a page shorter than the `PageSize` asked for is not trusted to be
/// the last, because services cap `PageSize` silently.
///
/// It never trusts the service to end the walk, and fails fast on the two
/// ways a broken service loops:
/// - a page whose `PageInfo.CurrentPage` is not the page asked for (the
///   service ignores `CurrentPage`) ends the walk at once, `InvalidResponse`;
/// - `stalePageLimit` pages in a row that add no new `Id` end it too. One
///   repeated page is normal (items shift between pages while they change;
///   duplicates count once and the walk goes on).
/// Anything else that keeps answering runs into `maxPages` and `PaginationLimit`.
/// A `TotalCount` smaller than the truth just ends the walk early.
public struct DingTalkPager: Sendable {
    /// Pages in a row without a new `Id` that end the walk as `InvalidResponse`.
    public static let stalePageLimit = 3

    public var pageSize: Int
    public var maxPages: Int
    public var logger: Logger

    public init(pageSize: Int = 20, maxPages: Int = 1000, logger: Logger = Logger(label: "aliyun.sas.pager")) {
        self.pageSize = max(1, pageSize)
        self.maxPages = max(1, maxPages)
        self.logger = logger
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
        var stalePages = 0

        while true {
            guard pages < maxPages else {
                throw APIError(
                    code: APIError.Code.paginationLimit,
                    message: "DescribeDingTalk still had pages after \(maxPages) pages (\(notifications.count) notifications, TotalCount \(reportedTotal.map(String.init) ?? "absent"))")
            }
            let requested = pages + 1
            let page = try await fetch(requested)
            pages += 1

            if let answered = page.currentPage, answered != requested {
                throw invalid(
                    "DescribeDingTalk answered page \(answered) when asked for page \(requested)",
                    requested: requested, answered: answered, requestId: page.requestId)
            }
            if let total = page.totalCount { reportedTotal = total }
            skipped += page.skippedItems
            var added = 0
            for notification in page.notifications {
                if seen.insert(notification.id).inserted {
                    notifications.append(notification)
                    added += 1
                } else {
                    duplicates += 1
                }
            }

            let itemsOnPage = page.notifications.count + page.skippedItems
            if itemsOnPage == 0 { break }
            if let total = page.totalCount, notifications.count + skipped >= total { break }
            stalePages = added == 0 ? stalePages + 1 : 0
            if stalePages >= Self.stalePageLimit {
                throw invalid(
                    "DescribeDingTalk pages \(requested - stalePages + 1)-\(requested) added no new notification (\(notifications.count) held, TotalCount \(reportedTotal.map(String.init) ?? "absent"))",
                    requested: requested, answered: page.currentPage, requestId: page.requestId)
            }
        }
        return DingTalkListing(
            notifications: notifications, reportedTotal: reportedTotal, pages: pages, skippedItems: skipped,
            duplicates: duplicates)
    }

    /// An `InvalidResponse` for a walk that went wrong, logged with the page numbers.
    private func invalid(_ message: String, requested: Int, answered: Int?, requestId: String?) -> APIError {
        logger.warning(
            "DescribeDingTalk paging went wrong",
            metadata: [
                "requested_page": "\(requested)", "answered_page": "\(answered.map(String.init) ?? "absent")",
                "request_id": "\(ResponseText.sanitize(requestId ?? "-"))", "error": "\(message)",
            ])
        return APIError(code: APIError.Code.invalidResponse, message: message, requestId: requestId)
    }
}
