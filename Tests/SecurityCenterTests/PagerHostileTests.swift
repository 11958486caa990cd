import AlibabaCloudCore
import Logging
import SecurityCenter
import Testing

/// The pager against services that misbehave (DESIGN section 4): a
/// `CurrentPage` that is not the one asked for, pages that add nothing new,
/// a `PageSize` capped silently, a missing `TotalCount`.
@Suite struct PagerHostileTests {
    typealias Fake = PagerTests.FakeService

    static func page(_ ids: [Int64], total: Int?, current: Int? = nil) -> DescribeDingTalkPage {
        DescribeDingTalkPage(
            requestId: "req-\(current ?? 0)", currentPage: current, totalCount: total,
            notifications: ids.map { PagerTests.n($0) })
    }

    /// (page asked for when the answer goes wrong, the CurrentPage it says)
    @Test(arguments: [(1, 2), (2, 1), (2, 3), (3, 0), (3, -1), (2, Int.max)])
    func aPageAnsweringForAnotherPageEndsThePollAtOnce(asked: Int, answered: Int) async throws {
        let records = SimulatorLogRecords()
        let logger = Logger(label: "pager") { _ in SimulatorLogRecords.Handler(records: records) }
        let service = Fake([], fallback: { page in
            Self.page([Int64(page * 10), Int64(page * 10 + 1)], total: 100, current: page == asked ? answered : page)
        })
        let error = await #expect(throws: APIError.self) {
            try await DingTalkPager(pageSize: 2, logger: logger).listAll(fetch: service.fetch)
        }
        #expect(error?.code == "InvalidResponse")
        #expect(error?.requestId == "req-\(answered)")
        #expect(service.requested == Array(1...asked))
        let warning = records.lines.first { $0.hasPrefix("warning ") }
        #expect(warning?.contains("requested_page=\(asked)") == true)
        #expect(warning?.contains("answered_page=\(answered)") == true)
    }

    @Test func anAbsentCurrentPageIsTrusted() async throws {
        let service = Fake([Self.page([1, 2], total: 3), Self.page([3], total: 3)])
        let listing = try await DingTalkPager(pageSize: 2).listAll(fetch: service.fetch)
        #expect(listing.notifications.map(\.id) == [1, 2, 3])
    }

    /// Pages of ids (each page in turn), TotalCount: one or two stale pages
    /// in a row are shifting items, not a loop; the walk goes on.
    static let shifting: [([[Int64]], Int?, [Int64])] = [
        ([[1, 2], [1, 2], [3, 4], [5]], 5, [1, 2, 3, 4, 5]),
        ([[1, 2], [2, 1], [1, 2], [3, 4], [5]], 5, [1, 2, 3, 4, 5]),
        ([[1, 2], [1, 2], [3, 4], [3, 4], [4, 3], [5, 6], []], nil, [1, 2, 3, 4, 5, 6]),
        ([[1, 2], [2, 3], [3, 4]], 4, [1, 2, 3, 4]),
    ]

    @Test(arguments: shifting)
    func upToTwoStalePagesInARowAreFine(pages: [[Int64]], total: Int?, expected: [Int64]) async throws {
        let service = Fake(pages.enumerated().map { Self.page($1, total: total, current: $0 + 1) })
        let listing = try await DingTalkPager(pageSize: 2).listAll(fetch: service.fetch)
        #expect(listing.notifications.map(\.id) == expected)
        #expect(service.requested == Array(1...pages.count))
    }

    @Test(arguments: [Optional(50), nil])
    func threeStalePagesInARowEndThePoll(total: Int?) async throws {
        let pages: [[Int64]] = [[1, 2], [3, 4], [4, 3], [1, 2], [3, 1], [5, 6]]
        let service = Fake(pages.enumerated().map { Self.page($1, total: total, current: $0 + 1) })
        let error = await #expect(throws: APIError.self) {
            try await DingTalkPager(pageSize: 2).listAll(fetch: service.fetch)
        }
        #expect(error?.code == "InvalidResponse")
        #expect(error?.message.contains("pages 3-5") == true)
        #expect(service.requested == [1, 2, 3, 4, 5])
    }

    @Test func pagesOfItemsWithoutIdAreStaleToo() async throws {
        let stale = DescribeDingTalkPage(totalCount: nil, notifications: [], skippedItems: 2)
        let service = Fake([Self.page([1, 2], total: nil)], fallback: { _ in stale })
        let error = await #expect(throws: APIError.self) {
            try await DingTalkPager(pageSize: 2).listAll(fetch: service.fetch)
        }
        #expect(error?.code == "InvalidResponse")
        #expect(service.requested == [1, 2, 3, 4])
    }

    /// The service sends 3 items where 10 were asked for, and says nothing
    /// (PageSize echoes 10) or the truth (PageSize 3); with or without TotalCount.
    @Test(arguments: [(Optional(10), Optional(11)), (3, 11), (nil, 11), (10, nil), (nil, nil)])
    func aSilentlyCappedPageSizeIsFollowed(reportedSize: Int?, total: Int?) async throws {
        let all = Array(Int64(1)...11)
        let service = Fake([], fallback: { page in
            let start = min((page - 1) * 3, all.count)
            return DescribeDingTalkPage(
                currentPage: page, pageSize: reportedSize, totalCount: total,
                notifications: all[start..<min(start + 3, all.count)].map { PagerTests.n($0) })
        })
        let listing = try await DingTalkPager(pageSize: 10).listAll(fetch: service.fetch)
        #expect(listing.notifications.map(\.id) == all)
        #expect(listing.reportedTotal == total)
        // Four pages hold the 11; without TotalCount the empty fifth ends the walk.
        #expect(service.requested == (total == nil ? [1, 2, 3, 4, 5] : [1, 2, 3, 4]))
    }
}
