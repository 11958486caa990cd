import AlibabaCloudCore
import SecurityCenter
import NIOConcurrencyHelpers
import Testing

@Suite struct PagerTests {
    /// An in-memory `DescribeDingTalk`: answers page N with `pages[N-1]`
    /// (or the fallback) and remembers which pages were asked for.
    final class FakeService: Sendable {
        private let pages: [DescribeDingTalkPage]
        private let fallback: (@Sendable (Int) throws -> DescribeDingTalkPage)?
        private let asked = NIOLockedValueBox<[Int]>([])

        init(_ pages: [DescribeDingTalkPage], fallback: (@Sendable (Int) throws -> DescribeDingTalkPage)? = nil) {
            self.pages = pages
            self.fallback = fallback
        }

        var requested: [Int] { asked.withLockedValue { $0 } }

        func fetch(_ page: Int) async throws -> DescribeDingTalkPage {
            asked.withLockedValue { $0.append(page) }
            if page >= 1, page <= pages.count { return pages[page - 1] }
            if let fallback { return try fallback(page) }
            return DescribeDingTalkPage(totalCount: pages.last?.totalCount, notifications: [])
        }
    }

    static func n(_ id: Int64, _ name: String? = nil) -> DingTalkNotification {
        DingTalkNotification(id: id, name: name ?? "n\(id)")
    }

    static func page(_ ids: [Int64], total: Int?, pageSize: Int? = nil, skipped: Int = 0) -> DescribeDingTalkPage {
        DescribeDingTalkPage(pageSize: pageSize, totalCount: total, notifications: ids.map { n($0) }, skippedItems: skipped)
    }

    @Test func stopsOnceTotalCountIsHeld() async throws {
        let service = FakeService([Self.page([1, 2], total: 5), Self.page([3, 4], total: 5), Self.page([5], total: 5)])
        let listing = try await DingTalkPager(pageSize: 2).listAll(fetch: service.fetch)
        #expect(service.requested == [1, 2, 3])
        #expect(listing.notifications.map(\.id) == [1, 2, 3, 4, 5])
        #expect(listing.pages == 3)
        #expect(listing.reportedTotal == 5)
        #expect(listing.duplicates == 0 && listing.skippedItems == 0)
    }

    @Test func exactMultipleOfPageSizeNeedsNoExtraRequest() async throws {
        let service = FakeService([Self.page([1, 2], total: 4), Self.page([3, 4], total: 4)])
        let listing = try await DingTalkPager(pageSize: 2).listAll(fetch: service.fetch)
        #expect(service.requested == [1, 2])
        #expect(listing.notifications.count == 4)
    }

    @Test func emptyFirstPageIsAnEmptyListing() async throws {
        let service = FakeService([Self.page([], total: 0)])
        let listing = try await DingTalkPager().listAll(fetch: service.fetch)
        #expect(service.requested == [1])
        #expect(listing.notifications.isEmpty && listing.pages == 1 && listing.reportedTotal == 0)
    }

    @Test func stopsOnAnEmptyPageEvenIfTotalCountSaysMore() async throws {
        let service = FakeService([Self.page([1, 2], total: 100), Self.page([], total: 100), Self.page([3], total: 100)])
        let listing = try await DingTalkPager(pageSize: 2).listAll(fetch: service.fetch)
        #expect(service.requested == [1, 2])
        #expect(listing.notifications.map(\.id) == [1, 2])
        #expect(listing.reportedTotal == 100)
    }

    @Test func duplicatesAcrossPagesCountOnceFirstWins() async throws {
        let service = FakeService([
            DescribeDingTalkPage(totalCount: 5, notifications: [Self.n(1), Self.n(2, "first")]),
            DescribeDingTalkPage(totalCount: 5, notifications: [Self.n(2, "second"), Self.n(3), Self.n(3)]),
            DescribeDingTalkPage(totalCount: 5, notifications: [Self.n(4), Self.n(5)]),
        ])
        let listing = try await DingTalkPager(pageSize: 3).listAll(fetch: service.fetch)
        #expect(listing.notifications.map(\.id) == [1, 2, 3, 4, 5])
        #expect(listing.notifications[1].name == "first")
        #expect(listing.duplicates == 2)
        #expect(service.requested == [1, 2, 3])
    }

    @Test func aServiceRepeatingOnePageForeverFailsAfterThreeStalePages() async throws {
        // TotalCount larger than the truth, and the service repeats page 1 forever.
        let service = FakeService([], fallback: { _ in Self.page([1, 2], total: 1_000) })
        let error = await #expect(throws: APIError.self) {
            try await DingTalkPager(pageSize: 2, maxPages: 1000).listAll(fetch: service.fetch)
        }
        #expect(error?.code == "InvalidResponse")
        #expect(error?.message.contains("pages 2-4") == true)
        #expect(service.requested == [1, 2, 3, 4])
    }

    @Test func neverEndingFreshPagesHitThePageCap() async throws {
        let service = FakeService([], fallback: { page in Self.page([Int64(page * 2), Int64(page * 2 + 1)], total: nil, pageSize: 2) })
        let error = await #expect(throws: APIError.self) {
            try await DingTalkPager(pageSize: 2, maxPages: 5).listAll(fetch: service.fetch)
        }
        #expect(error?.code == "PaginationLimit")
        #expect(service.requested.count == 5)
    }

    @Test func exactlyMaxPagesIsAllowed() async throws {
        let service = FakeService([Self.page([1], total: 3), Self.page([2], total: 3), Self.page([3], total: 3)])
        let listing = try await DingTalkPager(pageSize: 1, maxPages: 3).listAll(fetch: service.fetch)
        #expect(listing.pages == 3)
        #expect(listing.notifications.count == 3)
    }

    @Test func totalCountSmallerThanTheTruthStopsEarlyKeepingThePage() async throws {
        let service = FakeService([Self.page([1, 2, 3], total: 2), Self.page([4], total: 2)])
        let listing = try await DingTalkPager(pageSize: 3).listAll(fetch: service.fetch)
        #expect(service.requested == [1])
        #expect(listing.notifications.map(\.id) == [1, 2, 3])
        #expect(listing.reportedTotal == 2)
    }

    @Test func withoutTotalCountAShortPageDoesNotEndTheWalk() async throws {
        // The service may cap PageSize silently: only an empty page ends the walk.
        let service = FakeService([Self.page([1, 2], total: nil), Self.page([3], total: nil), Self.page([4], total: nil)])
        let listing = try await DingTalkPager(pageSize: 2).listAll(fetch: service.fetch)
        #expect(service.requested == [1, 2, 3, 4])
        #expect(listing.notifications.map(\.id) == [1, 2, 3, 4])
        #expect(listing.reportedTotal == nil)
    }

    @Test func skippedItemsCountTowardsTotalAndAreReported() async throws {
        let service = FakeService([Self.page([1], total: 4, skipped: 1), Self.page([3], total: 4, skipped: 1)])
        let listing = try await DingTalkPager(pageSize: 2).listAll(fetch: service.fetch)
        #expect(service.requested == [1, 2])
        #expect(listing.notifications.map(\.id) == [1, 3])
        #expect(listing.skippedItems == 2)
    }

    @Test func aFailingPageFailsTheListing() async throws {
        let service = FakeService([Self.page([1, 2], total: 6)], fallback: { _ in
            throw APIError(code: "Throttling.User", message: "slow", httpStatus: 400)
        })
        let error = await #expect(throws: APIError.self) {
            try await DingTalkPager(pageSize: 2).listAll(fetch: service.fetch)
        }
        #expect(error?.code == "Throttling.User")
        #expect(service.requested == [1, 2])
    }

    @Test func reportedTotalIsTheLastOneSeen() async throws {
        let service = FakeService([Self.page([1, 2], total: 10), Self.page([3], total: 3)])
        let listing = try await DingTalkPager(pageSize: 2).listAll(fetch: service.fetch)
        #expect(listing.reportedTotal == 3)
        #expect(listing.notifications.count == 3)
    }

    @Test func nonsensicalSettingsAreClamped() {
        let pager = DingTalkPager(pageSize: 0, maxPages: -1)
        #expect(pager.pageSize == 1)
        #expect(pager.maxPages == 1)
    }
}
